// Makes a test app's inject() go over a real socket through Prism (when CONTRACT_PROXY_URL is set), so every route
// test that uses it checks the service against the committed document as well as against its own assertions.
import { STATUS_CODES } from 'node:http'
import { Readable } from 'node:stream'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { contractProxyUrl, registerTarget, throughPrism, type Answer, type Exchange } from './channel.js'

/** Leaves the app alone unless the contract proxy is on; works on the options form of inject() only. */
export function injectThroughPrism(app: FastifyInstance): void {
  if (contractProxyUrl() === undefined) return
  const direct = app.inject.bind(app)
  const target = registerTarget(async (exchange) => {
    const res = await direct({
      method: exchange.method as 'GET',
      url: exchange.url,
      headers: exchange.headers,
      ...(exchange.body === undefined ? {} : { payload: exchange.body }),
      ...(exchange.remoteAddress === undefined ? {} : { remoteAddress: exchange.remoteAddress }),
    })
    return { statusCode: res.statusCode, headers: stringHeaders(res.headers), body: res.rawPayload }
  })
  // A streamed body (a test of an upload that breaks half-way) only keeps its timing in-process: it goes to the app
  // directly and is not checked by Prism.
  const inject = async (options: InjectOptions) =>
    (options.payload ?? options.body) instanceof Readable
      ? direct(options)
      : asInjectResponse(await throughPrism(target, toExchange(options)))
  app.inject = inject as unknown as FastifyInstance['inject']
}

function toExchange(options: InjectOptions): Exchange {
  if (typeof options.url !== 'string') throw new Error('contract proxy: inject() needs a string url')
  const headers = stringHeaders(options.headers ?? {})
  headers['user-agent'] ??= 'lightMyRequest'
  const payload = options.payload ?? options.body
  let body: Buffer | undefined
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) body = Buffer.from(payload)
  else if (payload !== undefined && payload !== null) {
    body = Buffer.from(JSON.stringify(payload))
    headers['content-type'] ??= 'application/json'
  }
  return {
    method: (options.method ?? 'GET').toUpperCase(),
    url: withQuery(options.url, options.query),
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
  }
}

function withQuery(url: string, query: InjectOptions['query']): string {
  if (query === undefined) return url
  const pairs =
    typeof query === 'string' ? [] : Object.entries(query).flatMap(([k, v]) => [v].flat().map((one) => [k, one]))
  const search = typeof query === 'string' ? query : new URLSearchParams(pairs as [string, string][]).toString()
  return `${url}${url.includes('?') ? '&' : '?'}${search}`
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}

function asInjectResponse(answer: Answer): LightMyRequestResponse {
  const payload = answer.body.toString()
  return {
    statusCode: answer.statusCode,
    statusMessage: STATUS_CODES[answer.statusCode] ?? '',
    headers: answer.headers,
    rawPayload: answer.body,
    payload,
    body: payload,
    json: () => JSON.parse(payload),
    stream: () => Readable.from(answer.body),
    trailers: {},
    cookies: [],
    raw: {} as LightMyRequestResponse['raw'],
  }
}
