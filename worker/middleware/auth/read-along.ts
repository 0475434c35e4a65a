import type { Context } from 'hono';
import { parseCode } from '../../../shared/codes.ts';
import { isRewardCode } from '../../../shared/core/code-rules.ts';
import { readBody } from '../../lib/request-body.ts';
import type { CodeRecord } from '../../storage/advocates.ts';

/**
 * Checkout's first read, made in the authentication round trip: the code in the request body
 * (a global key, named without knowing the tenant), so redeeming or reporting a sale by code
 * costs one round trip less. Found only for a key of the code's own merchant and mode.
 */
export type ReadAlong = (c: Context) => Promise<string | null>;

const found = new WeakMap<Request, { code: string; record: CodeRecord | null }>();

/**
 * The body's referral `code`, normalised, when the body is JSON with one (a reward code is not read
 * here: it redeems apart). Never throws: a body that is too
 * large or not JSON fails later, in the route's own parse, with the error it has always given.
 */
export const bodyCode: ReadAlong = async (c) => {
  try {
    const body = JSON.parse(await readBody(c)) as { code?: unknown };
    const code = typeof body?.code === 'string' ? parseCode(body.code) : null;
    return code && !isRewardCode(code) ? code : null;
  } catch {
    return null;
  }
};

export function keepReadAlong(c: Context, code: string | null, record: CodeRecord | null): void {
  if (code) found.set(c.req.raw, { code, record });
}

/**
 * What authentication read for `code` (a record, or null: no such code of this tenant), or
 * undefined when it was not read along (then the caller reads it).
 */
export function codeReadAlong(c: Context, code: string | null): CodeRecord | null | undefined {
  const hit = found.get(c.req.raw);
  return hit && code !== null && hit.code === code ? hit.record : undefined;
}
