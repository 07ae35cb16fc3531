import { Client, ClientApplication, ClientUser, GatewayIntentBits, Options, Routes, type APIApplication, type APIUser, type ClientOptions, type RESTOptions } from 'discord.js';

export interface ClientSetup {
  apiUrl?: string;
  /** the gateway shards this process runs, of how many */
  shards?: { ids: number[]; count: number };
  /** HTTP interactions mode: the endpoint catches each interaction's first answer here */
  makeRequest?: RESTOptions['makeRequest'];
}

/**
 * The discord.js client with the fewest intents (Guilds: slash commands and buttons need no more)
 * and caches cut to what the bot reads: guilds and channels (interaction.channel comes from them).
 */
export function createDiscordClient(setup: ClientSetup = {}): Client {
  const rest: Partial<RESTOptions> = { ...(setup.apiUrl ? { api: setup.apiUrl } : {}), ...(setup.makeRequest ? { makeRequest: setup.makeRequest } : {}) };
  const shards: Partial<ClientOptions> = setup.shards ? { shards: setup.shards.ids, shardCount: setup.shards.count } : {};
  return new Client({
    ...shards,
    intents: [GatewayIntentBits.Guilds],
    rest,
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMessageManager: 0,
      ReactionManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      StageInstanceManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      ThreadMemberManager: 0,
    }),
  });
}

/**
 * HTTP interactions mode has no gateway, so no READY to fill in who the bot is: ask REST, as
 * READY would have said, and set the client up as READY does. Interactions then come from
 * `deliverInteraction`.
 */
export async function connectWithoutGateway(client: Client, token: string): Promise<Client<true>> {
  client.rest.setToken(token);
  client.token = token;
  const [user, application] = (await Promise.all([client.rest.get(Routes.user()), client.rest.get(Routes.currentApplication())])) as [APIUser, APIApplication];
  type Ctor<T, D> = new (client: Client, data: D) => T;
  client.user = new (ClientUser as unknown as Ctor<ClientUser, APIUser>)(client, user);
  client.application = new (ClientApplication as unknown as Ctor<ClientApplication, APIApplication>)(client, application);
  return client as Client<true>;
}

/** An interaction received over HTTP, into the client as if it had come through the gateway. */
export function deliverInteraction(client: Client, payload: Record<string, unknown>): void {
  (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle(payload);
}
