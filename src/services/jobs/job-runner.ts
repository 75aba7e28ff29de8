// Runs queued jobs in this process, one at a time: kicked when a job is queued here, polled by the worker for jobs
// queued elsewhere (an activation on another instance, the daily schedule) and for jobs whose runner died.
import type { Database } from '../../db/client.js'
import { claimJob } from '../../db/repositories/jobs.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'
import { runRescore, type RescoreOptions } from './run-rescore.js'

export class JobRunner {
  private running: Promise<void> | undefined
  private again = false
  private stopped = false

  constructor(
    private readonly db: Database,
    private readonly options: RescoreOptions,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts draining the queue unless this runner already is (then it looks once more when done). */
  kick(): void {
    if (this.stopped) return
    if (this.running !== undefined) {
      this.again = true
      return
    }
    this.running = this.drain()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined
        if (this.again) {
          this.again = false
          this.kick()
        }
      })
  }

  /** Resolves when the queue was empty at some point after the call (tests and the worker wait on it). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.idle()
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const job = await this.db.transaction((tx) => claimJob(tx, this.options.lockSeconds))
      if (job === undefined) return
      await runRescore(this.db, job, this.options).catch(this.onError)
    }
  }
}

/** A claim outlives a chunk by far; a runner that stops renewing it for this long is taken for dead. */
const LOCK_SECONDS = 300

export const jobOptions = (
  config: { JOB_CHUNK_SIZE: number },
  now: () => Date,
  compiled: CompiledRubrics,
): RescoreOptions => ({
  chunkSize: config.JOB_CHUNK_SIZE,
  lockSeconds: LOCK_SECONDS,
  now,
  compiled,
})
