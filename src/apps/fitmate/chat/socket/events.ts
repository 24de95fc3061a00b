import type { z } from 'zod';
import type { FieldError } from '../../../../platform/http/errors';
import type { ChatUser } from '../admin';
import type { ChatMessageView, ReadReceipt } from '../schemas';
import type { deletePayload, editPayload, nothing, readPayload, roomPayload, sendMessagePayload, typingPayload } from './payloads';

/** A refused chat event, on `error` and in the acknowledgement; sendMessage echoes the client's clientMessageId. */
export interface ChatFailure {
  event: string;
  code: string;
  message: string;
  details: FieldError[] | null;
  clientMessageId?: string;
}

/**
 * What FitMate's server sends on its sockets for chat (documents 000 and 004); the platform's own
 * events (notifications, presence) go besides. FitMate's AppTypes names it as `serverEvents`.
 */
export interface ChatServerEvents {
  newMessage: (message: ChatMessageView) => void;
  messageEdited: (message: ChatMessageView) => void;
  messageDeleted: (message: ChatMessageView) => void;
  messageRead: (receipt: ReadReceipt) => void;
  /** The room's latest messages (newest first), with the room and the cursor for older ones. */
  chatHistory: (messages: ChatMessageView[], page: { chatRoomId: number; nextCursor: number | null }) => void;
  userJoined: (joined: { userId: number; chatRoomId: number }) => void;
  typing: (typing: { chatRoomId: number; userId: number; isTyping: boolean }) => void;
  allChatUsers: (users: ChatUser[]) => void;
  error: (failure: ChatFailure) => void;
}

/** The acknowledgement every chat event may ask for: `{ok: true, data}` or `{ok: false, error}`. */
type ChatAck = (answer: { ok: true; data: unknown } | { ok: false; error: ChatFailure }) => void;

/** What FitMate's sockets may send for chat. FitMate's AppTypes names it as `clientEvents`. */
export interface ChatClientEvents {
  joinChat: (room: z.input<typeof roomPayload>, ack?: ChatAck) => void;
  leaveChat: (room: z.input<typeof roomPayload>, ack?: ChatAck) => void;
  sendMessage: (message: z.input<typeof sendMessagePayload>, ack?: ChatAck) => void;
  typing: (typing: z.input<typeof typingPayload>, ack?: ChatAck) => void;
  messageRead: (read: z.input<typeof readPayload>, ack?: ChatAck) => void;
  editMessage: (edit: z.input<typeof editPayload>, ack?: ChatAck) => void;
  deleteMessage: (message: z.input<typeof deletePayload>, ack?: ChatAck) => void;
  joinAsAdmin: (payload?: z.input<typeof nothing>, ack?: ChatAck) => void;
}
