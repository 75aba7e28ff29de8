// Lead temperature from engagement after decay, and a workspace's score settings (thresholds it may override).
import { Type, type Static } from 'typebox'

export const TEMPERATURES = ['hot', 'warm', 'cold'] as const
export type Temperature = (typeof TEMPERATURES)[number]

const Points = (description: string) => Type.Number({ minimum: 0, maximum: 100, description })

export const TemperatureThresholds = Type.Object(
  {
    hot: Points('Decayed engagement score (0-100) at or above which a lead is hot'),
    warm: Points('Decayed engagement score at or above which a lead is warm (below hot); under it, cold'),
  },
  { title: 'TemperatureThresholds', additionalProperties: false },
)

export const ScoreSettings = Type.Object(
  {
    temperature: TemperatureThresholds,
    score_change_threshold: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'A rescoring that moves a total by more than this many points emits lead.score_changed',
    }),
  },
  { title: 'ScoreSettings', additionalProperties: false },
)
export type ScoreSettings = Static<typeof ScoreSettings>

/** Hot: engaged within about a half-life; cold: little left of even a meeting a few half-lives ago. */
export const DEFAULT_SCORE_SETTINGS: ScoreSettings = {
  temperature: { hot: 50, warm: 20 },
  score_change_threshold: 5,
}

export function scoreSettings(overrides: Partial<ScoreSettings> | null | undefined): ScoreSettings {
  return {
    temperature: { ...DEFAULT_SCORE_SETTINGS.temperature, ...(overrides?.temperature ?? {}) },
    score_change_threshold: overrides?.score_change_threshold ?? DEFAULT_SCORE_SETTINGS.score_change_threshold,
  }
}

/** The decayed engagement range of a temperature: at least `min`, below `below`. */
export function temperatureRange(t: Temperature, thresholds: ScoreSettings['temperature']) {
  if (t === 'hot') return { min: thresholds.hot }
  if (t === 'warm') return { min: thresholds.warm, below: thresholds.hot }
  return { below: thresholds.warm }
}

/** An engagement result as stored for later decay: 100·points/cap, not yet capped at 100. */
export const uncappedEngagement = (rawPoints: number, cap: number): number => (cap > 0 ? (100 * rawPoints) / cap : 0)
