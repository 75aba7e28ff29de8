// Opportunity stages: default win probability and forecast category, which a workspace may override.
import { Type, type Static } from 'typebox'
import { STAGES, type Stage } from './lifecycle.js'
import { Int4 } from './integers.js'

export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const

export const StageSetting = Type.Object(
  {
    probability: Int4({ minimum: 0, maximum: 100 }),
    forecast_category: Type.Enum(FORECAST_CATEGORIES),
  },
  { title: 'StageSetting', additionalProperties: false },
)
export type StageSetting = Static<typeof StageSetting>

export const StageSettings = Type.Object(
  Object.fromEntries(STAGES.map((s) => [s, StageSetting])) as Record<Stage, typeof StageSetting>,
  { title: 'StageSettings', additionalProperties: false },
)
export type StageSettings = Static<typeof StageSettings>

export const DEFAULT_STAGE_SETTINGS: StageSettings = {
  prospecting: { probability: 10, forecast_category: 'pipeline' },
  qualification: { probability: 20, forecast_category: 'pipeline' },
  needs_analysis: { probability: 40, forecast_category: 'best_case' },
  proposal: { probability: 60, forecast_category: 'best_case' },
  negotiation: { probability: 80, forecast_category: 'commit' },
  closed_won: { probability: 100, forecast_category: 'closed' },
  closed_lost: { probability: 0, forecast_category: 'omitted' },
}

/** The workspace's settings over the defaults, stage by stage. */
export function stageSettings(overrides: Partial<StageSettings> | null | undefined): StageSettings {
  return { ...DEFAULT_STAGE_SETTINGS, ...(overrides ?? {}) }
}
