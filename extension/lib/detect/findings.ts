export interface Finding {
  kind: 'code' | 'link';
  value: string;
  /** About 80 characters of visible text around the finding. */
  context: string;
  /** 0-1: how sure the detector is. Only findings at or above REPORT_AT are returned. */
  score: number;
  /** A Vouch link: /r/{code} on one of the Vouch origins passed in. */
  vouch: boolean;
}

export const REPORT_AT = 0.5;

/** Keeps the best-scored finding per value (codes compared case-insensitively, as the Worker does). */
export class Findings {
  readonly #byKey = new Map<string, Finding>();

  add(finding: Finding): void {
    if (finding.score < REPORT_AT) return;
    const key = `${finding.kind}\u0000${finding.kind === 'code' ? finding.value.toUpperCase() : finding.value}`;
    const seen = this.#byKey.get(key);
    if (!seen || seen.score < finding.score)
      this.#byKey.set(key, { ...finding, score: Math.min(1, Math.round(finding.score * 100) / 100) });
  }

  sorted(): Finding[] {
    return [...this.#byKey.values()].sort((a, b) => b.score - a.score || a.value.localeCompare(b.value));
  }
}
