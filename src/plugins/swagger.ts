// The OpenAPI 3.1 document (GET /openapi.json) and the docs UI (/docs), both open without a key.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify'
import type { OpenAPIV3_1 } from 'openapi-types'
import { Problem } from '../schemas/common.js'
import { BlockedProblem } from '../schemas/lifecycle.js'
import { requiredScope } from './auth.js'
import { finishDocument, SERVERS, TAGS } from './openapi-document.js'

export const API_VERSION = '0.1.0'

/**
 * States each operation's scope, read from where the auth check reads it: an `x-required-scope` field and a sentence.
 */
function withScope(
  schema: (FastifySchema & { description?: string; hide?: boolean }) | undefined,
  route: RouteOptions,
) {
  if (schema === undefined || schema.hide === true) return schema
  const method = Array.isArray(route.method) ? route.method[0]! : route.method
  const scope = requiredScope(method, route.config)
  const sentence =
    scope === undefined
      ? 'Open without an API key.'
      : `Needs an API key with the \`${scope}\` scope (admin includes write, write includes read).`
  return {
    ...schema,
    ...(scope === undefined ? {} : { 'x-required-scope': scope }),
    description: schema.description === undefined ? sentence : `${sentence}\n\n${schema.description}`,
  }
}

export async function openApi(app: FastifyInstance): Promise<void> {
  app.addSchema(Problem)
  app.addSchema(BlockedProblem)
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...route.config, public: true }
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Qualify',
        version: API_VERSION,
        description:
          'Headless lead qualification: explainable scores, a guarded lead → prospect → opportunity lifecycle, and an audit trail.',
        license: { name: 'Proprietary', url: 'https://qualify.example.com/terms' },
        contact: { name: 'Qualify support', email: 'support@qualify.example.com', url: 'https://qualify.example.com' },
      },
      servers: SERVERS,
      tags: TAGS,
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: ({ schema, url, route }) => ({ schema: withScope(schema, route) ?? schema, url }),
    transformObject: (generated) =>
      finishDocument((generated as { openapiObject: OpenAPIV3_1.Document }).openapiObject),
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger())
}
