/** /privacy: a member's own data, exported or deleted. */
export const privacyEnUS = {
  'command.privacy.description': 'Your data in this bot: get a copy, or delete it',
  'command.privacy.export.description': 'Get a JSON file of everything the bot stores about you, in every server',
  'command.privacy.delete.description': 'Delete everything the bot stores about you, in every server (asks first)',
  'privacy.exported': (p: { answers: number }) =>
    `Here is everything the bot stores about you: ${p.answers} answer(s), your review cards, scores, streaks, practice showings, round results and the question reports you filed, in every server. Only you can see this message.`,
  'privacy.deleteConfirm':
    'Delete everything the bot stores about you, in every server: your answers, review cards, scores, streaks, practice showings, round results, question reports and names? The leaderboards are recounted without you. This cannot be undone.',
  'privacy.deleteButton': 'Delete my data',
  'privacy.keepButton': 'Keep it',
  'privacy.deleted': (p: { answers: number }) => `Done: your data is deleted (${p.answers} answer(s) and everything counted from them). The leaderboards no longer show you.`,
  'privacy.kept': 'Nothing was deleted.',
} as const;
