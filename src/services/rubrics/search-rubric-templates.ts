// Use case: the rubric templates a workspace can start from (BANT + fit, CHAMP, MEDDIC).
import type { Static } from 'typebox'
import { templates } from '../../qualification/index.js'
import type { TemplateList } from '../../schemas/rubrics.js'

export const searchRubricTemplates = (): Static<typeof TemplateList> => ({ data: Object.values(templates) })
