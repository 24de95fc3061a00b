import { z } from 'zod';
import { editMessageBody, entityId, sendMessagePayload } from '../schemas';

/** The payloads clients send; unknown keys are ignored, wrong or missing ones refused. */
export const roomPayload = z.object({ chatRoomId: entityId });
export const typingPayload = z.object({ chatRoomId: entityId, isTyping: z.boolean().default(true) });
export const readPayload = z.object({ chatRoomId: entityId, messageId: entityId.optional() });
export const editPayload = z.object({ messageId: entityId, message: editMessageBody.shape.message });
export const deletePayload = z.object({ messageId: entityId });
/** joinAsAdmin takes nothing; whatever comes along is ignored. */
export const nothing = z.unknown();
export { sendMessagePayload };
