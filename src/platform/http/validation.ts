import type { FastifySchemaCompiler } from 'fastify';
import { z, type ZodType } from 'zod';
import { type FieldError } from './errors';
import { type Lang, type MessageCatalog, defineMessages } from './i18n';

const ValidationMessage = defineMessages({
  UNKNOWN_FIELD: { ko: '알 수 없는 항목입니다. 보낼 수 있는 항목만 보내 주세요.', en: 'Unknown field: send only the fields this route takes.' },
});

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

  /** Every field's problem in the language asked for, in the words of the app's catalog. */
  fieldErrors(lang: Lang, messages: MessageCatalog): FieldError[] {
    const result = this.schema.safeParse(this.input, { error: locales[lang] });
    const issues = result.success ? [] : result.error.issues;
    const context = this.validationContext ?? 'body';
    const fieldOf = (path: PropertyKey[]) => (path.length ? path.join('.') : context);
    return issues.flatMap((issue) =>
      // Each key a strict object does not take is named on its own, as a field of its own.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message: messages.translate(lang, ValidationMessage.UNKNOWN_FIELD) }))
        : [
            {
              field: fieldOf(issue.path),
              // Messages written for our own rules are catalog keys; zod's own come in the asked language.
              message: messages.has(issue.message) ? messages.translate(lang, issue.message, issue as never) : issue.message,
            },
          ],
    );
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
