// Use case: bring every stored webhook secret under the first configured key (plain rows from before encryption,
// rows under a key being rotated out), a batch at a time; a row changed meanwhile is left to the next run.
import type { Database } from '../../db/client.js'
import { replaceWebhookSecret, webhookSecretsNotUnder } from '../../db/repositories/webhooks.js'
import type { SecretBox } from './secret-box.js'

const BATCH = 200

/** How many rows were re-encrypted. */
export async function reencryptWebhookSecrets(db: Database, box: SecretBox): Promise<number> {
  let changed = 0
  let after: string | undefined
  for (;;) {
    const rows = await webhookSecretsNotUnder(db, box.currentPrefix, BATCH, after)
    for (const row of rows) if (await replaceWebhookSecret(db, row, box.encrypt(box.decrypt(row.secret)))) changed++
    if (rows.length < BATCH) return changed
    after = rows.at(-1)!.id
  }
}
