// Verifies a Standard Webhooks delivery as Zapier hands it to a hook's perform, using the official library.
'use strict'

const { Webhook } = require('standardwebhooks')

const NAMES = ['webhook-id', 'webhook-timestamp', 'webhook-signature']

/**
 * The three signature headers under their standard names. Zapier passes a caught request's headers renamed
 * (`Http-Webhook-Id`, title case with an `Http-` prefix); a direct call passes them as sent. Both are accepted.
 */
function signatureHeaders(headers) {
  const found = {}
  for (const [key, value] of Object.entries(headers ?? {})) {
    const name = key.toLowerCase().replace(/^http-/, '')
    if (NAMES.includes(name)) found[name] = Array.isArray(value) ? value.join(' ') : String(value)
  }
  return found
}

/** The parsed body of a delivery whose signature, made with `secret` over the raw body, checks out; throws otherwise. */
function verifiedDelivery(rawRequest, secret) {
  if (typeof rawRequest?.content !== 'string') throw new Error('the request has no raw body to verify')
  const headers = signatureHeaders(rawRequest.headers)
  return { id: headers['webhook-id'], body: new Webhook(secret).verify(rawRequest.content, headers) }
}

module.exports = { verifiedDelivery }
