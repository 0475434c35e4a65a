import { CROCKFORD, ID_PREFIXES, type IdKind } from '../../shared/ids.ts';
import { randomChars } from './crypto.ts';

const TIME_CHARS = 10;
const MAX_TIME = 32 ** TIME_CHARS - 1;

function timeChars(ms: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/** A new time-sortable id: 10 chars of milliseconds, then 16 random chars (80 bits). */
export function newId(kind: IdKind, now = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${timeChars(now)}${randomChars(CROCKFORD, 16)}`;
}

/**
 * The prefix every id minted at `ms` starts with, and so sorts at or before: a bound for
 * lexicographic range reads over id sets (ids of `ms` sort after it, earlier ids before it).
 * Times outside what 10 chars can hold are clamped: any date a client sends stays a valid bound.
 */
export function idTimeBound(kind: IdKind, ms: number): string {
  return `${ID_PREFIXES[kind]}_${timeChars(Math.min(Math.max(Math.floor(ms), 0), MAX_TIME))}`;
}

/** When an id was minted (ms): the time part of a time-sortable id; NaN when it is not one. */
export function idTime(id: string): number {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 1 + TIME_CHARS);
  if (body.length !== TIME_CHARS) return NaN;
  let ms = 0;
  for (const ch of body) {
    const v = CROCKFORD.indexOf(ch);
    if (v < 0) return NaN;
    ms = ms * 32 + v;
  }
  return ms;
}
