import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from './errors';
import { FieldMessage } from './fields';
import { defineMessages } from './i18n';

export const InputMessage = defineMessages({
  INPUT_TOO_DEEP: { ko: '입력값의 중첩이 너무 깊습니다. (최대 {max}단계)', en: 'The input is nested too deeply (at most {max} levels).' },
});

/** Deeper than any document's body needs; deep enough to crash a recursive serializer it is not. */
export const MAX_INPUT_DEPTH = 32;

export interface UnsafeInput {
  /** Where, as validation errors name fields: "metadata.note", "q"; the part itself ("body") for the whole value. */
  field: string;
  kind: 'nul' | 'depth';
}

export interface InputInspection {
  problem?: UnsafeInput;
  /** About the size of the value as JSON, in bytes. */
  bytes: number;
}

/**
 * Walks a value a client sent (iteratively: a value nested a million levels deep is just a long
 * loop) and finds the first NUL character in a string or key, which PostgreSQL cannot store, or a
 * nesting deeper than `maxDepth`, which would overflow the stack of whatever serialises it next
 * (the logger, a jsonb column). It also adds up the value's size as JSON, near enough.
 */
export function inspectInput(value: unknown, part: string, maxDepth = MAX_INPUT_DEPTH): InputInspection {
  let bytes = 0;
  const stack: Array<[unknown, string, number]> = [[value, '', 0]];
  while (stack.length) {
    const [item, at, depth] = stack.pop()!;
    const path = at || part;
    if (typeof item === 'string') {
      bytes += Buffer.byteLength(item) + 2;
      if (item.includes('\0')) return { problem: { field: path, kind: 'nul' }, bytes };
      continue;
    }
    if (item === null || typeof item !== 'object') {
      bytes += 8;
      continue;
    }
    if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) {
      bytes += item.byteLength;
      continue;
    }
    if (depth >= maxDepth) return { problem: { field: path, kind: 'depth' }, bytes };
    for (const [key, child] of Object.entries(item)) {
      bytes += Buffer.byteLength(key) + 4;
      if (key.includes('\0')) return { problem: { field: path, kind: 'nul' }, bytes };
      stack.push([child, at ? `${at}.${key}` : key, depth + 1]);
    }
  }
  return { bytes };
}

/** The 400 a request or socket event gets for what inspectInput found. */
export function unsafeInputError(problem: UnsafeInput): AppError {
  if (problem.kind === 'depth') return new AppError(400, InputMessage.INPUT_TOO_DEEP, { max: MAX_INPUT_DEPTH });
  return new AppError(400, ErrorCode.VALIDATION_ERROR, undefined, [{ field: problem.field, message: FieldMessage.CONTROL_CHARACTERS }]);
}

/**
 * One rule for every route of every app: a NUL byte anywhere in the path, query or body, or a
 * body nested deeper than MAX_INPUT_DEPTH, is a 400 in the app's envelope before any route sees it.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [part, value] of [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      const { problem } = inspectInput(value, part);
      if (problem) throw unsafeInputError(problem);
    }
  });
}
