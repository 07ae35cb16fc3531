import { DIFFICULTIES, type Locale } from '../bank/schema.js';
import { TOPICS } from '../bank/tags.js';
import type { PackProblem, PackProblemCode, PackProblemParams } from './types.js';

type Texts = { [C in PackProblemCode]: Record<Locale, (p: PackProblemParams[C]) => string> };
type Where = { line?: number; column?: number };

const at = (p: Where) => (p.line === undefined ? '' : ` (line ${p.line}, column ${p.column ?? '?'})`);
const zhAt = (p: Where) => (p.line === undefined ? '' : `（第 ${p.line} 行第 ${p.column ?? '?'} 列）`);
const ID_RULE = 'lower-case letters and digits, in words joined by "-"';
const ZH_ID_RULE = '只能由小写字母和数字组成，单词之间用 "-" 连接';

const WRONG_TYPE: Record<PackProblemParams['wrong-type']['expected'], Record<Locale, string>> = {
  mapping: { 'en-US': 'a mapping of "key: value" fields', 'zh-CN': '由 "键: 值" 组成的映射' },
  list: { 'en-US': 'a list (lines starting with "- ", or [a, b])', 'zh-CN': '列表（以 "- " 开头的多行，或 [a, b]）' },
  text: { 'en-US': 'text (put it in quotes if it looks like a number, true/false or a date)', 'zh-CN': '文本（如果看起来像数字、true/false 或日期，请加引号）' },
  integer: { 'en-US': 'a whole number, such as 0 for the first choice', 'zh-CN': '整数，例如 0 表示第一个选项' },
};

/**
 * Every problem code in both languages; the mapped type makes a missing code or language a
 * compile error. The texts never quote a literal at-everyone mention: they are posted to Discord.
 */
const MESSAGES: Texts = {
  'file-too-large': {
    'en-US': (p) => `is ${p.bytes} bytes; the limit is ${p.max} bytes (1 MiB). Split the questions into several packs.`,
    'zh-CN': (p) => `大小为 ${p.bytes} 字节，超过上限 ${p.max} 字节（1 MiB）。请把题目拆分成多个题包。`,
  },
  'binary-file': {
    'en-US': () => 'is not a text file (it contains NUL bytes, like an image or an archive). Upload the pack as a .yaml or .json text file.',
    'zh-CN': () => '不是文本文件（含有 NUL 字节，像是图片或压缩包）。请上传 .yaml 或 .json 文本文件。',
  },
  'invalid-utf8': {
    'en-US': () => 'is not valid UTF-8 text. Save it as UTF-8 (not UTF-16 or a legacy encoding such as GBK) and upload it again.',
    'zh-CN': () => '不是有效的 UTF-8 文本。请用 UTF-8 编码保存（不要用 UTF-16 或 GBK 等编码）后重新上传。',
  },
  'empty-file': {
    'en-US': () => 'is empty. Start from the pack template and write at least one question.',
    'zh-CN': () => '是空的。请从题包模板开始，至少写一道题。',
  },
  'invalid-json': {
    'en-US': (p) => `is not valid JSON${at(p)}. Check the commas, double quotes and brackets there; JSON allows no comments or trailing commas.`,
    'zh-CN': (p) => `不是有效的 JSON${zhAt(p)}。请检查该处的逗号、双引号和括号；JSON 不允许注释和末尾多余的逗号。`,
  },
  'invalid-yaml': {
    'en-US': (p) => `is not valid YAML${at(p)}. Check the indentation there, and quote any text that contains ": " or starts with a special character.`,
    'zh-CN': (p) => `不是有效的 YAML${zhAt(p)}。请检查该处的缩进；含有 ": " 或以特殊字符开头的文本请加引号。`,
  },
  'duplicate-key': {
    'en-US': (p) => `repeats the key${p.key === undefined ? '' : ` "${p.key}"`}${at(p)}. Each key may appear only once in a mapping.`,
    'zh-CN': (p) => `重复了键${p.key === undefined ? '' : ` "${p.key}"`}${zhAt(p)}。同一个映射中每个键只能出现一次。`,
  },
  'yaml-alias': {
    'en-US': (p) => `uses a YAML anchor or alias (& or *)${at(p)}. Packs cannot use them: write the value out in full.`,
    'zh-CN': (p) => `使用了 YAML 锚点或别名（& 或 *）${zhAt(p)}。题包不支持它们，请把内容完整写出。`,
  },
  'yaml-tag': {
    'en-US': (p) => `uses a YAML tag (starting with !)${at(p)}. Packs cannot use tags: remove it, and quote the value if it is text.`,
    'zh-CN': (p) => `使用了 YAML 标签（以 ! 开头）${zhAt(p)}。题包不支持标签，请删除它；如果值是文本，请加引号。`,
  },
  'nesting-too-deep': {
    'en-US': (p) => `nests lists and mappings more than ${p.max} levels deep; a pack needs 5. Check the indentation and brackets.`,
    'zh-CN': (p) => `列表和映射嵌套超过 ${p.max} 层，而题包只需要 5 层。请检查缩进和括号。`,
  },
  'too-complex': {
    'en-US': (p) => `has more than ${p.max} YAML tokens, far more than a pack of 500 questions needs. Check that this is a question pack, or split it.`,
    'zh-CN': (p) => `包含超过 ${p.max} 个 YAML 记号，远超 500 道题所需。请确认这是题包文件，或把它拆分。`,
  },
  'too-many-questions': {
    'en-US': (p) => `has ${p.count} questions; a pack holds at most ${p.max}. Split them into several packs.`,
    'zh-CN': (p) => `有 ${p.count} 道题，一个题包最多 ${p.max} 道。请拆分成多个题包。`,
  },
  'wrong-type': {
    'en-US': (p) => `must be ${WRONG_TYPE[p.expected]['en-US']}.`,
    'zh-CN': (p) => `必须是${WRONG_TYPE[p.expected]['zh-CN']}。`,
  },
  missing: {
    'en-US': () => 'is required but missing; add it.',
    'zh-CN': () => '是必填项，但缺失了，请补上。',
  },
  'unknown-key': {
    'en-US': (p) => `is not a known field (check the spelling); allowed here: ${p.allowed}.`,
    'zh-CN': (p) => `不是可识别的字段（请检查拼写）；这里只能用：${p.allowed}。`,
  },
  'wrong-count': {
    'en-US': (p) => `has ${p.count} items; it needs ${p.min} to ${p.max}.`,
    'zh-CN': (p) => `有 ${p.count} 项，需要 ${p.min} 到 ${p.max} 项。`,
  },
  'bad-pack-name': {
    'en-US': (p) => `must be ${ID_RULE}, at most ${p.max} characters (for example week-12-networking).`,
    'zh-CN': (p) => `${ZH_ID_RULE}，最多 ${p.max} 个字符（例如 week-12-networking）。`,
  },
  'unknown-topic': {
    'en-US': () => `must be one of: ${TOPICS.join(', ')}.`,
    'zh-CN': () => `必须是以下之一：${TOPICS.join('、')}。`,
  },
  'bad-id': {
    'en-US': (p) => `must be ${ID_RULE}, at most ${p.max} characters (for example svc-dns).`,
    'zh-CN': (p) => `${ZH_ID_RULE}，最多 ${p.max} 个字符（例如 svc-dns）。`,
  },
  'duplicate-id': {
    'en-US': (p) => `is the same id as question #${p.first}; give every question its own id.`,
    'zh-CN': (p) => `与第 ${p.first} 题的 id 相同；每道题的 id 必须不同。`,
  },
  'bad-difficulty': {
    'en-US': () => `must be one of: ${DIFFICULTIES.join(', ')}.`,
    'zh-CN': () => `必须是 ${DIFFICULTIES.join('、')} 之一。`,
  },
  'unknown-tag': {
    'en-US': (p) => `is not a known tag; use one of: ${p.allowed}.`,
    'zh-CN': (p) => `不是已知的标签；请从以下标签中选择：${p.allowed}。`,
  },
  'tag-topic-mismatch': {
    'en-US': (p) => `"${p.tag}" is a ${p.tagTopic} tag, but this pack's topic is ${p.topic}; use a ${p.topic} tag or remove it.`,
    'zh-CN': (p) => `"${p.tag}" 属于 ${p.tagTopic} 主题，而本题包的主题是 ${p.topic}；请换成 ${p.topic} 的标签或删除它。`,
  },
  'duplicate-tag': {
    'en-US': (p) => `lists "${p.tag}" a second time; keep it once.`,
    'zh-CN': (p) => `再次列出了 "${p.tag}"；每个标签只写一次。`,
  },
  'missing-locale': {
    'en-US': () => 'has no text: write it in en-US, zh-CN or both.',
    'zh-CN': () => '没有内容：请用 en-US、zh-CN 或两者都写。',
  },
  'locale-mismatch': {
    'en-US': (p) => `must use the same languages as the rest of the question (${p.expected}); add or remove a language so that all its texts match.`,
    'zh-CN': (p) => `必须与本题其他文本使用相同的语言（${p.expected}）；请增加或删除语言，使本题所有文本一致。`,
  },
  'empty-text': {
    'en-US': () => 'is empty; write the text.',
    'zh-CN': () => '是空的，请填写内容。',
  },
  'too-long': {
    'en-US': (p) => `is ${p.length} characters long; the limit is ${p.max}. Shorten it.`,
    'zh-CN': (p) => `长度为 ${p.length} 个字符，上限是 ${p.max}。请缩短。`,
  },
  'control-char': {
    'en-US': (p) => `contains an invisible or control character (${p.char}); delete it, or retype the text if you cannot see it.`,
    'zh-CN': (p) => `含有不可见字符或控制字符（${p.char}）；请删除它，看不到的话请重新输入这段文本。`,
  },
  mention: {
    'en-US': () => 'contains a Discord mention (an everyone/here ping, or a user, role, channel or command mention such as <#…>); write names in plain words.',
    'zh-CN': () => '含有 Discord 提及（everyone/here 全员提醒，或用户、身份组、频道、命令提及，例如 <#…>）；请直接用文字写出名称。',
  },
  'markdown-heading': {
    'en-US': () => 'starts a line with a Markdown heading (#, ##, ### or -#), which would take over the message; remove the # or put the line in a code block.',
    'zh-CN': () => '有一行以 Markdown 标题（#、##、### 或 -#）开头，会破坏消息排版；请删除 #，或把这一行放进代码块。',
  },
  'code-fence-unbalanced': {
    'en-US': () => 'opens a code block with ``` but never closes it; add the closing ```.',
    'zh-CN': () => '用 ``` 开始了代码块却没有结束；请补上结尾的 ```。',
  },
  'masked-link': {
    'en-US': () => 'contains a Markdown link [text](url), which hides where it points; write the address in full or put it under links.',
    'zh-CN': () => '含有 Markdown 链接 [文字](网址)，会隐藏真实地址；请直接写出完整网址，或放到 links 中。',
  },
  'choice-multiline': {
    'en-US': () => 'spans several lines; a choice must fit on one line.',
    'zh-CN': () => '占了多行；选项必须写在一行内。',
  },
  'choice-duplicate': {
    'en-US': () => 'duplicates another choice (ignoring case and spacing); make every choice different.',
    'zh-CN': () => '与另一个选项重复（不区分大小写和空格）；请让每个选项都不同。',
  },
  'choice-all-none': {
    'en-US': () => 'is an "all/none of the above" choice, which stops making sense when choices are reordered; state the answer itself.',
    'zh-CN': () => '是“以上都对/都不对”式选项，选项顺序变化后就失去意义；请直接写出答案本身。',
  },
  'answer-out-of-range': {
    'en-US': (p) => `must be the number of the correct choice counting from 0: 0 to ${p.max}.`,
    'zh-CN': (p) => `必须是正确选项的序号（从 0 开始）：0 到 ${p.max}。`,
  },
  'link-invalid': {
    'en-US': () => 'is not a valid web address; write a full https:// URL without spaces or < >.',
    'zh-CN': () => '不是有效的网址；请写完整的 https:// 地址，不要包含空格或 < >。',
  },
  'link-not-https': {
    'en-US': () => 'must start with https://.',
    'zh-CN': () => '必须以 https:// 开头。',
  },
  'link-credentials': {
    'en-US': () => 'contains a user name or password (user:password@); remove them from the link.',
    'zh-CN': () => '包含用户名或密码（user:password@）；请从链接中删除。',
  },
};

const message = <C extends PackProblemCode>(code: C, params: PackProblem['params'], locale: Locale) =>
  MESSAGES[code][locale]((params ?? {}) as PackProblemParams[C]);

/** One line for an organiser: `#3 > choices.1.en-US: …` / `第 3 题 > choices.1.en-US：…`. */
export function formatPackProblem(p: PackProblem, locale: Locale): string {
  const position = p.question?.match(/^#(\d+)$/)?.[1];
  const question = locale === 'zh-CN' && position !== undefined ? `第 ${position} 题` : p.question;
  const where = [question, p.field].filter((s) => s !== undefined).join(' > ') || (locale === 'zh-CN' ? '文件' : 'file');
  return `${where}${locale === 'zh-CN' ? '：' : ': '}${message(p.code, p.params, locale)}`;
}
