// The dashboard: static code that reads the JSON API and draws with Chart.js (served locally).
// Every string from the database goes through dom.js (textContent) or into a canvas.
'use strict'
;(function () {
  const {el, clear, option, table} = window.dom
  const $ = (id) => document.getElementById(id)
  const PALETTE = ['#2563eb', '#f97316', '#16a34a', '#dc2626', '#9333ea', '#0891b2', '#ca8a04', '#db2777']
  const REPORTS = ['performance', 'summary', 'hardware', 'compatibility', 'integration', 'web-platform']
  const charts = {}
  let models = []
  let latestOffset = 0

  async function getJson(url) {
    const res = await fetch(url, {headers: {Accept: 'application/json'}})
    const body = await res.json().catch(() => null)
    if (!res.ok) {
      const message = body && body.error ? body.error.message : `HTTP ${res.status}`
      const err = new Error(message)
      err.status = res.status
      throw err
    }
    return body
  }

  function query(params) {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null && v !== false) q.set(k, String(v))
    const s = q.toString()
    return s ? '?' + s : ''
  }

  function filters() {
    return {
      model: $('f-model').value,
      family: $('f-family').value,
      hardware: $('f-hardware').value,
      batch_size: $('f-batch').value,
      metric: $('f-metric').value,
      baseline: $('f-baseline').value,
      include_simulated: $('f-simulated').checked ? 'true' : '',
    }
  }

  /** Depth-first search of an API answer for values matching `test` (chart specs, tables). */
  function findAll(value, test, out) {
    out = out || []
    if (value && typeof value === 'object') {
      if (test(value)) out.push(value)
      else for (const v of Array.isArray(value) ? value : Object.values(value)) findAll(v, test, out)
    }
    return out
  }
  const isChart = (kind) => (v) => v.kind === kind && typeof v.title === 'string'
  const isTable = (v) => Array.isArray(v.columns) && Array.isArray(v.rows) && v.columns.every((c) => c && typeof c.key === 'string')

  function setState(sectionId, state, noteId, note) {
    $(sectionId).dataset.state = state
    const n = $(noteId)
    n.textContent = note || ''
    n.className = state === 'error' ? 'hint error' : 'hint'
  }

  function axisTitle(label, unit) {
    return {display: true, text: unit ? `${label} (${unit})` : label}
  }

  function drawChart(canvasId, spec) {
    if (charts[canvasId]) charts[canvasId].destroy()
    let data
    if (spec.kind === 'bar') {
      data = {
        labels: spec.categories,
        datasets: spec.datasets.map((d, i) => ({
          label: spec.legendTitle ? `${spec.legendTitle} ${d.label}` : d.label,
          data: d.values,
          backgroundColor: PALETTE[i % PALETTE.length],
        })),
      }
    } else {
      const xs = [...new Set(spec.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      data = {
        labels: xs.map((x) => (spec.xType === 'time' ? String(x).slice(0, 10) : x)),
        datasets: spec.series.map((s, i) => {
          const byX = new Map(s.points.map((p) => [p.x, p.y]))
          return {label: s.label, data: xs.map((x) => (byX.has(x) ? byX.get(x) : null)), borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], spanGaps: true}
        }),
      }
    }
    charts[canvasId] = new window.Chart($(canvasId), {
      type: spec.kind === 'bar' ? 'bar' : 'line',
      data,
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: {title: {display: true, text: spec.subtitle ? [spec.title, spec.subtitle] : spec.title}},
        scales: {x: {title: {display: Boolean(spec.xLabel), text: spec.xLabel || ''}}, y: {beginAtZero: true, title: axisTitle(spec.yLabel, spec.yUnit)}},
      },
    })
  }

  /** The API's comparison / trend answers as chart specs (presentation only; numbers come from the API). */
  function toSpec(answer, kind) {
    if (answer && answer.kind === 'comparison' && kind === 'bar') {
      if (!answer.rows.length) return null
      // One bar per series (hardware, and device, machine, precision where they differ) and batch
      // size: the API names each row's series, so two devices or precisions are never one bar.
      const rows = answer.rows.filter((r) => !answer.scope || !answer.scope.family || r.model === answer.rows[0].model)
      const categories = [...new Set(rows.map((r) => r.series))]
      const value = (label, b) => {
        const row = rows.find((r) => r.series === label && r.batchSize === b)
        return row ? row.value : null
      }
      const scope = answer.scope && (answer.scope.model || answer.scope.family)
      return {
        kind: 'bar', title: `${answer.metricLabel} by hardware${scope ? ' — ' + scope : ''}`,
        subtitle: `baseline ${answer.baseline}; ${answer.higherIsBetter ? 'higher' : 'lower'} is better`,
        categories, legendTitle: 'batch',
        datasets: answer.batchSizes.map((b) => ({label: b === null ? 'n/a' : String(b), values: categories.map((c) => value(c, b))})),
        xLabel: 'hardware', yLabel: answer.metricLabel, yUnit: answer.unit,
      }
    }
    if (answer && answer.kind === 'trend' && kind === 'line') {
      if (!answer.series.length) return null
      return {
        kind: 'line', title: `${answer.metricLabel} over time — ${answer.model} on ${answer.hardware}`, xType: 'time', xLabel: 'run date',
        yLabel: answer.metricLabel, yUnit: answer.unit,
        // One line per series, named by the API (device, machine, precision, batch size); runs of
        // unknown time have no place on a time axis.
        series: answer.series.map((s) => ({label: s.label, points: s.points.filter((p) => p.measuredAt !== null).map((p) => ({x: p.measuredAt, y: p.value}))})),
      }
    }
    return findAll(answer, isChart(kind))[0] || null
  }

  async function loadChart(kind, url, canvasId, sectionId, noteId) {
    try {
      const answer = await getJson(url)
      const spec = toSpec(answer, kind)
      if (!spec) throw new Error('no data for these filters')
      drawChart(canvasId, spec)
      setState(sectionId, 'ready', noteId, '')
    } catch (err) {
      if (charts[canvasId]) charts[canvasId].destroy()
      delete charts[canvasId]
      setState(sectionId, 'error', noteId, err.message)
    }
  }

  async function loadMatrix(f) {
    const box = clear($('matrix'))
    try {
      // Every row (all=true): the page hides the ones without evidence itself, so "show all" needs no second request.
      const answer = await getJson('/api/compatibility' + query({model: f.model, family: f.family, include_simulated: f.include_simulated, all: 'true'}))
      if (answer && answer.kind === 'matrix') {
        const width = answer.hardware.length
        const cellAt = (ri, hi) => answer.cells[ri * width + hi]
        // Models that no file ever tested anywhere are hidden unless asked for (they are noise).
        const all = $('matrix-all').checked
        const shown = answer.rows.map((r, ri) => ri).filter((ri) => all || answer.hardware.some((_h, hi) => cellAt(ri, hi).state !== 'untested'))
        const columns = [{key: 'row', title: answer.by}, ...answer.hardware.map((h, i) => ({key: 'c' + i, title: h}))]
        const rows = shown.map((ri) => {
          const row = {row: answer.rows[ri]}
          answer.hardware.forEach((_h, hi) => (row['c' + hi] = cellAt(ri, hi).state))
          return row
        })
        const t = table(columns, rows, (c, v) => (c.key === 'row' ? undefined : String(v)))
        // Failure reasons as tooltips (title attribute: text, never markup).
        t.querySelectorAll('tbody tr').forEach((tr, i) => tr.querySelectorAll('td').forEach((td, ci) => {
          const cell = ci > 0 && cellAt(shown[i], ci - 1)
          if (cell && cell.latestFailure) td.setAttribute('title', cell.latestFailure)
        }))
        box.appendChild(t)
        if (!answer.rows.length) throw new Error('no compatibility evidence for these filters')
        const hidden = answer.rows.length - shown.length
        setState('matrix-section', 'ready', 'matrix-note', hidden ? `${shown.length} ${answer.by}(s) with evidence; ${hidden} without any evidence hidden` : '')
        return
      }
      const heat = findAll(answer, isChart('heatmap'))[0]
      if (heat) {
        const columns = [{key: 'row', title: heat.rowLabel || 'model'}, ...heat.columns.map((c, i) => ({key: 'c' + i, title: c}))]
        const rows = heat.rows.map((r, ri) => {
          const row = {row: r}
          heat.columns.forEach((_c, ci) => (row['c' + ci] = (heat.cells[ri] && heat.cells[ri][ci]) || 'untested'))
          return row
        })
        box.appendChild(table(columns, rows, (c, v) => (c.key === 'row' ? undefined : String(v))))
      } else {
        const t = findAll(answer, isTable)[0]
        if (!t) throw new Error('no compatibility data')
        box.appendChild(table(t.columns, t.rows, (c, v) => (['compatible', 'incompatible', 'partial', 'untested'].includes(String(v)) ? String(v) : undefined)))
      }
      setState('matrix-section', 'ready', 'matrix-note', '')
    } catch (err) {
      setState('matrix-section', 'error', 'matrix-note', err.message)
    }
  }

  const LATEST_COLUMNS = [
    {key: 'model_name', title: 'Model'}, {key: 'hardware_type', title: 'Hardware'}, {key: 'device_name', title: 'Device'},
    {key: 'batch_size', title: 'Batch'}, {key: 'precision', title: 'Precision'},
    {key: 'throughput_items_per_second', title: 'Throughput (items/s)'}, {key: 'average_latency_ms', title: 'Latency (ms)'},
    {key: 'memory_peak_mb', title: 'Memory (MB)'}, {key: 'is_simulated', title: 'Simulated'}, {key: 'measured_at', title: 'Measured'},
  ]

  async function loadLatest(f, append) {
    const box = $('latest')
    try {
      if (!append) latestOffset = 0
      const page = await getJson('/api/performance' + query({model: f.model, family: f.family, hardware: f.hardware, batch_size: f.batch_size, include_simulated: f.include_simulated, limit: 25, offset: latestOffset}))
      const rows = page.items.map((r) => ({...r, measured_at: r.measured_at ? r.measured_at.slice(0, 16).replace('T', ' ') : null}))
      if (!append) clear(box)
      const existing = box.querySelector('tbody')
      if (append && existing) table(LATEST_COLUMNS, rows).querySelectorAll('tbody tr').forEach((tr) => existing.appendChild(tr))
      else box.appendChild(table(LATEST_COLUMNS, rows))
      latestOffset = page.nextOffset || 0
      $('more').hidden = page.nextOffset === null
      setState('latest-section', 'ready', 'latest-note', `${page.total.toLocaleString('en-US')} result(s)${f.include_simulated ? '' : ', simulated excluded'}`)
    } catch (err) {
      setState('latest-section', 'error', 'latest-note', err.message)
    }
  }

  const RUN_COLUMNS = [
    {key: 'series', title: 'Series'}, {key: 'baseline', title: 'Baseline'}, {key: 'candidate', title: 'Candidate'},
    {key: 'change', title: 'Change'}, {key: 'verdict', title: 'Verdict'}, {key: 'test', title: 'Decided by'},
  ]
  const VERDICTS = ['regressed', 'improved', 'unchanged', 'inconclusive']

  function seriesName(k) {
    const hw = k.deviceName ? `${k.hardwareType} (${k.deviceName})` : k.hardwareType
    return [k.modelName, hw, k.testCase || 'no test case', `batch ${k.batchSize === null ? '?' : k.batchSize}`, k.precision || 'no precision']
      .join(' · ') + (k.simulated ? ' · simulated' : '')
  }

  const signedPct = (x) => (x === null ? null : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(1)}%`)
  const sideName = (side) => `${side.selector} (${side.runs.length === 1 ? 'run ' + side.runs[0].runId : side.runs.length + ' runs'})`

  /** GET /api/compare/runs (what `bench db:compare` answers) as a summary line and a table, most severe first. */
  let runRequest = 0
  async function loadRunComparison(f) {
    const seq = ++runRequest
    const box = clear($('runs'))
    $('runs-summary').textContent = ''
    $('runs-section').dataset.state = 'loading'
    try {
      const answer = await getJson('/api/compare/runs' + query({
        baseline: $('c-baseline').value.trim(), candidate: $('c-candidate').value.trim(), metric: $('c-metric').value,
        threshold: $('c-threshold').value.trim(), model: f.model, family: f.family, hardware: f.hardware, include_simulated: f.include_simulated,
      }))
      if (seq !== runRequest) return // a newer comparison was asked for meanwhile
      const s = answer.summary
      $('runs-summary').textContent = `${VERDICTS.map((v) => `${s[v]} ${v}`).join(' · ')} · ${s.unpaired} unpaired — ` +
        `${answer.metric.label} (${answer.metric.better} is better), baseline ${sideName(answer.baseline)} vs candidate ${sideName(answer.candidate)}`
      const unit = answer.metric.unit ? ` ${answer.metric.unit}` : ''
      // The API already orders the series by severity; the table keeps that order.
      const rows = answer.series.map((x) => ({
        series: seriesName(x.key), baseline: x.baselineValue, candidate: x.candidateValue, change: signedPct(x.change), verdict: x.verdict, test: x.decidedBy,
      }))
      const t = table(RUN_COLUMNS.map((c) => (c.key === 'baseline' || c.key === 'candidate' ? {...c, title: c.title + unit} : c)), rows,
        (c, v) => (c.key === 'verdict' ? String(v) : typeof v === 'number' || c.key === 'change' ? 'num' : undefined))
      // Why each verdict, as a tooltip (title attribute: text, never markup).
      t.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('title', answer.series[i].reason))
      box.appendChild(t)
      showUnpaired(answer.unpaired || [])
      const notes = [`${s.unpaired} unpaired series (in one side only) not compared`, ...answer.warnings]
      setState('runs-section', 'ready', 'runs-note', notes.join('. '))
    } catch (err) {
      if (seq === runRequest) setState('runs-section', 'error', 'runs-note', err.message)
    }
  }

  /** The series only one side has, listed (a count alone hides which benchmark stopped running). */
  function showUnpaired(unpaired) {
    const box = clear($('unpaired'))
    $('unpaired-box').hidden = unpaired.length === 0
    $('unpaired-summary').textContent = `${unpaired.length} unpaired series`
    if (!unpaired.length) return
    const rows = unpaired.map((u) => ({series: seriesName(u.key), side: u.side === 'baseline-only' ? 'baseline only' : 'candidate only', runs: u.runs.join(', ')}))
    box.appendChild(table([{key: 'series', title: 'Series'}, {key: 'side', title: 'Found in'}, {key: 'runs', title: 'Runs'}], rows))
  }

  /** What people call a run: not a 64-character content hash when anything better is known. */
  function runName(r) {
    if (r.run_name) return r.run_name
    if (r.test_name && !/^[0-9a-f]{40,64}$/i.test(r.test_name)) return r.test_name
    if (r.git_commit) return 'commit ' + r.git_commit.slice(0, 10)
    return r.test_name || 'run ' + r.run_id
  }

  async function loadRecent() {
    const box = clear($('recent'))
    try {
      const page = await getJson('/api/runs?limit=15')
      const columns = [{key: 'name', title: 'Run'}, {key: 'when', title: 'Measured'}, {key: 'git_commit', title: 'Commit'},
        {key: 'git_branch', title: 'Branch'}, {key: 'machine', title: 'Machine'}, {key: 'performance_results', title: 'Results'}]
      const rows = page.items.map((r) => ({...r, name: runName(r), when: r.started_at ? r.started_at.slice(0, 16).replace('T', ' ') : 'time unknown', git_commit: r.git_commit ? r.git_commit.slice(0, 10) : null}))
      const t = table(columns, rows)
      // Each run name links to its run page (the current filters kept in the link).
      t.querySelectorAll('tbody tr').forEach((tr, i) => {
        const cell = tr.firstChild
        const link = el('a', {href: window.location.pathname + window.urlState.current({run: page.items[i].run_id}), text: rows[i].name})
        clear(cell).appendChild(link)
      })
      box.appendChild(t)
      setState('recent-section', 'ready', 'recent-note', `${page.total.toLocaleString('en-US')} run(s), newest first`)
    } catch (err) {
      setState('recent-section', 'error', 'recent-note', err.message)
    }
  }

  function loadReports(f) {
    const list = clear($('reports'))
    for (const type of REPORTS) {
      const href = `/api/reports/${type}` + query({format: 'html', model: f.model, family: f.family, hardware: f.hardware, batch_size: f.batch_size, include_simulated: f.include_simulated})
      list.appendChild(el('li', null, [el('a', {href, text: `${type} report (HTML)`})]))
    }
  }

  function refresh() {
    const f = filters()
    // A comparison needs a model or family, a trend a model and hardware: default to the first model.
    const model = f.model || (f.family ? '' : models[0] ? models[0].model_name : '')
    const compareNote = f.model || f.family ? '' : `showing ${model}; choose a model or family`
    loadChart('bar', '/api/compare/hardware' + query({model, family: f.model ? '' : f.family, metric: f.metric, baseline: f.baseline, include_simulated: f.include_simulated}), 'compare-chart', 'compare-section', 'compare-note')
      .then(() => { if (compareNote && $('compare-section').dataset.state === 'ready') $('compare-note').textContent = compareNote })
    const trendModel = f.model || (models[0] ? models[0].model_name : '')
    const trendHw = f.hardware || f.baseline || 'cpu'
    loadChart('line', '/api/trend' + query({model: trendModel, hardware: trendHw, metric: f.metric, batch_size: f.batch_size, include_simulated: f.include_simulated}), 'trend-chart', 'trend-section', 'trend-note')
    loadRunComparison(f)
    loadMatrix(f)
    loadLatest(f, false)
    loadRecent()
    loadReports(f)
  }

  /** Shows the view the URL names: the run page when ?run=ID, and every panel with the URL's filters. */
  function showUrlView() {
    const run = window.urlState.apply()
    if (run !== null) {
      // The run comparison panel shows what changed in this run against the runs before it.
      $('c-candidate').value = String(run)
      window.runPage.show(run, getJson, () => {})
    } else {
      window.runPage.hide()
    }
    refresh()
  }

  async function init() {
    try {
      const h = await getJson('/health')
      $('health').textContent = `schema v${h.schemaVersion} · ${h.tables.performance_results.toLocaleString('en-US')} performance results · ${h.tables.models} models · ${h.tables.hardware_platforms} hardware platforms`
    } catch (err) {
      $('health').textContent = 'database unavailable: ' + err.message
    }
    try {
      const [m, hw, sample, metrics] = await Promise.all([
        getJson('/api/models'), getJson('/api/hardware'), getJson('/api/performance?limit=1000&include_simulated=true'), getJson('/api/metrics'),
      ])
      // Every catalogued metric, with its unit (the comparison and trend read any of them).
      for (const id of ['f-metric', 'c-metric']) {
        clear($(id))
        for (const x of metrics.items) $(id).appendChild(option(x.name, `${x.label} (${x.unit}, ${x.direction} is better)`))
        $(id).value = 'throughput'
      }
      // Best-covered model first: it is the default subject of the comparison and trend charts.
      models = m.items.slice().sort((a, b) => b.performance_results - a.performance_results)
      for (const x of m.items) $('f-model').appendChild(option(x.model_name))
      for (const fam of [...new Set(models.map((x) => x.model_family).filter(Boolean))].sort()) $('f-family').appendChild(option(fam))
      const types = [...new Set(hw.items.map((x) => x.hardware_type))]
      for (const t of types) $('f-hardware').appendChild(option(t))
      clear($('f-baseline'))
      for (const t of types) $('f-baseline').appendChild(option(t))
      if (types.includes('cpu')) $('f-baseline').value = 'cpu'
      for (const b of [...new Set(sample.items.map((x) => x.batch_size).filter((b) => b !== null))].sort((a, b) => a - b)) $('f-batch').appendChild(option(String(b)))
    } catch (err) {
      $('health').textContent += ' · ' + err.message
    }
    const run = () => new URLSearchParams(window.location.search).get('run')
    $('filters').addEventListener('submit', (e) => {
      e.preventDefault()
      window.urlState.push({run: run()})
      refresh()
    })
    $('run-compare').addEventListener('submit', (e) => {
      e.preventDefault()
      window.urlState.push({run: run()})
      loadRunComparison(filters())
    })
    $('matrix-all').addEventListener('change', () => loadMatrix(filters()))
    $('more').addEventListener('click', () => loadLatest(filters(), true))
    // Back and forward buttons: the URL is the view.
    window.addEventListener('popstate', showUrlView)
    showUrlView()
  }

  document.addEventListener('DOMContentLoaded', init)
})()
