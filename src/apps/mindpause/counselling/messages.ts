import { defineMessages } from '../feature';

/** What the counselling routes answer with when they refuse or fail: each key is the error code. */
export const CounsellingCode = defineMessages({
  COUNSELLING_CONVERSATION_NOT_FOUND: { ko: '대화를 찾을 수 없습니다.', en: 'No such conversation.' },
  COUNSELLING_FLAG_NOT_FOUND: { ko: '검토할 안전 표시가 없는 대화입니다.', en: 'This conversation has no safety flag waiting for review.' },
  COUNSELLING_REPLY_INTERRUPTED: { ko: '답변이 중간에 끊겼습니다. 메시지를 다시 보내 주세요.', en: 'The reply was cut off. Please send your message again.' },
  COUNSELLING_REPLY_FAILED: { ko: '답변을 만들지 못했습니다. 잠시 후 다시 시도해 주세요.', en: 'The reply could not be made. Please try again.' },
});

/** Success messages of the counselling routes. */
export const CounsellingNotice = defineMessages({
  COUNSELLING_CONVERSATION_STARTED: { ko: '대화를 시작했습니다.', en: 'The conversation has started.' },
  COUNSELLING_CONVERSATION_DELETED: { ko: '대화를 삭제했습니다.', en: 'The conversation was deleted.' },
  COUNSELLING_MESSAGE_ANSWERED: { ko: '메시지에 답했습니다.', en: 'The message was answered.' },
});
