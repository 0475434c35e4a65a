import { useState } from 'preact/hooks';
import type { Advocate } from '../../../shared/schemas/advocate.ts';
import { type List, request } from '../../api.ts';

/** A program's advocates listed so far, page by page (100 a page), with the cursor to list more. */
export function useAdvocatePages(programId: string) {
  const [pages, setPages] = useState<{ items: Advocate[]; cursor: string | null; more: boolean }>({
    items: [],
    cursor: null,
    more: false,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** `max` pages on from the last one listed (from the first with `reset`), added to the list. */
  async function load(reset: boolean, max = 1) {
    setBusy(true);
    setError(null);
    try {
      let cursor = reset ? null : pages.cursor;
      for (let i = 0; i < max; i++) {
        const query = { limit: 100, starting_after: cursor ?? undefined };
        const page = await request<List<Advocate>>('GET', `/v1/programs/${programId}/advocates`, { query });
        const fresh = reset && i === 0;
        const next = { cursor: page.next_cursor, more: page.has_more };
        setPages((p) => ({ items: [...(fresh ? [] : p.items), ...page.data], ...next }));
        if (!page.has_more) break;
        cursor = page.next_cursor;
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { pages, busy, error, load };
}
