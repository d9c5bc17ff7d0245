// Task Managers: every TaskManager the logs name, with its container or pod,
// when it was first and last seen, failed attempts, whether it was lost, and a
// GC pause chart when its GC log was scanned.
'use strict';

(() => {
  const {el, table, section, empty, badge, showTime, count, duration, parseTime, timeChart} = FS;

  function render(page, data) {
    const tms = data.taskmanagers ? data.taskmanagers.items : [];
    if (tms.length === 0) {
      page.appendChild(section('Task Managers', empty('No TaskManager was named in these logs.')));
      return;
    }
    page.appendChild(section('Task Managers', table([
      {title: 'TaskManager', value: t => el('div', null, el('code', null, t.id),
          t.sources.length ? el('div', {class: 'muted small'}, t.sources.join(', ')) : null)},
      {title: 'Host', value: t => t.host || '—'},
      {title: 'Container / pod', value: t => t.container || t.pod || '—'},
      {title: 'First seen', value: t => showTime(t.first_seen)},
      {title: 'Last seen', value: t => showTime(t.last_seen)},
      {title: 'Attempts', num: true, value: t => count(t.tasks)},
      {title: 'Failed', num: true, value: t => t.task_failures ? el('span', {class: 'bad-text'}, count(t.task_failures)) : '0'},
      {title: 'Status', value: t => t.lost ? el('div', null, badge('lost', 'sev-critical'), ' ', showTime(t.lost_time),
          el('div', {class: 'muted small'}, t.lost_reason)) : badge('no loss seen', 'state-ok')},
      {title: 'GC pauses', num: true, value: t => t.gc.pauses ? count(t.gc.pauses) + ' (max ' + duration(t.gc.max_pause_ms) + ')' : '—'},
    ], tms.map(t => Object.assign({__cls: t.lost ? 'row-bad' : ''}, t)), {class: 'taskmanagers'})));

    const withGc = tms.filter(t => t.gc.points.length);
    if (withGc.length === 0) {
      page.appendChild(section('GC pauses per TaskManager', empty(
        'No GC log of a TaskManager was scanned. Add its GC log (-Xlog:gc*:file=… or -XX:+PrintGCDetails -Xloggc:…) to the inputs to see pauses here.')));
      return;
    }
    for (const t of withGc) {
      page.appendChild(section('GC pauses · ' + (t.host || t.id),
        el('p', {class: 'muted'}, count(t.gc.pauses) + ' pauses, ' + count(t.gc.full_gcs) + ' full, total ' +
           duration(t.gc.total_pause_ms) + ', longest ' + duration(t.gc.max_pause_ms) +
           (t.gc.points_dropped ? ' · chart shows the ' + t.gc.points.length + ' longest' : '')),
        timeChart({kind: 'bar', yTitle: 'pause ms', yFormat: v => duration(v), cls: 'gc-chart',
                   points: t.gc.points.map(p => ({t: parseTime(p.time), v: p.pause_ms, cls: p.kind === 'full' ? 'bad' : '',
                                                  tip: () => [showTime(p.time), p.kind + ' pause ' + duration(p.pause_ms)]}))})));
    }
  }

  FS.registerPage({
    id: 'taskmanagers', title: 'Task Managers', order: 40, render,
    badge: d => {
      const lost = d.taskmanagers ? d.taskmanagers.items.filter(t => t.lost).length : 0;
      return lost ? {text: lost + ' lost', cls: 'sev-critical'} : null;
    },
  });
})();
