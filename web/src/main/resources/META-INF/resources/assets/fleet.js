'use strict';
// The fleet page (cloud role): every registered site with its last contact, lag, backlog and
// counts; a site opens to its detail and latest events. Polls every 5 s.
(() => {
  const { el, api, fmt } = mw;
  const table = document.getElementById('fleet');
  const tbody = table.tBodies[0];
  const wrap = document.getElementById('fleet-wrap');
  const summary = document.getElementById('fleet-summary');
  const updated = document.getElementById('fleet-updated');
  const unavailable = document.getElementById('fleet-unavailable');
  const unavailableText = document.getElementById('fleet-unavailable-text');
  const COLS = 11;
  const rows = new Map(); // site -> { tr, detail, expander, open }

  const ms = (t) => (t ? new Date(t).getTime() : NaN);
  function lagOf(s) {
    const newest = ms(s.received && s.received.newestReading);
    const contact = ms(s.lastContact);
    const ref = Number.isNaN(newest) ? contact : newest;
    return Number.isNaN(ref) ? null : Math.max(0, Date.now() - ref);
  }
  const count = (v) => fmt.number(v, 0);
  function bytes(n) {
    if (n === null || n === undefined) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0; let v = n;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return `${fmt.number(v, 1)} ${units[i]}`;
  }

  function cells(s, row) {
    const b = s.backlog || {};
    const r = s.received || {};
    const m = s.machines || {};
    const lag = lagOf(s);
    const label = s.name && s.name !== s.site ? `${s.site} (${s.name})` : s.site;
    row.expander.textContent = label;
    return [
      el('th', { scope: 'row' }, row.expander),
      el('td', {}, el('span', { class: `badge ${s.online ? 'online' : 'offline'}` }, s.online ? 'online' : 'offline')),
      el('td', {}, fmt.time(s.lastContact)),
      el('td', {}, fmt.time(r.newestReading)),
      el('td', { class: `num${lag !== null && lag > 60000 ? ' warn' : ''}` }, fmt.duration(lag)),
      el('td', { class: `num${b.batches ? ' warn' : ''}`, title: `${count(b.readings)} readings, ${bytes(b.bufferBytes)}` },
        `${count(b.batches)} batch${b.batches === 1 ? '' : 'es'}`),
      el('td', { class: 'num', title: `${count(r.readings)} readings` }, `${count(r.batches)} batch${r.batches === 1 ? '' : 'es'}`),
      el('td', { class: 'num' }, m.total === undefined ? '–' : `${count(m.online)} / ${count(m.total)}`),
      el('td', { class: 'num' }, fmt.percent(s.oee)),
      el('td', { class: `num${s.activeAlarms ? ' warn' : ''}` }, count(s.activeAlarms)),
      el('td', {}, s.version || '–'),
    ];
  }

  function dl(pairs) {
    return el('dl', { class: 'kv' }, pairs.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))));
  }

  function payloadText(p) {
    if (p === null || p === undefined) return '';
    if (typeof p !== 'string') return JSON.stringify(p);
    try { return JSON.stringify(JSON.parse(p)); } catch (e) { return p; }
  }

  async function loadDetail(site, row) {
    const box = row.detail.firstChild;
    try {
      const [s, events] = await Promise.all([
        api('GET', `/api/v1/fleet/${encodeURIComponent(site)}`),
        api('GET', `/api/v1/fleet/${encodeURIComponent(site)}/events?limit=50`),
      ]);
      const b = s.backlog || {};
      const r = s.received || {};
      const m = s.machines || {};
      const content = [
        el('h3', { class: 'visually-hidden' }, `${site} detail`),
        dl([
          ['Name', s.name || site], ['Online', s.online ? 'yes' : 'no'], ['Version', s.version || '–'],
          ['Last contact', fmt.time(s.lastContact)], ['Machines online', m.total === undefined ? '–' : `${count(m.online)} of ${count(m.total)}`],
          ['OEE', fmt.percent(s.oee)], ['Active alarms', count(s.activeAlarms)],
          ['Backlog batches', count(b.batches)], ['Backlog readings', count(b.readings)],
          ['Oldest in backlog', fmt.time(b.oldest)], ['Buffer', `${bytes(b.bufferBytes)} of ${bytes(b.budgetBytes)}`],
          ['Readings dropped', count(b.readingsDropped)],
          ['Received batches', count(r.batches)], ['Received readings', count(r.readings)],
          ['Duplicates', count(r.duplicates)], ['Refused', count(r.refused)], ['Newest reading', fmt.time(r.newestReading)],
        ]),
        el('h4', {}, 'Latest events'),
      ];
      if (!events.length) content.push(el('p', { class: 'muted' }, 'No events received from this site yet.'));
      else {
        content.push(el('div', { class: 'table-wrap' }, el('table', { class: 'events' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Time'), el('th', { scope: 'col' }, 'Topic'), el('th', { scope: 'col' }, 'Payload'))),
          el('tbody', {}, events.map((e) => el('tr', {},
            el('td', {}, fmt.time(e.timestamp)), el('td', {}, e.topic), el('td', { class: 'payload' }, payloadText(e.payload))))))));
      }
      box.replaceChildren(...content);
    } catch (e) {
      box.replaceChildren(el('p', { class: 'error' }, `The site's detail could not be loaded: ${e.message}`));
    }
  }

  function toggle(site) {
    const row = rows.get(site);
    row.open = !row.open;
    row.expander.setAttribute('aria-expanded', String(row.open));
    row.detail.hidden = !row.open;
    if (row.open) {
      row.detail.firstChild.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
      loadDetail(site, row);
    }
  }

  function render(sites) {
    const seen = new Set();
    let at = 0;
    for (const s of sites) {
      seen.add(s.site);
      let row = rows.get(s.site);
      if (!row) {
        const detailId = `fleet-detail-${s.site.replace(/[^A-Za-z0-9_-]/g, '-')}`;
        const expander = el('button', {
          type: 'button', class: 'expander', 'aria-expanded': 'false', 'aria-controls': detailId,
          onclick: (e) => { e.stopPropagation(); toggle(s.site); },
        });
        const tr = el('tr', { class: 'site-row', dataset: { site: s.site } });
        tr.addEventListener('click', (e) => { if (!e.target.closest('a, button')) toggle(s.site); });
        const detail = el('tr', { class: 'site-detail', id: detailId, hidden: true, dataset: { siteDetail: s.site } },
          el('td', { colspan: COLS }));
        row = { tr, detail, expander, open: false };
        rows.set(s.site, row);
      }
      row.tr.replaceChildren(...cells(s, row));
      if (tbody.children[at] !== row.tr) tbody.insertBefore(row.tr, tbody.children[at] || null);
      if (tbody.children[at + 1] !== row.detail) tbody.insertBefore(row.detail, tbody.children[at + 1] || null);
      at += 2;
      if (row.open) loadDetail(s.site, row);
    }
    for (const [site, row] of rows) {
      if (!seen.has(site)) { row.tr.remove(); row.detail.remove(); rows.delete(site); }
    }
    const online = sites.filter((s) => s.online).length;
    summary.textContent = sites.length === 0
      ? 'No site is registered with this cloud yet.'
      : `${sites.length} site${sites.length === 1 ? '' : 's'}, ${online} online`;
  }

  let timer = null;
  async function poll() {
    try {
      const sites = await api('GET', '/api/v1/fleet');
      unavailable.hidden = true;
      wrap.hidden = false;
      render(sites);
      updated.textContent = `updated ${fmt.clock(Date.now())}`;
    } catch (e) {
      if (e.status === 404 || e.status === 409) {
        unavailableText.textContent = 'This process does not run the cloud role, so it has no fleet to show. '
          + 'The fleet is seen on the cloud installation that the sites publish to.'
          + (e.message && !/^HTTP/.test(e.message) ? ` (The server says: ${e.message}.)` : '');
        unavailable.hidden = false;
        wrap.hidden = true;
        summary.textContent = '';
      } else {
        updated.textContent = `could not update: ${e.message}`;
      }
    }
  }
  poll();
  timer = setInterval(() => { if (!document.hidden) poll(); }, 5000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
  window.addEventListener('pagehide', () => clearInterval(timer));
})();
