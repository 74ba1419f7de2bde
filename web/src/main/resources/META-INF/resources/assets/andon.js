'use strict';
// Andon: big state tiles for a shop-floor screen, live from the plant stream.
(() => {
  const { el, fmt } = mw;
  const root = document.getElementById('andon');
  const full = document.getElementById('andon-full');
  const clock = document.getElementById('andon-clock');
  const PRIO = ['critical', 'high', 'medium', 'low'];
  const tiles = new Map();
  let order = '';
  let reasons = new Map();

  const stateOf = (t) => (!t.online ? 'offline' : (t.state || 'unknown'));
  function worst(alarms) {
    let best = null;
    for (const a of alarms || []) {
      const i = PRIO.indexOf(String(a.priority || '').toLowerCase());
      if (i >= 0 && (best === null || i < best)) best = i;
    }
    return best === null ? null : PRIO[best];
  }

  function build() {
    const r = {
      link: el('a', {}),
      where: el('div', { class: 'a-where' }),
      state: el('div', { class: 'a-state' }),
      reason: el('div', { class: 'a-reason' }),
      job: el('div', { class: 'a-job' }),
      count: el('div', { class: 'a-count' }),
      alarms: el('div', { class: 'a-alarms' }),
    };
    const node = el('article', { class: 'andon-tile' },
      el('h2', { class: 'a-name' }, r.link), r.where, r.state, r.reason, r.job, r.count, r.alarms);
    return { node, r };
  }

  function fill(e, t) {
    const { node, r } = e;
    const state = stateOf(t);
    node.className = `andon-tile state-${state}`;
    node.dataset.machine = t.id;
    node.dataset.state = state;
    node.setAttribute('aria-label', `${t.name || t.id}: ${state.replace(/-/g, ' ')}`);
    r.link.href = `/machines/${encodeURIComponent(t.id)}`;
    r.link.textContent = t.name || t.id;
    r.where.textContent = `${t.id} · ${t.area || ''} / ${t.line || ''}`;
    r.state.textContent = state.replace(/-/g, ' ');
    const since = t.online && t.stateSince ? `for ${fmt.duration(Date.now() - t.stateSince)}` : '';
    const why = t.reason ? (reasons.get(t.reason) || `reason ${t.reason}`) : '';
    r.reason.textContent = [why, since].filter(Boolean).join(' · ');
    const job = t.job;
    r.job.textContent = job ? `${job.orderNumber || job.id} · ${job.product || ''}` : 'No job';
    if (job) {
      r.count.replaceChildren(`${fmt.number(job.good, 0)} `, el('small', {}, `/ ${fmt.number(job.quantity, 0)} good`));
    } else {
      r.count.replaceChildren(el('small', {}, `Shift: ${fmt.number(t.shiftGood, 0)} good`));
    }
    const n = (t.alarms || []).length;
    if (n === 0) r.alarms.replaceChildren('No alarms');
    else {
      const w = worst(t.alarms) || 'low';
      const first = t.alarms.find((a) => String(a.priority).toLowerCase() === w) || t.alarms[0];
      r.alarms.replaceChildren(el('span', { class: `prio prio-${w}` }, `${n} alarm${n > 1 ? 's' : ''}`), ' ',
        first.message || first.alarm || '');
    }
  }

  // As on the overview: the first event after each (re)connection holds every machine.
  let everyTile = true;
  function apply(items, removed) {
    if (tiles.size === 0) root.replaceChildren();
    if (everyTile) {
      everyTile = false;
      const ids = new Set((items || []).map((t) => t.id));
      for (const id of [...tiles.keys()]) if (!ids.has(id)) tiles.delete(id);
    }
    for (const id of removed || []) tiles.delete(id);
    for (const t of items || []) {
      let e = tiles.get(t.id);
      if (!e) { e = build(); tiles.set(t.id, e); }
      e.t = t;
      fill(e, t);
    }
    const sorted = [...tiles.values()].sort((a, b) =>
      `${a.t.area}/${a.t.line}/${a.t.id}`.localeCompare(`${b.t.area}/${b.t.line}/${b.t.id}`));
    const key = sorted.map((e) => e.t.id).join('|');
    if (key !== order) { order = key; root.replaceChildren(...sorted.map((e) => e.node)); }
  }

  // "for 12 min" goes stale between events: refresh the text every few seconds.
  function tick() {
    clock.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    for (const e of tiles.values()) if (e.t) fill(e, e.t);
  }
  setInterval(tick, 5000);
  tick();

  mw.api('GET', '/api/v1/oee/reasons').then((tables) => {
    for (const list of Object.values(tables || {})) for (const r of list) if (!reasons.has(r.code)) reasons.set(r.code, r.label);
  }).catch(() => {});
  mw.live('/api/v1/plant/stream', {
    open: () => { everyTile = true; },
    message: (c) => apply(c.items, c.removed),
  });

  function syncButton() {
    full.textContent = document.fullscreenElement ? 'Exit full screen' : 'Full screen';
  }
  if (!document.documentElement.requestFullscreen) full.hidden = true;
  full.addEventListener('click', async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await document.documentElement.requestFullscreen();
    } catch (e) {
      mw.toast('Full screen is not available here', 'bad');
    }
  });
  document.addEventListener('fullscreenchange', syncButton);
})();
