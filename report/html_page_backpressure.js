// Backpressure: Slf4jReporter metric data when the scan found some (the
// "metrics" section of docs/json-schema.md); otherwise how to get it.
'use strict';

(() => {
  const {el, table, section, empty} = FS;

  function hasMetrics(data) {
    const m = data.metrics;
    return !!m && typeof m === 'object' && Number(m.reports || 0) > 0;
  }

  const percent = v => (v === null || v === undefined) ? '—' : (Number(v) * 100).toFixed(0) + ' %';

  function chart(c, yFormat, title) {
    if (!c || !Array.isArray(c.samples) || c.samples.length === 0) return null;
    return FS.timeChart({kind: 'dot', line: true, yTitle: title, yFormat, cls: 'metric-chart',
      points: c.samples.map(p => ({t: FS.parseTime(p.time), v: p.value,
                                   tip: () => [FS.showTime(p.time), title + ' ' + yFormat(p.value)]}))});
  }

  // The Metrics section of docs/json-schema.md: vertices by backpressure, their charts and subtasks.
  function renderVertices(page, m) {
    const vertices = Array.isArray(m.vertices) ? m.vertices : [];
    if (vertices.length === 0) return false;
    const peak = c => (c && c.max !== undefined ? c.max : null);
    page.appendChild(section('Vertices, most back-pressured first', table([
      {title: 'Vertex', value: v => el('b', null, v.vertex)},
      {title: 'Job', value: v => v.job || '—'},
      {title: 'Subtasks', num: true, value: v => String(v.subtasks)},
      {title: 'Backpressure max', num: true, value: v => {
        const p = peak(v.backpressure);
        return p !== null && p >= 0.8 ? el('span', {class: 'bad-text'}, percent(p)) : percent(p);
      }},
      {title: 'Busy max', num: true, value: v => percent(peak(v.busy))},
      {title: 'Records in/s (mean)', num: true, value: v => v.records_in_per_second ? FS.count(Math.round(v.records_in_per_second.mean)) : '—'},
    ], vertices, {class: 'metric-vertices'})));
    for (const v of vertices) {
      const parts = [chart(v.backpressure, percent, 'backpressured'), chart(v.busy, percent, 'busy')].filter(Boolean);
      if (Array.isArray(v.per_subtask) && v.per_subtask.length) {
        parts.push(table([
          {title: 'Subtask', num: true, value: s => String(s.subtask)},
          {title: 'TaskManager', value: s => s.taskmanager || '—'},
          {title: 'Backpressure mean / max', num: true, value: s => percent(s.backpressure_mean) + ' / ' + percent(s.backpressure_max)},
          {title: 'Busy mean / max', num: true, value: s => percent(s.busy_mean) + ' / ' + percent(s.busy_max)},
        ], v.per_subtask));
      }
      if (parts.length) page.appendChild(section('Backpressure · ' + v.vertex, parts));
    }
    return true;
  }

  function render(page, data) {
    if (!hasMetrics(data)) {
      page.appendChild(section('Backpressure', el('div', {class: 'notice'},
        el('p', null, el('b', null, 'These logs held no backpressure metrics.'),
           ' Flink logs backpressure, busy time and watermark lag only when a metric reporter writes them to the log.'),
        el('p', null, 'To get them, enable the Slf4jReporter in the Flink configuration and scan the logs again:'),
        el('pre', {class: 'config'}, 'metrics.reporter.slf4j.factory.class: org.apache.flink.metrics.slf4j.Slf4jReporterFactory\n' +
                                     'metrics.reporter.slf4j.interval: 60 SECONDS'),
        el('p', {class: 'muted'}, 'The reporter writes every metric once per interval; the interval bounds how much log it adds.'))));
      const notEvaluated = data.alerts_not_evaluated.filter(a => /backpressure|latency|slot/.test(a.rule));
      if (notEvaluated.length) {
        page.appendChild(section('Alert rules waiting for metrics', table([
          {title: 'Rule', value: a => el('code', null, a.rule)}, {title: 'Why', value: a => a.reason}], notEvaluated)));
      }
      return;
    }
    const m = data.metrics;
    page.appendChild(el('p', {class: 'muted'}, FS.count(m.reports) + ' Slf4jReporter reports, ' + FS.count(m.values) +
                        ' metric values, ' + FS.showTime(m.first_time) + ' → ' + FS.showTime(m.last_time)));
    if (!renderVertices(page, m)) page.appendChild(section('Backpressure', empty('The metric reports named no vertex.')));
    const latency = chart(m.latency, FS.duration, 'latency');
    if (latency) page.appendChild(section('Latency / watermark lag', latency));
    const slots = chart(m.slot_usage, percent, 'slots used');
    if (slots) page.appendChild(section('Slot usage', slots));

  }

  FS.registerPage({id: 'backpressure', title: 'Backpressure', order: 60, render});
})();
