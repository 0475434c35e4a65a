/**
 * HGETALL answers as an object or as a flat [field, value, …] array depending on the client path
 * (single command vs pipeline, deserialisation off): one shape for every reader.
 */
export function hashFields(raw: unknown): Record<string, string> {
  if (!raw) return {};
  if (!Array.isArray(raw))
    return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i])] = String(raw[i + 1]);
  return out;
}
