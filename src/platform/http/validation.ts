import type { FastifySchemaCompiler } from 'fastify';
import { z, type ZodType } from 'zod';
import { type FieldError } from './errors';
import { type Lang, hasMessage, translate } from './i18n';

const locales = { ko: z.locales.ko().localeError, en: z.locales.en().localeError };

/**
 * A request that failed its schema. It keeps the schema and the input so that the messages can
 * be written in the caller's language when the answer is made, not when the input is parsed.
 */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  validationContext?: string;

  constructor(
    private readonly schema: ZodType,
    private readonly input: unknown,
  ) {
    super('Request validation failed');
  }

  fieldErrors(lang: Lang): FieldError[] {
    const result = this.schema.safeParse(this.input, { error: locales[lang] });
    const issues = result.success ? [] : result.error.issues;
    const context = this.validationContext ?? 'body';
    return issues.map((issue) => ({
      field: issue.path.length ? issue.path.join('.') : context,
      // Messages written for our own rules are catalog keys; zod's own come in the asked language.
      message: hasMessage(issue.message) ? translate(lang, issue.message, issue as never) : issue.message,
    }));
  }
}

export const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(schema, data) };
  };

const optional = new WeakMap<object, boolean>();

/** Whether a route may be called without a body: it has no body schema, or its schema takes none. */
export function bodyIsOptional(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return true;
  let known = optional.get(schema);
  if (known === undefined) {
    known = typeof (schema as ZodType).safeParse === 'function' && (schema as ZodType).safeParse(undefined).success;
    optional.set(schema, known);
  }
  return known;
}
