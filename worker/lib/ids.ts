import { CROCKFORD, ID_PREFIXES, type IdKind } from '../../shared/ids.ts';
import { randomChars } from './crypto.ts';

/** A new time-sortable id: 10 chars of milliseconds, then 16 random chars (80 bits). */
export function newId(kind: IdKind, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${ID_PREFIXES[kind]}_${time}${randomChars(CROCKFORD, 16)}`;
}
