import { z } from 'zod';
import { FieldMessage, httpsUrl, jsonObject, lineText, longText } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { CHAT_MESSAGE_TYPES, CHAT_ROLES, CHAT_ROOM_TYPES } from '../vocabulary';
import { ChatCode } from './codes';

export const MESSAGE_MAX_LENGTH = 4000;
export const HISTORY_SIZE = 50;
const MAX_ATTACHMENTS = 10;
export const METADATA_MAX_BYTES = 4096;

/**
 * A row id. The document's clients send ids as strings, so a numeric string is taken too; anything
 * else (a float, a negative, `true`, an object) is refused rather than coerced.
 */
export const entityId = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,16}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

/** What a client may send; `system` messages are the server's own. */
export const SENDABLE_TYPES = ['text', 'image', 'file', 'emoji'] as const;

// Text is stored exactly as given (markup included: escaping is the reader's job), but control
// characters other than tab and newlines are refused: PostgreSQL cannot even store NUL.
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const messageText = z
  .string()
  .max(MESSAGE_MAX_LENGTH)
  .refine((text) => !CONTROL.test(text), FieldMessage.CONTROL_CHARACTERS);

export const attachmentSchema = z.strictObject({
  type: z.enum(['image', 'file', 'link']),
  url: httpsUrl(500),
  filename: lineText(255).optional(),
  size: z
    .number()
    .int()
    .min(0)
    .max(10 * 1024 ** 3)
    .optional(),
  mimeType: z
    .string()
    .max(100)
    .regex(/^[\w.+-]+\/[\w.+-]+$/)
    .optional(),
});

const messageFields = {
  message: messageText.default(''),
  messageType: z.enum(SENDABLE_TYPES).default('text'),
  /** The client's own id for the message, so a retried send saves nothing new. */
  clientMessageId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w.:-]+$/)
    .optional(),
  replyTo: entityId.optional(),
  isForwarded: z.boolean().default(false),
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).default([]),
  /** Document 004's metadata: whatever the client keeps with the message (file details, image sizes). */
  metadata: jsonObject(METADATA_MAX_BYTES).optional(),
};

/** Text and emoji need words; images and files need something attached (the words are a caption). */
function contentRules(input: { message: string; messageType: string; attachments: unknown[] }, ctx: z.RefinementCtx) {
  const needsWords = input.messageType === 'text' || input.messageType === 'emoji';
  if (needsWords && !input.message.trim()) ctx.addIssue({ code: 'custom', path: ['message'], message: ChatCode.CHAT_MESSAGE_EMPTY });
  if (!needsWords && input.attachments.length === 0) ctx.addIssue({ code: 'custom', path: ['attachments'], message: ChatCode.CHAT_ATTACHMENT_REQUIRED });
}

export const sendMessageBody = z.strictObject(messageFields).superRefine(contentRules);
export type SendMessageInput = z.output<typeof sendMessageBody>;

/** The socket's sendMessage: the same fields with the room; unknown keys are ignored, not refused. */
export const sendMessagePayload = z.object({ chatRoomId: entityId, ...messageFields }).superRefine(contentRules);

export const editMessageBody = z.strictObject({ message: messageText });

export const readBody = z
  .strictObject({ messageId: entityId.optional().describe('Read up to and including this message; all of them when left out') })
  // A POST with no body at all comes as null.
  .nullish();

export const messagePageQuery = z
  .object({
    before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe('nextCursor of the previous page: messages older than this id'),
    page: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe("Document 004's numbered pages instead of the cursor: page 1 holds the newest messages; answers totalCount"),
    limit: z.coerce.number().int().min(1).max(100).default(HISTORY_SIZE),
  })
  .refine((q) => q.before === undefined || q.page === undefined, { message: ChatCode.CHAT_PAGE_OR_CURSOR, path: ['page'] });
export type MessagePageQuery = z.output<typeof messagePageQuery>;

export const roomListQuery = pageQuery;

const userIds = z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));
const roomFields = {
  name: lineText(100).optional(),
  description: longText(1000).optional(),
  avatar: httpsUrl(500).optional(),
};

export const createRoomBody = z.discriminatedUnion('roomType', [
  z.strictObject({ roomType: z.literal('individual'), participantIds: userIds.length(1).describe('The other person') }),
  z.strictObject({
    roomType: z.literal('group'),
    ...roomFields,
    participantIds: userIds.min(1).max(999).describe('Everyone but the creator, who becomes the room admin'),
    settings: z
      .strictObject({
        isPrivate: z.boolean().default(true),
        allowInvites: z.boolean().default(false).describe('Whether members who are not admins may add people'),
        maxParticipants: z.number().int().min(2).max(1000).default(100),
      })
      .default({ isPrivate: true, allowInvites: false, maxParticipants: 100 }),
  }),
  z.strictObject({ roomType: z.literal('support'), ...roomFields }),
]);
export type CreateRoomInput = z.output<typeof createRoomBody>;

export const participantsBody = z.strictObject({ userIds: userIds.min(1).max(999) });

export const participantParams = z.object({ id: entityId, userId: entityId });

// ---- answers ----

const storedAttachment = z.object({
  type: z.enum(['image', 'file', 'link']),
  url: z.string(),
  filename: z.string().optional(),
  size: z.number().optional(),
  mimeType: z.string().optional(),
});

export const chatMessageSchema = z.object({
  id: z.number(),
  chatRoomId: z.number(),
  senderId: z.number().nullable().describe('Null once the sender deleted their account'),
  sender: z.object({ id: z.number(), name: z.string() }).nullable(),
  message: z.string().nullable().describe('Null once the message is deleted'),
  messageType: z.enum(CHAT_MESSAGE_TYPES),
  replyTo: z.number().nullable(),
  replyToMessage: z
    .object({
      id: z.number(),
      senderId: z.number().nullable(),
      message: z.string().nullable(),
      messageType: z.enum(CHAT_MESSAGE_TYPES),
      isDeleted: z.boolean(),
    })
    .nullable(),
  isForwarded: z.boolean(),
  attachments: z.array(storedAttachment),
  metadata: z.record(z.string(), z.unknown()).nullable().describe('As sent; null when none was sent or once the message is deleted'),
  clientMessageId: z.string().nullable(),
  readBy: z.array(z.object({ userId: z.number(), readAt: z.date() })),
  timestamp: z.date(),
  editedAt: z.date().nullable(),
  isDeleted: z.boolean(),
  deletedAt: z.date().nullable(),
});
export type ChatMessageView = z.infer<typeof chatMessageSchema>;

export const messagePageSchema = z.object({
  items: z.array(chatMessageSchema).describe('Newest first'),
  nextCursor: z.number().nullable().describe('Pass as `before` for older messages; null when there are none'),
  page: z.number().optional().describe('With `page`: the page answered'),
  totalCount: z.number().optional().describe('With `page`: all messages of the room'),
});
export type MessagePage = z.infer<typeof messagePageSchema>;

export const roomSchema = z.object({
  id: z.number(),
  roomType: z.enum(CHAT_ROOM_TYPES),
  name: z.string().nullable(),
  description: z.string().nullable(),
  avatar: z.string().nullable(),
  settings: z.object({ isPrivate: z.boolean(), allowInvites: z.boolean(), maxParticipants: z.number() }),
  participants: z.array(z.object({ userId: z.number(), name: z.string(), role: z.enum(CHAT_ROLES), joinedAt: z.date(), lastReadAt: z.date().nullable() })),
  myRole: z.enum(CHAT_ROLES).nullable().describe("The caller's role; null for staff looking into a support room"),
  lastMessage: z.object({ messageId: z.number(), content: z.string().nullable(), senderId: z.number().nullable(), timestamp: z.date() }).nullable(),
  unreadCount: z.number(),
  createdBy: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RoomView = z.infer<typeof roomSchema>;

export const readReceiptSchema = z.object({
  chatRoomId: z.number(),
  userId: z.number(),
  lastReadMessageId: z.number().nullable(),
  readAt: z.date(),
  count: z.number().describe('Messages newly marked as read'),
});
export type ReadReceipt = z.infer<typeof readReceiptSchema>;
