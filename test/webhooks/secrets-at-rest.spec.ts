// Webhook signing secrets are stored encrypted (AES-256-GCM), deliveries still verify with the secret the client got,
// keys rotate (old keys read, the first writes, a re-encryption step moves rows), and secrets stay out of the logs.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { deliverDue, type DeliveryOptions } from '../../src/services/webhooks/deliver.js'
import { reencryptWebhookSecrets } from '../../src/services/webhooks/reencrypt-secrets.js'
import { KEY_FILE, SecretBox, SecretKeyError } from '../../src/services/webhooks/secret-box.js'
import { buildTestApp, TEST_SECRET_KEYS } from '../helper.js'
import { startReceiver, verifySignature } from './receiver.js'

const ctx = await buildTestApp(t, { WEBHOOK_ALLOW_LOOPBACK: true })
const db = ctx.database.db
const NEW_KEY = Buffer.alloc(32, 9).toString('base64')

const stored = async (id: string) => {
  const result = (await db.execute(sql`select secret from webhooks where id = ${id}`)) as unknown
  return (result as { rows: { secret: string }[] }).rows[0]!.secret
}
const subscribe = async (url: string) => {
  const res = await ctx.call('POST', '/v1/webhooks', { body: { target_url: url, events: ['lead.created'] } })
  t.equal(res.statusCode, 201)
  return res.json() as { id: string; secret: string }
}
const options = (secrets: SecretBox): DeliveryOptions => ({ timeoutMs: 2000, allowLoopback: true, secrets })

t.test('the stored column is not the secret, and deliveries verify with the secret', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  const hook = await subscribe(receiver.url)
  const column = await stored(hook.id)
  t.match(column, /^enc:v1:[0-9a-f]{12}:/)
  t.notOk(column.includes(hook.secret.slice('whsec_'.length)), 'the key material is not in the row')
  await ctx.call('POST', '/v1/leads', { body: { email: 'at-rest@acme.io' } })
  await deliverDue(db, options(SecretBox.fromList(TEST_SECRET_KEYS)))
  t.equal(receiver.received.length, 1)
  const got = receiver.received[0]!
  t.ok(verifySignature(hook.secret, got.headers, got.body, Math.floor(Date.now() / 1000)), 'the signature verifies')

  const rotated = (await ctx.call('POST', `/v1/webhooks/${hook.id}/rotate-secret`)).json() as { secret: string }
  t.not(rotated.secret, hook.secret)
  t.match(await stored(hook.id), /^enc:v1:/)
  t.equal(SecretBox.fromList(TEST_SECRET_KEYS).decrypt(await stored(hook.id)), rotated.secret)
  const logged = JSON.stringify(ctx.logs.lines)
  t.notOk(logged.includes(hook.secret.slice(6)) || logged.includes(rotated.secret.slice(6)), 'no secret in the logs')
})

t.test(
  'rotation: the new key first, the old one still read; re-encryption moves every row to the new key',
  async (t) => {
    const receiver = await startReceiver()
    t.teardown(receiver.close)
    const hook = await subscribe(receiver.url)
    // A row from before encryption: plain text.
    const legacy = await subscribe(receiver.url)
    await db.execute(sql`update webhooks set secret = ${legacy.secret} where id = ${legacy.id}`)

    const rotating = SecretBox.fromList(`${NEW_KEY},${TEST_SECRET_KEYS}`)
    t.equal(rotating.decrypt(await stored(hook.id)), hook.secret, 'the old key still reads')
    t.equal(rotating.decrypt(await stored(legacy.id)), legacy.secret, 'a plain row reads as is')
    t.ok((await reencryptWebhookSecrets(db, rotating)) >= 2)
    for (const h of [hook, legacy]) {
      const column = await stored(h.id)
      t.ok(column.startsWith(rotating.currentPrefix), 'now under the new key')
      t.equal(SecretBox.fromList(NEW_KEY).decrypt(column), h.secret, 'the new key alone reads it')
      t.throws(() => SecretBox.fromList(TEST_SECRET_KEYS).decrypt(column), SecretKeyError, 'the old key alone does not')
    }
    t.equal(await reencryptWebhookSecrets(db, rotating), 0, 'a second run has nothing to do')

    await ctx.call('POST', '/v1/leads', { body: { email: 'rotated@acme.io' } })
    await deliverDue(db, options(rotating))
    t.equal(receiver.received.length, 2)
    const now = Math.floor(Date.now() / 1000)
    for (const got of receiver.received) {
      const secret = [hook.secret, legacy.secret].find((s) => verifySignature(s, got.headers, got.body, now))
      t.ok(secret, 'each delivery verifies with its subscription secret')
    }
  },
)

t.test('a tampered row is refused rather than used', async (t) => {
  const box = SecretBox.fromList(NEW_KEY)
  const sealed = box.encrypt('whsec_abc')
  const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA')
  t.throws(() => box.decrypt(tampered))
})

t.test('without configured keys, a key file in DATA_DIR is made once (owner-only) and reused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qualify-keys-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const first = SecretBox.fromKeyFile(join(dir, 'data'))
  const second = SecretBox.fromKeyFile(join(dir, 'data'))
  t.equal(second.decrypt(first.encrypt('whsec_x')), 'whsec_x')
  t.equal(statSync(join(dir, 'data', KEY_FILE)).mode & 0o777, 0o600)
})
