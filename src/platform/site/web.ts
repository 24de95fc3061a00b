import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { fromRoot } from '../root';

/** Where `npm run build:web` (run by `npm install`) puts the console and the pages for people. */
export const WEB_DIST = `${fromRoot('web', 'dist')}/`;

/**
 * What the pages may do: this origin's scripts, styles and fetches (the socket too), images from
 * here or data URLs. Nothing inline, no framing, no forms posted anywhere.
 */
export const WEB_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface WebFile {
  body: Buffer;
  type: string;
}

const NOT_BUILT = `<!doctype html><html lang="ko"><meta charset="utf-8"><title>빌드 필요</title>
<p>콘솔과 페이지가 아직 빌드되지 않았습니다. <code>npm install</code> 또는 <code>npm run build:web</code>을 실행한 뒤 서버를 다시 시작해 주세요.</p>
<p>The console and pages are not built yet: run <code>npm run build:web</code> and restart.</p></html>`;

/** Every file of the build, read once: a fixed list, so no path from a request ever reaches the disk. */
function readBuild(dir: string): Map<string, WebFile> | undefined {
  if (!existsSync(dir)) return undefined;
  const files = new Map<string, WebFile>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path).split('\\').join('/'), { body: readFileSync(path), type: TYPES[extname(entry.name)] ?? 'application/octet-stream' });
    }
  };
  walk(dir);
  return files;
}

const page = (reply: FastifyReply) =>
  reply
    .header('content-security-policy', WEB_PAGE_CSP)
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=()')
    .header('cache-control', 'no-cache');

/**
 * Serves the front-end build: its files under /web/ (hashed names, cached for good) and each page
 * at its path, e.g. `/console` → console.html. Without a build the pages say how to make one.
 */
export function registerWebPages(http: FastifyInstance, pages: Record<string, string>, dir = WEB_DIST): void {
  const build = readBuild(dir);
  http.get('/web/*', { schema: { hide: true } }, async (req, reply) => {
    const file = build?.get((req.params as { '*': string })['*']);
    if (!file || file.type.startsWith('text/html')) return reply.callNotFound();
    return reply.header('content-type', file.type).header('cache-control', 'public, max-age=31536000, immutable').send(file.body);
  });
  for (const [url, entry] of Object.entries(pages)) {
    const file = build?.get(`${entry}.html`);
    const handler = async (_req: unknown, reply: FastifyReply) =>
      file ? page(reply).type('text/html; charset=utf-8').send(file.body) : page(reply).code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    http.get(url, { schema: { hide: true } }, handler);
    // The pages route by their hash (#users); a trailing slash is the same page.
    http.get(`${url}/`, { schema: { hide: true } }, handler);
  }
}
