// tap's `after` script: removes the migrated snapshot and template database this run's test files shared.
import { rmSync } from 'node:fs'
import { dropTemplate, snapshotPath } from './databases.js'

rmSync(snapshotPath(), { force: true })
const serverUrl = process.env.DATABASE_URL
if (serverUrl !== undefined && serverUrl !== '') await dropTemplate(serverUrl)
