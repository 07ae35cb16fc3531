import type { Locale } from '../bank/schema.js';
import { TAG_NAMES, TAGS, TOPICS } from '../bank/tags.js';
import { PACK_LIMITS as L } from './types.js';

type Comments = Record<
  'intro' | 'format' | 'pack' | 'topic' | 'tagList' | 'questions' | 'id' | 'difficulty' | 'tags' | 'prompt' | 'languages' | 'choices' | 'answer' | 'explanation' | 'links' | 'second',
  string
>;

const tagLines = TOPICS.map((topic) => `#   ${topic}: ${TAG_NAMES.filter((t) => TAGS[t].topic === topic).join(', ')}`).join('\n');

const COMMENTS: Record<Locale, Comments> = {
  'en-US': {
    intro: 'A custom question pack. Edit it, then upload it with /pack import.',
    format: `YAML (or the same shapes in JSON), UTF-8, at most 1 MiB. No anchors, aliases (& *) or tags (!).`,
    pack: `The pack's name: lower-case letters and digits in words joined by "-", at most ${L.name} characters.`,
    topic: `One of: ${TOPICS.join(', ')}.`,
    tagList: 'The tags each topic offers:',
    questions: `${L.questions} questions at most.`,
    id: `Unique within the pack; same rule as the pack name, at most ${L.id} characters.`,
    difficulty: 'easy, medium or hard.',
    tags: `Optional, up to ${L.tags.max}, and only tags of the pack's topic (listed above).`,
    prompt: `The question, at most ${L.prompt} characters per language.`,
    languages: 'Write en-US, zh-CN or both, and use the same languages in every text of a question.',
    choices: `${L.choices.min} to ${L.choices.max} different choices, one line each, at most ${L.choice} characters; no "all/none of the above".`,
    answer: 'The correct choice, counting from 0.',
    explanation: `Shown after the answer, at most ${L.explanation} characters per language.`,
    links: `${L.links.min} to ${L.links.max} https:// links where members can read more (any site; no user:password@).`,
    second: 'A question may use a single language.',
  },
  'zh-CN': {
    intro: '自定义题包。编辑后用 /pack import 上传。',
    format: 'YAML（或结构相同的 JSON），UTF-8 编码，最大 1 MiB。不能使用锚点、别名（& *）或标签（!）。',
    pack: `题包名称：小写字母和数字组成的单词，用 "-" 连接，最多 ${L.name} 个字符。`,
    topic: `以下之一：${TOPICS.join('、')}。`,
    tagList: '各主题可用的标签：',
    questions: `最多 ${L.questions} 道题。`,
    id: `在题包内唯一；规则与题包名称相同，最多 ${L.id} 个字符。`,
    difficulty: 'easy（简单）、medium（中等）或 hard（困难）。',
    tags: `可选，最多 ${L.tags.max} 个，只能用题包主题的标签（见上方列表）。`,
    prompt: `题干，每种语言最多 ${L.prompt} 个字符。`,
    languages: '可以写 en-US、zh-CN 或两者都写；同一道题的所有文本必须使用相同的语言。',
    choices: `${L.choices.min} 到 ${L.choices.max} 个互不相同的选项，每个一行，最多 ${L.choice} 个字符；不要写“以上都对/都不对”。`,
    answer: '正确选项的序号，从 0 开始数。',
    explanation: `答题后显示的解析，每种语言最多 ${L.explanation} 个字符。`,
    links: `${L.links.min} 到 ${L.links.max} 个 https:// 链接，供成员延伸阅读（任何网站均可；不要包含 user:password@）。`,
    second: '一道题也可以只用一种语言。',
  },
};

/** The second example is written in the template's own language only, to show that this is allowed. */
const SECOND: Record<Locale, { prompt: string; choices: string[]; explanation: string }> = {
  'en-US': {
    prompt: "A container's liveness probe keeps failing. What does the kubelet do?",
    choices: [
      "It removes the Pod from the Services' endpoints and leaves the container running",
      "It kills the container, and the Pod's restartPolicy decides whether it restarts",
      'It deletes the Pod so that its controller creates a new one on another node',
    ],
    explanation:
      "When a liveness probe fails, the kubelet kills the container and the container is subject to the Pod's restart policy. Taking the Pod out of Service endpoints is what a failing readiness probe does.",
  },
  'zh-CN': {
    prompt: '某个容器的存活探针（liveness probe）持续失败，kubelet 会怎么做？',
    choices: ['把 Pod 从 Service 的端点中移除，容器继续运行', '杀掉该容器，是否重启由 Pod 的 restartPolicy 决定', '删除该 Pod，由其控制器在另一个节点上创建新的 Pod'],
    explanation: '存活探针失败时，kubelet 会杀掉容器，之后按 Pod 的重启策略处理。把 Pod 从 Service 端点中移除是就绪探针失败时的行为。',
  },
};

const q = (s: string) => JSON.stringify(s); // a JSON string is a valid double-quoted YAML scalar

/** A commented example pack in `locale` that imports as it is: two questions about Kubernetes. */
export function packTemplate(locale: Locale): string {
  const c = COMMENTS[locale];
  const second = SECOND[locale];
  return `# ${c.intro}
# ${c.format}

pack: example-pack # ${c.pack}
topic: kubernetes # ${c.topic}
# ${c.tagList}
${tagLines}
questions: # ${c.questions}
  - id: service-default-type # ${c.id}
    difficulty: easy # ${c.difficulty}
    tags: [service] # ${c.tags}
    # ${c.languages}
    prompt: # ${c.prompt}
      en-US: "If a Service manifest does not set spec.type, which type does the Service get?"
      zh-CN: "如果 Service 清单没有设置 spec.type，这个 Service 是什么类型？"
    choices: # ${c.choices}
      - { en-US: "ClusterIP", zh-CN: "ClusterIP" }
      - { en-US: "NodePort", zh-CN: "NodePort" }
      - { en-US: "LoadBalancer", zh-CN: "LoadBalancer" }
      - { en-US: "ExternalName", zh-CN: "ExternalName" }
    answer: 0 # ${c.answer}
    explanation: # ${c.explanation}
      en-US: "ClusterIP is the default type: the Service gets an IP address that is reachable only from inside the cluster. NodePort, LoadBalancer and ExternalName have to be asked for."
      zh-CN: "ClusterIP 是默认类型：Service 会得到一个只能在集群内部访问的 IP 地址。NodePort、LoadBalancer 和 ExternalName 都需要显式指定。"
    links: # ${c.links}
      - https://kubernetes.io/docs/concepts/services-networking/service/#type-clusterip

  # ${c.second}
  - id: liveness-probe-failure
    difficulty: medium
    tags: [probes]
    prompt: { ${locale}: ${q(second.prompt)} }
    choices:
${second.choices.map((choice) => `      - { ${locale}: ${q(choice)} }`).join('\n')}
    answer: 1
    explanation: { ${locale}: ${q(second.explanation)} }
    links:
      - https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
`;
}
