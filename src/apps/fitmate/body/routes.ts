import { z } from 'zod';
import { paginated } from '../../../platform/http/pagination';
import type { Router } from '../../../platform/http/router';
import { BodyMessage as Message } from './messages';
import { bodyRecordBody, bodyRecordSchema, bodyRecordUpdate, listQuery, recordParams, userParams } from './schemas';
import type { BodyRecords } from './service';

/** Document 000's /api/users/{userId}/body-records. */
export function bodyRoutes(router: Router, { bodyRecords: service }: { bodyRecords: BodyRecords }): void {
  const tags = ['body records'];
  const path = '/api/users/:userId/body-records';

  router.get(
    path,
    { summary: '신체 기록 조회 (Body records)', tags, auth: true, params: userParams, query: listQuery, response: paginated(bodyRecordSchema) },
    async (req) => {
      await service.check(req.principal, req.params.userId, false);
      return service.list(req.params.userId, req.query);
    },
  );
  router.post(
    path,
    {
      summary: '신체 기록 추가 (Add a body record)',
      tags,
      auth: true,
      params: userParams,
      body: bodyRecordBody,
      response: bodyRecordSchema,
      status: 201,
      message: Message.BODY_RECORD_SAVED,
    },
    async (req) => {
      await service.check(req.principal, req.params.userId, true);
      return service.create(req.params.userId, req.body);
    },
  );
  router.put(
    `${path}/:id`,
    {
      summary: '신체 기록 수정 (Update a body record)',
      tags,
      auth: true,
      params: recordParams,
      body: bodyRecordUpdate,
      response: bodyRecordSchema,
      message: Message.BODY_RECORD_UPDATED,
    },
    async (req) => {
      await service.check(req.principal, req.params.userId, true);
      return service.update(req.params.userId, req.params.id, req.body);
    },
  );
  router.delete(
    `${path}/:id`,
    { summary: '신체 기록 삭제 (Delete a body record)', tags, auth: true, params: recordParams, response: z.null(), message: Message.BODY_RECORD_DELETED },
    async (req) => {
      await service.check(req.principal, req.params.userId, true);
      await service.delete(req.params.userId, req.params.id);
      return null;
    },
  );
}
