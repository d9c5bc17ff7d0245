// Flame graph: the folded stacks of the `stacks` section, one graph per kind
// (thread dumps, stuck tasks, exception stacks, Flink samples). The graphs are
// drawn by the C++ renderer into inert <template id="flamegraph-KIND">
// elements (report/html_flamegraphs.h); this page shows the chosen one and
// wires it with flinkscanFlameGraph() (report/flamegraph_svg.h): click a frame
// to zoom, Search, hover for the tooltip.
// URL hook: #/flamegraph&kind=KIND&zoom=FRAME&search=TEXT (values URI-encoded).
'use strict';

(() => {
  const {el, section, empty, count} = FS;
  const KIND_LABEL = {dumps: 'Thread dumps', stuck: 'Stuck tasks', exceptions: 'Exception stacks', flink: 'Flink samples'};

  function hashParams() {
    const params = {};
    if (!location.hash.startsWith('#/flamegraph')) return params;
    for (const part of location.hash.substring(1).split('&')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      try {
        params[part.substring(0, eq)] = decodeURIComponent(part.substring(eq + 1));
      } catch (err) {
        // A malformed escape names nothing.
      }
    }
    return params;
  }

  function render(page, data) {
    const profiles = (data.stacks && data.stacks.profiles) || [];
    const shown = profiles.filter(p => document.getElementById('flamegraph-' + p.kind));
    if (!shown.length) {
      page.appendChild(section('Flame graph', empty(
          'The logs hold no stacks: no thread dump, stuck-task dump or exception stack trace.')));
      return;
    }
    const holder = el('div', {class: 'flamegraph-view'});
    const buttons = new Map();
    let current = null;

    function show(kind) {
      if (current && current.kind === kind) return current;
      const template = document.getElementById('flamegraph-' + kind);
      if (!template) return current;
      holder.replaceChildren(document.importNode(template.content, true));
      const svg = holder.querySelector('svg');
      current = {kind, graph: flinkscanFlameGraph(svg.id.replace(/-svg$/, ''), Number(svg.getAttribute('width')), svg)};
      for (const [k, b] of buttons) b.classList.toggle('active', k === kind);
      return current;
    }

    function fromHash() {
      const params = hashParams();
      const view = show(params.kind && buttons.has(params.kind) ? params.kind : (current ? current.kind : shown[0].kind));
      if (params.search !== undefined) view.graph.search(params.search);
      if (params.zoom !== undefined) view.graph.zoomTo(params.zoom);
    }

    const bar = el('div', {class: 'flamegraph-kinds'});
    for (const p of shown) {
      const button = el('button', {type: 'button', class: 'tab', 'data-kind': p.kind},
                        (KIND_LABEL[p.kind] || p.kind) + ' · ' + count(p.samples));
      button.addEventListener('click', () => show(p.kind));
      buttons.set(p.kind, button);
      bar.appendChild(button);
    }
    const stacks = data.stacks;
    page.appendChild(section('Flame graph',
        el('p', {class: 'muted'}, count(stacks.thread_dumps) + ' thread dumps, ' + count(stacks.threads) +
           ' threads, ' + count(stacks.deadlocks) + ' deadlock reports. Click a frame to zoom, ' +
           '"Reset zoom" to go back, "Search" to highlight frames.'),
        bar, holder));
    fromHash();
    window.addEventListener('hashchange', fromHash);
  }

  FS.registerPage({id: 'flamegraph', title: 'Flame graph', order: 75, render});
})();
