import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { hoistNamedSchemas, jsonSchema } from './openapi-schemas.ts';

// Ids of this file only: the registry is global to the test worker.
const Sub = z.object({ a: z.number().default(1) }).meta({ id: 'SchemasTestSub' });
const Top = z.object({ sub: Sub, list: z.array(Sub) });
const Plain = z.enum(['x', 'y']).meta({ id: 'SchemasTestPlain' });

describe('named schemas', () => {
  it('keeps the id for answers and names a different request shape {id}Input, refs included', () => {
    const output = jsonSchema(Top, 'output') as any;
    const input = jsonSchema(Top, 'input') as any;
    expect(Object.keys(output.$defs)).toEqual(['SchemasTestSub']);
    expect(output.properties.sub).toEqual({ $ref: '#/$defs/SchemasTestSub' });
    expect(Object.keys(input.$defs)).toEqual(['SchemasTestSubInput']);
    expect(input.properties.list.items).toEqual({ $ref: '#/$defs/SchemasTestSubInput' });
    expect(input.$defs.SchemasTestSubInput.required).toBeUndefined();
    // The same both ways: one name.
    expect(Object.keys((jsonSchema(z.object({ p: Plain }), 'input') as any).$defs)).toEqual(['SchemasTestPlain']);
  });

  it('moves every $defs into components.schemas and points the refs there', () => {
    const doc = hoistNamedSchemas({ a: jsonSchema(Top, 'output'), b: { deep: [jsonSchema(Top, 'input')] } }) as any;
    expect(Object.keys(doc.components.schemas)).toEqual(['SchemasTestSub', 'SchemasTestSubInput']);
    expect(doc.a.properties.sub).toEqual({ $ref: '#/components/schemas/SchemasTestSub' });
    expect(doc.b.deep[0].properties.sub).toEqual({ $ref: '#/components/schemas/SchemasTestSubInput' });
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  it('refuses two different shapes under one name', () => {
    const one = { $ref: '#/$defs/Same', $defs: { Same: { type: 'string' } } };
    const other = { $ref: '#/$defs/Same', $defs: { Same: { type: 'integer' } } };
    expect(() => hoistNamedSchemas({ one, other })).toThrow(/share the id Same/);
  });

  it('gives an enum-keyed record its properties', () => {
    const record = z.object({ r: z.record(z.enum(['x', 'y']), z.number()) });
    const doc = hoistNamedSchemas({ s: jsonSchema(record, 'output') }) as any;
    expect(doc.s.properties.r).toEqual({
      type: 'object',
      properties: { x: { type: 'number' }, y: { type: 'number' } },
      required: ['x', 'y'],
      additionalProperties: false,
    });
  });

  it('names each webhook payload after its operation', () => {
    const body = { content: { 'application/json': { schema: jsonSchema(Top, 'output') } } };
    const webhooks = { 'thing.happened': { post: { operationId: 'thingHappenedEvent', requestBody: body } } };
    const doc = hoistNamedSchemas({ webhooks }) as any;
    expect(body.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ThingHappenedEvent' });
    const payload = doc.components.schemas.ThingHappenedEvent;
    expect(payload.properties.sub).toEqual({ $ref: '#/components/schemas/SchemasTestSub' });
  });
});
