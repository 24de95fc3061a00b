import { z } from 'zod';
import { notFound } from '../http/errors';
import { pageOf, pageQuery, paginated } from '../http/pagination';
import { defineMessages } from '../http/i18n';
import type { Router } from '../http/router';
import type { Jobs } from './jobs';

const Message = defineMessages({
  JOB_QUEUED: { ko: '작업을 대기열에 넣었습니다.', en: 'The job is queued.' },
  JOB_RETRIED: { ko: '작업을 다시 시도합니다.', en: 'The job will be tried again.' },
  JOB_NOT_FAILED: { ko: '다시 시도할 수 있는 실패한 작업이 아닙니다.', en: 'There is no failed job to try again.' },
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

const failedJob = z.object({
  name: z.string(),
  id: z.string(),
  retryCount: z.number(),
  createdOn: z.date(),
  startedOn: z.date().nullable(),
  failedOn: z.date().nullable(),
  output: z.unknown().describe('The error of the last try'),
  retryable: z.boolean().describe('Still in the queue (not archived): POST …/retry puts it back'),
});
const jobName = z.string().min(1).max(100);

/**
 * An ADMIN's view of the app's jobs: each kind with its counts by state and last runs, and
 * "run it now". Mounted by each app under its own API prefix.
 */
export function registerJobRoutes(router: Router, jobs: Jobs, prefix: string) {
  const tags = ['admin'];
  router.get(`${prefix}/admin/jobs`, { summary: '작업 목록 (Jobs, their states and last runs)', tags, auth: ['ADMIN'], response: z.array(summary) }, async () =>
    jobs.summary(),
  );
  router.post(
    `${prefix}/admin/jobs/:name/run`,
    {
      summary: '작업 즉시 실행 (Run a job now)',
      tags,
      auth: ['ADMIN'],
      params: z.object({ name: jobName }),
      response: z.object({ id: z.string(), name: z.string() }),
      status: 202,
      message: Message.JOB_QUEUED,
    },
    async (req) => {
      if (!jobs.has(req.params.name)) throw notFound();
      return { id: await jobs.runNow(req.params.name), name: req.params.name };
    },
  );
  router.get(
    `${prefix}/admin/jobs/failed`,
    {
      summary: '실패한 작업 (Jobs that failed their last try, newest first)',
      tags,
      auth: ['ADMIN'],
      query: pageQuery.extend({ name: jobName.optional() }),
      response: paginated(failedJob),
    },
    async (req) => {
      const { items, total } = await jobs.failed(req.query);
      return pageOf(items, req.query, total);
    },
  );
  router.post(
    `${prefix}/admin/jobs/:name/:id/retry`,
    {
      summary: '실패한 작업 재시도 (Try a failed job again)',
      tags,
      auth: ['ADMIN'],
      params: z.object({ name: jobName, id: z.uuid() }),
      response: z.object({ id: z.string(), name: z.string() }),
      status: 202,
      message: Message.JOB_RETRIED,
    },
    async (req) => {
      if (!jobs.has(req.params.name) || !(await jobs.retry(req.params.name, req.params.id))) throw notFound(Message.JOB_NOT_FAILED);
      return { id: req.params.id, name: req.params.name };
    },
  );
}
