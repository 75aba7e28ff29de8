// Talking to the Qualify API: the base URL and key from the connection, and problem+json answers as readable errors.
'use strict'

/** The absolute URL of an API path on the connected service. */
const apiUrl = (bundle, path) => `${String(bundle.authData.base_url).replace(/\/+$/, '')}${path}`

/** Sends the connection's API key as the bearer token the service expects (src/plugins/auth.ts). */
const addApiKey = (request, z, bundle) => {
  if (bundle.authData.api_key) request.headers.Authorization = `Bearer ${bundle.authData.api_key}`
  return request
}

/** One line from a problem's detail and the detail of each field error, or undefined when the body is no problem. */
function describeProblem(problem) {
  if (problem === null || typeof problem !== 'object' || typeof problem.status !== 'number') return undefined
  const fields = Array.isArray(problem.errors) ? problem.errors.map((e) => `${e.pointer}: ${e.detail}`) : []
  return [problem.detail ?? problem.title, ...fields].filter(Boolean).join('; ')
}

function parsed(response) {
  try {
    return response.json
  } catch {
    return undefined
  }
}

/** Turns an error answer into a Zapier error that says what the service said; callers may handle a status first. */
const throwForProblem = (response, z) => {
  if (response.status < 400 || response.skipThrowForStatus) return response
  const problem = parsed(response)
  const message = describeProblem(problem) ?? `the service answered ${response.status}`
  if (response.status === 401) throw new z.errors.ExpiredAuthError(message)
  throw new z.errors.Error(message, problem?.code ?? `HTTP_${response.status}`, response.status)
}

module.exports = { apiUrl, addApiKey, throwForProblem, describeProblem }
