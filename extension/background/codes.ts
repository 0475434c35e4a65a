import { Recognition } from '../../shared/schemas/extension.ts';
import { type Recognized, type SavedCode, savedCodesItem } from '../lib/storage.ts';
import { api } from './api.ts';
import { serialized } from './serialized.ts';

/**
 * Ask the Worker which candidates are Vouch codes or links. Only the candidate strings are sent
 * (never the page's address or text), and only after a user action (a scan or a save).
 */
export async function recognize(candidates: string[]): Promise<Map<string, Recognized | null>> {
  const unique = [...new Set(candidates.map((c) => c.trim()).filter((c) => c.length > 0 && c.length <= 2048))].slice(
    0,
    50,
  );
  const out = new Map<string, Recognized | null>();
  if (!unique.length) return out;
  const res = await api('/v1/extension/recognize', { method: 'POST', body: { candidates: unique } }, Recognition);
  for (const r of res.results) {
    out.set(
      r.candidate,
      r.recognized
        ? { code: r.code, merchant_name: r.merchant_name, program_name: r.program_name, referee_offer: r.referee_offer }
        : null,
    );
  }
  return out;
}

const sameCode = (a: SavedCode, kind: SavedCode['kind'], value: string): boolean =>
  a.kind === kind && (kind === 'code' ? a.value.toUpperCase() === value.toUpperCase() : a.value === value);

/**
 * Save a found code (deduplicated: saving it again updates it and moves it to the top). The code is
 * recognised through the Worker when it can be; offline it is saved unrecognised rather than lost.
 */
export async function saveCode(
  code: { kind: 'code' | 'link'; value: string; page_origin: string | null; context: string },
  now = Date.now(),
): Promise<SavedCode> {
  const value = code.value.trim();
  let recognized: Recognized | null = null;
  try {
    recognized = (await recognize([value])).get(value) ?? null;
  } catch {
    // Offline or rate limited: keep the code; it can be recognised on a later save.
  }
  return serialized(async () => {
    const saved = await savedCodesItem.getValue();
    const existing = saved.find((c) => sameCode(c, code.kind, value));
    const item: SavedCode = {
      id: existing?.id ?? crypto.randomUUID(),
      kind: code.kind,
      value,
      page_origin: code.page_origin,
      context: code.context.slice(0, 500),
      recognized: recognized ?? existing?.recognized ?? null,
      saved_at: now,
    };
    await savedCodesItem.setValue([item, ...saved.filter((c) => c !== existing)]);
    return item;
  });
}

export async function removeCode(id: string): Promise<void> {
  await serialized(async () => savedCodesItem.setValue((await savedCodesItem.getValue()).filter((c) => c.id !== id)));
}
