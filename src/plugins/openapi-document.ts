// What the OpenAPI document says beyond the routes: servers, tags, and the finishing passes over the document.
import type { OpenAPIV3_1 as OA } from 'openapi-types'
import { hoistComponents } from './openapi-components.js'
import { addExamples } from './openapi-examples.js'
import { declareHeaders } from './openapi-headers.js'

export const SERVERS = [
  {
    url: 'https://{host}',
    description: 'Production: your deployment, behind TLS',
    variables: { host: { default: 'qualify.example.com', description: 'The host name of your deployment' } },
    'x-internal': false,
  },
  { url: 'http://127.0.0.1:3000', description: 'Local: npm start with the default HOST and PORT', 'x-internal': true },
]

export const TAGS: OA.TagObject[] = [
  {
    name: 'health',
    description: 'Liveness and readiness probes for load balancers and orchestrators, open without a key',
  },
  { name: 'identity', description: 'Who the API key belongs to: workspace, key and scopes' },
  { name: 'api-keys', description: 'Create, list and revoke the API keys of a workspace (admin scope)' },
  { name: 'rubrics', description: 'Versioned scoring rubrics: templates, drafts, activation, backtests and fitting' },
  { name: 'column-mappings', description: 'Saved mappings from spreadsheet columns to lead fields, for imports' },
  { name: 'learning', description: 'Rubrics and calibrations learned from past outcomes' },
  { name: 'qualification', description: 'Stateless evaluation of lead facts against a rubric, one or many at a time' },
  { name: 'leads', description: 'Leads: create, upsert by email, edit, import and export, activities and scores' },
  {
    name: 'lead lifecycle',
    description: 'Moves of a lead: qualify into a prospect, nurture, disqualify, reopen; history',
  },
  { name: 'prospects', description: 'Qualified leads being worked: stakeholders, conversion into an opportunity' },
  { name: 'opportunities', description: 'Deals: stages, win, loss, reopen and history' },
  { name: 'events', description: 'The audit trail of every change in the workspace, oldest first, by cursor' },
  { name: 'settings', description: 'Workspace settings: opportunity stages and score temperature thresholds' },
  { name: 'jobs', description: 'Background rescoring jobs and their progress' },
  { name: 'webhooks', description: 'Signed event deliveries (Standard Webhooks) to your endpoints, with retries' },
  { name: 'reports', description: 'Funnel, stage and forecast reports over the lifecycle' },
]

/** The finishing passes, on a copy: the generated document shares objects with the live route schemas. */
export function finishDocument(generated: OA.Document): OA.Document {
  const document = structuredClone(generated)
  declareHeaders(document)
  hoistComponents(document)
  addExamples(document)
  return document
}
