import * as z from 'zod';

type Json = Record<string, unknown>;
export type Io = 'input' | 'output';

const DEFS = '#/$defs/';
const COMPONENTS = '#/components/schemas/';

function convert(s: z.ZodType, io: Io): Json {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

/** Every `$ref` inside `value` passed through `rename`, in place. */
function renameRefs(value: unknown, rename: (ref: string) => string): void {
  if (Array.isArray(value)) {
    for (const v of value) renameRefs(v, rename);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Json;
  if (typeof node.$ref === 'string') node.$ref = rename(node.$ref);
  for (const child of Object.values(node)) renameRefs(child, rename);
}

// A named schema reads the same as input and output only when nothing in it has a default, a
// transform or an object (zod closes output objects with `additionalProperties: false`).
const sameBothWays = new Map<string, boolean>();
function readsTheSameBothWays(id: string): boolean {
  let same = sameBothWays.get(id);
  if (same === undefined) {
    const named = z.globalRegistry._idmap.get(id);
    const shape = (io: Io) => JSON.stringify(convert(named as z.ZodType, io));
    same = !named || shape('input') === shape('output');
    sameBothWays.set(id, same);
  }
  return same;
}

/**
 * A shared schema as JSON Schema. Schemas named with `.meta({ id })` land in `$defs` under their
 * id; in request bodies and queries a named schema whose input shape differs (defaults, open
 * objects) is called `{id}Input`, so `Program` is always the answer's shape and never a mix.
 * `hoistNamedSchemas` then moves every `$defs` into `components.schemas`.
 */
export function jsonSchema(s: z.ZodType, io: Io): Json {
  // The same schema recurs (the error envelope in every error answer): convert once, hand out copies.
  const memo = io === 'input' ? inputs : outputs;
  let out = memo.get(s);
  if (!out) {
    out = named(s, io);
    memo.set(s, out);
  }
  return structuredClone(out);
}

const inputs = new WeakMap<z.ZodType, Json>();
const outputs = new WeakMap<z.ZodType, Json>();

function named(s: z.ZodType, io: Io): Json {
  const out = convert(s, io);
  const defs = out.$defs as Record<string, Json> | undefined;
  if (io === 'output' || !defs) return out;
  const names = new Map(Object.keys(defs).map((id) => [id, readsTheSameBothWays(id) ? id : `${id}Input`]));
  out.$defs = Object.fromEntries(Object.entries(defs).map(([id, def]) => [names.get(id)!, def]));
  renameRefs(out, (ref) => {
    const id = ref.startsWith(DEFS) ? ref.slice(DEFS.length) : null;
    return id === null ? ref : `${DEFS}${names.get(id) ?? id}`;
  });
  return out;
}

/**
 * `z.record(z.enum([...]), v)` converts to an object that requires every key but lists no
 * `properties` (OpenAPI linters warn, generated clients lose the keys): give each key its schema.
 */
function closeEnumRecord(node: Json): void {
  const keys = (node.propertyNames as Json | undefined)?.enum;
  const value = node.additionalProperties;
  if (node.properties || !Array.isArray(keys) || !value || typeof value !== 'object') return;
  node.properties = Object.fromEntries(keys.map((k) => [String(k), structuredClone(value)]));
  node.additionalProperties = false;
  delete node.propertyNames;
}

function collectDefs(value: unknown, found: Map<string, Json>, problems: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collectDefs(v, found, problems);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Json;
  const defs = node.$defs as Record<string, Json> | undefined;
  delete node.$defs;
  closeEnumRecord(node);
  for (const [name, def] of Object.entries(defs ?? {})) {
    collectDefs(def, found, problems);
    const before = found.get(name);
    if (before && JSON.stringify(before) !== JSON.stringify(def)) problems.push(name);
    found.set(name, def);
  }
  for (const child of Object.values(node)) collectDefs(child, found, problems);
}

/**
 * Each webhook's payload becomes a named schema called after its operation (`rewardAdjustedEvent`
 * → `RewardAdjustedEvent`), so a generated client has one type per event to check a delivery with.
 */
function nameWebhookPayloads(webhooks: Record<string, Record<string, Json>> | undefined): void {
  for (const op of Object.values(webhooks ?? {}).flatMap((item) => Object.values(item))) {
    const body = op.requestBody as { content?: Record<string, { schema?: Json }> } | undefined;
    const media = body?.content?.['application/json'];
    const id = op.operationId;
    if (!media?.schema || typeof id !== 'string' || media.schema.$ref) continue;
    const { $defs, ...payload } = media.schema;
    const name = id.charAt(0).toUpperCase() + id.slice(1);
    media.schema = { $ref: `${DEFS}${name}`, $defs: { ...($defs as Json | undefined), [name]: payload } };
  }
}

/**
 * Moves every `$defs` entry in the document (paths, webhooks, components) into
 * `components.schemas` and points the refs there, so each named shape is one component a
 * generated client turns into one type. Two different shapes under one name are a bug: thrown.
 */
export function hoistNamedSchemas(doc: Json): Json {
  nameWebhookPayloads(doc.webhooks as Record<string, Record<string, Json>> | undefined);
  const found = new Map<string, Json>();
  const problems: string[] = [];
  collectDefs(doc, found, problems);
  if (problems.length) throw new Error(`OpenAPI: different schemas share the id ${[...new Set(problems)].join(', ')}`);
  doc.components ??= {};
  const components = doc.components as Json;
  components.schemas ??= {};
  const schemas = components.schemas as Record<string, Json>;
  for (const [name, def] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    if (schemas[name] && JSON.stringify(schemas[name]) !== JSON.stringify(def)) {
      throw new Error(`OpenAPI: component ${name} defined twice`);
    }
    schemas[name] = def;
  }
  renameRefs(doc, (ref) => (ref.startsWith(DEFS) ? `${COMPONENTS}${ref.slice(DEFS.length)}` : ref));
  return doc;
}
