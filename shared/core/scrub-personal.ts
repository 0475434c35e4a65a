/**
 * Erasure of one person's fields from stored JSON whose shape the eraser does not own (webhook
 * envelopes, replayed API answers, integration log lines). Pure: the caller reads and writes.
 */

/** The person's identifying strings: their id (replaced by `marker`), email and name (replaced by null). */
export interface PersonalNeedles {
  externalId: string;
  emails: readonly string[];
  names: readonly string[];
  /** What stands for the person in the records kept (`erased_…`). */
  marker: string;
}

// Below this length a needle is replaced only as a whole value: an id like `42` inside a sentence
// or an amount is not the person, and replacing it there would corrupt records that are not theirs.
const MIN_SUBSTRING = 6;

interface Needle {
  text: string;
  by: string | null;
  /** Emails match whatever their case; ids and names exactly. */
  anyCase: boolean;
}

// Each needle also as it appears in a URL (an id in a path like /v1/customers/{id}, an email in a query).
const withEncoded = (x: Needle): Needle[] => {
  const encoded = encodeURIComponent(x.text);
  return encoded === x.text ? [x] : [x, { ...x, text: encoded }];
};

function needlesOf(n: PersonalNeedles): Needle[] {
  return [
    { text: n.externalId, by: n.marker, anyCase: false },
    ...n.emails.map((text) => ({ text, by: null, anyCase: true })),
    ...n.names.map((text) => ({ text, by: null, anyCase: false })),
  ]
    .filter((x) => x.text.length > 0)
    .flatMap(withEncoded);
}

const sameValue = (x: Needle, value: string) =>
  x.text === value || (x.anyCase && x.text.toLowerCase() === value.toLowerCase());

function cutOut(value: string, x: Needle, marker: string): string {
  if (x.text.length < MIN_SUBSTRING) return value;
  if (!x.anyCase) return value.split(x.text).join(marker);
  const lower = x.text.toLowerCase();
  let out = '';
  let from = 0;
  for (let at = value.toLowerCase().indexOf(lower); at >= 0; at = value.toLowerCase().indexOf(lower, from)) {
    out += value.slice(from, at) + marker;
    from = at + x.text.length;
  }
  return out + value.slice(from);
}

/**
 * The string with every needle removed: a whole-value match becomes its replacement, a long needle inside is cut out.
 */
export function scrubText(value: string, n: PersonalNeedles): string | null {
  const needles = needlesOf(n);
  const whole = needles.find((x) => sameValue(x, value));
  if (whole) return whole.by;
  return needles.reduce((out, x) => cutOut(out, x, n.marker), value);
}

/** A JSON value with every string scrubbed (objects and arrays walked; numbers, booleans, null kept). */
export function scrubJson(value: unknown, n: PersonalNeedles): unknown {
  if (typeof value === 'string') return scrubText(value, n);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, n));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, n)]));
  }
  return value;
}

/**
 * JSON text scrubbed as JSON (or as plain text when it is not JSON), or null when it holds nothing
 * of the person (so the caller writes nothing).
 */
export function scrubSerialized(text: string, n: PersonalNeedles): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const out = scrubText(text, n) ?? '';
    return out === text ? null : out;
  }
  const before = JSON.stringify(parsed);
  const after = JSON.stringify(scrubJson(parsed, n));
  return after === before ? null : after;
}
