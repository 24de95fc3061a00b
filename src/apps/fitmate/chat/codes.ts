import { defineMessages } from '../feature';

/** What chat answers with when it refuses: each key is the error code clients see, and its words. */
export const ChatCode = defineMessages({
  CHAT_ROOM_NOT_FOUND: { ko: '채팅방을 찾을 수 없습니다.', en: 'No such chat room.' },
  CHAT_MESSAGE_NOT_FOUND: { ko: '메시지를 찾을 수 없습니다.', en: 'No such message.' },
  CHAT_NOT_SENDER: { ko: '보낸 사람만 메시지를 수정할 수 있습니다.', en: 'Only the sender may edit a message.' },
  CHAT_DELETE_NOT_ALLOWED: { ko: '보낸 사람이나 방 관리자만 메시지를 삭제할 수 있습니다.', en: 'Only the sender or a room admin may delete a message.' },
  CHAT_MESSAGE_DELETED: { ko: '삭제된 메시지는 수정할 수 없습니다.', en: 'A deleted message cannot be edited.' },
  CHAT_NOT_GROUP: { ko: '그룹 채팅방에서만 할 수 있습니다.', en: 'Only group rooms allow this.' },
  CHAT_NOT_ROOM_ADMIN: { ko: '방 관리자만 할 수 있습니다.', en: 'Only a room admin may do this.' },
  CHAT_INVITES_CLOSED: { ko: '이 채팅방은 관리자만 초대할 수 있습니다.', en: 'Only admins may invite people to this room.' },
  CHAT_ROOM_FULL: { ko: '채팅방 인원이 가득 찼습니다. (최대 {max}명)', en: 'The room is full (at most {max} people).' },
  CHAT_TOO_MANY_PARTICIPANTS: { ko: '참여자가 최대 인원을 넘습니다.', en: 'More participants than the room allows.' },
  CHAT_SELF_ROOM: { ko: '자기 자신과는 1:1 채팅방을 만들 수 없습니다.', en: 'You cannot open a one-to-one room with yourself.' },
  CHAT_USER_UNAVAILABLE: { ko: '대화할 수 없는 사용자가 포함되어 있습니다.', en: 'Contains someone you cannot chat with.' },
  CHAT_REPLY_NOT_IN_ROOM: { ko: '같은 채팅방의 메시지에만 답장할 수 있습니다.', en: 'Replies must be to a message of the same room.' },
  CHAT_CLIENT_ID_REUSED: {
    ko: '이 clientMessageId는 다른 채팅방의 메시지에 이미 쓰였습니다.',
    en: 'This clientMessageId was already used for a message in another room.',
  },
  CHAT_MESSAGE_EMPTY: { ko: '메시지 내용을 입력해 주세요.', en: 'The message cannot be empty.' },
  CHAT_PAGE_OR_CURSOR: { ko: 'page와 before는 함께 쓸 수 없습니다.', en: 'Use either page or before, not both.' },
  CHAT_ATTACHMENT_REQUIRED: { ko: '사진과 파일 메시지에는 첨부파일이 필요합니다.', en: 'Image and file messages need an attachment.' },
  CHAT_ADMIN_ONLY: { ko: '관리자 권한이 없습니다.', en: 'You are not an administrator.' },
  CHAT_SEND_FAILED: { ko: '메시지 전송에 실패했습니다.', en: 'The message could not be sent.' },
  CHAT_EVENT_FAILED: { ko: '요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.', en: 'The request could not be handled. Please try again.' },
});

/** Success messages of the chat routes. */
export const ChatNotice = defineMessages({
  CHAT_ROOM_OPENED: { ko: '채팅방이 준비되었습니다.', en: 'The chat room is ready.' },
  CHAT_MESSAGE_SENT: { ko: '메시지를 보냈습니다.', en: 'Message sent.' },
  CHAT_MESSAGE_EDITED: { ko: '메시지를 수정했습니다.', en: 'Message edited.' },
  CHAT_MESSAGE_REMOVED: { ko: '메시지를 삭제했습니다.', en: 'Message deleted.' },
  CHAT_MARKED_READ: { ko: '메시지를 읽음으로 표시했습니다.', en: 'Messages marked as read.' },
  CHAT_PARTICIPANTS_ADDED: { ko: '참여자를 초대했습니다.', en: 'Participants added.' },
  CHAT_PARTICIPANT_REMOVED: { ko: '참여자를 내보냈습니다.', en: 'Participant removed.' },
  CHAT_ROOM_LEFT: { ko: '채팅방에서 나갔습니다.', en: 'You left the room.' },
});
