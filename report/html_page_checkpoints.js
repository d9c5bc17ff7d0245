// Checkpoints: counts, a duration chart and a size chart (one mark per
// checkpoint), the failures with their reasons, and the full table.
'use strict';

(() => {
  const {el, table, section, empty, badge, showTime, count, bytes, duration, parseTime, source, timeChart} = FS;

  const STATUS_CLASS = {completed: 'state-ok', pending: 'state-info', expired: 'sev-critical', declined: 'sev-warning',
                        aborted: 'sev-warning', failed: 'sev-critical'};

  function label(c) { return (c.kind === 'savepoint' ? 'Savepoint ' : 'Checkpoint ') + (c.id === null ? '(no id)' : c.id); }

  function render(page, data) {
    const cp = data.checkpoints;
    const items = cp.items;
    page.appendChild(el('div', {class: 'tiles'},
      tile('Completed', count(cp.completed), 'ok'), tile('Failed', count(cp.failed), cp.failed ? 'sev-critical' : 'ok'),
      tile('Pending at end', count(cp.pending), ''), tile('Savepoints', count(cp.savepoints), ''),
      tile('Slowest', duration(cp.max_duration_ms), '')));
    if (items.length === 0) {
      page.appendChild(section('Checkpoints', empty('No checkpoint was logged.')));
      return;
    }
    const tip = c => () => [label(c) + ' · ' + c.status, 'triggered ' + showTime(c.trigger_time),
                            'duration ' + duration(c.duration_ms) + ' · size ' + bytes(c.size_bytes), c.reason || ''];
    const at = c => parseTime(c.trigger_time) ?? parseTime(c.end_time);
    const withDuration = items.filter(c => c.duration_ms !== null && at(c) !== null);
    page.appendChild(section('Duration', withDuration.length === 0 ? empty('No checkpoint printed its duration.') :
      timeChart({kind: 'dot', line: true, yTitle: 'duration', yFormat: v => duration(v), cls: 'checkpoint-duration',
                 points: withDuration.map(c => ({t: at(c), v: c.duration_ms, cls: c.status === 'completed' ? '' : 'bad',
                                                 attrs: {'data-checkpoint': c.id}, tip: tip(c)}))})));
    const withSize = items.filter(c => c.size_bytes !== null && at(c) !== null);
    page.appendChild(section('Size', withSize.length === 0 ? empty('No checkpoint printed its size.') :
      timeChart({kind: 'bar', yTitle: 'size', yFormat: v => bytes(Math.round(v)), cls: 'checkpoint-size',
                 points: withSize.map(c => ({t: at(c), v: c.size_bytes, attrs: {'data-checkpoint': c.id}, tip: tip(c)}))})));

    const failures = items.filter(c => c.status !== 'completed' && c.status !== 'pending');
    page.appendChild(section('Failures', failures.length === 0 ? empty('Every checkpoint that ended, completed.') : table([
      {title: 'Checkpoint', value: c => label(c)},
      {title: 'Status', value: c => badge(c.status, STATUS_CLASS[c.status])},
      {title: 'Triggered', value: c => showTime(c.trigger_time)},
      {title: 'Ended', value: c => showTime(c.end_time)},
      {title: 'Reason', value: c => c.reason || '—'},
      {title: 'Where', value: c => source(c.source, c.line)},
    ], failures, {class: 'checkpoint-failures'})));

    page.appendChild(section('All checkpoints', el('details', null, el('summary', null, items.length + ' checkpoints' +
      (cp.items_dropped ? ' (' + cp.items_dropped + ' more not kept)' : '')), table([
      {title: 'ID', num: true, value: c => c.id === null ? '—' : String(c.id)},
      {title: 'Kind', value: c => c.kind},
      {title: 'Status', value: c => badge(c.status, STATUS_CLASS[c.status])},
      {title: 'Triggered', value: c => showTime(c.trigger_time)},
      {title: 'Duration', num: true, value: c => duration(c.duration_ms)},
      {title: 'Size', num: true, value: c => bytes(c.size_bytes)},
      {title: 'Job', value: c => c.job_id ? el('span', {class: 'mono small'}, c.job_id.slice(0, 8)) : '—'},
    ], items, {class: 'checkpoint-table'}))));
  }

  function tile(label, value, cls) {
    return el('div', {class: 'tile ' + cls}, el('div', {class: 'tile-label'}, label), el('div', {class: 'tile-value'}, value));
  }

  FS.registerPage({
    id: 'checkpoints', title: 'Checkpoints', order: 50, render,
    badge: d => d.checkpoints.failed ? {text: String(d.checkpoints.failed), cls: 'sev-warning'} : null,
  });
})();
