import { describe, expect, it } from 'vitest';
import { rewriteShebang, ScriptRegistry, sha1 } from './lua-scripts.ts';

describe('rewriteShebang', () => {
  it('drops flags Redis 7.0 does not know, keeping the line so line numbers stay right', () => {
    expect(rewriteShebang('#!lua flags=allow-key-locking\nreturn 1')).toBe('#!lua\nreturn 1');
    expect(rewriteShebang('#!lua flags=allow-key-locking,no-writes\nreturn 1')).toBe('#!lua flags=no-writes\nreturn 1');
  });

  it('leaves scripts Redis accepts untouched', () => {
    for (const script of [
      'return 1',
      '#!lua\nreturn 1',
      '#!lua flags=no-writes\nreturn 1',
      '-- #!lua flags=allow-key-locking\nreturn 1',
    ]) {
      expect(rewriteShebang(script)).toBe(script);
    }
  });
});

describe('ScriptRegistry', () => {
  it('maps the digest of the text the client sent to the digest Redis knows', () => {
    const registry = new ScriptRegistry(false);
    const original = '#!lua flags=allow-key-locking\nreturn 1';
    const { clientDigest, serverDigest, script } = registry.register(original);
    expect(clientDigest).toBe(sha1(original));
    expect(serverDigest).toBe(sha1('#!lua\nreturn 1'));
    expect(script).toBe('#!lua\nreturn 1');
    expect(registry.serverDigest(clientDigest.toUpperCase())).toBe(serverDigest);
    expect(registry.serverDigest('f'.repeat(40))).toBe('f'.repeat(40));
  });

  it('keeps bodies only when emulating a script cache', () => {
    const real = new ScriptRegistry(false);
    const emulated = new ScriptRegistry(true);
    const { clientDigest } = real.register('return 2');
    emulated.register('return 2');
    expect(real.body(clientDigest)).toBeUndefined();
    expect(emulated.body(clientDigest)).toBe('return 2');
    emulated.flush();
    expect(emulated.has(clientDigest)).toBe(false);
  });
});
