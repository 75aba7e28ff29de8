// Starts the real service for the tests: the root's dist/server.js (npm test builds it), a free port, a temp database.
'use strict'

const { spawn } = require('node:child_process')
const { mkdtempSync, rmSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join, resolve } = require('node:path')
const { createInterface } = require('node:readline')
const ROOT = resolve(__dirname, '../../..')
// The service's own driver (the root package's dependency): the tests need the root installed and built anyway.
const { Client } = require(require.resolve('pg', { paths: [ROOT] }))
const API_KEY = 'zapier-test-admin-key'

// With DATABASE_URL (Postgres), each start gets a database of its own, dropped at the end, as the root tests do.
async function freshDatabase(url) {
  const name = `qualify_zapier_${process.pid}_${Date.now()}`
  const admin = new Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const own = new URL(url)
  own.pathname = `/${name}`
  return {
    url: own.toString(),
    drop: async () => {
      const client = new Client({ connectionString: url })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

/** Starts the service and resolves once it listens: { url, apiKey, stop }. */
async function startService() {
  const dataDir = mkdtempSync(join(tmpdir(), 'qualify-zapier-'))
  const database = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : undefined
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_LEVEL: 'info',
      BOOTSTRAP_API_KEY: API_KEY,
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_POLL_MS: '100',
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`the service exited with ${code} before listening`)))
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1]
      if (found !== undefined) resolveUrl(found)
    })
  })
  const stop = async () => {
    const exited = new Promise((done) => child.once('exit', done))
    child.kill('SIGTERM')
    await exited
    await database?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  /** A direct API call for setting the scene (what a Zap's other apps would do), answering { status, body }. */
  const call = async (method, path, body) => {
    const response = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: response.status, body: response.status === 204 ? null : await response.json() }
  }
  return { url, apiKey: API_KEY, call, stop }
}

module.exports = { startService }
