// Timeline: one lane per job (state intervals, incidents) and per TaskManager
// (seen from → to, losses, incidents scoped to it), on one time axis. Zoom with
// the wheel, by dragging a range, or with the buttons; hover for details.
'use strict';

(() => {
  const {el, svg, parseTime, clock, day, showTime, timeTicks, tooltip, empty, section} = FS;

  const STATE_COLOR = {RUNNING: 'ok', FINISHED: 'ok', RESTARTING: 'warn', FAILING: 'bad', FAILED: 'bad',
                       CANCELLING: 'warn', CANCELED: 'muted', CANCELLED: 'muted', SUSPENDED: 'warn'};

  function incidentMatchesTm(inc, tm) {
    const s = inc.scope || {};
    return (s.taskmanager && (s.taskmanager === tm.id || s.taskmanager === tm.container || s.taskmanager === tm.pod)) ||
           (s.container && s.container === tm.container) || (s.pod && s.pod === tm.pod);
  }

  function buildLanes(data, lo, hi) {
    const lanes = [];
    const placed = new Set();
    for (const job of data.jobs) {
      const items = [];
      const ts = job.transitions.map(t => Object.assign({at: parseTime(t.time)}, t)).filter(t => t.at !== null);
      for (let i = 0; i < ts.length; i++) {
        const end = i + 1 < ts.length ? ts[i + 1].at : hi;
        items.push({kind: 'state', start: ts[i].at, end, cls: 'state-' + (STATE_COLOR[ts[i].to] || 'info'),
                    label: ts[i].to,
                    tip: () => ['Job ' + (job.name || job.job_id), (ts[i].from ? ts[i].from + ' → ' : '') + ts[i].to,
                                showTime(ts[i].time), ts[i].source + ':' + ts[i].line]});
      }
      data.incidents.forEach((inc, n) => {
        if (inc.job_id !== job.job_id || (inc.scope && inc.scope.taskmanager)) return;
        placed.add(n);
        items.push(incidentItem(inc));
      });
      lanes.push({title: job.name || job.job_id, sub: 'job', items});
    }
    for (const tm of (data.taskmanagers ? data.taskmanagers.items : [])) {
      const items = [];
      const first = parseTime(tm.first_seen), last = parseTime(tm.last_seen);
      if (first !== null) {
        items.push({kind: 'state', start: first, end: tm.lost ? (parseTime(tm.lost_time) || last) : last, cls: 'state-tm',
                    tip: () => ['TaskManager ' + tm.id, 'host ' + (tm.host || '?'), 'seen ' + showTime(tm.first_seen) +
                                ' → ' + showTime(tm.last_seen), tm.task_failures + ' failed attempts']});
      }
      data.incidents.forEach((inc, n) => {
        if (!incidentMatchesTm(inc, tm)) return;
        placed.add(n);
        items.push(incidentItem(inc));
      });
      lanes.push({title: tm.host || tm.id, sub: 'TaskManager ' + tm.id, items});
    }
    const rest = data.incidents.filter((inc, n) => !placed.has(n)).map(incidentItem);
    if (rest.length) lanes.push({title: 'Cluster', sub: 'other incidents', items: rest});
    return lanes;
  }

  function incidentItem(inc) {
    const start = parseTime(inc.start);
    const end = parseTime(inc.end);
    return {kind: 'incident', start, end: end !== null && end > start ? end : start, cls: 'sev-' + inc.severity,
            label: inc.kind,
            tip: () => [inc.severity.toUpperCase() + ' · ' + inc.kind, inc.title,
                        showTime(inc.start) + (inc.end ? ' → ' + showTime(inc.end) : ''),
                        inc.root_cause ? 'root cause: ' + inc.root_cause.class : '']};
  }

  function render(page, data) {
    const times = [];
    for (const j of data.jobs) for (const t of j.transitions) times.push(parseTime(t.time));
    for (const i of data.incidents) times.push(parseTime(i.start), parseTime(i.end));
    for (const tm of (data.taskmanagers ? data.taskmanagers.items : [])) times.push(parseTime(tm.first_seen), parseTime(tm.last_seen));
    times.push(parseTime(data.time_span.start), parseTime(data.time_span.end));
    const known = times.filter(t => t !== null);
    if (known.length === 0) {
      page.appendChild(section('Timeline', empty('No record in these logs had a time.')));
      return;
    }
    const full = {lo: Math.min(...known), hi: Math.max(...known)};
    if (full.hi === full.lo) { full.lo -= 60000; full.hi += 60000; }
    const lanes = buildLanes(data, full.lo, full.hi);
    let view = {lo: full.lo, hi: full.hi};

    const width = 1200, laneHeight = 36, left = 190, right = 14, top = 26;
    const height = top + lanes.length * laneHeight + 10;
    const chart = svg('svg', {class: 'timeline', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'timeline'});
    const label = el('span', {class: 'muted small'});
    const zoom = factor => {
      const mid = (view.lo + view.hi) / 2, half = (view.hi - view.lo) / 2 * factor;
      setView(mid - half, mid + half);
    };
    const controls = el('div', {class: 'toolbar'},
      button('Zoom in', () => zoom(0.5)), button('Zoom out', () => zoom(2)),
      button('Reset', () => setView(full.lo, full.hi)), label,
      el('span', {class: 'muted small hint'}, 'Wheel to zoom, drag across the chart to zoom into a range.'));

    function button(text, onClick) {
      const b = el('button', {type: 'button', class: 'btn'}, text);
      b.addEventListener('click', onClick);
      return b;
    }

    function setView(lo, hi) {
      const minSpan = 200;
      if (hi - lo < minSpan) { const mid = (lo + hi) / 2; lo = mid - minSpan / 2; hi = mid + minSpan / 2; }
      const span = hi - lo;
      if (span > full.hi - full.lo) { lo = full.lo; hi = full.hi; }
      if (lo < full.lo) { hi += full.lo - lo; lo = full.lo; }
      if (hi > full.hi) { lo -= hi - full.hi; hi = full.hi; }
      view = {lo, hi};
      draw();
    }

    const x = t => left + (t - view.lo) / (view.hi - view.lo) * (width - left - right);
    const tAt = px => view.lo + (px - left) / (width - left - right) * (view.hi - view.lo);

    function draw() {
      chart.textContent = '';
      label.textContent = day(view.lo) + ' ' + clock(view.lo) + ' → ' + clock(view.hi);
      const clipId = 'timeline-clip';
      chart.appendChild(svg('defs', null, svg('clipPath', {id: clipId},
        svg('rect', {x: left, y: 0, width: width - left - right, height}))));
      const tt = timeTicks(view.lo, view.hi, 10);
      const grid = svg('g', {class: 'grid'});
      for (const t of tt.ticks) {
        grid.appendChild(svg('line', {x1: x(t), x2: x(t), y1: top - 6, y2: height - 6}));
        grid.appendChild(svg('text', {x: x(t), y: top - 10, 'text-anchor': 'middle'}, clock(t, tt.millis)));
      }
      chart.appendChild(grid);
      lanes.forEach((lane, i) => {
        const y0 = top + i * laneHeight;
        chart.appendChild(svg('rect', {class: 'lane-bg ' + (i % 2 ? 'odd' : ''), x: 0, y: y0, width, height: laneHeight}));
        const title = svg('text', {class: 'lane-title', x: 8, y: y0 + 15}, lane.title.length > 26 ? lane.title.slice(0, 25) + '…' : lane.title);
        const sub = svg('text', {class: 'lane-sub', x: 8, y: y0 + 28}, lane.sub.length > 30 ? lane.sub.slice(0, 29) + '…' : lane.sub);
        chart.appendChild(title);
        chart.appendChild(sub);
        const g = svg('g', {'clip-path': `url(#${clipId})`});
        for (const item of lane.items) {
          if (item.start === null) continue;
          if (item.end < view.lo || item.start > view.hi) continue;
          const x0 = x(item.start), x1 = Math.max(x(item.end), x0);
          let mark;
          if (item.kind === 'state') {
            mark = svg('rect', {class: 'seg ' + item.cls, x: x0, y: y0 + 5, width: Math.max(1.5, x1 - x0), height: 14, rx: 2});
          } else if (x1 - x0 < 6) {
            const cx = x0, cy = y0 + 25;
            mark = svg('path', {class: 'incident-mark ' + item.cls, d: `M${cx} ${cy - 6} L${cx + 6} ${cy} L${cx} ${cy + 6} L${cx - 6} ${cy} Z`,
                                'data-kind': item.label});
          } else {
            mark = svg('rect', {class: 'incident-bar ' + item.cls, x: x0, y: y0 + 22, width: x1 - x0, height: 7, rx: 2,
                                'data-kind': item.label});
          }
          tooltip(mark, item.tip);
          g.appendChild(mark);
        }
        chart.appendChild(g);
      });
      chart.appendChild(brush);
    }

    // Drag across the chart to zoom into that range.
    const brush = svg('rect', {class: 'brush', x: 0, y: 0, width: 0, height, visibility: 'hidden'});
    let dragFrom = null;
    const svgX = ev => {
      const box = chart.getBoundingClientRect();
      return (ev.clientX - box.left) / box.width * width;
    };
    chart.addEventListener('mousedown', ev => {
      const px = svgX(ev);
      if (px < left) return;
      dragFrom = px;
      brush.setAttribute('x', px);
      brush.setAttribute('width', 0);
      brush.setAttribute('visibility', 'visible');
      ev.preventDefault();
    });
    window.addEventListener('mousemove', ev => {
      if (dragFrom === null) return;
      const px = Math.max(left, Math.min(width - right, svgX(ev)));
      brush.setAttribute('x', Math.min(px, dragFrom));
      brush.setAttribute('width', Math.abs(px - dragFrom));
    });
    window.addEventListener('mouseup', ev => {
      if (dragFrom === null) return;
      const px = Math.max(left, Math.min(width - right, svgX(ev)));
      const from = dragFrom;
      dragFrom = null;
      brush.setAttribute('visibility', 'hidden');
      if (Math.abs(px - from) > 4) setView(tAt(Math.min(px, from)), tAt(Math.max(px, from)));
    });
    chart.addEventListener('wheel', ev => {
      ev.preventDefault();
      const at = tAt(Math.max(left, svgX(ev)));
      const factor = ev.deltaY > 0 ? 1.25 : 0.8;
      setView(at - (at - view.lo) * factor, at + (view.hi - at) * factor);
    }, {passive: false});

    const legend = el('div', {class: 'legend'},
      ['ok:RUNNING / FINISHED', 'warn:RESTARTING', 'bad:FAILED', 'tm:TaskManager seen'].map(s => {
        const [cls, text] = s.split(':');
        return el('span', null, el('i', {class: 'swatch state-' + cls}), text);
      }),
      ['critical', 'warning', 'info'].map(s => el('span', null, el('i', {class: 'swatch diamond sev-' + s}), s + ' incident')));
    page.appendChild(section('Timeline', controls, el('div', {class: 'timeline-wrap'}, chart), legend));
    draw();
  }

  FS.registerPage({id: 'timeline', title: 'Timeline', order: 20, render});
})();
