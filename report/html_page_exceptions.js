// Exceptions: every throwable signature with its count, first and last time,
// the root-cause chains incidents traced for it, and the evidence lines.
'use strict';

(() => {
  const {el, table, section, empty, showTime, count, source} = FS;

  // Incidents whose root cause or evidence names this exception.
  function related(ex, incidents) {
    return incidents.filter(inc => (inc.root_cause && (inc.root_cause.class === ex.root_class || inc.root_cause.class === ex.class)) ||
                                   (inc.evidence || []).some(ev => ev.text.includes(ex.class)));
  }

  function detail(ex, incidents) {
    const parts = [];
    const chains = new Map();
    for (const inc of related(ex, incidents)) {
      if (inc.root_cause && inc.root_cause.chain.length) chains.set(inc.root_cause.chain.join('\n'), inc.root_cause);
    }
    if (Array.isArray(ex.chain) && ex.chain.length) chains.set(ex.chain.join('\n'), {chain: ex.chain});
    if (chains.size) {
      parts.push(el('h4', null, 'Cause chain (outer → root)'));
      for (const rc of chains.values()) {
        parts.push(el('ol', {class: 'chain'}, rc.chain.map(c => el('li', null, el('code', null, c))),
                      rc.frame ? el('li', {class: 'frame'}, el('code', null, 'at ' + rc.frame)) : null));
      }
    } else if (ex.root_class && ex.root_class !== ex.class) {
      parts.push(el('h4', null, 'Cause chain (outer → root)'));
      parts.push(el('ol', {class: 'chain'}, el('li', null, el('code', null, ex.class + (ex.message ? ': ' + ex.message : ''))),
                    el('li', null, el('code', null, ex.root_class + (ex.root_message ? ': ' + ex.root_message : '')))));
    }
    if (Array.isArray(ex.frames) && ex.frames.length) {
      parts.push(el('h4', null, 'Top frames' + (ex.signature ? ' · signature ' + ex.signature : '')));
      parts.push(el('pre', {class: 'log'}, ex.frames.map(f => 'at ' + f).join('\n')));
    }
    parts.push(el('h4', null, 'Evidence'));
    const rows = [{source: ex.first_source, line: ex.first_line, time: ex.first_time, text: 'first seen here'}];
    for (const ev of (Array.isArray(ex.evidence) ? ex.evidence : [])) rows.push(ev);
    for (const inc of related(ex, incidents)) {
      for (const ev of inc.evidence) if (ev.text.includes(ex.class) && rows.length < 12) rows.push(ev);
    }
    const seen = new Set();
    parts.push(el('ul', {class: 'evidence-list'}, rows.filter(r => {
      const key = r.source + ':' + r.line;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).map(r => el('li', null, source(r.source, r.line), ' ', el('span', {class: 'muted'}, showTime(r.time)),
                   el('pre', {class: 'log'}, r.text)))));
    return parts;
  }

  function render(page, data) {
    if (data.exceptions.length === 0) {
      page.appendChild(section('Exceptions', empty('No exception was logged.')));
      return;
    }
    page.appendChild(section('Exceptions, most frequent first', el('div', {class: 'exceptions'}, data.exceptions.map(ex =>
      el('details', {class: 'exception'},
         el('summary', null, el('span', {class: 'count'}, count(ex.count) + '×'),
            el('code', {class: 'ex-class'}, ex.class), ' ', el('span', {class: 'ex-message'}, ex.message),
            el('span', {class: 'muted small when'}, showTime(ex.first_time) + ' → ' + showTime(ex.last_time))),
         el('div', {class: 'exception-body'},
            ex.root_class && ex.root_class !== ex.class
              ? el('p', null, el('b', null, 'Root cause: '), el('code', null, ex.root_class + (ex.root_message ? ': ' + ex.root_message : '')))
              : null,
            detail(ex, data.incidents)))))));
  }

  FS.registerPage({
    id: 'exceptions', title: 'Exceptions', order: 70, render,
    badge: d => d.exceptions.length ? {text: String(d.exceptions.length), cls: 'neutral'} : null,
  });
})();
