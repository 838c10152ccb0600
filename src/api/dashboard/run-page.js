// The run page (?run=ID): one run's context, the file it came from (the ledger's facts, as
// `bench db:convert --explain` reports them) and its results with every metric in its unit.
// Text from the database enters the page through dom.js only; a CI URL becomes a link only when
// it is http(s).
'use strict'
window.runPage = (function () {
  const {el, clear, table, formatValue} = window.dom
  const $ = (id) => document.getElementById(id)

  const safeHref = (url) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null)

  function pairs(list) {
    const rows = list.filter(([, v]) => v !== null && v !== undefined && v !== '')
    return el('dl', {className: 'pairs'}, rows.flatMap(([k, v]) => [el('dt', {text: k}), el('dd', null, [v instanceof Node ? v : document.createTextNode(formatValue(v))])]))
  }

  function contextBlock(run) {
    const ciUrl = safeHref(run.ci_run_url)
    const tags = run.tags && typeof run.tags === 'object' ? Object.entries(run.tags).map(([k, v]) => `${k}=${v}`).join(', ') : null
    const time = run.started_at ? `${String(run.started_at).slice(0, 19).replace('T', ' ')} UTC (${run.time_source === 'filename' ? 'from the file name' : 'from the file'})` : 'time unknown'
    return pairs([
      ['Run id', run.run_id], ['Test', run.test_name], ['Type', run.test_type], ['Measured', time],
      ['Commit', run.git_commit], ['Branch', run.git_branch], ['Repository', run.git_repository], ['Machine', run.machine],
      ['CI', ciUrl ? el('a', {href: ciUrl, rel: 'noopener noreferrer', text: run.ci_run || ciUrl}) : run.ci_run ? `${run.ci_provider || ''} ${run.ci_run}`.trim() : null],
      ['Tags', tags], ['Stored', run.created_at ? String(run.created_at).slice(0, 19).replace('T', ' ') + ' UTC' : null],
    ])
  }

  function fileBlock(file) {
    if (!file) return el('p', {className: 'hint', text: 'No source file recorded for this run.'})
    const rows = file.rows_written && typeof file.rows_written === 'object' ? Object.entries(file.rows_written).map(([t, n]) => `${t} ${n}`).join(', ') : null
    return el('div', null, [
      pairs([['Path', file.path], ['Read as', file.shape ? `${file.shape} (${file.category})` : null], ['Status', file.status],
        ['Reason', file.reason], ['At', file.json_pointer], ['Rows written', rows], ['SHA-256', file.sha256], ['Bytes', file.size_bytes]]),
      el('p', {className: 'hint'}, [document.createTextNode('The same as '), el('code', {text: `bench db:convert --explain ${file.path}`})]),
    ])
  }

  function resultsBlock(results) {
    if (!results.length) return el('p', {className: 'hint', text: 'No performance results in this run.'})
    // One column per metric the run has, titled with its unit.
    const metricKeys = []
    for (const r of results) for (const m of r.metrics) if (!metricKeys.some((k) => k.metric === m.metric)) metricKeys.push({metric: m.metric, unit: m.unit})
    const columns = [
      {key: 'model_name', title: 'Model'}, {key: 'hardware', title: 'Hardware'}, {key: 'test_case', title: 'Test case'},
      {key: 'batch_size', title: 'Batch'}, {key: 'precision', title: 'Precision'},
      ...metricKeys.map((k) => ({key: 'm:' + k.metric, title: `${k.metric} (${k.unit})`})),
    ]
    const rows = results.map((r) => {
      const row = {...r, hardware: r.device_name ? `${r.hardware_type} (${r.device_name})` : r.hardware_type}
      for (const m of r.metrics) row['m:' + m.metric] = m.value
      return row
    })
    return table(columns, rows)
  }

  /** Shows run `id` in #run-section; `onCompare(id)` then fills the run comparison panel for it. */
  async function show(id, getJson, onCompare) {
    const section = $('run-section')
    section.hidden = false
    section.dataset.state = 'loading'
    const body = clear($('run-body'))
    try {
      const d = await getJson('/api/runs/' + id)
      $('run-title').textContent = `Run: ${d.name}`
      body.appendChild(el('div', {className: 'run-grid'}, [
        el('div', null, [el('h3', {text: 'Context'}), contextBlock(d.run)]),
        el('div', null, [el('h3', {text: 'Source file'}), fileBlock(d.file)]),
      ]))
      body.appendChild(el('h3', {text: `Results (${d.counts.performance} performance, ${d.counts.compatibility} compatibility, ${d.counts.integration} integration)`}))
      body.appendChild(el('div', {className: 'scroll'}, [resultsBlock(d.results)]))
      body.appendChild(el('p', {className: 'hint', text: 'What changed against its baseline: see "Run comparison" below (this run as the candidate).'}))
      section.dataset.state = 'ready'
      onCompare(id)
    } catch (err) {
      $('run-title').textContent = `Run ${id}`
      body.appendChild(el('p', {className: 'hint error', text: err.message}))
      section.dataset.state = 'error'
    }
  }

  function hide() {
    $('run-section').hidden = true
  }

  return {show, hide}
})()
