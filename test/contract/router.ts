// Prism's single upstream when many test processes share one Prism: each request goes on to the test process
// whose port its x-contract-upstream header names (always on 127.0.0.1).
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export const UPSTREAM_HEADER = 'x-contract-upstream'

export async function startRouter(): Promise<{ url: string; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    const port = Number(incoming.headers[UPSTREAM_HEADER])
    if (!Number.isInteger(port) || port <= 0) {
      outgoing.writeHead(502).end(`missing ${UPSTREAM_HEADER} header`)
      return
    }
    const onward = request(
      { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    onward.on('error', (error) => outgoing.headersSent || outgoing.writeHead(502).end(String(error)))
    incoming.pipe(onward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}
