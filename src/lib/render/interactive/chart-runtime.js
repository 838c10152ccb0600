/*
 * benchdb interactive charts (browser side). Each <figure data-benchdb-chart> of an HTML report
 * holds its chart spec as JSON (src/lib/render/types.ts ChartSpec); this turns it into a Chart.js
 * chart with hover values, legend toggles, zoom and pan on the x axis (chartjs-plugin-zoom),
 * a time-scaled x axis for dated trends, a log scale (automatic when values span two decades,
 * with a toggle), value labels on bars, and threshold/noise bands and change markers where the
 * spec has them. Everything is inlined in the report: it works offline and from a file.
 */
;(function () {
  'use strict'
  var Chart = window.Chart
  if (!Chart) return
  if (window.ChartZoom) Chart.register(window.ChartZoom)

  var COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']
  var nf = new Intl.NumberFormat('en-US', {maximumFractionDigits: 2})
  var compact = new Intl.NumberFormat('en-US', {notation: 'compact', maximumSignificantDigits: 3})
  function num(v) {
    if (typeof v !== 'number' || !isFinite(v)) return '–'
    var a = Math.abs(v)
    if (a !== 0 && (a >= 1e9 || a < 1e-3)) return v.toExponential(2)
    return a < 1 ? new Intl.NumberFormat('en-US', {maximumSignificantDigits: 3}).format(v) : nf.format(v)
  }
  function withUnit(v, unit) { return num(v) + (unit ? ' ' + unit : '') }
  function iso(ms, dayOnly) {
    var s = new Date(ms).toISOString()
    return dayOnly ? s.slice(0, 10) : s.slice(0, 16).replace('T', ' ')
  }
  function axisTitle(label, unit) { return unit ? label + ' (' + unit + ')' : label }
  /** Whether positive values span at least two decades: a linear axis would hide the small ones. */
  function spansDecades(values) {
    var pos = values.filter(function (v) { return typeof v === 'number' && v > 0 })
    if (pos.length < 2) return false
    return Math.max.apply(null, pos) / Math.min.apply(null, pos) >= 100
  }

  var valueLabels = {
    id: 'benchdbValueLabels',
    afterDatasetsDraw: function (chart) {
      if (chart.config.type !== 'bar') return
      var ctx = chart.ctx
      ctx.save()
      ctx.font = '11px system-ui, sans-serif'
      ctx.fillStyle = '#333'
      ctx.textAlign = 'center'
      ctx.textBaseline = 'bottom'
      chart.data.datasets.forEach(function (ds, i) {
        var meta = chart.getDatasetMeta(i)
        if (meta.hidden || !chart.isDatasetVisible(i)) return
        meta.data.forEach(function (bar, j) {
          var v = ds.data[j]
          if (typeof v !== 'number') return
          // The full value when it fits over the bar, else a compact one ("5.11K"); a bar too
          // narrow for either keeps its value in the tooltip.
          var room = (bar.width || 0) + 8
          var text = num(v)
          if (ctx.measureText(text).width > room) text = compact.format(v)
          if (ctx.measureText(text).width > room) return
          ctx.fillText(text, bar.x, bar.y - 2)
        })
      })
      ctx.restore()
    },
  }

  var bands = {
    id: 'benchdbBands',
    beforeDatasetsDraw: function (chart) {
      var spec = chart.$benchdbSpec
      if (!spec || !spec.bands || !spec.bands.length) return
      var y = chart.scales.y
      var area = chart.chartArea
      var ctx = chart.ctx
      ctx.save()
      spec.bands.forEach(function (b, i) {
        var top = y.getPixelForValue(b.high)
        var bottom = y.getPixelForValue(b.low)
        ctx.fillStyle = b.colour || (i === 0 ? 'rgba(78,121,167,0.12)' : 'rgba(225,87,89,0.10)')
        ctx.fillRect(area.left, Math.max(area.top, Math.min(top, bottom)), area.right - area.left, Math.min(area.bottom, Math.max(top, bottom)) - Math.max(area.top, Math.min(top, bottom)))
      })
      ctx.restore()
    },
  }

  var markers = {
    id: 'benchdbMarkers',
    afterDatasetsDraw: function (chart) {
      var spec = chart.$benchdbSpec
      if (!spec || !spec.markers || !spec.markers.length) return
      var x = chart.scales.x
      var area = chart.chartArea
      var ctx = chart.ctx
      ctx.save()
      ctx.strokeStyle = '#c62828'
      ctx.fillStyle = '#c62828'
      ctx.setLineDash([5, 4])
      ctx.font = '11px system-ui, sans-serif'
      spec.markers.forEach(function (m) {
        var px = x.getPixelForValue(spec.xType === 'time' ? Date.parse(m.x) : Number(m.x))
        if (!(px >= area.left && px <= area.right)) return
        ctx.beginPath()
        ctx.moveTo(px, area.top)
        ctx.lineTo(px, area.bottom)
        ctx.stroke()
        ctx.fillText(m.label, px + 4, area.top + 12)
      })
      ctx.restore()
    },
  }
  Chart.register(valueLabels, bands, markers)

  function baseOptions(spec) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: {mode: 'nearest', intersect: false},
      layout: {padding: 8},
      plugins: {
        title: {display: true, text: spec.title, font: {size: 16, weight: 'bold'}},
        subtitle: {display: !!spec.subtitle, text: spec.subtitle || ''},
        legend: {display: true, position: 'top', title: {display: !!spec.legendTitle, text: spec.legendTitle || ''}},
        tooltip: {callbacks: {}},
      },
      scales: {
        x: {title: {display: !!spec.xLabel, text: spec.xLabel || ''}},
        // grace: headroom above the tallest bar or point, so a value never touches the axis' end.
        y: {beginAtZero: true, grace: '8%', title: {display: true, text: axisTitle(spec.yLabel, spec.yUnit)}, ticks: {callback: function (v) { return num(Number(v)) }}},
      },
    }
  }

  function barConfig(spec) {
    var options = baseOptions(spec)
    options.plugins.tooltip.callbacks.label = function (item) { return item.dataset.label + ': ' + withUnit(item.raw, spec.yUnit) }
    return {
      type: 'bar',
      data: {
        labels: spec.categories,
        datasets: spec.datasets.map(function (d, i) { return {label: d.label, data: d.values, backgroundColor: COLOURS[i % COLOURS.length], grouped: spec.grouped !== false} }),
      },
      options: options,
      values: spec.datasets.reduce(function (all, d) { return all.concat(d.values) }, []),
    }
  }

  function lineConfig(spec) {
    var options = baseOptions(spec)
    var time = spec.xType === 'time'
    var xs = []
    var datasets = spec.series.map(function (s, i) {
      var colour = COLOURS[i % COLOURS.length]
      var data = s.points.filter(function (p) { return p.y !== null }).map(function (p) {
        var x = time ? Date.parse(p.x) : Number(p.x)
        xs.push(x)
        return {x: x, y: p.y, label: p.label || null}
      })
      return {label: s.label, data: data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: data.length > 150 ? 0 : 3, pointHoverRadius: 5, tension: 0}
    })
    var dayOnly = time && xs.every(function (x) { return x % 86400000 === 0 })
    options.scales.y.beginAtZero = false
    options.scales.x.type = 'linear'
    options.scales.x.ticks = {maxRotation: 0, autoSkip: true, callback: function (v) { return time ? iso(Number(v), dayOnly) : num(Number(v)) }}
    options.plugins.tooltip.callbacks.title = function (items) { return items.length ? (time ? iso(items[0].raw.x, dayOnly) : spec.xLabel + ' ' + num(items[0].raw.x)) : '' }
    options.plugins.tooltip.callbacks.label = function (item) {
      return item.dataset.label + ': ' + withUnit(item.raw.y, spec.yUnit) + (item.raw.label ? ' — ' + item.raw.label : '')
    }
    options.plugins.zoom = {
      limits: {x: {min: 'original', max: 'original'}},
      pan: {enabled: true, mode: 'x'},
      zoom: {wheel: {enabled: true}, pinch: {enabled: true}, mode: 'x'},
    }
    return {
      type: 'line',
      data: {datasets: datasets},
      options: options,
      values: datasets.reduce(function (all, d) { return all.concat(d.data.map(function (p) { return p.y })) }, []),
    }
  }

  function setLog(chart, on) {
    var y = chart.options.scales.y
    y.type = on ? 'logarithmic' : 'linear'
    chart.update()
  }

  function build(figure) {
    var specNode = figure.querySelector('script[type="application/json"]')
    var canvas = figure.querySelector('canvas')
    if (!specNode || !canvas) return
    var spec = JSON.parse(specNode.textContent)
    var made = spec.kind === 'bar' ? barConfig(spec) : spec.kind === 'line' ? lineConfig(spec) : null
    if (!made) return
    var log = spec.logScale === true || (spec.logScale !== false && spansDecades(made.values))
    if (log) made.options.scales.y.type = 'logarithmic'
    var chart = new Chart(canvas, {type: made.type, data: made.data, options: made.options})
    chart.$benchdbSpec = spec
    chart.update()
    var logBox = figure.querySelector('input[data-log]')
    if (logBox) {
      logBox.checked = log
      logBox.addEventListener('change', function () { setLog(chart, logBox.checked) })
    }
    var reset = figure.querySelector('button[data-reset]')
    if (reset) {
      if (spec.kind !== 'line') reset.hidden = true
      reset.addEventListener('click', function () { if (chart.resetZoom) chart.resetZoom() })
    }
    figure.setAttribute('data-state', 'ready')
  }

  function start() {
    var figures = document.querySelectorAll('figure[data-benchdb-chart]')
    for (var i = 0; i < figures.length; i++) {
      try {
        build(figures[i])
      } catch (err) {
        figures[i].setAttribute('data-state', 'error')
        if (window.console) console.error('benchdb chart:', err)
      }
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()
