/**
 * The built-in supportive responder: it answers when no provider is configured or the provider
 * fails. It listens reflectively (gives back the person's own words and the feeling it hears),
 * offers one grounding exercise, and asks one open question. Which phrasing, exercise and question
 * it picks depends on the conversation and the turn, so two replies in a row are not the same.
 */

interface Feeling {
  /** Stems as people write them: 슬퍼, 슬프다, 슬픈 all start with 슬프/슬퍼/슬픈. */
  stems: RegExp;
  /** How the responder names the feeling back: "…마음이 {name}" */
  name: string;
}

const FEELINGS: Feeling[] = [
  { stems: /슬프|슬퍼|슬픈|눈물|울었|울고|우울/, name: '슬프고 가라앉아 있는' },
  { stems: /불안|초조|긴장|떨려|걱정|두려|무서|겁나/, name: '불안하고 걱정스러운' },
  { stems: /화나|화가|짜증|열받|분노|억울|빡치/, name: '화가 나고 억울한' },
  { stems: /외로|혼자|쓸쓸|고립/, name: '외롭고 쓸쓸한' },
  { stems: /지치|지쳤|피곤|번아웃|무기력|기운이없|힘이없/, name: '지치고 기운이 빠진' },
  { stems: /힘들|힘드|버겁|벅차|괴로/, name: '많이 힘든' },
  { stems: /답답|막막|막힌|갑갑/, name: '답답하고 막막한' },
  { stems: /스트레스|압박|부담/, name: '부담과 압박을 느끼는' },
  { stems: /서운|속상|상처|실망/, name: '서운하고 속상한' },
  { stems: /잠이안|잠을못|못자|불면/, name: '잠 못 들 만큼 마음이 쓰이는' },
  { stems: /후회|자책|내탓|미안/, name: '스스로를 탓하게 되는' },
  { stems: /기쁘|기뻐|행복|설레|좋았|뿌듯/, name: '기쁘고 설레는' },
];

const REFLECTIONS = [
  (words: string, feeling: string) => `"${words}"라고 하셨네요. 지금 ${feeling} 마음이 느껴져요.`,
  (words: string, feeling: string) => `말씀을 들으니 ${feeling} 마음이 크신 것 같아요. "${words}"라는 말이 마음에 남아요.`,
  (words: string, feeling: string) => `"${words}" — 그런 상황이라면 ${feeling} 마음이 드는 게 자연스러워요.`,
  (words: string, feeling: string) => `${feeling} 마음으로 지내고 계셨군요. "${words}"라고 표현해 주셔서 고마워요.`,
];

const REFLECTIONS_WITHOUT_FEELING = [
  (words: string) => `"${words}"라고 하셨네요. 그 이야기를 조금 더 듣고 싶어요.`,
  (words: string) => `"${words}" — 말씀해 주셔서 고마워요. 그 일이 지금 마음에 어떻게 남아 있는지 궁금해요.`,
  (words: string) => `"${words}"라는 말씀을 천천히 따라가 볼게요.`,
];

const VALIDATIONS = [
  '그렇게 느끼는 건 잘못이 아니에요.',
  '그 마음을 억지로 밀어내지 않아도 괜찮아요.',
  '여기까지 버텨 오신 것만으로도 애쓰셨어요.',
  '어떤 마음이든 여기에서는 있는 그대로 꺼내 놓으셔도 돼요.',
];

const GROUNDING = [
  '잠깐 5-4-3-2-1을 해 볼까요? 눈에 보이는 것 5가지, 들리는 소리 4가지, 몸에 닿는 감촉 3가지, 냄새 2가지, 맛 1가지를 차례로 떠올려 보세요.',
  '숨을 함께 골라 봐요. 4초 동안 코로 들이쉬고, 7초 멈추고, 8초 동안 입으로 천천히 내쉬기를 세 번만 해 보세요.',
  '상자 호흡을 해 볼까요? 4초 들이쉬고, 4초 멈추고, 4초 내쉬고, 4초 멈추기를 몇 번 반복해 보세요.',
  '발바닥이 바닥에 닿는 느낌에 잠시 집중해 보세요. 무게가 어디에 실리는지, 바닥이 차가운지 따뜻한지 느껴 보세요.',
  '물 한 잔을 천천히 마시면서 온도와 삼키는 느낌에 주의를 기울여 보세요. 작은 감각이 마음을 지금 여기로 데려와 줘요.',
  '어깨를 귀 쪽으로 끌어올렸다가 숨을 내쉬며 툭 떨어뜨려 보세요. 두세 번 하면 몸의 긴장이 조금 풀려요.',
];

const QUESTIONS = [
  '지금 이 순간 마음이 가장 많이 머무는 곳은 어디인가요?',
  '그 일이 있었을 때 몸에서는 어떤 느낌이 들었나요?',
  '요즘 조금이라도 숨 돌릴 수 있었던 순간이 있었나요?',
  '이 이야기를 나눌 수 있는 사람이 곁에 있나요?',
  '지금 나에게 가장 필요한 게 있다면 무엇일까요?',
  '그 마음이 하고 싶은 말이 있다면 뭐라고 할 것 같아요?',
];

const NOTE = '(지금은 마음쉼표의 기본 응답으로 답하고 있어요. 어려움이 계속되면 전문 상담사와 이야기해 보시길 권해요.)';

export interface ResponderInput {
  /** What the person just wrote. */
  text: string;
  conversationId: number;
  /** How many messages the conversation had before this one: varies the picks turn by turn. */
  turn: number;
}

export function supportiveReply({ text, conversationId, turn }: ResponderInput): string {
  const pick = <T>(list: readonly T[], salt: number): T => list[(conversationId * 7 + turn * 3 + salt + hash(text)) % list.length]!;
  const words = echo(text);
  const flat = text.replace(/\s+/g, '');
  const feeling = FEELINGS.find((f) => f.stems.test(flat));
  const parts = [feeling ? pick(REFLECTIONS, 0)(words, feeling.name) : pick(REFLECTIONS_WITHOUT_FEELING, 0)(words)];
  parts.push(pick(VALIDATIONS, 1));
  if (feeling && feeling.name !== '기쁘고 설레는') parts.push(pick(GROUNDING, 2));
  parts.push(pick(QUESTIONS, 5));
  return `${parts.join(' ')}\n\n${NOTE}`;
}

/** The person's own words to give back: their first sentence, shortened at a word boundary. */
function echo(text: string): string {
  const sentence = (text.trim().split(/(?<=[.!?。…~])\s+|\n+/)[0] ?? text).replace(/["“”]/g, '').trim();
  if (sentence.length <= 40) return sentence.replace(/[.!?。…~]+$/, '');
  const cut = sentence.slice(0, 40);
  const space = cut.lastIndexOf(' ');
  return `${(space > 15 ? cut.slice(0, space) : cut).trim()}…`;
}

function hash(text: string): number {
  let h = 0;
  for (const char of text) h = (h * 31 + char.codePointAt(0)!) >>> 0;
  return h;
}
