// Overview: jobs and their final states, the scanned span, health (incidents by
// severity), alerts fired and not evaluated, and every input with its counts.
'use strict';

(() => {
  const {el, table, section, empty, badge, severityBadge, stateBadge, source, showTime, bytes, count} = FS;

  function incidentCard(inc) {
    const scope = Object.entries(inc.scope || {}).filter(([, v]) => v).map(([k, v]) => k + ' ' + v).join(' · ');
    const facts = Object.entries(inc.facts || {}).map(([k, v]) => el('span', {class: 'fact'}, k + ': ' + v));
    const body = [
      el('div', {class: 'meta'}, showTime(inc.start) + (inc.end && inc.end !== inc.start ? ' → ' + showTime(inc.end) : ''),
         scope ? el('span', {class: 'muted'}, ' · ' + scope) : null),
    ];
    if (inc.root_cause) {
      body.push(el('div', {class: 'root-cause'}, el('b', null, 'Root cause: '),
                   el('code', null, inc.root_cause.class + (inc.root_cause.message ? ': ' + inc.root_cause.message : ''))));
      if (inc.root_cause.frame) body.push(el('div', {class: 'muted small'}, 'at ', el('code', null, inc.root_cause.frame)));
    }
    if (inc.diagnosis && inc.diagnosis.text) {
      body.push(el('div', {class: 'diagnosis'}, inc.diagnosis.text,
                   inc.diagnosis.next_step ? el('div', {class: 'next-step'}, el('b', null, 'Next step: '), inc.diagnosis.next_step) : null));
    }
    if (facts.length) body.push(el('div', {class: 'facts'}, facts));
    if (inc.evidence && inc.evidence.length) {
      body.push(el('details', {class: 'evidence'},
                   el('summary', null, 'Evidence (' + (inc.evidence.length + (inc.evidence_dropped || 0)) + ' lines)'),
                   el('ul', null, inc.evidence.map(ev => el('li', null, source(ev.source, ev.line), ' ',
                                                            el('pre', {class: 'log'}, ev.text))))));
    }
    return el('article', {class: 'incident sev-border-' + inc.severity, 'data-kind': inc.kind},
              el('header', null, severityBadge(inc.severity), badge(inc.kind, 'kind'), el('h3', null, inc.title)), body);
  }

  function render(page, data) {
    const bySeverity = {critical: 0, warning: 0, info: 0};
    for (const inc of data.incidents) bySeverity[inc.severity] = (bySeverity[inc.severity] || 0) + 1;
    const tiles = el('div', {class: 'tiles'},
      tile('Jobs', count(data.jobs.length), data.jobs.map(j => j.final_state).filter(Boolean).join(', ')),
      tile('Flink', data.flink_versions.length ? data.flink_versions.join(', ') : 'unknown', 'from start-up banners'),
      tile('Time span', data.time_span.start ? showTime(data.time_span.start).slice(0, 19) : '—',
           data.time_span.end ? 'to ' + showTime(data.time_span.end).slice(0, 19) : ''),
      tile('Critical', count(bySeverity.critical), 'incidents', bySeverity.critical ? 'sev-critical' : 'ok'),
      tile('Warning', count(bySeverity.warning), 'incidents', bySeverity.warning ? 'sev-warning' : 'ok'),
      tile('Alerts', count(data.alerts.length), data.alerts_not_evaluated.length + ' not evaluated',
           data.alerts.length ? 'sev-warning' : 'ok'),
      tile('Checkpoints', count(data.checkpoints.completed) + ' ok', count(data.checkpoints.failed) + ' failed',
           data.checkpoints.failed ? 'sev-warning' : 'ok'),
      tile('Input', bytes(data.totals.bytes), count(data.totals.lines) + ' lines, ' + count(data.totals.rejected_lines) + ' rejected'));
    page.appendChild(tiles);

    page.appendChild(section('Jobs', data.jobs.length === 0 ? empty('No job was named in the logs.') : table([
      {title: 'Job', value: j => el('div', null, el('b', null, j.name || '(unnamed)'), el('div', {class: 'muted small mono'}, j.job_id))},
      {title: 'Final state', value: j => stateBadge(j.final_state)},
      {title: 'Restarts', num: true, value: j => count(j.restarts)},
      {title: 'Task failures', num: true, value: j => count(j.task_failures)},
      {title: 'Attempts', num: true, value: j => count(j.tasks)},
      {title: 'Transitions', value: j => j.transitions.map(t => t.to).join(' → ')},
    ], data.jobs)));

    page.appendChild(section('Health: incidents, worst first',
      data.incidents.length === 0 ? empty('No incidents: nothing broke in these logs.')
                                  : el('div', {class: 'incidents'}, data.incidents.map(incidentCard))));

    page.appendChild(section('Alerts fired', data.alerts.length === 0 ? empty('No alert rule fired.') : table([
      {title: 'Severity', value: a => severityBadge(a.severity)},
      {title: 'Rule', value: a => el('code', null, a.rule)},
      {title: 'Value', num: true, value: a => String(a.value)},
      {title: 'Threshold', num: true, value: a => String(a.threshold)},
      {title: 'When', value: a => showTime(a.start) + (a.end ? ' → ' + showTime(a.end) : '')},
      {title: 'What', value: a => a.text},
    ], data.alerts, {class: 'alerts'})));

    if (data.alerts_not_evaluated.length) {
      page.appendChild(section('Alerts not evaluated', table([
        {title: 'Rule', value: a => el('code', null, a.rule)},
        {title: 'Why', value: a => a.reason},
      ], data.alerts_not_evaluated)));
    }

    page.appendChild(section('Inputs', table([
      {title: 'Path', value: i => el('div', null, el('code', {class: 'src'}, i.path), i.stream ? el('div', {class: 'muted small'}, i.stream) : null)},
      {title: 'Kind', value: i => badge(i.kind, 'kind')},
      {title: 'Bytes', num: true, value: i => bytes(i.bytes)},
      {title: 'Lines', num: true, value: i => count(i.lines)},
      {title: 'Records', num: true, value: i => count(i.records)},
      {title: 'Matched', num: true, value: i => count(i.matched_records)},
      {title: 'Rejected', num: true, value: i => i.rejected_lines ? el('span', {class: 'warn-text'}, count(i.rejected_lines)) : '0'},
      {title: 'Zone', value: i => i.tz_source},
      {title: 'First → last', value: i => i.first_time ? showTime(i.first_time).slice(11, 19) + ' → ' + showTime(i.last_time).slice(11, 19) : '—'},
    ], data.inputs.map(i => Object.assign({__cls: i.errors.length ? 'row-warn' : ''}, i)))));

    const errors = data.inputs.flatMap(i => i.errors.map(e => ({path: i.path, text: e})));
    if (data.skipped.length || errors.length) {
      page.appendChild(section('Could not be read', table([
        {title: 'Path', value: s => el('code', {class: 'src'}, s.path)},
        {title: 'Why', value: s => s.text},
      ], data.skipped.map(s => ({path: s.path, text: s.reason})).concat(errors))));
    }
  }

  function tile(label, value, sub, cls) {
    return el('div', {class: 'tile ' + (cls || '')}, el('div', {class: 'tile-label'}, label),
              el('div', {class: 'tile-value'}, value), el('div', {class: 'tile-sub'}, sub || ''));
  }

  FS.registerPage({
    id: 'overview', title: 'Overview', order: 10, render,
    badge: d => {
      const critical = d.incidents.filter(i => i.severity === 'critical').length;
      return critical ? {text: String(critical), cls: 'sev-critical'} : null;
    },
  });
})();
