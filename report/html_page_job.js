// Job: per job, its state transitions and the graph the logs imply: vertices
// (task names "Name (i/N)") with parallelism and failures, drawn left to right
// in the order they first appeared, and each vertex's subtasks.
'use strict';

(() => {
  const {el, svg, table, section, empty, badge, stateBadge, source, showTime, count, tooltip} = FS;

  function graphPicture(vertices) {
    const boxW = 230, boxH = 74, gap = 46, pad = 12;
    const perRow = Math.max(1, Math.min(vertices.length, 4));
    const rows = Math.ceil(vertices.length / perRow);
    const width = pad * 2 + perRow * boxW + (perRow - 1) * gap;
    const height = pad * 2 + rows * boxH + (rows - 1) * 30;
    const root = svg('svg', {class: 'job-graph', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'job graph',
                             style: `max-width:${width}px`});
    root.appendChild(svg('defs', null, svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5,
      markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'}, svg('path', {d: 'M0 0 L10 5 L0 10 z', class: 'arrow'}))));
    vertices.forEach((v, i) => {
      const col = i % perRow, row = Math.floor(i / perRow);
      const x = pad + col * (boxW + gap), y = pad + row * (boxH + 30);
      if (i > 0 && col > 0) {
        root.appendChild(svg('line', {class: 'edge', x1: x - gap + 2, y1: y + boxH / 2, x2: x - 4, y2: y + boxH / 2,
                                      'marker-end': 'url(#arrow)'}));
      }
      const g = svg('g', {class: 'vertex' + (v.failures ? ' failed' : ''), 'data-vertex': v.name});
      g.appendChild(svg('rect', {x, y, width: boxW, height: boxH, rx: 6}));
      const name = v.name.length > 30 ? v.name.slice(0, 29) + '…' : v.name;
      g.appendChild(svg('text', {class: 'vertex-name', x: x + 10, y: y + 22}, name));
      g.appendChild(svg('text', {class: 'vertex-sub', x: x + 10, y: y + 42},
                        'Parallelism: ' + (v.parallelism || '?') + ' · subtasks seen: ' + v.subtasks_seen));
      g.appendChild(svg('text', {class: 'vertex-sub' + (v.failures ? ' bad-text' : ''), x: x + 10, y: y + 60},
                        v.failures ? v.failures + ' failed attempt' + (v.failures === 1 ? '' : 's') : 'no failures'));
      tooltip(g, () => [v.name, v.vertex_id ? 'vertex ' + v.vertex_id : '', v.attempts + ' attempts',
                        v.first_failure && v.first_failure.cause ? 'first failure: ' + v.first_failure.cause : '']);
      root.appendChild(g);
    });
    return root;
  }

  function subtaskTable(v) {
    return table([
      {title: 'Subtask', num: true, value: s => s.index + '/' + (v.parallelism || '?')},
      {title: 'Last state', value: s => stateBadge(s.last_state)},
      {title: 'Attempts', num: true, value: s => count(s.attempts)},
      {title: 'Failures', num: true, value: s => s.failures ? el('span', {class: 'bad-text'}, count(s.failures)) : '0'},
      {title: 'TaskManager', value: s => s.taskmanager ? el('code', null, s.taskmanager) : '—'},
      {title: 'Host', value: s => s.host || '—'},
    ], v.subtasks);
  }

  function render(page, data) {
    const vertices = data.job_graph ? data.job_graph.vertices : [];
    if (data.jobs.length === 0 && vertices.length === 0) {
      page.appendChild(section('Job', empty('No job was named in these logs.')));
      return;
    }
    const jobIds = data.jobs.map(j => j.job_id);
    for (const v of vertices) if (!jobIds.includes(v.job_id || '')) jobIds.push(v.job_id || '');
    for (const id of jobIds) {
      const job = data.jobs.find(j => j.job_id === id) || {job_id: id, name: '', transitions: [], final_state: ''};
      const mine = vertices.filter(v => (v.job_id || '') === id);
      const heading = (job.name || 'Job') + (id ? ' (' + id + ')' : ' (job not named)');
      const parts = [el('div', {class: 'job-head'}, stateBadge(job.final_state),
                        el('span', {class: 'muted'}, ' restarts ' + count(job.restarts) + ' · failed attempts ' +
                           count(job.task_failures) + ' · attempts ' + count(job.tasks)))];
      parts.push(el('h3', null, 'Vertices'));
      if (mine.length === 0) {
        parts.push(empty('No task of this job was named in the logs (no "Name (i/N)" lines).'));
      } else {
        parts.push(el('div', {class: 'graph-wrap'}, graphPicture(mine)));
        parts.push(table([
          {title: 'Vertex', value: v => el('div', null, el('b', null, v.name), v.vertex_id ? el('div', {class: 'muted small mono'}, v.vertex_id) : null)},
          {title: 'Parallelism', num: true, value: v => v.parallelism ? String(v.parallelism) : '?'},
          {title: 'Subtasks seen', num: true, value: v => count(v.subtasks_seen)},
          {title: 'Attempts', num: true, value: v => count(v.attempts)},
          {title: 'Failures', num: true, value: v => v.failures ? el('span', {class: 'bad-text'}, count(v.failures)) : '0'},
          {title: 'First failure', value: v => v.first_failure
              ? el('div', null, showTime(v.first_failure.time),
                   v.first_failure.cause ? el('div', null, el('code', null, v.first_failure.cause)) : null,
                   source(v.first_failure.source, v.first_failure.line))
              : '—'},
        ], mine, {class: 'vertices'}));
        for (const v of mine) {
          if (!v.subtasks.length) continue;
          parts.push(el('details', {class: 'subtasks'}, el('summary', null, 'Subtasks of ' + v.name +
                        (v.subtasks_dropped ? ' (' + v.subtasks_dropped + ' more not listed)' : '')), subtaskTable(v)));
        }
      }
      parts.push(el('h3', null, 'State transitions'));
      parts.push(job.transitions.length === 0 ? empty('No job state change was logged.') : table([
        {title: 'Time', value: t => showTime(t.time)},
        {title: 'From', value: t => stateBadge(t.from)},
        {title: 'To', value: t => stateBadge(t.to)},
        {title: 'Where', value: t => source(t.source, t.line)},
      ], job.transitions));
      page.appendChild(section(heading, parts));
    }
    if (data.job_graph && data.job_graph.vertices_dropped) {
      page.appendChild(el('p', {class: 'muted'}, data.job_graph.vertices_dropped + ' more vertices were not kept.'));
    }
  }

  FS.registerPage({id: 'job', title: 'Job', order: 30, render});
})();
