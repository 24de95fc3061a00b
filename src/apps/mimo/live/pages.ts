import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { fromRoot } from '../../../platform/root';

/**
 * What the pages may do: scripts from here only (theirs and the Socket.IO client the gateway
 * serves at /socket.io/socket.io.js), fetches and the socket to here, the QR code as a data URL,
 * and video from the camera. Nothing inline, no framing, no forms posted anywhere.
 */
export const LIVE_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const;

const read = (name: string) => readFileSync(fromRoot('src', 'apps', 'mimo', 'live', 'pages', name), 'utf8');

/** The pages by URL, read once: a fixed list, so no path from a request ever reaches the disk. */
const PAGES: Record<string, { file: string; type: keyof typeof TYPES }> = {
  '/live/camera': { file: 'camera.html', type: 'html' },
  '/live/viewer': { file: 'viewer.html', type: 'html' },
  '/live/assets/live.js': { file: 'live.js', type: 'js' },
  '/live/assets/camera.js': { file: 'camera.js', type: 'js' },
  '/live/assets/viewer.js': { file: 'viewer.js', type: 'js' },
  '/live/assets/live.css': { file: 'live.css', type: 'css' },
};

/** The camera page (a phone left at home publishes its camera) and the viewer page (pair by PIN, watch). */
export function livePages(http: FastifyInstance): void {
  for (const [url, { file, type }] of Object.entries(PAGES)) {
    const body = read(file);
    http.get(url, { schema: { hide: true } }, async (_req, reply) =>
      reply
        .header('content-type', TYPES[type])
        .header('content-security-policy', LIVE_PAGE_CSP)
        // The camera page needs the camera; nothing else on it does.
        .header('permissions-policy', 'camera=(self), microphone=(self), geolocation=()')
        .header('cache-control', 'no-cache')
        .send(body),
    );
  }
}
