// Exact comparison of decimal strings, so money and revenue never go through a double.

export interface Decimal {
  readonly negative: boolean
  /** Without leading zeros ("" for zero). */
  readonly integer: string
  /** Without trailing zeros. */
  readonly fraction: string
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** Reads -?digits(.digits)? into its parts, or undefined for anything else. */
export function parseDecimal(text: string): Decimal | undefined {
  const negative = text.charCodeAt(0) === 45
  let i = negative ? 1 : 0
  const intStart = i
  while (isDigit(text.charCodeAt(i))) i++
  const intEnd = i
  let fracEnd = i
  if (text.charCodeAt(i) === 46) {
    i++
    while (isDigit(text.charCodeAt(i))) i++
    fracEnd = i
    if (fracEnd === intEnd + 1) return undefined
  }
  if (intEnd === intStart || i !== text.length) return undefined
  let a = intStart
  while (a < intEnd && text.charCodeAt(a) === 48) a++
  let b = fracEnd
  while (b > intEnd + 1 && text.charCodeAt(b - 1) === 48) b--
  const integer = text.slice(a, intEnd)
  const fraction = b > intEnd + 1 ? text.slice(intEnd + 1, b) : ''
  // -0 and 0 are the same number
  return { negative: negative && (integer !== '' || fraction !== ''), integer, fraction }
}

export function isDecimal(text: string): boolean {
  return parseDecimal(text) !== undefined
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.integer.length !== b.integer.length) return a.integer.length < b.integer.length ? -1 : 1
  if (a.integer !== b.integer) return a.integer < b.integer ? -1 : 1
  if (a.fraction === b.fraction) return 0
  // Without trailing zeros, the plain string order of the fractions is their numeric order.
  return a.fraction < b.fraction ? -1 : 1
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareParsed(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1
  const magnitude = compareMagnitude(a, b)
  return a.negative ? -magnitude : magnitude
}

function required(text: string): Decimal {
  const parsed = parseDecimal(text)
  if (parsed === undefined) throw new RangeError(`not a decimal: ${text}`)
  return parsed
}

/** -1, 0 or 1 as a < b, a = b, a > b; both must satisfy isDecimal. */
export function compareDecimal(a: string, b: string): number {
  return compareParsed(required(a), required(b))
}

function spell({ negative, integer, fraction }: Decimal): string {
  const body = (integer === '' ? '0' : integer) + (fraction === '' ? '' : `.${fraction}`)
  return negative ? `-${body}` : body
}

/** One spelling per value ("007.50" and "7.5" give "7.5"), for set membership. */
export function canonicalDecimal(text: string): string {
  return spell(required(text))
}

// String(n) is the shortest text that reads back as n, i.e. the decimal the rubric author wrote.
export function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
  const text = String(value)
  const e = text.indexOf('e')
  return canonicalDecimal(e < 0 ? text : expandExponent(text.slice(0, e), Number(text.slice(e + 1))))
}

function expandExponent(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith('-')
  const unsigned = negative ? mantissa.slice(1) : mantissa
  const dot = unsigned.indexOf('.')
  const digits = unsigned.replace('.', '')
  const point = (dot < 0 ? unsigned.length : dot) + exponent
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`
  return negative ? `-${body}` : body
}
