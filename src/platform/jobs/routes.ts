import { z } from 'zod';
import { notFound } from '../http/errors';
import { defineMessages } from '../http/i18n';
import type { Router } from '../http/router';
import type { Jobs } from './jobs';

const Message = defineMessages({
  JOB_QUEUED: { ko: '작업을 대기열에 넣었습니다.', en: 'The job is queued.' },
});

const run = z.object({
  id: z.string(),
  state: z.string(),
  retryCount: z.number(),
  createdOn: z.date(),
  startedOn: z.date().nullable(),
  completedOn: z.date().nullable(),
  output: z.unknown(),
});
const summary = z.object({
  name: z.string(),
  description: z.string().nullable(),
  cron: z.string().nullable().describe('Cron expression in Asia/Seoul'),
  retryLimit: z.number(),
  counts: z.record(z.string(), z.number()).describe('Jobs by state: created, retry, active, completed, cancelled, failed'),
  lastRuns: z.array(run),
});

/**
 * An ADMIN's view of the app's jobs: each kind with its counts by state and last runs, and
 * "run it now". Mounted by each app under its own API prefix.
 */
export function registerJobRoutes(router: Router, jobs: Jobs, prefix: string) {
  const tags = ['admin'];
  router.get(`${prefix}/admin/jobs`, { summary: '작업 목록 (Jobs, their states and last runs)', tags, auth: ['ADMIN'], response: z.array(summary) }, async () => jobs.summary());
  router.post(
    `${prefix}/admin/jobs/:name/run`,
    {
      summary: '작업 즉시 실행 (Run a job now)',
      tags,
      auth: ['ADMIN'],
      params: z.object({ name: z.string().max(100) }),
      response: z.object({ id: z.string(), name: z.string() }),
      status: 202,
      message: Message.JOB_QUEUED,
    },
    async (req) => {
      if (!jobs.has(req.params.name)) throw notFound();
      return { id: await jobs.runNow(req.params.name), name: req.params.name };
    },
  );
}
