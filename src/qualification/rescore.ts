// A rescoring's decision for one lead: did the stored score change, and is the move big enough to announce.
export interface StoredScore {
  total: number | null
  grade: string | null
  decision: string | null
  rubricId: string | null
  rubricVersion: number | null
}

export function scoreMove(before: StoredScore, after: StoredScore, threshold: number) {
  const changed =
    before.total !== after.total ||
    before.grade !== after.grade ||
    before.decision !== after.decision ||
    before.rubricId !== after.rubricId ||
    before.rubricVersion !== after.rubricVersion
  const notify = before.total === null || after.total === null || Math.abs(after.total - before.total) > threshold
  return { changed, notify: changed && notify }
}
