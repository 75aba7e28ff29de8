// Which addresses a webhook may reach: public ones only (loopback too when allowed for local testing),
// checked for every address a name resolves to, at subscription time and again when connecting.
import { lookup as dnsLookup } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { AppError } from '../../errors.js'

const loopback = new BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')

const forbidden = new BlockList()
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
  ['192.0.2.0', 24],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
] as const)
  forbidden.addSubnet(net, bits, 'ipv4')
// BlockList already judges IPv4-mapped addresses (::ffff:a.b.c.d, in any spelling) by their IPv4 rules. Every other
// IPv6 form that embeds an IPv4 address (compatible, translated, 6to4, NAT64, Teredo) is refused whole, as are the
// special-purpose ranges (discard, documentation, site-local).
for (const [net, bits] of [
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
  ['5f00::', 16],
  ['fec0::', 10],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  forbidden.addSubnet(net, bits, 'ipv6')

/** Why an address may not be a webhook target, or undefined when it may. */
export function refusalOf(address: string, allowLoopback: boolean): string | undefined {
  const family = isIP(address)
  if (family === 0) return `${address} is not an IP address`
  const type = family === 4 ? 'ipv4' : 'ipv6'
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped !== undefined) return refusalOf(mapped, allowLoopback)
  if (loopback.check(address, type))
    return allowLoopback
      ? undefined
      : `${address} is a loopback address (allowed only with WEBHOOK_ALLOW_LOOPBACK=true, for local testing)`
  if (forbidden.check(address, type)) return `${address} is a private, link-local, or reserved address`
  return undefined
}

function assertAllowed(addresses: string[], allowLoopback: boolean): void {
  for (const address of addresses) {
    const reason = refusalOf(address, allowLoopback)
    if (reason !== undefined)
      throw new AppError('VALIDATION_FAILED', `target_url resolves to ${reason}`, {
        errors: [{ pointer: '/target_url', in: 'body', detail: `resolves to ${reason}` }],
      })
  }
}

const resolveAll = (host: string) =>
  new Promise<string[]>((resolve, reject) => {
    dnsLookup(host, { all: true }, (err, addresses) =>
      err === null ? resolve(addresses.map((a) => a.address)) : reject(err),
    )
  })

const badTarget = (detail: string) =>
  new AppError('VALIDATION_FAILED', `target_url ${detail}`, {
    errors: [{ pointer: '/target_url', in: 'body', detail }],
  })

/** The host of an http(s) URL with one, as a name or a bare IP address. */
function hostOf(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw badTarget('is not a valid URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badTarget('must be an http or https URL')
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  if (host === '') throw badTarget('must name a host')
  return host
}

/** Subscription-time check of a target URL. */
export async function checkTarget(url: string, allowLoopback: boolean): Promise<void> {
  const host = hostOf(url)
  let addresses: string[]
  try {
    addresses = isIP(host) === 0 ? await resolveAll(host) : [host]
  } catch {
    throw badTarget(`host ${host} does not resolve`)
  }
  assertAllowed(addresses, allowLoopback)
}

/** A `lookup` for http.request that refuses the connection when any resolved address is not allowed. */
export function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback): void => {
    dnsLookup(hostname, { all: true }, (err, addresses) => {
      if (err !== null) return callback(err, [])
      const refused = addresses.map((a) => refusalOf(a.address, allowLoopback)).find((r) => r !== undefined)
      if (refused !== undefined)
        return callback(Object.assign(new Error(`refused: ${refused}`), { code: 'EADDRNOTALLOWED' }), [])
      if (options.all === true) return callback(null, addresses)
      callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}
