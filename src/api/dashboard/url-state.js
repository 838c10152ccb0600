// The dashboard's view lives in the URL: every filter, the run comparison's fields and the run page
// (?run=ID), so a view survives a reload, can be shared as a link, and the back button returns to
// the previous one. Values travel through URLSearchParams (encoded) and enter the page only as
// form values; an unknown value from a shared link becomes an option of its select.
'use strict'
window.urlState = (function () {
  const $ = (id) => document.getElementById(id)
  // Form field id -> URL parameter, with the value that means "not set" (left out of the URL).
  const FIELDS = [
    ['f-model', 'model', ''], ['f-family', 'family', ''], ['f-hardware', 'hardware', ''], ['f-batch', 'batch_size', ''],
    ['f-metric', 'metric', 'throughput'], ['f-baseline', 'baseline', 'cpu'], ['f-simulated', 'include_simulated', false],
    ['c-baseline', 'compare_baseline', 'window:20'], ['c-candidate', 'compare_candidate', 'latest'],
    ['c-metric', 'compare_metric', 'throughput'], ['c-threshold', 'compare_threshold', '5%'],
  ]

  function read(node) {
    return node.type === 'checkbox' ? node.checked : node.value
  }

  function write(node, value) {
    if (node.type === 'checkbox') {
      node.checked = value === true || value === 'true'
      return
    }
    if (node.tagName === 'SELECT' && value !== '' && ![...node.options].some((o) => o.value === value)) node.appendChild(window.dom.option(value))
    node.value = value
  }

  /** The current view as a query string ('' when everything is at its default). */
  function current(extra) {
    const q = new URLSearchParams()
    for (const [id, name, empty] of FIELDS) {
      const node = $(id)
      if (!node) continue
      const v = read(node)
      if (v !== empty && v !== '' && v !== false) q.set(name, v === true ? 'true' : v)
    }
    for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
    const s = q.toString()
    return s ? '?' + s : ''
  }

  /** Puts the URL's values into the form; returns the run id of a run page, or null. */
  function apply() {
    const q = new URLSearchParams(window.location.search)
    for (const [id, name, empty] of FIELDS) {
      const node = $(id)
      if (node) write(node, q.has(name) ? q.get(name) : empty)
    }
    const run = q.get('run')
    return run && /^\d+$/.test(run) ? Number(run) : null
  }

  /** Records the view as a new history entry (unless it is the one shown). */
  function push(extra) {
    const next = current(extra)
    if (next !== window.location.search) window.history.pushState(null, '', window.location.pathname + next)
  }

  return {current, apply, push}
})()
