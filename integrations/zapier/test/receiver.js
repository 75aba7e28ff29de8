// A local webhook receiver: records each delivery's headers and raw body, and hands them over as Zapier would.
'use strict'

const { createServer } = require('node:http')

/** Listens on a free loopback port; `next(test)` resolves with the first delivery (recorded or coming) that passes. */
async function startReceiver() {
  const received = []
  const waiting = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const delivery = { method: req.method, headers: req.headers, content: Buffer.concat(chunks).toString('utf8') }
      received.push(delivery)
      for (const w of waiting.filter((w) => w.test(delivery))) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(delivery)
      }
      res.writeHead(204).end()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const next = (test, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const done = received.find(test)
      if (done !== undefined) return resolve(done)
      const timer = setTimeout(() => reject(new Error('no matching delivery arrived')), timeoutMs)
      waiting.push({ test, resolve: (d) => (clearTimeout(timer), resolve(d)) })
    })
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/catch`,
    received,
    next,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

const titleCase = (name) => name.replace(/(^|-)([a-z])/g, (_, dash, letter) => dash + letter.toUpperCase())

/**
 * The bundle.rawRequest Zapier builds from a caught request: the body as received and the headers renamed, title case
 * with an `Http-` prefix except Content-Type and Content-Length (documented in the zapier-platform CLI README).
 */
function asZapierRawRequest(delivery) {
  const headers = {}
  for (const [name, value] of Object.entries(delivery.headers)) {
    const plain = name === 'content-type' || name === 'content-length'
    headers[plain ? titleCase(name) : `Http-${titleCase(name)}`] = value
  }
  return { method: delivery.method, querystring: '', headers, content: delivery.content }
}

module.exports = { startReceiver, asZapierRawRequest }
