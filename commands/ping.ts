import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { described } from '../src/discord/command-data.js';
import { t } from '../src/i18n/index.js';
import type { Command } from './index.js';

const data = {
  name: 'ping',
  ...described('command.ping.description'),
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The cheapest real command: the benchmark's baseline for interaction latency. */
export default {
  data,
  ephemeral: true,
  async execute(i, ctx) {
    // HTTP interactions mode has no gateway connection, so no heartbeat to time.
    const overGateway = i.client.ws.shards.size > 0;
    await ctx.respond.reply({ content: overGateway ? t(ctx.locale, 'ping.reply', { ms: Math.max(0, Math.round(i.client.ws.ping)) }) : t(ctx.locale, 'ping.replyHttp') });
  },
} satisfies Command;
