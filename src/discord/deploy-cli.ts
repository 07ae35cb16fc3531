/** `npm run deploy-commands`: registers the slash commands now, whether or not they changed. */
import { loadCommands } from '../../commands/index.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/client.js';
import { connectWithoutGateway, createDiscordClient } from './client.js';
import { deployCommands } from './deploy.js';

const config = loadConfig();
if (!config.DISCORD_TOKEN) {
  console.error('DISCORD_TOKEN is not set: the sandbox registers commands by itself at every start.');
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN]);
const { db } = await openStore(config.DATABASE_URL);
// REST only: who the bot is, then the commands; no gateway session is needed for that.
const client = await connectWithoutGateway(createDiscordClient({ apiUrl: config.DISCORD_API_URL }), config.DISCORD_TOKEN);
await deployCommands(client, db, await loadCommands(), { guildId: config.DEV_GUILD_ID, force: true, log });
await client.destroy();
await db.$disconnect();
