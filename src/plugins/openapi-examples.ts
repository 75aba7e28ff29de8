// Gives every operation an example for its request body and its success answers. Resources take the service's own
// sample views (the webhook samples); request bodies are written here once per schema; the wrappers (pages, results of
// moves, lists) are built from those by walking the schema, so one example per resource serves every operation.
import type { OpenAPIV3_1 as OA } from 'openapi-types'
import { searchRubricTemplates } from '../services/rubrics/search-rubric-templates.js'
import { sampleDelivery, sampleResources } from '../services/webhooks/samples.js'

type Node = Record<string, unknown>
const UUID = '11111111-1111-4111-8111-111111111111'
const AT = '2026-11-26T12:00:00.000Z'

const lead = sampleResources().Lead
const { id: _id, status: _status, score: _score, version: _v, created_at: _c, updated_at: _u, ...leadInput } = lead
const { last_activity_at: _last, ...leadFields } = leadInput

/** Hand-written examples of request bodies, by component name; resources come from the sample views. */
export const EXAMPLES: Record<string, unknown> = {
  ...sampleResources(),
  Rubric: searchRubricTemplates().data[0]!.definition,
  RubricTemplate: searchRubricTemplates().data[0],
  CreateRubricBody: { template: 'bant_fit', activate: true },
  StageSettingsBody: { proposal: { probability: 40, forecast_category: 'best_case' } },
  ScoreSettingsBody: { temperature: { hot: 70, warm: 40 } },
  ColumnMappingDefinition: {
    columns: { 'E-mail': 'email', Company: 'company.name', Employees: 'company.employee_count' },
    null_values: ['N/A'],
  },
  EventDelivery: sampleDelivery('lead.qualified'),
  Event: {
    id: '77777777-7777-4777-8777-777777777777',
    seq: 42,
    type: 'lead.qualified',
    entity_type: 'lead',
    entity_id: lead.id,
    occurred_at: AT,
    data: sampleDelivery('lead.qualified').data,
  },
  LeadInput: leadFields,
  LeadPatch: { title: 'COO', owner: 'sam' },
  ActivityInput: { type: 'reply', direction: 'inbound', occurred_at: AT },
  ReasonBody: { reason: 'No budget this year' },
  OptionalReasonBody: { reason: 'Budget approved after all' },
  QualifyBody: {},
  StageBody: { stage: 'proposal' },
  ReopenOpportunityBody: { stage: 'negotiation' },
  EmptyBody: {},
  ProspectPatch: { notes: 'Champion is the VP Operations' },
  OpportunityPatch: { amount: '52000.00', expected_close_date: '2027-03-31' },
  StakeholderInput: { name: 'Ben Ortiz', email: 'ben@acme.io', title: 'CFO', role: 'economic_buyer' },
  ConvertBody: { name: 'Acme rollout', amount: '48000.00', currency: 'EUR', expected_close_date: '2027-02-28' },
  CreateApiKeyBody: { name: 'zapier', scopes: ['write'] },
  CreateWebhookBody: {
    target_url: 'https://hooks.example.com/qualify',
    events: ['lead.qualified', 'opportunity.won'],
    description: 'CRM sync',
  },
  WebhookPatch: { enabled: false },
}
const webhook = {
  id: UUID,
  target_url: 'https://hooks.example.com/qualify',
  events: ['lead.qualified', 'opportunity.won'],
  description: 'CRM sync',
  enabled: true,
  disabled_reason: null,
  created_at: AT,
  updated_at: AT,
}
EXAMPLES.Webhook = webhook
EXAMPLES.WebhookWithSecret = { ...webhook, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }

const LEADS_CSV = 'email,first_name,company.name,company.employee_count\nana@acme.io,Ana,Acme,250\n'
const LABELLED_CSV = 'email,company.employee_count,source,outcome,as_of\nana@acme.io,250,webinar,won,2026-06-01\n'
/** Bodies that are not JSON (CSV), by operation and media type. */
const BY_OPERATION: Record<string, string> = {
  'importLeads text/csv': LEADS_CSV,
  'exportLeads text/csv': LEADS_CSV,
  'importActivities text/csv': 'email,type,direction,occurred_at\nana@acme.io,reply,inbound,2026-11-26T12:00:00Z\n',
  'backtestRubric text/csv': LABELLED_CSV,
  'fitRubric text/csv': LABELLED_CSV,
}

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object'

class ExampleBuilder {
  constructor(private readonly components: Record<string, Node>) {}

  /** An example of `schema`, or undefined when none can be built (a string pattern with no example, say). */
  of(schema: unknown, depth = 0): unknown {
    if (!isNode(schema) || depth > 12) return undefined
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.split('/').pop()!
      return name in EXAMPLES ? EXAMPLES[name] : this.of(this.components[name], depth + 1)
    }
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0]
    if ('example' in schema) return schema.example
    if ('const' in schema) return schema.const
    if (Array.isArray(schema.enum)) return schema.enum[0]
    if ('default' in schema) return schema.default
    for (const key of ['anyOf', 'oneOf'])
      if (Array.isArray(schema[key]))
        for (const branch of schema[key] as unknown[]) {
          const found = this.of(branch, depth + 1)
          if (found !== undefined) return found
        }
    return this.typed(schema, depth)
  }

  private typed(schema: Node, depth: number): unknown {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
    if (type === 'null') return null
    if (type === 'boolean') return false
    if (type === 'integer' || type === 'number') return (schema.minimum as number | undefined) ?? 0
    if (type === 'string') return this.text(schema)
    if (type === 'array') return this.list(schema, depth)
    if (type === 'object' || isNode(schema.properties)) return this.object(schema, depth)
    return undefined
  }

  private text(schema: Node): string | undefined {
    if (schema.pattern !== undefined) return undefined
    const byFormat: Record<string, string> = {
      uuid: UUID,
      'date-time': AT,
      date: '2027-02-28',
      email: 'ana@acme.io',
      uri: 'https://qualify.example.com',
      'uri-reference': '/v1/leads',
    }
    return typeof schema.format === 'string' ? byFormat[schema.format] : 'text'
  }

  private list(schema: Node, depth: number): unknown[] | undefined {
    const item = this.of(schema.items, depth + 1)
    if (item !== undefined) return [item]
    return ((schema.minItems as number | undefined) ?? 0) === 0 ? [] : undefined
  }

  /** The required properties, then optional ones (or one free key) until minProperties is met. */
  private object(schema: Node, depth: number): Node | undefined {
    const properties = (schema.properties ?? {}) as Record<string, unknown>
    const required = new Set((schema.required ?? []) as string[])
    const out: Node = {}
    for (const key of required) {
      const value = this.of(properties[key], depth + 1)
      if (value === undefined) return undefined
      out[key] = value
    }
    const least = (schema.minProperties as number | undefined) ?? 0
    for (const [key, property] of Object.entries(properties)) {
      if (Object.keys(out).length >= least) break
      const value = required.has(key) ? undefined : this.of(property, depth + 1)
      if (value !== undefined) out[key] = value
    }
    if (Object.keys(out).length < least && isNode(schema.additionalProperties))
      out.example = this.of(schema.additionalProperties, depth + 1)
    return Object.keys(out).length >= least ? out : undefined
  }
}

type Media = OA.MediaTypeObject

function exemplify(builder: ExampleBuilder, media: Media, key: string): void {
  if (media.example !== undefined || media.examples !== undefined) return
  const example = key in BY_OPERATION ? BY_OPERATION[key] : builder.of(media.schema)
  if (example !== undefined) media.example = example
}

const PROBLEM_EXAMPLE = {
  type: 'urn:qualify:problem:validation-failed',
  title: 'Request validation failed',
  status: 400,
  detail: 'body /email: must match format "email"',
  instance: '/v1/leads',
  code: 'VALIDATION_FAILED',
  request_id: 'req-1',
  errors: [{ pointer: '/email', in: 'body', detail: 'must match format "email"' }],
}

const BLOCKED_EXAMPLE = {
  ...PROBLEM_EXAMPLE,
  type: 'urn:qualify:problem:qualification-blocked',
  title: 'Qualification blocked',
  status: 422,
  detail: 'the rubric does not qualify this lead',
  instance: `/v1/leads/${UUID}/qualify`,
  code: 'QUALIFICATION_BLOCKED',
  errors: undefined,
  blocking: [{ code: 'criterion_missing', criterion: 'budget', detail: 'budget has no value' }],
}

/**
 * Adds an example to each request body and 2XX answer that has a JSON schema and none yet; every problem answer
 * refers to the Problem component, which gets one.
 */
export function addExamples(document: OA.Document): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Node>
  if (schemas.Problem !== undefined) schemas.Problem.examples = [PROBLEM_EXAMPLE]
  if (schemas.BlockedProblem !== undefined) schemas.BlockedProblem.examples = [BLOCKED_EXAMPLE]
  const builder = new ExampleBuilder((document.components?.schemas ?? {}) as Record<string, Node>)
  for (const item of Object.values(document.paths ?? {}))
    for (const operation of Object.values(item ?? {}) as OA.OperationObject[]) {
      if (!isNode(operation) || operation.responses === undefined) continue
      const body = operation.requestBody as OA.RequestBodyObject | undefined
      const answers = Object.entries(operation.responses)
        .filter(([status]) => status.startsWith('2'))
        .map(([, answer]) => answer as OA.ResponseObject)
      for (const content of [body?.content, ...answers.map((answer) => answer.content)])
        for (const [type, media] of Object.entries(content ?? {}))
          exemplify(builder, media, `${operation.operationId} ${type}`)
    }
}
