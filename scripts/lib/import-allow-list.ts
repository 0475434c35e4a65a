/**
 * scripts/import-rules.json: the known violations issue 14 removes, so CI fails on a new one
 * while the old ones are worked off. Each list may only shrink.
 */
export interface AllowList {
  /** Path prefix of the storage layer: the only place allowed to use the Redis client. */
  storage: string;
  /** Each a sorted group of worker/ folders (or root files) importing each other in a circle. */
  folder_cycles: string[][];
  redis_outside_storage: string[];
}

type Figures = Pick<AllowList, 'folder_cycles' | 'redis_outside_storage'>;

interface Comparison {
  /** Present now, not allowed: a cycle that is new or grew, a file newly using Redis (or moved). */
  regressions: string[];
  /** Allowed, no longer present as listed: a cycle gone or shrunk, a file that stopped using Redis. */
  fixed: string[];
  /** The lists with the fixed entries out (cycles as they are now), for `--update`. */
  shrunk: Figures;
}

const isSubset = (small: string[], big: string[]) => small.every((x) => big.includes(x));

export function compareAllowed(allowed: Figures, now: Figures): Comparison {
  const key = (cycle: string[]) => cycle.join(' <-> ');
  const nowCycles = new Set(now.folder_cycles.map(key));
  const regressions = [
    ...now.folder_cycles
      .filter((c) => !allowed.folder_cycles.some((a) => isSubset(c, a)))
      .map((c) => `folder cycle ${key(c)}`),
    ...now.redis_outside_storage
      .filter((f) => !allowed.redis_outside_storage.includes(f))
      .map((f) => `${f} uses the Redis client`),
  ];
  const fixed = [
    ...allowed.folder_cycles.filter((c) => !nowCycles.has(key(c))).map((c) => `folder cycle ${key(c)}`),
    ...allowed.redis_outside_storage
      .filter((f) => !now.redis_outside_storage.includes(f))
      .map((f) => `${f} uses the Redis client`),
  ];
  const shrunk = {
    folder_cycles: now.folder_cycles.filter((c) => allowed.folder_cycles.some((a) => isSubset(c, a))),
    redis_outside_storage: allowed.redis_outside_storage.filter((f) => now.redis_outside_storage.includes(f)),
  };
  return { regressions, fixed, shrunk };
}

/** The list as Biome formats JSON (120 columns: a cycle on one line when it fits), so `--update` leaves no diff. */
export function formatAllowList(list: AllowList & Record<string, unknown>): string {
  const cycle = (c: string[]) => {
    const line = `    [${c.map((x) => JSON.stringify(x)).join(', ')}]`;
    return line.length <= 120 ? line : `    [\n${c.map((x) => `      ${JSON.stringify(x)}`).join(',\n')}\n    ]`;
  };
  const block = (lines: string[]) => (lines.length ? `[\n${lines.join(',\n')}\n  ]` : '[]');
  const file = (path: string) => `    ${JSON.stringify(path)}`;
  const fields = Object.entries(list).map(([name, value]) => {
    if (name === 'folder_cycles') return block(list.folder_cycles.map(cycle));
    if (name === 'redis_outside_storage') return block(list.redis_outside_storage.map(file));
    return JSON.stringify(value);
  });
  const lines = Object.keys(list).map((name, i) => `  ${JSON.stringify(name)}: ${fields[i]}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
