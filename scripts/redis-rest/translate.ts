import type { RawReply } from './backend.ts';
import { RedisReplyError } from './backend.ts';
import type { ScriptRegistry } from './lua-scripts.ts';

/**
 * One client command becomes exactly one backend command (so pipelines and transactions stay
 * one-to-one), plus an optional mapping of its reply. Only script commands are rewritten.
 */
export interface Translated {
  args: string[];
  mapReply?: (reply: RawReply) => RawReply;
}

export function translateCommand(input: string[], scripts: ScriptRegistry, emulateScripts: boolean): Translated {
  const name = (input[0] ?? '').toUpperCase();
  const args = [name, ...input.slice(1)];

  if ((name === 'EVAL' || name === 'EVAL_RO') && args.length >= 2) {
    const { script } = scripts.register(args[1]!);
    return { args: ['EVAL', script, ...args.slice(2)] };
  }

  if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && args.length >= 2) {
    const digest = args[1]!;
    if (!emulateScripts) return { args: ['EVALSHA', scripts.serverDigest(digest), ...args.slice(2)] };
    const body = scripts.body(digest);
    if (body === undefined) throw new RedisReplyError('NOSCRIPT No matching script. Please use EVAL.');
    return { args: ['EVAL', body, ...args.slice(2)] };
  }

  if (name === 'SCRIPT' && args.length >= 2) {
    const sub = args[1]!.toUpperCase();
    if (sub === 'LOAD' && args.length === 3) {
      const { script, clientDigest } = scripts.register(args[2]!);
      // The client computed its digest over the text it sent; answer with that one.
      if (emulateScripts) return { args: ['ECHO', clientDigest] };
      return { args: ['SCRIPT', 'LOAD', script], mapReply: () => clientDigest };
    }
    if (sub === 'EXISTS') {
      const digests = args.slice(2);
      if (emulateScripts) {
        const flags = digests.map((d) => (scripts.has(d) ? 1 : 0));
        return { args: ['EVAL', `return {${flags.join(',')}}`, '0'] };
      }
      return { args: ['SCRIPT', 'EXISTS', ...digests.map((d) => scripts.serverDigest(d))] };
    }
    if (sub === 'FLUSH') {
      scripts.flush();
      if (emulateScripts) return { args: ['ECHO', 'OK'] };
    }
  }

  return { args };
}
