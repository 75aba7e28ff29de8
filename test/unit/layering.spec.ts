// The layering rules of eslint.config.js catch a deliberate violation in each layer, and pass a file that keeps them.
import { ESLint } from 'eslint'
import t from 'tap'

const eslint = new ESLint()

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message)
}

const violations: [string, string, RegExp][] = [
  ['src/qualification/x.ts', "import { sql } from 'drizzle-orm'\nexport const q = sql", /pure core/],
  ['src/qualification/x.ts', "import { notFound } from '../errors.js'\nexport const e = notFound", /nothing outside/],
  ['src/services/x/y.ts', "import { sql } from 'drizzle-orm'\nexport const q = sql", /repositories/],
  ['src/services/x/y.ts', "import { leads } from '../../db/schema.js'\nexport const l = leads", /repositories/],
  ['src/services/x/y.ts', "import type { App } from '../../routes/route-deps.js'\nexport type A = App", /HTTP/],
  ['src/plugins/x.ts', "import { findLead } from '../db/repositories/leads.js'\nexport const f = findLead", /services/],
  ['src/plugins/x.ts', "import { openDatabase } from '../db/client.js'\nexport const o = openDatabase", /services/],
  ['src/plugins/x.ts', "import { sql } from 'drizzle-orm'\nexport const q = sql", /no SQL/],
  ['src/plugins/x.ts', "import { leadRoutes } from '../routes/leads.js'\nexport const r = leadRoutes", /routes/],
  ['src/routes/x.ts', "import { findLead } from '../db/repositories/leads.js'\nexport const f = findLead", /no SQL/],
  ['src/db/x.ts', "import { notFound } from '../services/page.js'\nexport const n = notFound", /web or the use cases/],
  ['src/db/x.ts', "import { evaluate } from '../qualification/evaluate.js'\nexport const e = evaluate", /core's types/],
  ['src/schemas/x.ts', "import { getLead } from '../services/leads/get-lead.js'\nexport const g = getLead", /core/],
]

for (const [file, code, message] of violations) {
  t.test(`${file}: ${code.split('\n')[0]}`, async (t) => {
    const messages = await restrictedImports(file, code)
    t.equal(messages.length, 1, 'one restricted import reported')
    t.match(messages[0], message)
  })
}

t.test('the allowed imports pass', async (t) => {
  t.same(
    await restrictedImports(
      'src/plugins/x.ts',
      "import type { Database } from '../db/client.js'\nexport type D = Database",
    ),
    [],
  )
  t.same(
    await restrictedImports(
      'src/db/x.ts',
      "import type { Evaluation } from '../qualification/evaluation-schema.js'\nexport type E = Evaluation",
    ),
    [],
  )
  t.same(
    await restrictedImports(
      'src/services/x/y.ts',
      "import type { Lead } from '../../schemas/leads.js'\nexport type L = Lead",
    ),
    [],
  )
})
