// Webhook signing secrets at rest: AES-256-GCM under keys from configuration. The first key encrypts; every key
// decrypts, so a key can be rotated by putting the new one first and keeping the old ones until rows are re-encrypted.
// Stored form: "enc:v1:<key id>:<base64 of iv | tag | ciphertext>"; a row still starting "whsec_" is plain text from
// before encryption and is read as is until re-encrypted.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

const VERSION = 'enc:v1:'
const IV_BYTES = 12
const TAG_BYTES = 16
export const KEY_FILE = 'webhook-secret-keys'

export class SecretKeyError extends Error {
  override name = 'SecretKeyError'
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12)

export class SecretBox {
  readonly #keys: Map<string, Buffer>
  readonly #current: string

  /** `keys` are 32-byte keys, the one to write with first. */
  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0 || keys.some((k) => k.length !== 32))
      throw new SecretKeyError('webhook secret keys must be 32 bytes each, at least one')
    this.#keys = new Map(keys.map((k) => [keyId(k), k]))
    this.#current = keyId(keys[0]!)
  }

  /** Parses WEBHOOK_SECRET_KEYS: base64 keys separated by commas. */
  static fromList(list: string): SecretBox {
    return new SecretBox(list.split(',').map((k) => Buffer.from(k.trim(), 'base64')))
  }

  /**
   * The key in `dir`, created (owner-only) on first use: the embedded database's default when nothing is configured.
   */
  static fromKeyFile(dir: string): SecretBox {
    const path = join(dir, KEY_FILE)
    mkdirSync(dir, { recursive: true })
    try {
      writeFileSync(path, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    return SecretBox.fromList(readFileSync(path, 'utf8').trim())
  }

  /** A key that lives as long as the process: for apps built without configuration (tests, the document generator). */
  static ephemeral(): SecretBox {
    return new SecretBox([randomBytes(32)])
  }

  /** What a row stores when written now; rows that do not start with it are due for re-encryption. */
  get currentPrefix(): string {
    return `${VERSION}${this.#current}:`
  }

  encrypt(secret: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#current)!, iv)
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
    return this.currentPrefix + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')
  }

  decrypt(stored: string): string {
    if (!stored.startsWith(VERSION)) return stored
    const [id, payload] = stored.slice(VERSION.length).split(':')
    const key = this.#keys.get(id ?? '')
    if (key === undefined || payload === undefined)
      throw new SecretKeyError(`the webhook secret was encrypted with key ${id}, which is not in WEBHOOK_SECRET_KEYS`)
    const raw = Buffer.from(payload, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  }
}
