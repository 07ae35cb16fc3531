/** Wiring only: config -> logger -> (sandbox) -> store -> bank -> bot. */
import { startApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { keepServingOnUnhandledRejections } from './process-guards.js';
import { DiscordEmulator } from './sandbox/emulator.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

const log = createLogger(config.LOG_LEVEL, [config.DISCORD_TOKEN ?? '']);
keepServingOnUnhandledRejections(log);
let sandbox: DiscordEmulator | undefined;
if (!config.DISCORD_TOKEN) {
  sandbox = await new DiscordEmulator().start(config.SANDBOX_PORT).catch((err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `SANDBOX_PORT ${config.SANDBOX_PORT} is in use: set SANDBOX_PORT to a free port.` : err.message);
    process.exit(1);
  });
}

try {
  // HTTP mode in the sandbox: the emulator signs what it POSTs with its own key.
  const signer = sandbox && config.INTERACTIONS_MODE === 'http' ? sandbox.deliverOverHttp('') : undefined;
  const app = await startApp({ config, log, token: config.DISCORD_TOKEN ?? 'sandbox.local.token', apiUrl: sandbox?.apiUrl, clock: sandbox?.clock, publicKey: signer?.publicKeyHex });
  if (signer) signer.url = `http://127.0.0.1:${app.endpoint!.port}/interactions`;
  if (sandbox) {
    // Answered 400 as Discord would; logged so that whoever changed a renderer sees why.
    sandbox.on('violation', (violation: unknown) => log.error({ violation }, 'the bot sent a request Discord would refuse'));
    // The page's clock control: post what became due at once rather than at the next minute.
    sandbox.on('clock', () => void app.context.daily.tick().catch((err) => log.error({ err }, 'daily sweep failed')));
    console.log(
      `\n  Sandbox ready: open http://127.0.0.1:${sandbox.port} in a browser.\n` +
        `  Pick a member, type /quiz practice and click the answer buttons.\n` +
        `  To run on a real Discord server instead, set DISCORD_TOKEN (see README.md).\n`,
    );
  }
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.stop();
    await sandbox?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  // A failed migration lands here with Prisma's own message; nothing has been dropped.
  log.fatal({ err }, 'start-up failed');
  await sandbox?.stop();
  process.exit(1);
}
