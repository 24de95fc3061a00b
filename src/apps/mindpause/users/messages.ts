import { defineMessages } from '../feature';

export const UserMessage = defineMessages({
  NICKNAME_TOO_SHORT: { ko: '닉네임은 2자 이상이어야 합니다.', en: 'The nickname must be at least 2 characters long.' },
});
