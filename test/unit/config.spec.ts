// The environment schema: defaults, conversion and errors that name the variable.
import t from 'tap'
import { loadConfig } from '../../src/config.js'

t.test('defaults', async (t) => {
  t.match(loadConfig({}), { PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info', TRUST_PROXY: false })
  t.equal(loadConfig({}).DATABASE_URL, undefined)
})

t.test('values are converted from text', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    TRUST_PROXY: 'true',
    DATABASE_URL: 'postgres://db/x',
    BOOTSTRAP_API_KEY: 'k',
  })
  t.match(config, { PORT: 8080, TRUST_PROXY: true, DATABASE_URL: 'postgres://db/x', BOOTSTRAP_API_KEY: 'k' })
})

t.test('a bad value names the variable', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), { name: 'ConfigError' })
  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/)
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/)
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/)
})
