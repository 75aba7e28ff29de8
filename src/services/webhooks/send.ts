// One HTTP POST to a webhook target: no redirects, a timeout, a capped response, and the address guard at connect time.
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { guardedLookup, refusalOf } from './ssrf.js'

export interface SendOptions {
  timeoutMs: number
  allowLoopback: boolean
  maxResponseBytes?: number
}
export interface SendResult {
  statusCode: number | null
  retryAfterSeconds?: number
  error: string | null
}

function retryAfter(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string') return undefined
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined
}

export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const target = new URL(url)
  const host = target.hostname.replace(/^\[|\]$/g, '')
  // Node skips `lookup` for literal addresses, so those are checked here.
  const literalRefusal = isIP(host) === 0 ? undefined : refusalOf(host, options.allowLoopback)
  if (literalRefusal !== undefined) return Promise.resolve({ statusCode: null, error: `refused: ${literalRefusal}` })
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest
  const cap = options.maxResponseBytes ?? 64 * 1024

  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-length': Buffer.byteLength(body).toString(),
          'user-agent': 'Qualify-Webhooks/1',
        },
        lookup: guardedLookup(options.allowLoopback),
        timeout: options.timeoutMs,
      },
      (res) => {
        let received = 0
        const done = () =>
          resolve({
            statusCode: res.statusCode ?? null,
            error: null,
            ...(res.statusCode === 429 || res.statusCode === 503
              ? withRetryAfter(retryAfter(res.headers['retry-after']))
              : {}),
          })
        res.on('data', (chunk: Buffer) => {
          received += chunk.length
          // The answer's body is not used: past the cap, stop reading and keep the status.
          if (received > cap) {
            res.destroy()
            done()
          }
        })
        res.on('end', done)
        res.on('error', done)
      },
    )
    const deadline = setTimeout(
      () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    )
    req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)))
    req.on('error', (err) => resolve({ statusCode: null, error: err.message }))
    req.on('close', () => clearTimeout(deadline))
    req.end(body)
  })
}

const withRetryAfter = (seconds: number | undefined) => (seconds === undefined ? {} : { retryAfterSeconds: seconds })
