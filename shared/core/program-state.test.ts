import { describe, expect, it } from 'vitest';
import { programState } from './program-state.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('programState', () => {
  it('runs an active program between its dates, bounds as written', () => {
    expect(programState({ status: 'active', starts_at: null, ends_at: null }, NOW)).toBe('running');
    expect(programState({ status: 'active', starts_at: at(0), ends_at: at(1) }, NOW)).toBe('running');
    expect(programState({ status: 'active', starts_at: at(1), ends_at: null }, NOW)).toBe('not_started');
    expect(programState({ status: 'active', starts_at: null, ends_at: at(0) }, NOW)).toBe('ended');
    expect(programState({ status: 'active', starts_at: null, ends_at: at(-1) }, NOW)).toBe('ended');
  });

  it('puts an end date before the status, and the status before a start date', () => {
    expect(programState({ status: 'paused', starts_at: null, ends_at: at(-1) }, NOW)).toBe('ended');
    expect(programState({ status: 'draft', starts_at: null, ends_at: at(-1) }, NOW)).toBe('ended');
    expect(programState({ status: 'ended', starts_at: at(1), ends_at: null }, NOW)).toBe('ended');
    expect(programState({ status: 'paused', starts_at: at(1), ends_at: null }, NOW)).toBe('paused');
    expect(programState({ status: 'draft', starts_at: at(1), ends_at: null }, NOW)).toBe('draft');
  });
});
