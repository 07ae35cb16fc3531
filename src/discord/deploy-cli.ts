/** `npm run deploy-commands`: registers the slash commands now, whether or not they changed. */
import { Events, type Client } from 'discord.js';
import { loadCommands } from '../../commands/index.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/client.js';
import { createDiscordClient } from './client.js';
import { deployCommands } from './deploy.js';

const config = loadConfig();
if (!config.DISCORD_TOKEN) {
  console.error('DISCORD_TOKEN is not set: the sandbox registers commands by itself at every start.');
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN]);
const { db } = await openStore(config.DATABASE_URL);
const client = createDiscordClient(config.DISCORD_API_URL);
const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
await client.login(config.DISCORD_TOKEN);
await deployCommands(await ready, db, await loadCommands(), { guildId: config.DEV_GUILD_ID, force: true, log });
await client.destroy();
await db.$disconnect();
