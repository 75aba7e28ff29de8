// Whole requests for one operation of the OpenAPI document: path, query, headers and body, each fitting, wrong or nasty.
import fc from 'fast-check'
import {
  fitting,
  mutate,
  mutation,
  nasty,
  type Document,
  type Operation,
  type Parameter,
  type Schema,
} from './generate.js'

export interface FuzzRequest {
  operation: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

export interface Keys {
  admin: string
  read: string
}

/** Real ids by the first segment after /v1/, so some requests reach existing records. */
export type IdPool = Record<string, string[]>

const SURROGATE = /[\uD800-\uDFFF]/

/** Text as it would sit in a URL; lone surrogates cannot be percent-encoded, so they go as the bytes a client would send. */
function urlText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  if (SURROGATE.test(text)) return '%ED%A0%80'
  return encodeURIComponent(text.length > 3000 ? text.slice(0, 3000) : text)
}

function pathArb(path: string, params: Parameter[], pool: IdPool, doc: Document): fc.Arbitrary<string> {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  if (names.length === 0) return fc.constant(path)
  const resource = /^\/v1\/([^/]+)/.exec(path)?.[1] ?? ''
  const values = names.map((name) => {
    const schema = params.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' }
    const real = pool[name === 'id' ? resource : name] ?? []
    return fc.oneof(
      ...(real.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...real) }] : []),
      { weight: 2, arbitrary: fitting(doc, schema).map(urlText) },
      { weight: 2, arbitrary: nasty.map(urlText) },
      { weight: 1, arbitrary: fc.constantFrom('%ZZ', 'a'.repeat(300), '%00', '..', '%2F') },
    )
  })
  return fc.tuple(...values).map((parts) => {
    let i = 0
    return path.replace(/\{\w+\}/g, () => parts[i++]!)
  })
}

function queryArb(params: Parameter[], doc: Document): fc.Arbitrary<string> {
  const query = params.filter((p) => p.in === 'query')
  const pairs = query.map((p) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 4, arbitrary: fitting(doc, p.schema).map((v) => `${p.name}=${urlText(v)}`) },
      { weight: 2, arbitrary: nasty.map((v) => `${p.name}=${urlText(v)}`) },
      { weight: 1, arbitrary: fc.constant(`${p.name}=1&${p.name}=2`) },
    ),
  )
  const extra = fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('unknown=1', 'x=%ZZ', 'x=%00', 'x=%ED%A0%80', 'api_key=secret', '&&=') },
  )
  return fc.tuple(fc.tuple(...pairs), extra).map(([chosen, more]) => {
    const parts = [...chosen, more].filter((p): p is string => p !== undefined)
    return parts.length === 0 ? '' : `?${parts.join('&')}`
  })
}

function headersArb(operation: Operation, keys: Keys): fc.Arbitrary<Record<string, string>> {
  const has = (name: string) => (operation.parameters ?? []).some((p) => p.in === 'header' && p.name === name)
  const auth = fc.oneof(
    { weight: 30, arbitrary: fc.constant(`Bearer ${keys.admin}`) },
    { weight: 2, arbitrary: fc.constant(`Bearer ${keys.read}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Bearer',
        'Basic YWJjOmRlZg==',
        `Bearer ${'k'.repeat(600)}`,
        'bearer qk_nope',
        'Bearer a b',
      ),
    },
  )
  const optional = (weight: number, values: fc.Arbitrary<string>) =>
    fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: values })
  return fc
    .record({
      authorization: auth,
      'idempotency-key': optional(
        has('idempotency-key') ? 6 : 30,
        fc.oneof(fc.uuid(), fc.constantFrom('', 'k'.repeat(300))),
      ),
      'if-match': optional(
        has('if-match') ? 6 : 30,
        fc.constantFrom('*', '"1"', 'W/"1"', '"999999999999"', 'garbage', 'x'.repeat(300)),
      ),
      'x-request-id': optional(12, fc.constantFrom('r'.repeat(5000), 'fuzz-id', '../x', 'a b')),
    })
    .map((h) => Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => e[1] !== undefined)))
}

const MALFORMED_JSON = [
  '{',
  '{"a":',
  'nul',
  '\u0000',
  '{"a":1}{"b":2}',
  '',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":"\\ud800"}',
  '{"a":1e999}',
  '\ufeff{}',
  '[]',
  '"text"',
  '42',
]
const CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/x-ndjson',
  'text/csv',
  '',
]

function jsonBodyArb(doc: Document, schema: Schema): fc.Arbitrary<string> {
  const fit = fitting(doc, schema)
  return fc.oneof(
    { weight: 3, arbitrary: fit.map((v) => JSON.stringify(v)) },
    {
      weight: 8,
      arbitrary: fc.tuple(fit, mutation, fc.option(mutation)).map(([v, a, b]) => {
        const once = mutate(v, a)
        return JSON.stringify(b === null ? once : mutate(once, b)) ?? ''
      }),
    },
    { weight: 1, arbitrary: nasty.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.integer({ min: 60, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 60, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
  )
}

const CSV_COLUMNS = [
  'email',
  'first_name',
  'company.name',
  'budget.amount',
  'need.pain_points',
  'attributes.x',
  'bogus',
  'id',
]

function importBodyArb(doc: Document, leadSchema: Schema): fc.Arbitrary<[string, string]> {
  const line = fc.oneof(
    { weight: 3, arbitrary: fitting(doc, leadSchema).map((v) => JSON.stringify(v)) },
    {
      weight: 4,
      arbitrary: fc.tuple(fitting(doc, leadSchema), mutation).map(([v, m]) => JSON.stringify(mutate(v, m)) ?? ''),
    },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
  )
  const ndjson = fc
    .tuple(fc.array(line, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'))
    .map(([lines, sep]): [string, string] => ['application/x-ndjson', lines.join(sep)])
  const cell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.emailAddress(),
    nasty.map((v) => (typeof v === 'string' ? v.slice(0, 2000) : JSON.stringify(v).slice(0, 2000))),
    fc.constantFrom('"unbalanced', 'a,b', '"q""q"', '', '\ufeff'),
  )
  const csv = fc
    .tuple(fc.subarray(CSV_COLUMNS, { minLength: 0 }), fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 4 }))
    .map(([header, rows]): [string, string] => [
      'text/csv',
      [header.join(','), ...rows.map((r) => r.map((c) => (c.includes('\u0000') ? c : c)).join(','))].join('\n'),
    ])
  const endless = fc.constant<[string, string]>(['application/x-ndjson', `{"email":"${'x'.repeat(1_100_000)}`])
  return fc.oneof({ weight: 10, arbitrary: ndjson }, { weight: 10, arbitrary: csv }, { weight: 1, arbitrary: endless })
}

const OTHER_METHODS = ['PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS']

/** Requests for `operation` at `path`; `leadSchema` feeds imports, whose body the document describes only as text. */
export function requestArb(
  doc: Document,
  path: string,
  method: string,
  operation: Operation,
  pool: IdPool,
  keys: Keys,
  leadSchema: Schema,
): fc.Arbitrary<FuzzRequest> {
  const params = operation.parameters ?? []
  const content = operation.requestBody?.content ?? {}
  const json = content['application/json']?.schema
  const isImport = 'text/csv' in content
  const body: fc.Arbitrary<[string | undefined, string | undefined]> = isImport
    ? importBodyArb(doc, leadSchema)
    : json !== undefined
      ? jsonBodyArb(doc, json).map((text): [string, string] => ['application/json', text])
      : fc.oneof(
          { weight: 6, arbitrary: fc.constant<[undefined, undefined]>([undefined, undefined]) },
          { weight: 1, arbitrary: fc.constant<[string, string]>(['application/json', '{"unexpected":true}']) },
        )
  const contentType = fc.oneof(
    { weight: 9, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  )
  const wrongMethod = fc.oneof(
    { weight: 30, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
  )
  return fc
    .tuple(
      pathArb(path, params, pool, doc),
      queryArb(params, doc),
      headersArb(operation, keys),
      body,
      contentType,
      wrongMethod,
    )
    .map(([url, query, headers, [type, payload], otherType, otherMethod]) => {
      const finalType = otherType ?? type
      return {
        operation: operation.operationId,
        method: otherMethod ?? method.toUpperCase(),
        url: url + query,
        headers: {
          ...headers,
          ...(finalType === undefined || payload === undefined ? {} : { 'content-type': finalType }),
        },
        ...(payload === undefined ? {} : { payload }),
      }
    })
}
