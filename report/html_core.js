// flinkscan HTML report: the shared core. Pages live in report/html_page_*.js and
// register themselves with registerPage(); this file builds the tabs, routes
// #/<page> and offers DOM, SVG, time and tooltip helpers.
//
// Safety rule: log-derived text only ever reaches the DOM through text nodes
// (el() children, textContent) or setAttribute of non-event attributes. No
// innerHTML, no eval, no URLs built from log text.
'use strict';

const FS = (() => {
  const pages = [];
  const SVG_NS = 'http://www.w3.org/2000/svg';

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      for (const c of child) append(node, c);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }

  function setAttributes(node, attrs) {
    if (!attrs) return;
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      // Handlers are attached by code, never written as attributes.
      if (/^on/i.test(key)) throw new Error('event attribute ' + key);
      node.setAttribute(key, String(value));
    }
  }

  // el('td', {class: 'num'}, 'text', otherNode, [more])
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attrs);
    append(node, children);
    return node;
  }

  // ISO-8601 as the JSON contract writes it: "YYYY-MM-DDTHH:MM:SS.sss[±HH:MM]" or
  // "THH:MM:SS.sss" (time only). Times are shown as the log wrote them, so the
  // offset is kept for display but not applied: every lane shares the same clock.
  function parseTime(text) {
    if (!text) return null;
    const m = /^(?:(\d{4})-(\d{2})-(\d{2}))?T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/.exec(text);
    if (!m) return null;
    const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
    return Date.UTC(m[1] ? Number(m[1]) : 1970, m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1,
                    Number(m[4]), Number(m[5]), Number(m[6]), ms);
  }

  function two(n) { return String(n).padStart(2, '0'); }

  function clock(ms, withMillis) {
    const d = new Date(ms);
    const base = two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds());
    return withMillis ? base + '.' + String(d.getUTCMilliseconds()).padStart(3, '0') : base;
  }

  function day(ms) {
    const d = new Date(ms);
    return d.getUTCFullYear() + '-' + two(d.getUTCMonth() + 1) + '-' + two(d.getUTCDate());
  }

  // "2026-11-28 10:02:47.325" from the contract's text, as written.
  function showTime(text) {
    if (!text) return '—';
    return text.replace('T', ' ').replace(/^ /, '');
  }

  function bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = Number(n);
    let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? String(v) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '—';
    const v = Number(ms);
    if (v < 1000) return Math.round(v) + ' ms';
    if (v < 120000) return (v / 1000).toFixed(1) + ' s';
    if (v < 7200000) return (v / 60000).toFixed(1) + ' min';
    return (v / 3600000).toFixed(1) + ' h';
  }

  function count(n) { return Number(n || 0).toLocaleString('en-US'); }

  function badge(text, kind) { return el('span', {class: 'badge ' + (kind || '')}, text); }

  function severityBadge(severity) { return badge(severity, 'sev-' + severity); }

  const STATE_CLASS = {
    RUNNING: 'ok', FINISHED: 'ok', CREATED: 'info', INITIALIZING: 'info', DEPLOYING: 'info', SCHEDULED: 'info',
    RECONCILING: 'info', RESTARTING: 'warn', CANCELLING: 'warn', CANCELING: 'warn', SUSPENDED: 'warn',
    FAILING: 'bad', FAILED: 'bad', CANCELED: 'muted', CANCELLED: 'muted',
  };
  function stateBadge(state) { return state ? badge(state, 'state-' + (STATE_CLASS[state] || 'info')) : '—'; }

  function source(src, line) { return el('code', {class: 'src'}, src + (line ? ':' + line : '')); }

  // columns: [{title, value: row => text|Node, num: bool, cls}]
  function table(columns, rows, attrs) {
    const head = el('tr', null, columns.map(c => el('th', {class: c.num ? 'num' : null}, c.title)));
    const body = rows.map(r => el('tr', r && r.__cls ? {class: r.__cls} : null,
        columns.map(c => el('td', {class: [c.num ? 'num' : '', c.cls || ''].join(' ').trim() || null}, c.value(r)))));
    return el('div', {class: 'table-wrap'}, el('table', attrs || null, el('thead', null, head), el('tbody', null, body)));
  }

  function section(title, ...children) {
    return el('section', {class: 'card'}, el('h2', null, title), children);
  }

  function empty(text) { return el('p', {class: 'empty'}, text); }

  // One tooltip element for the page; its text is set with textContent.
  function tooltip(node, lines) {
    const tip = document.getElementById('tooltip');
    node.addEventListener('mousemove', ev => {
      tip.textContent = '';
      for (const line of lines()) tip.appendChild(el('div', null, line));
      tip.hidden = false;
      const x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
      const y = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
      tip.style.left = x + 'px';
      tip.style.top = y + 'px';
    });
    node.addEventListener('mouseleave', () => { tip.hidden = true; });
  }

  // Ticks for a time axis between lo and hi (ms): about `n` round steps.
  function timeTicks(lo, hi, n) {
    const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5,
                   9e5, 18e5, 36e5, 72e5, 108e5, 216e5, 432e5, 864e5, 1728e5, 6048e5];
    const span = Math.max(1, hi - lo);
    let step = steps[steps.length - 1];
    for (const s of steps) { if (span / s <= n) { step = s; break; } }
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
    return {ticks, millis: step < 1000};
  }

  function valueTicks(max, n) {
    if (!(max > 0)) return [0];
    const raw = max / n;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(f => f * mag).find(s => max / s <= n) || 10 * mag;
    const ticks = [];
    // Up to the first tick at or above max, so the largest value stays inside the chart.
    for (let v = 0; ticks.length === 0 || ticks[ticks.length - 1] < max - step * 1e-9; v += step) ticks.push(v);
    return ticks;
  }

  // A chart of points over time. opts: {points: [{t, v, cls, tip: () => [lines], attrs}], kind: 'dot'|'bar',
  // yFormat, yTitle, height, cls}. Returns an <svg> whose data marks carry class "point".
  function timeChart(opts) {
    const width = 1000, height = opts.height || 220, left = 70, right = 16, top = 12, bottom = 34;
    const pts = opts.points.filter(p => p.t !== null && p.v !== null && p.v !== undefined);
    const root = svg('svg', {class: 'chart ' + (opts.cls || ''), viewBox: `0 0 ${width} ${height}`,
                             role: 'img', 'aria-label': opts.yTitle || 'chart'});
    if (pts.length === 0) return root;
    let lo = Math.min(...pts.map(p => p.t)), hi = Math.max(...pts.map(p => p.t));
    if (hi === lo) { lo -= 30000; hi += 30000; }
    const pad = (hi - lo) * 0.02;
    lo -= pad; hi += pad;
    const vmax = Math.max(...pts.map(p => p.v)) * 1.05 || 1;
    const vt = valueTicks(vmax, 4);
    const ymax = vt[vt.length - 1] || vmax;
    const x = t => left + (t - lo) / (hi - lo) * (width - left - right);
    const y = v => top + (1 - v / ymax) * (height - top - bottom);
    const grid = svg('g', {class: 'grid'});
    for (const v of vt) {
      grid.appendChild(svg('line', {x1: left, x2: width - right, y1: y(v), y2: y(v)}));
      grid.appendChild(svg('text', {x: left - 6, y: y(v) + 4, 'text-anchor': 'end'}, (opts.yFormat || String)(v)));
    }
    const tt = timeTicks(lo, hi, 8);
    for (const t of tt.ticks) {
      grid.appendChild(svg('line', {class: 'tick', x1: x(t), x2: x(t), y1: height - bottom, y2: height - bottom + 5}));
      grid.appendChild(svg('text', {x: x(t), y: height - bottom + 18, 'text-anchor': 'middle'}, clock(t, tt.millis)));
    }
    root.appendChild(grid);
    root.appendChild(svg('line', {class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom}));
    if (opts.yTitle) {
      root.appendChild(svg('text', {class: 'axis-title', x: 12, y: top + (height - top - bottom) / 2,
                                    transform: `rotate(-90 12 ${top + (height - top - bottom) / 2})`,
                                    'text-anchor': 'middle'}, opts.yTitle));
    }
    if (opts.line) {
      const d = pts.map((p, i) => (i ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + y(p.v).toFixed(1)).join(' ');
      root.appendChild(svg('path', {class: 'series', d}));
    }
    const marks = svg('g', {class: 'marks'});
    const barWidth = Math.max(2, Math.min(14, (width - left - right) / pts.length * 0.6));
    for (const p of pts) {
      let mark;
      if (opts.kind === 'bar') {
        mark = svg('rect', Object.assign({class: 'point ' + (p.cls || ''), x: x(p.t) - barWidth / 2, y: y(p.v),
                                          width: barWidth, height: Math.max(1, y(0) - y(p.v))}, p.attrs || {}));
      } else {
        mark = svg('circle', Object.assign({class: 'point ' + (p.cls || ''), cx: x(p.t), cy: y(p.v), r: 4},
                                           p.attrs || {}));
      }
      if (p.tip) tooltip(mark, p.tip);
      marks.appendChild(mark);
    }
    root.appendChild(marks);
    return root;
  }

  function registerPage(page) { pages.push(page); }

  function route() {
    const id = (location.hash.match(/^#\/([\w-]+)/) || [])[1];
    const known = pages.find(p => p.id === id) ? id : pages[0].id;
    for (const p of pages) {
      p.section.hidden = p.id !== known;
      p.tab.classList.toggle('active', p.id === known);
      p.tab.setAttribute('aria-current', p.id === known ? 'page' : 'false');
    }
  }

  function boot() {
    const data = JSON.parse(document.getElementById('flinkscan-data').textContent);
    pages.sort((a, b) => a.order - b.order);
    const nav = document.getElementById('tabs');
    const main = document.getElementById('page');
    for (const p of pages) {
      const badgeText = p.badge ? p.badge(data) : null;
      p.tab = el('a', {href: '#/' + p.id, class: 'tab', 'data-page': p.id}, p.title,
                 badgeText ? el('span', {class: 'tab-badge ' + (badgeText.cls || '')}, badgeText.text) : null);
      nav.appendChild(p.tab);
      // Every page is built once; hidden pages stay in the document so printing shows them all.
      p.section = el('section', {class: 'page', id: 'page-' + p.id, 'data-page': p.id},
                     el('h1', {class: 'print-title'}, p.title));
      try {
        p.render(p.section, data);
      } catch (err) {
        p.section.appendChild(el('p', {class: 'empty'}, 'This page could not be drawn: ' + err.message));
      }
      main.appendChild(p.section);
    }
    window.addEventListener('hashchange', route);
    route();
    document.body.classList.add('ready');
  }

  document.addEventListener('DOMContentLoaded', boot);

  return {el, svg, parseTime, clock, day, showTime, bytes, duration, count, badge, severityBadge, stateBadge,
          source, table, section, empty, tooltip, timeTicks, valueTicks, timeChart, registerPage};
})();
