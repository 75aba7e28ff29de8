// A REST-hook trigger on one event type: subscribe/unsubscribe through /v1/webhooks, signed deliveries, polling fallback.
'use strict'

const { apiUrl, problemError } = require('./api')
const { verifiedDelivery } = require('./signature')

// What a Zap sees, the same whether the event came by hook or by polling: the event's id, type, time and resource.
const item = (id, type, occurredAt, data) => ({ id, type, occurred_at: occurredAt, data })

/** Newest first by the feed's seq, each event once, whatever order and overlap the pages came in. */
function newestFirstOnce(events) {
  const byId = new Map(events.map((e) => [e.id, e]))
  return [...byId.values()].sort((a, b) => b.seq - a.seq)
}

const subscribe = (eventType, key) => async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, '/v1/webhooks'),
    method: 'POST',
    body: { target_url: bundle.targetUrl, events: [eventType], description: `Zapier trigger ${key}` },
  })
  return response.data
}

const unsubscribe = async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, `/v1/webhooks/${encodeURIComponent(bundle.subscribeData.id)}`),
    method: 'DELETE',
    skipThrowForStatus: true,
  })
  // Already gone (deleted by hand, or an earlier unsubscribe that Zapier retried) is what unsubscribing wants.
  if (response.status >= 400 && response.status !== 404) throw problemError(response, z)
  return {}
}

const receive = (eventType) => (z, bundle) => {
  let delivery
  try {
    delivery = verifiedDelivery(bundle.rawRequest, bundle.subscribeData.secret)
  } catch (error) {
    throw new z.errors.Error(
      `refused a delivery that is not signed by the subscription: ${error.message}`,
      'INVALID_SIGNATURE',
      401,
    )
  }
  const { type, timestamp, data } = delivery.body ?? {}
  return type === eventType ? [item(delivery.id, type, timestamp, data)] : []
}

const poll = (eventType) => async (z, bundle) => {
  const response = await z.request({ url: apiUrl(bundle, '/v1/events'), params: { type: eventType, limit: 100 } })
  return newestFirstOnce(response.data.data).map((e) => item(e.id, e.type, e.occurred_at, e.data))
}

/** The trigger definition; `sample` is the resource the event carries (GET /v1/webhooks/samples/{type} shape). */
function hookTrigger({ key, noun, label, description, eventType, sample, dataFields }) {
  return {
    key,
    noun,
    display: { label, description },
    operation: {
      type: 'hook',
      performSubscribe: subscribe(eventType, key),
      performUnsubscribe: unsubscribe,
      perform: receive(eventType),
      performList: poll(eventType),
      sample: item('0b8f6b1e-5d0c-4a53-9d7e-3f0a3c1d2e4f', eventType, '2026-11-26T12:00:00.000Z', sample),
      outputFields: [
        { key: 'id', label: 'Event ID' },
        { key: 'type', label: 'Event Type' },
        { key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
        ...dataFields.map((f) => ({ ...f, key: `data__${f.key}` })),
      ],
    },
  }
}

module.exports = { hookTrigger, newestFirstOnce }
