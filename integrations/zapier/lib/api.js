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

/** A Zapier error that says what the service answered: the problem's detail, else the status. */
function problemError(response, z) {
  const problem = parsed(response)
  const message = describeProblem(problem) ?? `the service answered ${response.status}`
  if (response.status === 401) return new z.errors.ExpiredAuthError(message)
  return new z.errors.Error(message, problem?.code ?? `HTTP_${response.status}`, response.status)
}

/** afterResponse: error answers become readable errors, unless the request said it handles its statuses itself. */
const throwForProblem = (response, z) => {
  if (response.status >= 400 && !response.skipThrowForStatus) throw problemError(response, z)
  return response
}

module.exports = { apiUrl, addApiKey, throwForProblem, problemError, describeProblem }
