/** Field-level messages from the shared zod schemas (client side) and from the API's 4xx answers. */
export interface Issue {
  path: PropertyKey[];
  message: string;
}

/** `referee_offer.value`, `reward_tiers.0.label`: the form's field names are these paths. */
function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * One message per field (the first issue wins, as the API reports only its first). Issues without
 * a path belong to the whole form (`''`).
 */
export function issuesToFields(issues: readonly Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = pathKey(issue.path);
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export interface ApiErrorBody {
  error?: { type?: string; code?: string; message?: string; param?: string };
}

/**
 * The API's own refusal on the field it names (`param`), its message as written (the API strips
 * `param: ` itself only for the first issue, so a leading `{param}: ` is dropped here).
 */
export function apiErrorToFields(body: ApiErrorBody | null | undefined, fallback: string): Record<string, string> {
  const err = body?.error;
  if (!err?.message) return { '': fallback };
  const param = err.param ?? '';
  const message = param && err.message.startsWith(`${param}: `) ? err.message.slice(param.length + 2) : err.message;
  return { [param]: message };
}
