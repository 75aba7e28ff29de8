// Writes schema.d.ts, the client's types, from openapi/openapi.json (run by `npm run openapi`; a test checks drift).
import { readFileSync, writeFileSync } from 'node:fs'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'

const documentPath = new URL('../../openapi/openapi.json', import.meta.url)
export const typesPath = new URL('./schema.d.ts', import.meta.url)

export async function clientTypes(document: object = JSON.parse(readFileSync(documentPath, 'utf8'))): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], { alphabetize: true })
  return COMMENT_HEADER + astToString(ast)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(typesPath, await clientTypes())
  console.log(`wrote ${typesPath.pathname}`)
}
