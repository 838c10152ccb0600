// The alerts view: GET /api/changes drawn as one block per alert (newest first) with, per series,
// the change, its interval, and a chart of the series' history with the change marked, the
// threshold and the noise band (+-2 sigma of one run around the level before the change).
// Text enters the page only through dom.el (textContent), never as HTML.
'use strict'
;(function () {
  const {el, clear, table} = window.dom
  const list = document.getElementById('alerts-list')
  const summary = document.getElementById('alerts-summary')
  const error = document.getElementById('alerts-error')
  const drifts = document.getElementById('drifts')
  const form = document.getElementById('alerts-filters')
  const charts = []
  const MAX_CHARTS = 30

  const pct = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`
  const label = (k) => [k.modelName, k.hardwareType + (k.deviceName ? ` (${k.deviceName})` : ''), k.testCase, `batch ${k.batchSize ?? '?'}`, k.precision, k.machine ? `on ${k.machine}` : null]
    .filter(Boolean).join(' · ')

  function chart(canvas, s, result) {
    const before = s.points.slice(0, s.runsBefore).map((p) => Math.log(p.value))
    const level = Math.exp(before.reduce((a, b) => a + b, 0) / before.length)
    const worse = result.metric.better === 'lower' ? 1 + result.settings.threshold : 1 / (1 + result.settings.threshold)
    const labels = s.points.map((p) => `run ${p.runId}`)
    const flat = (y) => s.points.map(() => y)
    const band = Math.exp(2 * s.noise)
    charts.push(new window.Chart(canvas, {
      type: 'line',
      data: {labels, datasets: [
        {label: `${result.metric.label} (${result.metric.unit})`, data: s.points.map((p) => p.value), borderColor: '#2563eb', tension: 0,
          pointRadius: s.points.map((_, i) => (i === s.runsBefore ? 6 : 2)),
          pointBackgroundColor: s.points.map((_, i) => (i === s.runsBefore ? '#dc2626' : '#2563eb'))},
        {label: 'Noise band (±2σ)', data: flat(level * band), borderColor: 'rgba(100,116,139,0.4)', pointRadius: 0, borderWidth: 1},
        {label: 'Noise band low', data: flat(level / band), borderColor: 'rgba(100,116,139,0.4)', backgroundColor: 'rgba(100,116,139,0.12)', fill: '-1', pointRadius: 0, borderWidth: 1},
        {label: `Threshold (${(result.settings.threshold * 100).toFixed(1)}% worse)`, data: flat(level * worse), borderColor: '#dc2626', borderDash: [6, 4], pointRadius: 0, borderWidth: 1},
      ]},
      options: {animation: false, responsive: true, maintainAspectRatio: false,
        plugins: {legend: {labels: {filter: (item) => item.text !== 'Noise band low'}}}},
    }))
  }

  function render(result) {
    charts.splice(0).forEach((c) => c.destroy())
    clear(list)
    const s = result.summary
    summary.textContent = `${s.alerts} alert(s) (${s.regressions} with regressions), ${s.changes} change(s), ${s.drifts} drift(s) in ${s.series} series · ${result.metric.label}, threshold ${(result.settings.threshold * 100).toFixed(1)}%`
    if (result.alerts.length === 0) list.appendChild(el('p', {className: 'muted', text: 'No change beyond the threshold in any series history.'}))
    let drawn = 0
    for (const a of result.alerts) {
      const head = el('h3', {className: `alert ${a.severity}`, text: `${a.severity === 'regressed' ? 'Regression' : 'Improvement'} at run ${a.runId}` +
        `${a.commit ? ` (${a.commit.slice(0, 12)})` : ''}${a.branch ? ` on ${a.branch}` : ''}${a.at ? ` · ${a.at}` : ''} · ${a.series.length} series`})
      const block = el('article', {className: 'alert-block', 'data-run': a.runId}, [head])
      for (const s of a.series) {
        block.appendChild(el('p', {className: `alert-series ${s.direction}`,
          text: `${label(s.key)}: ${pct(s.change)} (${Math.round(s.interval.level * 100)}% interval ${pct(s.interval.low)} to ${pct(s.interval.high)}), ${s.runsBefore} runs before, ${s.runsAfter} after`}))
        if (drawn++ < MAX_CHARTS) {
          const canvas = el('canvas', {'aria-label': `history of ${label(s.key)}`})
          block.appendChild(el('div', {className: 'chart-box'}, [canvas]))
          chart(canvas, s, result)
        }
      }
      list.appendChild(block)
    }
    clear(drifts).appendChild(result.drifts.length
      ? table([{key: 'series', title: 'Series'}, {key: 'runs', title: 'Runs'}, {key: 'perRun', title: 'Per run'}, {key: 'total', title: 'Total'}, {key: 'direction', title: 'Verdict'}],
        result.drifts.map((d) => ({series: label(d.key), runs: `${d.fromRunId}…${d.toRunId}`, perRun: pct(d.perRun), total: pct(d.total), direction: d.direction})))
      : el('p', {className: 'muted', text: 'No drift.'}))
    list.setAttribute('data-state', 'ready')
  }

  async function load() {
    error.textContent = ''
    list.setAttribute('data-state', 'loading')
    const q = new URLSearchParams()
    for (const [k, v] of new FormData(form)) if (String(v).trim()) q.set(k, String(v).trim())
    try {
      const res = await fetch(`/api/changes?${q}`)
      const body = await res.json()
      if (!res.ok) throw new Error(body.error ? body.error.message : `HTTP ${res.status}`)
      render(body)
    } catch (err) {
      summary.textContent = ''
      error.textContent = String(err.message || err)
      list.setAttribute('data-state', 'error')
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault()
    load()
  })
  load()
})()
