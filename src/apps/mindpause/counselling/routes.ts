import type { FastifyReply, FastifyRequest } from 'fastify';
import { translateFor } from '../../../platform/http/i18n';
import type { RateLimiter } from '../../../platform/http/rate-limit';
import { type Router, idParam } from '../../../platform/http/router';
import { CounsellingCode, CounsellingNotice } from './messages';
import { type Counselling, ReplyInterruptedError, type Turn } from './counselling';
import {
  conversationDetailSchema,
  conversationListQuery,
  conversationPageSchema,
  conversationQuery,
  conversationSchema,
  createConversationBody,
  deletedSchema,
  exchangeSchema,
  sendMessageBody,
} from './schemas';

const tags = ['chat'];

/** Document 002's 3.2: the AI counselling chat under /api/v1/chat. */
export function counsellingRoutes(router: Router, { counselling, limiter }: { counselling: Counselling; limiter: RateLimiter }): void {
  router.post(
    '/api/v1/chat/conversations',
    {
      summary: '대화 시작 (Start a conversation)',
      tags,
      auth: true,
      body: createConversationBody,
      response: conversationSchema,
      status: 201,
      message: CounsellingNotice.COUNSELLING_CONVERSATION_STARTED,
    },
    async (req) => counselling.create(req.principal.userId, req.body?.title),
  );
  router.get(
    '/api/v1/chat/conversations',
    { summary: '대화 목록 (My conversations, latest activity first)', tags, auth: true, query: conversationListQuery, response: conversationPageSchema },
    async (req) => counselling.list(req.principal.userId, req.query),
  );
  router.get(
    '/api/v1/chat/conversations/:id',
    {
      summary: '대화 상세 (One conversation with its latest messages)',
      tags,
      auth: true,
      params: idParam,
      query: conversationQuery,
      response: conversationDetailSchema,
    },
    async (req) => counselling.get(req.principal.userId, req.params.id, req.query.limit),
  );
  router.delete(
    '/api/v1/chat/conversations/:id',
    {
      summary: '대화 삭제 (Delete a conversation)',
      tags,
      auth: true,
      params: idParam,
      response: deletedSchema,
      message: CounsellingNotice.COUNSELLING_CONVERSATION_DELETED,
    },
    async (req) => counselling.remove(req.principal.userId, req.params.id),
  );
  router.post(
    '/api/v1/chat/conversations/:id/messages',
    {
      summary: '메시지 전송 (Send a message; the AI counsellor answers)',
      description: [
        'The answer holds the saved user message and the assistant reply (`source`: model, fallback or safety).',
        'With `Accept: text/event-stream` the reply streams as server-sent events: `message` {delta} for each piece,',
        'then `done` {userMessage, assistantMessage} with the saved reply (authoritative: the safety check may have replaced what streamed),',
        'or `error` {code, message}. Crisis language gets the crisis lines (109, 1577-0199, 1388, 112, 119) and flags the conversation.',
        'Limited by RATE_LIMIT_AI_CHAT per user (429 with Retry-After).',
      ].join(' '),
      tags,
      auth: true,
      params: idParam,
      body: sendMessageBody,
      response: exchangeSchema,
      status: 201,
      message: CounsellingNotice.COUNSELLING_MESSAGE_ANSWERED,
      preHandler: [
        async (req) => {
          await limiter.consume(String(req.principal!.userId));
        },
      ],
    },
    async (req, reply) => {
      const turn = await counselling.begin(req.principal.userId, req.params.id, req.body.content);
      if (!wantsStream(req)) return counselling.answer(turn);
      return stream(req, reply, counselling, turn);
    },
  );
}

function wantsStream(req: FastifyRequest): boolean {
  return /\btext\/event-stream\b/i.test(req.headers.accept ?? '');
}

/**
 * The reply as server-sent events. The headers the app set so far (request id, security, CORS,
 * rate limit) go out with the stream; nothing is buffered on the way (X-Accel-Buffering for nginx).
 * A client that goes away stops the provider call; its message stays saved without a reply.
 */
async function stream(req: FastifyRequest, reply: FastifyReply, counselling: Counselling, turn: Turn): Promise<FastifyReply> {
  reply.hijack();
  const raw = reply.raw;
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders();
  req.raw.socket?.setNoDelay(true);
  const gone = new AbortController();
  raw.on('close', () => {
    if (!raw.writableFinished) gone.abort();
  });
  const send = (event: string, data: unknown) => {
    if (!raw.writableEnded && !raw.destroyed) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  try {
    const result = await counselling.answer(turn, { signal: gone.signal, onDelta: (delta) => send('message', { delta }) });
    send('done', result);
  } catch (error) {
    if (gone.signal.aborted) {
      req.log.info({ conversationId: turn.conversation.id }, 'the client left before the reply was done');
    } else {
      const code = error instanceof ReplyInterruptedError ? CounsellingCode.COUNSELLING_REPLY_INTERRUPTED : CounsellingCode.COUNSELLING_REPLY_FAILED;
      req.log.error(
        { err: error instanceof ReplyInterruptedError ? error.cause : error, conversationId: turn.conversation.id },
        'the counselling reply failed',
      );
      send('error', { code, message: translateFor(req, code) });
    }
  } finally {
    raw.end();
  }
  return reply;
}
