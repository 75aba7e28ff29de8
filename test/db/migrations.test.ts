// The committed migrations match the Drizzle schema: drizzle-kit generates nothing new from it.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { execFileSync } from 'node:child_process'
import t from 'tap'
import { leads } from '../../src/db/schema.js'
import { freshDatabase } from '../helper.js'

t.test('drizzle-kit sees no difference between schema and migrations', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'qualify-migrations-'))
  t.teardown(() => rmSync(out, { recursive: true, force: true }))
  cpSync('migrations', out, { recursive: true })
  const before = readdirSync(out).sort()
  // drizzle-kit prefixes "./" to --out, so an absolute path would point nowhere and it would check nothing.
  const log = execFileSync(
    'npx',
    ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', 'src/db/schema.ts', '--out', relative('.', out)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
  t.match(log, /No schema changes|nothing to migrate/i, `drizzle-kit did not compare the schema:\n${log}`)
  t.same(readdirSync(out).sort(), before, `drizzle-kit wrote a new migration: run npm run db:generate\n${log}`)
})

t.test('migrations apply to an empty database and again without effect', async (t) => {
  const database = await freshDatabase(t, { migrated: false })
  await database.migrate()
  t.equal(await database.db.$count(leads), 0, 'the tables exist')
  await database.migrate()
  t.pass('migrating twice is harmless')
})
