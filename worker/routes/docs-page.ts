/**
 * The /docs page: the OpenAPI document as one readable HTML page (fields as tables, named shapes
 * inlined). Rendered at build time by scripts/build-api-docs.ts, never in the Worker, which serves
 * the built page (worker/routes/docs.ts).
 */
import type { buildOpenApi } from '../../shared/api/openapi.ts';
import { FAVICON_PATH } from '../lib/favicon-path.ts';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  additionalProperties?: Schema | boolean;
};

const esc = (v: unknown) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function typeOf(s: Schema): string {
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`;
  if (s.enum) return s.enum.map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  if (s.type === 'array' && s.items) return `array of ${typeOf(s.items)}`;
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  return esc(s.format ? `${type} (${s.format})` : type);
}

function constraints(s: Schema): string {
  const out: string[] = [];
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) out.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  if (s.default !== undefined) out.push(`default <code>${esc(JSON.stringify(s.default))}</code>`);
  return out.join(', ');
}

/** Rows for an object's fields, nested objects flattened with dotted names (a few levels deep). */
function rows(s: Schema, prefix = '', depth = 0): string {
  const variants = s.anyOf ?? s.oneOf;
  if (variants && depth < 3)
    return variants
      .map(
        (v, i) =>
          `<tr class="variant"><td colspan="4">${prefix || 'body'} — variant ${i + 1}</td></tr>` +
          rows(v, prefix, depth + 1),
      )
      .join('');
  if (!s.properties) return '';
  return Object.entries(s.properties)
    .map(([name, field]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      const nested =
        depth < 3 && (field.properties || field.anyOf?.some((v) => v.properties) || field.oneOf)
          ? rows(field, path, depth + 1)
          : '';
      const required = s.required?.includes(name) ? 'required' : '';
      return (
        `<tr><td><code>${esc(path)}</code></td><td>${typeOf(field)}</td><td>${required}</td>` +
        `<td>${esc(field.description ?? '')} ${constraints(field)}</td></tr>${nested}`
      );
    })
    .join('');
}

function table(s: Schema): string {
  const body = rows(s);
  return body
    ? `<table><thead><tr><th>Field</th><th>Type</th><th></th><th>Notes</th></tr></thead><tbody>${body}</tbody></table>`
    : '';
}

const CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:980px;margin:0 auto;padding:24px;color:#1a1a2e}
h1{margin-bottom:0}code{font:14px ui-monospace,monospace;background:#f2f1f8;padding:1px 4px;border-radius:4px}
section.op{border-top:1px solid #ddd;padding:12px 0}\
.method{font:700 13px ui-monospace,monospace;text-transform:uppercase;\
padding:2px 8px;border-radius:4px;background:#5b3df5;color:#fff;margin-right:8px}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}\
th,td{text-align:left;border-bottom:1px solid #eee;padding:4px 6px;vertical-align:top}
tr.variant td{background:#faf9ff;font-style:italic}nav a{margin-right:12px}
@media (prefers-color-scheme:dark){body{background:#16161d;color:#eee}code{background:#2a2a38}\
tr.variant td{background:#202030}th,td{border-color:#333}}`;

/** A JSON answer's fields as a table; any other media type (a CSV download) by its type and description. */
function media(content: Record<string, { schema: Schema }> | undefined): string {
  const [type, body] = Object.entries(content ?? {})[0] ?? [];
  if (!type || !body) return '';
  return type === 'application/json'
    ? table(body.schema)
    : `<p><code>${esc(type)}</code> ${esc(body.schema.description ?? '')}</p>`;
}

const NAMED = '#/components/schemas/';

/**
 * A copy of `value` with the document's `$ref`s replaced by what they point to (named schemas,
 * shared headers and parameters), so the tables show fields; a schema inside itself stays a ref.
 */
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as untyped JSON
function inlineRefs(value: unknown, doc: Record<string, any>, within: ReadonlySet<string> = new Set()): any {
  if (Array.isArray(value)) return value.map((v) => inlineRefs(v, doc, within));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/') && !within.has(ref)) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    const name = ref.startsWith(NAMED) ? { title: ref.slice(NAMED.length) } : {};
    return target === undefined ? value : { ...name, ...inlineRefs(target, doc, new Set([...within, ref])) };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlineRefs(v, doc, within)]));
}

type Answer = {
  description: string;
  headers?: Record<string, { description?: string }>;
  content?: Record<string, { schema: Schema }>;
};

/** A redirect's headers (its Location is the point of it). */
function headerList(r: Answer): string {
  const rows = Object.entries(r.headers ?? {}).map(
    ([name, h]) => `<tr><td><code>${esc(name)}</code></td><td>${esc(h.description ?? '')}</td></tr>`,
  );
  return rows.length ? `<table><tbody>${rows.join('')}</tbody></table>` : '';
}

/** A successful answer: its fields, and a redirect's headers. */
function answer(status: string, r: Answer): string {
  const headers = Number(status) >= 300 ? headerList(r) : '';
  return `<h4>${esc(status)} ${esc(r.description)}</h4>${media(r.content)}${headers}`;
}

export function renderDocs(doc: ReturnType<typeof buildOpenApi>): string {
  // biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as untyped JSON
  const paths = inlineRefs(doc.paths, doc) as Record<string, Record<string, Record<string, any>>>;
  const ops = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(ops.map((o) => o.op.tags[0] as string))];
  const info = doc.info as { title: string; version: string; description: string };
  const tagText = new Map((doc.tags as { name: string; description: string }[]).map((t) => [t.name, t.description]));
  const opsOf = (tag: string) =>
    ops
      .filter((o) => o.op.tags[0] === tag)
      .map(section)
      .join('');
  const section = (o: (typeof ops)[number]) => {
    const params = (o.op.parameters ?? []) as { name: string; in: string; required: boolean; description?: string }[];
    const success = Object.entries(o.op.responses as Record<string, Answer>);
    const ok = success.filter(([s]) => Number(s) < 400);
    const errors = success.filter(([s]) => Number(s) >= 400);
    const auth = (o.op.security as Record<string, unknown>[]).map((s) => Object.keys(s)[0]).join(' or ') || 'none';
    const paramRows = params
      .map(
        (p) =>
          `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'required' : ''}</td>` +
          `<td>${esc(p.description ?? '')}</td></tr>`,
      )
      .join('');
    const errorItems = errors.map(([s, r]) => `<li><code>${esc(s)}</code> ${esc(r.description)}</li>`).join('');
    return `<section class="op" id="${esc(o.op.operationId)}">
<h3><span class="method">${esc(o.method)}</span><code>${esc(o.path)}</code></h3>
<p><strong>${esc(o.op.summary)}</strong>${o.op.description ? ` — ${esc(o.op.description)}` : ''}</p>
<p>Auth: <code>${esc(auth)}</code></p>
${params.length ? `<h4>Parameters</h4><table><tbody>${paramRows}</tbody></table>` : ''}
${o.op.requestBody ? `<h4>Request body</h4>${table(o.op.requestBody.content['application/json'].schema)}` : ''}
${ok.map(([status, r]) => answer(status, r)).join('')}
${errors.length ? `<h4>Errors</h4><ul>${errorItems}</ul>` : ''}
</section>`;
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">\
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title>
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml"><style>${CSS}</style></head><body>
<h1>${esc(info.title)}</h1><p>Version ${esc(info.version)} · <a href="/v1/openapi.json">openapi.json</a></p>\
<p>${esc(info.description)}</p>
<nav>${tags.map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join('')}</nav>
${tags.map((t) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2><p>${esc(tagText.get(t) ?? '')}</p>${opsOf(t)}`).join('')}
</body></html>`;
}
