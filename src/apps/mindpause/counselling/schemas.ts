import { z } from 'zod';
import { lineText, longText } from '../../../platform/http/fields';
import { pageQuery, paginated } from '../../../platform/http/pagination';
import { REPLY_SOURCES } from './tables';

export const MESSAGE_MAX = 2000;

export const createConversationBody = z
  .strictObject({ title: lineText(100).optional().describe('Left out: the first message names the conversation') })
  // A POST with no body at all comes as null.
  .nullish();

export const conversationListQuery = pageQuery;

export const conversationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(200).describe('How many of the latest messages to include'),
});

export const sendMessageBody = z.strictObject({
  content: longText(MESSAGE_MAX).pipe(z.string().min(1)).describe('What the person says'),
});

const usageSchema = z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() });

export const messageSchema = z.object({
  id: z.number(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  source: z
    .enum(REPLY_SOURCES)
    .nullable()
    .describe('assistant only: model (the AI provider), fallback (the built-in responder) or safety (the crisis message)'),
  model: z.string().nullable(),
  usage: usageSchema.nullable(),
  createdAt: z.date(),
});

export const conversationSchema = z.object({
  id: z.number(),
  title: z.string().nullable(),
  messageCount: z.number(),
  lastMessageAt: z.date(),
  createdAt: z.date(),
});

export const conversationDetailSchema = conversationSchema.extend({
  messages: z.array(messageSchema).describe('Oldest first'),
  hasEarlierMessages: z.boolean(),
});

export const conversationPageSchema = paginated(conversationSchema);

export const exchangeSchema = z.object({ userMessage: messageSchema, assistantMessage: messageSchema });

export const deletedSchema = z.object({ id: z.number(), deleted: z.literal(true) });
