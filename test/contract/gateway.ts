// An HTTP front door for clients that are not tests (the README's curl commands): every request it takes goes
// through Prism to the server at upstream; a violation is answered as a 500 problem naming it.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { registerTarget, send, throughPrism } from './channel.js'

export async function startGateway(upstream: string): Promise<{ url: string; server: Server }> {
  const target = registerTarget((exchange) => send(upstream, exchange))
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined && !['host', 'connection', 'content-length'].includes(name))
          headers[name] = String(value)
      }
      const body = Buffer.concat(chunks)
      const exchange = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers }
      throughPrism(target, body.length === 0 ? exchange : { ...exchange, body }).then(
        (answer) => {
          const {
            'content-length': _length,
            connection: _connection,
            'keep-alive': _keep,
            'transfer-encoding': _te,
            ...rest
          } = answer.headers
          outgoing.writeHead(answer.statusCode, rest).end(answer.body)
        },
        (error: Error) => {
          const problem = { status: 500, title: 'Contract violation', detail: error.message }
          outgoing.writeHead(500, { 'content-type': 'application/problem+json' }).end(JSON.stringify(problem))
        },
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}
