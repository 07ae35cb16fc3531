import pino, { type Logger } from 'pino';

/** Interaction and webhook tokens sit in REST URLs that discord.js puts in its errors. */
const TOKEN_IN_URL = /\/(interactions\/\d+|webhooks\/\d+)\/[\w.-]+/g;

export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_IN_URL, '/$1/[token]');
  for (const secret of secrets) if (secret) out = out.split(secret).join('[secret]');
  return out;
}

/** pino JSON logs. The bot token and interaction tokens never reach a log line. */
export function createLogger(level: string, secrets: readonly string[] = [], destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization'], censor: '[secret]' },
      serializers: {
        err: (err: Error) => {
          const s = pino.stdSerializers.err(err);
          return JSON.parse(scrubSecrets(JSON.stringify(s), secrets));
        },
      },
      hooks: {
        // Messages are scrubbed too: a library may print a URL with a token in it.
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a, secrets) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
