'use strict';
// Plant overview: every machine as a tile, grouped by area and line, kept live by the plant stream.
(() => {
  const { el, fmt } = mw;
  const root = document.getElementById('plant');
  let summary = document.getElementById('plant-summary');
  if (!summary) {
    summary = el('p', { class: 'muted plant-summary', id: 'plant-summary', 'aria-live': 'polite' });
    root.before(summary);
  }
  const PRIO = ['critical', 'high', 'medium', 'low'];
  const tiles = new Map(); // id -> {tile data, node, refs}
  let layoutKey = '';
  let ready = false;

  const stateOf = (t) => (!t.online ? 'offline' : (t.state || 'unknown'));
  const label = (s) => s.replace(/-/g, ' ');
  function worst(alarms) {
    let best = null;
    for (const a of alarms || []) {
      const i = PRIO.indexOf(String(a.priority || '').toLowerCase());
      if (i >= 0 && (best === null || i < best)) best = i;
    }
    return best === null ? null : PRIO[best];
  }

  function build(t) {
    const refs = {
      link: el('a', { href: `/machines/${encodeURIComponent(t.id)}` }),
      badge: el('span', { class: 'badge' }),
      since: el('span', { class: 'muted tile-since' }),
      job: el('dd', {}),
      oee: el('dd', { class: 'num' }),
      count: el('dd', { class: 'num' }),
      alarms: el('dd', {}),
    };
    const node = el('article', { class: 'tile', 'aria-label': t.name || t.id },
      el('div', { class: 'tile-top' }, el('h4', { class: 'tile-name' }, refs.link), refs.badge),
      refs.since,
      el('dl', { class: 'tile-facts' },
        el('div', { class: 'tile-job' }, el('dt', {}, 'Job'), refs.job),
        el('div', {}, el('dt', {}, 'OEE'), refs.oee),
        el('div', {}, el('dt', {}, 'Good / target'), refs.count),
        el('div', {}, el('dt', {}, 'Alarms'), refs.alarms)));
    return { node, refs };
  }

  function fill(entry, t) {
    const { node, refs } = entry;
    const state = stateOf(t);
    node.className = `tile state-${state}`;
    node.dataset.machine = t.id;
    node.dataset.state = state;
    refs.link.textContent = t.name || t.id;
    refs.badge.textContent = label(state);
    refs.since.textContent = t.stateSince && t.online ? `since ${fmt.clock(t.stateSince)}` : '';
    const job = t.job;
    refs.job.textContent = job ? `${job.orderNumber || job.id}${job.operation ? '/' + job.operation : ''} · ${job.product || ''}` : 'no job';
    refs.job.title = job ? `${job.status || ''}` : '';
    refs.oee.textContent = fmt.percent(t.oee);
    refs.oee.title = t.oee == null ? '' :
      `Availability ${fmt.percent(t.availability)}, performance ${fmt.percent(t.performance)}, quality ${fmt.percent(t.quality)}`;
    if (job) {
      refs.count.textContent = `${fmt.number(job.good, 0)} / ${fmt.number(job.quantity, 0)}`;
      refs.count.title = `Shift: ${fmt.number(t.shiftGood, 0)} good, ${fmt.number(t.shiftScrap, 0)} scrap`;
    } else {
      refs.count.textContent = t.shiftGood == null ? '–' : `${fmt.number(t.shiftGood, 0)} (shift)`;
      refs.count.title = '';
    }
    refs.alarms.replaceChildren();
    const n = (t.alarms || []).length;
    if (n === 0) refs.alarms.append(el('span', { class: 'muted' }, 'none'));
    else {
      const w = worst(t.alarms);
      refs.alarms.append(el('span', { class: `prio prio-${w || 'low'}` }, `${n} · ${w || 'alarm'}`));
      refs.alarms.title = t.alarms.map((a) => `${a.priority}: ${a.message || a.alarm}`).join('\n');
    }
  }

  const groupKey = (t) => `${t.area || '–'}\u0000${t.line || '–'}`;

  function relayout() {
    const all = [...tiles.values()].map((e) => e.t);
    const key = all.map((t) => `${groupKey(t)}\u0001${t.id}`).sort().join('|');
    if (key === layoutKey) return;
    layoutKey = key;
    const areas = new Map();
    for (const t of all) {
      const a = t.area || '–';
      if (!areas.has(a)) areas.set(a, new Map());
      const lines = areas.get(a);
      const l = t.line || '–';
      if (!lines.has(l)) lines.set(l, []);
      lines.get(l).push(t);
    }
    const frag = [];
    for (const a of [...areas.keys()].sort()) {
      const sec = el('section', { class: 'area', 'aria-label': `Area ${a}` }, el('h2', {}, a));
      const lines = areas.get(a);
      for (const l of [...lines.keys()].sort()) {
        const grid = el('div', { class: 'tiles' });
        for (const t of lines.get(l).sort((x, y) => String(x.id).localeCompare(String(y.id)))) {
          grid.append(tiles.get(t.id).node);
        }
        sec.append(el('div', { class: 'line' }, el('h3', {}, l), grid));
      }
      frag.push(sec);
    }
    root.replaceChildren(...frag);
  }

  function summarize() {
    const counts = {};
    for (const { t } of tiles.values()) {
      const s = stateOf(t);
      counts[s] = (counts[s] || 0) + 1;
    }
    const parts = Object.entries(counts).sort().map(([s, n]) => `${n} ${label(s)}`);
    summary.textContent = `${tiles.size} machines: ${parts.join(', ')}`;
  }

  // The stream's first event after each (re)connection holds every machine: tiles it lacks were
  // removed meanwhile. Later events name the machines removed.
  let everyTile = true;
  function apply(items, removed) {
    if (everyTile) {
      everyTile = false;
      const ids = new Set((items || []).map((t) => t.id));
      for (const id of [...tiles.keys()]) if (!ids.has(id)) tiles.delete(id);
    }
    for (const id of removed || []) tiles.delete(id);
    for (const t of items || []) {
      let e = tiles.get(t.id);
      if (!e) { e = build(t); tiles.set(t.id, e); }
      e.t = t;
      fill(e, t);
    }
    relayout();
    summarize();
    if (!ready && tiles.size > 0) {
      ready = true;
      document.body.dataset.ready = String(Math.round(performance.now()));
    }
  }

  mw.live('/api/v1/plant/stream', {
    open: () => { everyTile = true; },
    message: (c) => apply(c.items, c.removed),
  });
  // The first answer can be faster than the stream's first event.
  mw.api('GET', '/api/v1/plant').then((p) => { if (!ready) { everyTile = false; apply(p.machines); } })
    .catch((e) => { if (!ready) summary.textContent = `Cannot load the plant: ${e.message}`; });
})();
