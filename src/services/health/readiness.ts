// Use case: is the service able to serve requests? Today that means the database answers.
import { ping, type Database } from '../../db/client.js'
import { AppError } from '../../errors.js'

export async function assertReady(db: Database): Promise<void> {
  if (!(await ping(db))) throw new AppError('NOT_READY', 'the database does not answer')
}
