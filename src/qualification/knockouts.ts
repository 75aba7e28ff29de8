// Finds the knockouts a lead hits; an unknown fact never knocks a lead out.
import type { CompiledKnockout } from './compile.js'
import type { FactValue, KnockoutHit } from './evaluation-schema.js'
import type { LeadFacts } from './lead.js'

export function matchKnockouts(knockouts: readonly CompiledKnockout[], lead: LeadFacts, today: number): KnockoutHit[] {
  const hits: KnockoutHit[] = []
  for (const k of knockouts) {
    const value = k.match(k.read(lead), today)
    // Knockouts cannot be of kind missing, so a hit always has a value.
    if (value !== undefined && value !== null)
      hits.push({ id: k.id, description: k.description, field: k.field, value: value as FactValue })
  }
  return hits
}
