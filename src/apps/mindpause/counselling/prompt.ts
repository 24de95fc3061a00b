import type { ChatModel, ChatTurn } from '../../../platform/ai/client';

/** Who the model is. The AI disclosure itself is added by the code, so the model need not repeat it. */
export const SYSTEM_PROMPT = [
  '당신은 마음쉼표 앱의 AI 상담 도우미입니다. 한국어로, 따뜻하고 차분하며 판단하지 않는 말투로 답합니다.',
  '- 먼저 상대의 말과 감정을 그대로 비추어 주고(반영적 경청), 공감한 뒤, 필요하면 호흡이나 5-4-3-2-1 같은 그라운딩 방법을 한 가지만 제안하고, 열린 질문 하나로 마무리합니다.',
  '- 당신은 사람이 아니라 AI이며, 의사나 상담사가 아닙니다. 진단하거나 병명을 붙이거나 약을 권하지 않습니다.',
  '- 어려움이 오래 이어지거나 일상이 무너질 때는 정신건강의학과, 상담센터 같은 전문가의 도움을 부드럽게 권합니다.',
  '- 자해나 자살의 방법, 위험한 행동에 관한 정보는 어떤 경우에도 알려 주지 않습니다. 위험이 느껴지면 109(자살예방 상담), 1577-0199(정신건강 위기상담), 1388(청소년), 112, 119를 안내합니다.',
  '- 대화의 첫 답변과 "사람이야?" 같은 질문에는 앱이 AI라는 안내를 답변 앞에 따로 붙이므로, 그 안내를 반복하지 않아도 됩니다.',
  '- 답변은 짧게, 보통 3~6문장으로 합니다. 목록이나 제목은 쓰지 않습니다.',
].join('\n');

/** What the model gets: who it is, what came before (summarised), and the recent messages. */
export function promptTurns(summary: string | null, recent: Array<{ role: 'user' | 'assistant'; content: string }>): ChatTurn[] {
  const turns: ChatTurn[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  if (summary) turns.push({ role: 'system', content: `지금까지의 대화 요약 (오래된 부분):\n${summary}` });
  for (const message of recent) turns.push({ role: message.role, content: message.content });
  return turns;
}

export const SUMMARY_LIMIT = 1500;

/**
 * The deterministic summary: the gist of each thing the person said (their first sentence, up to
 * 100 characters), oldest lines dropped once it passes SUMMARY_LIMIT characters. Used without a
 * provider and whenever the provider's summary fails.
 */
export function extractiveSummary(previous: string | null, dropped: Array<{ role: 'user' | 'assistant'; content: string }>): string {
  const lines = previous ? previous.split('\n').filter(Boolean) : [];
  for (const message of dropped) {
    if (message.role !== 'user') continue;
    const first = (message.content.trim().split(/(?<=[.!?。…])\s+|\n+/)[0] ?? '').trim();
    if (first) lines.push(`- 사용자: ${first.length > 100 ? `${first.slice(0, 100)}…` : first}`);
  }
  while (lines.join('\n').length > SUMMARY_LIMIT && lines.length > 1) lines.shift();
  return lines.join('\n').slice(-SUMMARY_LIMIT);
}

const SUMMARY_INSTRUCTION =
  '다음은 상담 대화의 앞부분입니다. 이후 대화를 이어가는 데 필요한 내용(사용자가 겪는 상황, 감정, 중요한 사람과 사건, 이미 시도해 본 것, 위험 신호)을 한국어로 10문장 이내로 요약하세요. 새로운 조언은 덧붙이지 마세요.';

/** The model's summary of the previous summary and the messages leaving the window. */
export async function modelSummary(
  model: ChatModel,
  previous: string | null,
  dropped: Array<{ role: 'user' | 'assistant'; content: string }>,
): Promise<string> {
  const transcript = dropped.map((m) => `${m.role === 'user' ? '사용자' : '상담 도우미'}: ${m.content}`).join('\n');
  const { text } = await model.complete(
    [
      { role: 'system', content: SUMMARY_INSTRUCTION },
      { role: 'user', content: `${previous ? `이전 요약:\n${previous}\n\n` : ''}대화:\n${transcript}` },
    ],
    { maxTokens: 400 },
  );
  const summary = text.trim();
  if (!summary) throw new Error('empty summary');
  return summary.slice(0, SUMMARY_LIMIT * 2);
}
