// Custom authentication: the service's URL and an API key, tested against GET /v1/me.
'use strict'

const { apiUrl } = require('./api')

const test = async (z, bundle) => (await z.request({ url: apiUrl(bundle, '/v1/me') })).data

module.exports = {
  type: 'custom',
  fields: [
    {
      key: 'base_url',
      label: 'Service URL',
      type: 'string',
      required: true,
      helpText: 'Where your Qualify service answers, for example `https://qualify.example.com` (no trailing `/v1`).',
    },
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText: 'A key with the `read` and `write` scopes, made with `POST /v1/api-keys` by an admin.',
    },
  ],
  test,
  connectionLabel: (z, bundle) => {
    const me = bundle.inputData
    return `${me.workspace.name} (key ${me.key.prefix}…)`
  },
}
