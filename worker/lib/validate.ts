import type { Context } from 'hono';
import type * as z from 'zod';
import { type IdKind, isId } from '../../shared/ids.ts';
import { ApiError } from '../errors/api-error.ts';
import { assertMediaType, readBody } from './request-body.ts';

function describeIssues(error: z.ZodError): ApiError {
  const [first, ...rest] = error.issues;
  const path = first?.path.map(String).join('.') ?? '';
  const where = path ? `${path}: ` : '';
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return new ApiError(
    'invalid_request_error',
    'invalid_request',
    `${where}${first?.message ?? 'Invalid request.'}${more}`,
    path ? { param: path } : {},
  );
}

/** The request body as JSON, validated by a shared schema; any problem is a 4xx naming it. */
export async function parseBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { textPlain?: boolean } = {},
): Promise<z.output<S>> {
  const text = await readBody(c);
  assertMediaType(c, text, options);
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError('invalid_request_error', 'invalid_json', 'The request body is not valid JSON.');
    }
  }
  const result = schema.safeParse(json);
  if (!result.success) throw describeIssues(result.error);
  return result.data;
}

export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw describeIssues(result.error);
  return result.data;
}

/** A path id of the given kind; anything else is simply not found (ids reveal nothing). */
export function pathId(c: Context, name: string, kind: IdKind): string {
  const value = c.req.param(name) ?? '';
  if (!isId(kind, value)) throw notFound(kind);
  return value;
}

export function notFound(what: string): ApiError {
  return new ApiError('not_found_error', 'resource_missing', `No such ${what.replace(/_/g, ' ')}.`);
}

export function cursor(kind: IdKind, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isId(kind, value))
    throw new ApiError('invalid_request_error', 'invalid_request', 'starting_after: Not a cursor from this list.', {
      param: 'starting_after',
    });
  return value;
}

/** Validates a value the API assembled (e.g. a merged PATCH) with the same messages as a body. */
export function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw describeIssues(result.error);
  return result.data;
}
