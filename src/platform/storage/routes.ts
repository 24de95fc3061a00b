import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Envelope } from '../http/envelope';
import { AppError } from '../http/errors';
import { translateFor } from '../http/i18n';
import type { LocalStorage, Verdict } from './local';
import { StorageMessage, assertKey, formatBytes } from './storage';

export interface FileRoutesOptions {
  storage: LocalStorage;
  envelope: Envelope;
  /** Largest direct upload taken, whatever a signature allows. */
  uploadLimit: number;
}

const params = z.object({ '*': z.string().describe('file key') });
const query = z.object({
  expires: z.string().optional().describe('unix seconds'),
  signature: z.string().optional().describe('base64url HMAC-SHA256'),
});
type FileRequest = FastifyRequest<{ Params: z.infer<typeof params>; Querystring: z.infer<typeof query> }>;

// Types a browser may show in place; anything else is offered as a download, never rendered.
const INLINE = /^(image\/(jpeg|png|webp|gif|avif)|video\/[\w.+-]+|audio\/[\w.+-]+)$/i;

function refuse(verdict: Exclude<Verdict, 'ok'>): AppError {
  return new AppError(403, verdict === 'expired' ? StorageMessage.FILE_URL_EXPIRED : StorageMessage.FILE_SIGNATURE_INVALID);
}

/**
 * GET and PUT /files/<key> through signed URLs, for apps whose files are on local disk (with S3,
 * clients talk to S3 itself). Registered in a scope of its own so uploads of any content type
 * arrive as a raw stream without changing how the app's other routes read bodies.
 */
export async function registerFileRoutes(http: FastifyInstance, { storage, envelope, uploadLimit }: FileRoutesOptions) {
  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body is read by the PUT handler itself, after the signature is checked.
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));

    scope.route({
      method: 'GET',
      url: '/files/*',
      schema: {
        summary: '파일 다운로드 (Download a file through a signed URL)',
        tags: ['files'],
        params,
        querystring: query,
        response: { '4XX': envelope.failureSchema },
      },
      handler: async (req: FileRequest, reply: FastifyReply) => {
        const key = req.params['*'];
        assertKey(key);
        const verdict = storage.verify({ method: 'GET', key }, req.query);
        if (verdict !== 'ok') throw refuse(verdict);
        const file = await storage.open(key);
        if (!file) throw new AppError(404, StorageMessage.FILE_NOT_FOUND);
        // The client has every byte (Content-Length) before the stream has seen its end; should the
        // app start closing in between, this keep-alive connection would hold the close up until it
        // timed out. Once the answer is complete, it goes.
        reply.raw.once('finish', () => {
          if (!http.server.listening) http.server.closeIdleConnections();
        });
        // The URL is good until `expires`; caches may keep the answer exactly that long.
        const maxAge = Math.max(0, Number(req.query.expires) - Math.floor(Date.now() / 1000));
        return reply
          .type(file.contentType)
          .headers({
            'content-length': file.size,
            'cache-control': `private, max-age=${maxAge}`,
            'x-content-type-options': 'nosniff',
            // A file is never a page: no scripts, no plugins, even when opened on its own.
            'content-security-policy': "default-src 'none'; sandbox",
            // Front ends on other origins show these images; the signature is the access control.
            'cross-origin-resource-policy': 'cross-origin',
            ...(!INLINE.test(file.contentType) && { 'content-disposition': 'attachment' }),
          })
          .send(file.stream);
      },
    });

    scope.route({
      method: 'PUT',
      url: '/files/*',
      schema: {
        summary: '파일 업로드 (Upload a file through a signed URL)',
        description:
          'The body is the file; Content-Type and the size must be the ones the URL was signed for. One upload per URL: once the file is there, 409.',
        tags: ['files'],
        params,
        querystring: query,
        response: {
          201: envelope.successSchema(z.object({ key: z.string(), contentType: z.string(), size: z.number() })),
          '4XX': envelope.failureSchema,
        },
      },
      handler: async (req: FileRequest, reply: FastifyReply) => {
        const key = req.params['*'];
        assertKey(key);
        const contentType = req.headers['content-type'] ?? '';
        const lengthHeader = req.headers['content-length'];
        if (!lengthHeader || !/^\d{1,15}$/.test(lengthHeader)) throw new AppError(411, StorageMessage.FILE_LENGTH_REQUIRED);
        const contentLength = Number(lengthHeader);
        const verdict = storage.verify({ method: 'PUT', key, contentType, contentLength }, req.query);
        if (verdict !== 'ok') throw refuse(verdict);
        if (contentLength > uploadLimit) throw new AppError(413, StorageMessage.FILE_TOO_LARGE, { limit: formatBytes(uploadLimit) });
        // Node stops reading at Content-Length, so the body holds at most the signed size.
        const chunks: Buffer[] = [];
        let received = 0;
        for await (const chunk of req.raw) {
          received += (chunk as Buffer).length;
          chunks.push(chunk as Buffer);
        }
        if (received !== contentLength) throw refuse('invalid');
        // One upload per URL: a file already there (a finished recording, say) is never replaced.
        await storage.put(key, Buffer.concat(chunks), contentType, { once: true });
        reply.code(201);
        return envelope.success({ key, contentType, size: received }, translateFor(req, StorageMessage.FILE_UPLOADED));
      },
    });
  });
}
