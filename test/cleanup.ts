// tap's `after` script: removes the migrated snapshot and template database this run's test files shared.
import { rmSync } from 'node:fs'
import { snapshotPath, templateName, withAdmin } from './databases.js'

rmSync(snapshotPath(), { force: true })
const serverUrl = process.env.DATABASE_URL
if (serverUrl !== undefined && serverUrl !== '')
  await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${templateName()} with (force)`))
