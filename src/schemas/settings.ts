// Score settings: temperature thresholds and the score change that emits lead.score_changed.
import { Type, type Static } from 'typebox'
import { ScoreSettings, TemperatureThresholds } from '../qualification/index.js'

export const ScoreSettingsView = ScoreSettings

export const ScoreSettingsBody = Type.Object(
  {
    temperature: Type.Optional(Type.Partial(TemperatureThresholds, { additionalProperties: false, minProperties: 1 })),
    score_change_threshold: Type.Optional(ScoreSettings.properties.score_change_threshold),
  },
  { title: 'ScoreSettingsBody', additionalProperties: false, minProperties: 1 },
)
export type ScoreSettingsBody = Static<typeof ScoreSettingsBody>
