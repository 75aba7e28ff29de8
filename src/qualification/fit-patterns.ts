// Turns labelled rows into deduplicated patterns of fired cells with won/lost counts per fold, in bounded memory.
import type { Activity } from './activity.js'
import type { CompiledEngagement, CompiledKnockout } from './compile.js'
import { dayOf } from './dates.js'
import { scoreEngagement } from './engagement.js'
import { cellCount, cellFunction, type CellOf, type Group } from './fit-groups.js'
import type { LabelledRow } from './labelled.js'
import type { LeadFacts } from './lead.js'

/** Distinct patterns kept at most; beyond it a fit is refused rather than grow without bound. */
export const MAX_PATTERNS = 250_000

export interface Pattern {
  /** Indices of the cells that fire, one per group at most, ascending. */
  readonly cells: Int32Array
  /** Engagement score of the base rubric's engagement settings, in whole points 0..100. */
  readonly engagement: number
  /** [won, lost] for each fold, then [won, lost] held out. */
  readonly counts: Float64Array
  /** A row with this pattern, kept when some are held out, to backtest the fitted rubric on. */
  example: Omit<LabelledRow, 'outcome'> | undefined
}

export interface Encoder {
  readonly groups: readonly Group[]
  /** First feature index of each group; the engagement feature comes after all cells. */
  readonly offsets: readonly number[]
  readonly cellTotal: number
}

export function encoderFor(groups: readonly Group[]): Encoder {
  const offsets: number[] = []
  let next = 0
  for (const g of groups) {
    offsets.push(next)
    next += cellCount(g)
  }
  return { groups, offsets, cellTotal: next }
}

export interface PatternStoreOptions {
  readonly encoder: Encoder
  readonly folds: number
  readonly engagement: CompiledEngagement
  readonly knockouts: readonly CompiledKnockout[]
}

export class PatternStore {
  readonly patterns = new Map<string, Pattern>()
  private readonly cellFns: CellOf[]

  constructor(private readonly options: PatternStoreOptions) {
    this.cellFns = options.encoder.groups.map(cellFunction)
  }

  add(row: LabelledRow, asOfMs: number, slot: number): void {
    const { encoder, engagement, knockouts, folds } = this.options
    const activities: readonly Activity[] = row.activities ?? []
    const cells: number[] = []
    this.cellFns.forEach((cellOf, g) => {
      const cell = cellOf(row.lead, activities, asOfMs)
      if (cell >= 0) cells.push((encoder.offsets[g] as number) + cell)
    })
    const e =
      engagement.weight > 0 || activities.length > 0
        ? Math.round(scoreEngagement(engagement, activities, asOfMs).score)
        : 0
    const knockedOut = knockoutBits(knockouts, row.lead, dayOf(asOfMs))
    const key = `${cells.join(',')}|${e}|${knockedOut}`
    let pattern = this.patterns.get(key)
    if (pattern === undefined) {
      if (this.patterns.size >= MAX_PATTERNS) throw new RangeError(`more than ${MAX_PATTERNS} distinct patterns`)
      pattern = {
        cells: Int32Array.from(cells),
        engagement: e,
        counts: new Float64Array(2 * (folds + 1)),
        example: undefined,
      }
      this.patterns.set(key, pattern)
    }
    const at = 2 * slot + (row.outcome === 'won' ? 0 : 1)
    pattern.counts[at] = (pattern.counts[at] ?? 0) + 1
    if (slot === folds && pattern.example === undefined) {
      const { lead, as_of } = row
      pattern.example = row.activities === undefined ? { lead, as_of } : { lead, as_of, activities: row.activities }
    }
  }
}

function knockoutBits(knockouts: readonly CompiledKnockout[], lead: LeadFacts, today: number): string {
  let bits = ''
  for (const k of knockouts) bits += k.match(k.read(lead), today) === undefined ? '0' : '1'
  return bits
}
