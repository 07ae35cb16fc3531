/** What the admins are told when Discord refuses a post (src/scheduler/admin-alerts.ts), en-US; spread into the en-US catalog. */
export const problemsEnUS = {
  'problem.permission.ViewChannel': 'View Channel',
  'problem.permission.SendMessages': 'Send Messages',
  'problem.permission.EmbedLinks': 'Embed Links',
  'problem.permission.AttachFiles': 'Attach Files',
  'problem.permission.CreatePublicThreads': 'Create Public Threads',
  'problem.action.daily': 'post the daily challenge',
  'problem.action.dailyThread': "open the daily challenge's discussion thread",
  'problem.action.round': "post a live round's questions",
  'problem.action.standings': "post a live round's standings",
  'problem.action.recap': 'post the weekly recap',
  'problem.list': (p: { names: string[] }) => new Intl.ListFormat('en', { type: 'conjunction' }).format(p.names),
  'problem.needs': (p: { permissions: string; channel: string; action: string }) =>
    `I need ${p.permissions} in ${p.channel} to ${p.action}. Someone who manages the server can allow it for me in that channel's settings (Permissions); I will not keep retrying meanwhile.`,
  'problem.gone': (p: { channel: string; action: string }) => `I could not ${p.action}: the channel ${p.channel} no longer exists. Someone with Manage Server can run /daily setup to pick another channel.`,
};
