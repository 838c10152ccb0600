// Safe DOM construction for the dashboard: text only ever enters the page through textContent or
// attribute setters, never parsed as HTML, so a model called <img src=x onerror=...> stays text.
'use strict'
window.dom = (function () {
  function el(tag, props, children) {
    const node = document.createElement(tag)
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null) continue
        if (k === 'text') node.textContent = String(v)
        else if (k === 'className') node.className = v
        else node.setAttribute(k, String(v))
      }
    }
    for (const child of children || []) if (child) node.appendChild(child)
    return node
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild)
    return node
  }

  function option(value, label) {
    const o = document.createElement('option')
    o.value = value
    o.textContent = label === undefined ? value : label
    return o
  }

  function formatValue(v) {
    if (v === null || v === undefined) return '–'
    if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', {maximumFractionDigits: 2})
    if (typeof v === 'boolean') return v ? 'yes' : 'no'
    return String(v)
  }

  /** A table from column descriptors [{key, title}] and row objects. */
  function table(columns, rows, cellClass) {
    const head = el('tr', null, columns.map((c) => el('th', {text: c.title})))
    const body = rows.map((r) =>
      el('tr', null, columns.map((c) => {
        const v = r[c.key]
        const cls = cellClass ? cellClass(c, v) : typeof v === 'number' ? 'num' : undefined
        return el('td', {text: formatValue(v), className: cls})
      })),
    )
    return el('table', null, [el('thead', null, [head]), el('tbody', null, body)])
  }

  return {el, clear, option, table, formatValue}
})()
