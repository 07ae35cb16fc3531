import { DiscordEmulator } from '../../../src/sandbox/emulator.js';
import { openStore } from '../../../src/store/client.js';
import { buttonsOf } from '../../support/messages.js';
import { ensureBuilt, spawnBot } from '../../support/process.js';
import { flags, log, record, rssOf } from '../measure.js';

/**
 * 5. Resident memory of the bot after 10,000 interactions (practice questions and their answers)
 * across 1,000 servers of 50 members each, with discord.js caching what those servers bring. The
 * database is migrated beforehand, so this is the memory of a restarted bot, as in production: the
 * compiled build, as `npm start` runs it (`nodeArgs` to try node flags).
 */
export async function benchMemory(dir: string, token: string, nodeArgs: string[] = []) {
  const servers = flags.quick ? 100 : 1000;
  const membersEach = 50;
  const interactions = flags.quick ? 1000 : 10_000;
  const emu = await new DiscordEmulator().start();
  const guilds = emu.addGuilds(servers, membersEach);
  const url = `file:${dir}/memory-${nodeArgs.length}.db`;
  await (await openStore(url)).db.$disconnect();
  ensureBuilt();
  const bot = spawnBot({ DATABASE_URL: url, DISCORD_TOKEN: token, DISCORD_API_URL: emu.apiUrl, LOG_LEVEL: 'info' }, { compiled: true, nodeArgs });
  await bot.waitForOutput(/"msg":"bot ready"/, 120_000);
  const atReady = rssOf(bot.child.pid!);

  let next = 0;
  const worker = async () => {
    for (let k = next++; k < interactions / 2; k = next++) {
      const guild = guilds[k % servers]!;
      const member = guild.members[Math.floor(k / servers) % membersEach]!;
      const shown = emu.sendCommand({ user: member.id, channelId: guild.channels[0]!.id, name: 'quiz', options: [{ name: 'practice', type: 1, options: [] }] });
      const message = (await emu.waitForReply(shown, 30_000))!;
      await emu.waitForAck(emu.clickButton({ user: member.id, messageId: message.id, customId: buttonsOf(message)[0]!.custom_id }), 30_000);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  const after = rssOf(bot.child.pid!);
  const flagsNote = nodeArgs.length ? ` (${nodeArgs.join(' ')})` : '';
  record(`bot RSS after ${interactions} interactions, ${servers} servers x ${membersEach} members${flagsNote}`, after, 'MB', atReady, '< 200 MB', after < 200);
  bot.child.kill('SIGTERM');
  await bot.exited;
  await emu.stop();
  log('5. memory');
}
