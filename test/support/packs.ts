/** A valid pack question (kubernetes, easy, one language), changed by `over`. */
export const packQuestion = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  difficulty: 'easy',
  tags: ['service'],
  prompt: { 'en-US': `Which Service type is the default (${id})?` },
  choices: [{ 'en-US': 'ClusterIP' }, { 'en-US': 'NodePort' }, { 'en-US': 'LoadBalancer' }],
  answer: 0,
  explanation: { 'en-US': 'ClusterIP is the default Service type.' },
  links: ['https://kubernetes.io/docs/concepts/services-networking/service/'],
  ...over,
});
