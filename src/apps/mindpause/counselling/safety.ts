/**
 * The rules that come before and after the model. They read a compact form of the text (no
 * spaces or punctuation, lower case), so "죽 고 싶 어", "죽고싶어..." and "자.살" read alike, and
 * they list the common misspellings (싶/십/시퍼, 뒤지고 for 죽고). They lean to flagging: a
 * false alarm costs a safety message, a miss can cost more.
 */
export function compact(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const WANT = '(싶|십|시퍼|시프|싶|파)';

/** Crisis language: self-harm, suicide, and harm to others. Each rule has a name for the flag reason. */
const CRISIS_RULES: Array<[name: string, rule: RegExp]> = [
  ['death-wish', new RegExp(`(죽|뒤지|디지|뒈지|죽어버리|죽어버리)(고|구)${WANT}`)],
  ['death-wish', /죽어버릴|죽어버리려|죽는게(나|낫)|죽을래|죽을거야|죽을꺼야|죽을생각|죽었으면좋겠|죽고말|죽는수밖에|죽을용기/],
  ['suicide', /자살|자결|극단(적|적인)?선택|suicid|killmyself|wanttodie|endmylife/],
  ['disappear', new RegExp(`(사라지|없어지|소멸하|증발하)(고|구)${WANT}|사라져버리(고|ㄹ|릴|려)|세상에서사라|태어나지말았|태어나지않았으면`)],
  [
    'no-will-to-live',
    /살기(가)?싫|살고싶지(않|안)|살고싶은마음이없|사는게(싫|의미없|무의미|지옥)|살(아)?(갈|야할)?이유가?없|더(이상|는)?못살겠|살아서뭐해|살아봤자/,
  ],
  ['end-life', /목숨(을)?끊|생(을)?마감|(삶|인생)(을)?끝내|세상(을)?떠나(고|구)(싶|십)|다끝내(고|구)(싶|십|버리)/],
  ['self-harm', /자해|손목(을)?(긋|그어|그을|그었|그려)|(칼|커터칼|면도칼|칼날)로(손목|팔|몸|허벅지)?(을|를)?(긋|그어|그었|그을)|selfharm|cutmyself/],
  ['method', /투신|뛰어내리(고|ㄹ|릴|려)|목(을)?매(달|고|ㄹ|려|는)|번개탄|치사량|유서(를|쓰|써)|(수면제|약)(을|를)?(왕창|잔뜩|한꺼번에|모아|다털어)/],
  ['harm-to-others', /죽여버리|죽이고(싶|십)|죽여버릴/],
];

/** A reply no counsellor gives: methods, or encouragement to self-harm. */
const UNSAFE_REPLY_RULES: RegExp[] = [
  /치사량|번개탄|목(을)?매는(방법|법)|(죽어|사라져)(버려|도돼|도괜찮)|죽는게(나아|낫)|자해(해도|하면)(괜찮|돼)|killyourself/,
];

/** "너 사람이야?", "AI야?", "진짜 사람 맞아요?", "are you human?" */
const IDENTITY_RULES: RegExp[] = [
  /(사람|인간)(이야|이에요|이예요|이세요|인가|인지|맞|이니|임|이냐|이지|이죠|이신가|인거)/,
  /(ai|에이아이|인공지능|로봇|챗봇|봇|gpt|기계)(야|이야|예요|에요|이에요|이예요|인가|이세요|세요|맞|임|이냐|이니|니|지|죠|인거|랑|하고)/,
  /areyou(a|an)?(human|real|bot|ai|robot|person)/,
];

export interface CrisisMatch {
  rule: string;
}

export function detectCrisis(text: string): CrisisMatch | undefined {
  const flat = compact(text);
  const hit = CRISIS_RULES.find(([, rule]) => rule.test(flat));
  return hit && { rule: hit[0] };
}

export function isUnsafeReply(text: string): boolean {
  const flat = compact(text);
  return UNSAFE_REPLY_RULES.some((rule) => rule.test(flat));
}

export function asksIdentity(text: string): boolean {
  const flat = compact(text);
  return IDENTITY_RULES.some((rule) => rule.test(flat));
}

/** Moderation categories that mean a person may be in danger. */
export function isCrisisCategory(category: string): boolean {
  return category.startsWith('self-harm') || category.startsWith('self_harm') || category === 'violence';
}

/** Korea's crisis lines, in the order a person in danger needs them. */
export const CRISIS_LINES = [
  { number: '109', name: '자살예방 상담전화 (24시간)' },
  { number: '1577-0199', name: '정신건강 위기상담' },
  { number: '1388', name: '청소년 상담 (청소년전화)' },
  { number: '112', name: '경찰 (위험이 임박했을 때)' },
  { number: '119', name: '응급 구조' },
] as const;

export const SAFETY_MESSAGE = [
  '지금 많이 힘드신 것 같아요. 이렇게 마음을 꺼내 주셔서 고마워요. 당신의 안전이 무엇보다 중요해요.',
  '저는 AI 상담 도우미라서 지금 곁에서 직접 도와드릴 수는 없어요. 지금 바로 사람과 이야기해 주세요. 혼자 견디지 않으셔도 돼요.',
  '',
  ...CRISIS_LINES.map((line) => `• ${line.number} — ${line.name}`),
  '',
  '당장 위험하다고 느껴지면 112나 119에 전화하거나 가까운 응급실로 가 주세요. 믿을 수 있는 사람에게 지금 곁에 있어 달라고 부탁하는 것도 좋아요.',
  '전화가 어렵다면 여기에서 계속 이야기해도 괜찮아요. 지금 안전한 곳에 계신가요?',
].join('\n');

/** Said at the start of a conversation's first reply, and whenever someone asks what they talk to. */
export const AI_DISCLOSURE = '저는 사람 상담사가 아니라 마음쉼표의 AI 상담 도우미예요. 진단이나 치료를 대신할 수는 없지만, 이야기를 듣고 함께 정리해 볼게요.';
