import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Router } from '../http/router';
import { fromRoot } from '../root';
import { renderLanding } from './landing';
import { type SiteStatus, siteInfoSchema } from './status';
import { WEB_PAGE_CSP, registerWebPages } from './web';

export { type SiteSpec, type SitePage, SiteStatus, PLATFORM_SECTIONS } from './status';

const LANDING_CSS = readFileSync(fromRoot('src', 'platform', 'site', 'landing.css'), 'utf8');

/**
 * What a person sees of an app: the landing page at `/` and its status as JSON at `/status`
 * (both public: drivers and counts, never hosts or keys), the operator console at `/console`,
 * and the app's page for people at `/app` when it has one.
 */
export function registerSite(http: FastifyInstance, router: Router, status: SiteStatus, webApp?: string) {
  router.get(
    '/status',
    {
      summary: '앱 소개와 현재 상태 (What the app is and how it runs now)',
      description: 'Drivers, whether the database and cache answer, job and socket counts, the pages and the console sections. No secrets, hosts or addresses.',
      tags: ['site'],
      response: siteInfoSchema,
    },
    async () => status.info(),
  );
  http.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('content-security-policy', WEB_PAGE_CSP)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(renderLanding(await status.info())),
  );
  http.get('/landing.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'no-cache').type('text/css; charset=utf-8').send(LANDING_CSS),
  );
  registerWebPages(http, { '/console': 'console', ...(webApp && { '/app': webApp }) });
}
