/** The source catalog: every user-facing string of the bot. zh-CN must have the same keys. */
export const enUS = {
  'topic.go': 'Go',
  'topic.containers': 'Containers',
  'topic.kubernetes': 'Kubernetes',
  'topic.istio': 'Istio',
  'topic.cloud-native': 'Cloud native',
  'topic.any': 'Any topic',
  'difficulty.easy': 'Easy',
  'difficulty.medium': 'Medium',
  'difficulty.hard': 'Hard',
  'difficulty.any': 'Any difficulty',

  'command.ping.description': 'Check that the bot is alive and how fast it answers',
  'command.quiz.description': 'Practise cloud-native questions',
  'command.quiz.practice.description': 'Practise on your own: one question at a time, only you see it',
  'option.topic.description': 'Which topic to ask about',
  'option.difficulty.description': 'How hard the questions should be',

  'ping.reply': (p: { ms: number }) => `Pong! Gateway latency: ${p.ms} ms.`,

  'practice.title': (p: { topic: string; difficulty: string }) => `Practice · ${p.topic} · ${p.difficulty}`,
  'practice.footer': 'Pick one answer. Only you can see this question.',
  'practice.correct': '✅ Correct!',
  'practice.wrong': '❌ Not quite.',
  'practice.yourAnswer': (p: { choice: string }) => `Your answer: ${p.choice}`,
  'practice.rightAnswer': (p: { choice: string }) => `Correct answer: ${p.choice}`,
  'practice.explanation': 'Why',
  'practice.docs': 'Read more',
  'practice.next': 'Next question',
  'practice.poolEmpty': 'There are no questions for this topic and difficulty yet. Try "any" for one of them.',

  'error.alreadyAnswered': 'You have already answered this question. Press "Next question" for a new one.',
  'error.notYourQuestion': 'This question was shown to someone else. Run /quiz practice to get your own.',
  'error.unknownButton': 'This button no longer works. Run the command again.',
  'error.unknownCommand': 'This command is not available any more.',
  'error.guildOnly': 'This command works in a server channel only.',
  'error.internal': (p: { incident: string }) => `Something went wrong on our side. Please try again. (incident ${p.incident})`,
} as const;
