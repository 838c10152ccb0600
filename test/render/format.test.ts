import {describe, expect, test} from '@jest/globals'

import {formatCell, formatDate, formatNumber, resolveColumns} from '../../src/lib/render/index.js'

describe('formatNumber', () => {
  test('fixed decimals with thousands separators, no negative zero', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,567.89')
    expect(formatNumber(-1.5)).toBe('-1.50')
    expect(formatNumber(-0.001)).toBe('-0.001')
    expect(formatNumber(-0.004, 0)).toBe('-0.004')
    expect(formatNumber(-0)).toBe('0.00')
    expect(formatNumber(-0.4, 0)).toBe('-0.4')
    expect(formatNumber(0.00012345)).toBe('0.00012')
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞')
  })
})

describe('formatCell', () => {
  const cell = (value: unknown, format: Parameters<typeof formatCell>[1]['format'], decimals = 2) => formatCell(value, {format, decimals})

  test('missing values are null, never "null" or "NaN"', () => {
    expect(cell(null, 'number')).toBeNull()
    expect(cell(undefined, 'text')).toBeNull()
    expect(cell(Number.NaN, 'integer')).toBeNull()
  })

  test('formats by column type, accepting bigint and numeric strings from DuckDB', () => {
    expect(cell(12345n, 'integer')).toBe('12,345')
    expect(cell('12.5', 'number')).toBe('12.50')
    expect(cell(0.1234, 'percent', 1)).toBe('12.3%')
    expect(cell(1.5, 'ratio')).toBe('1.50×')
    expect(cell(true, 'text')).toBe('yes')
    expect(cell({a: 1}, 'text')).toBe('{"a":1}')
    expect(cell('not a number', 'number')).toBe('not a number')
  })

  test('dates are shown in UTC without milliseconds', () => {
    expect(formatDate(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02 03:04:05')
    expect(formatDate('2025-01-02')).toBe('2025-01-02')
    expect(formatDate('garbage')).toBe('garbage')
  })
})

describe('resolveColumns', () => {
  test('infers one format per column so decimals line up, and right-aligns numbers', () => {
    const [a, b, c] = resolveColumns({
      columns: [
        {key: 'a', title: 'A'},
        {key: 'b', title: 'B', unit: 'ms'},
        {key: 'c', title: 'C'},
      ],
      rows: [
        {a: 1, b: 1, c: 'x'},
        {a: 2, b: 2.5, c: null},
      ],
    })
    expect([a.format, a.align]).toEqual(['integer', 'right'])
    expect([b.format, b.header]).toEqual(['number', 'B (ms)'])
    expect([c.format, c.align]).toEqual(['text', 'left'])
  })
})

describe('formatNumber without Intl (speed) gives exactly what Intl gives', () => {
  const formatters = [0, 1, 2, 3].map((d) => new Intl.NumberFormat('en-US', {minimumFractionDigits: d, maximumFractionDigits: d}))
  const intl = (value: number, decimals: number) => formatters[decimals].format(value).replace(/^-(0(\.0*)?)$/, '$1')
  test('ties, carries, thousands, negatives and a deterministic spread of magnitudes', () => {
    const values = [0, 0.125, -0.125, 1.005, 2.675, 0.495, 999.995, 999999.995, -1234.5, 1234.5, 999.9999, 1e14 + 0.5, 123456789.125]
    let x = 12345
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648 // a fixed LCG: the same values on every run
      values.push(((x / 2147483648) - 0.3) * 10 ** ((i % 16) - 3), Math.round(x / 7) / 1000, x / 8)
    }
    const mismatches: string[] = []
    for (const value of values) {
      for (const decimals of [0, 1, 2, 3]) {
        if (value !== 0 && Math.abs(value) < 0.5 * 10 ** -decimals) continue // two significant digits instead (tested above)
        if (formatNumber(value, decimals) !== intl(value, decimals)) mismatches.push(`${value}:${decimals}: ${formatNumber(value, decimals)} vs ${intl(value, decimals)}`)
      }
    }
    expect(values.length).toBeGreaterThan(15000)
    expect(mismatches).toEqual([])
  })
  test('ISO timestamps shown without a Date round trip read the same', () => {
    expect(formatDate('2025-05-05T02:00:00.000Z')).toBe('2025-05-05 02:00:00')
    expect(formatDate('2025-05-05T02:00:07Z')).toBe('2025-05-05 02:00:07')
    expect(formatDate('2025-05-05T02:00:00+02:00')).toBe('2025-05-05 00:00:00')
  })
})
