'use strict';
// Machine detail: live values, trend (uPlot), state timeline, downtime with classification, OEE, jobs.
(() => {
  const { el, fmt, api } = mw;
  const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const $ = (sel) => document.getElementById(sel);
  const STATES = ['producing', 'idle', 'setup', 'planned-stop', 'unplanned-stop', 'fault', 'offline', 'unknown'];
  const COLORS = ['#2f6fde', '#d35400', '#1e8e3e', '#7a5ccf', '#c62828', '#00838f', '#6d4c41', '#ad1457'];
  const RANGES = { '15m': 15 * 60e3, '1h': 3600e3, '8h': 8 * 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 };
  const label = (s) => String(s || 'unknown').replace(/-/g, ' ');
  const q = (o) => Object.entries(o).filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const mid = encodeURIComponent(id);

  let tile = null;
  let units = new Map();
  let histPrefix = null; // historian path of the machine, ending in '/'
  let histTags = null; // Set of historian tag paths of this machine
  let reasons = []; // [{code,label}]

  // ---------- header (live from the plant stream) ----------
  function showTile(t) {
    tile = t;
    const state = !t.online ? 'offline' : (t.state || 'unknown');
    $('m-name').textContent = t.name || t.id;
    document.title = `${t.name || t.id} · Millwright`;
    const b = $('m-state');
    b.className = `badge state-${state}`;
    b.textContent = label(state);
    $('m-since').textContent = t.online && t.stateSince ? `since ${fmt.clock(t.stateSince)}` : '';
    $('m-where').textContent = `${t.id} · ${t.area || ''} / ${t.line || ''}`;
  }
  mw.live('/api/v1/plant/stream', {
    message: (c) => { for (const t of c.items || []) if (t.id === id) showTile(t); },
  });

  // ---------- live values ----------
  const vbody = $('values').tBodies[0];
  const rows = new Map(); // tag -> {tr, cells}
  const latest = new Map(); // tag -> LiveValue
  function qualityClass(qs) {
    const k = String(qs || '').split(':')[0].toLowerCase();
    return k === 'good' ? 'q-good' : k === 'uncertain' ? 'q-uncertain' : 'q-bad';
  }
  function showValue(v) {
    latest.set(v.tag, v);
    let r = rows.get(v.tag);
    if (!r) {
      const c = {
        value: el('td', { class: 'num value' }), unit: el('td', {}), quality: el('td', {}), time: el('td', {}),
      };
      const tr = el('tr', { dataset: { tag: v.tag } }, el('th', { scope: 'row', class: 'tag' }, v.tag),
        c.value, c.unit, c.quality, c.time);
      r = { tr, c };
      rows.set(v.tag, r);
      const after = [...rows.keys()].sort().find((k) => k > v.tag && rows.get(k).tr.isConnected);
      if (after) vbody.insertBefore(tr, rows.get(after).tr); else vbody.append(tr);
    } else {
      r.tr.classList.remove('changed');
      void r.tr.offsetWidth; // restart the highlight
      r.tr.classList.add('changed');
    }
    r.c.value.textContent = v.value === null || v.value === undefined ? '–' : fmt.value(v.value);
    r.c.value.className = typeof v.value === 'number' ? 'num value' : 'value';
    r.c.unit.textContent = units.get(v.tag) || '';
    r.c.quality.replaceChildren(el('span', { class: `q ${qualityClass(v.quality)}` }, v.quality || '–'));
    r.c.time.textContent = fmt.clock(v.timestamp);
    r.c.time.title = fmt.time(v.timestamp);
  }
  mw.live(`/api/v1/plant/machines/${mid}/stream`, {
    message: (c) => {
      for (const v of c.items || []) showValue(v);
      if (!tagsReady) initTrend();
    },
  });

  // ---------- trend ----------
  const trendEl = $('trend');
  const sel = $('trend-tags');
  const rangeSel = $('trend-range');
  const info = $('trend-info');
  let chart = null;
  let xRange = null;
  let tagsReady = false;
  let initPromise = null;

  const isNumeric = (v) => typeof v.value === 'number';
  // Process values first, bookkeeping (counters, OEE, job) after.
  const rank = (t) => (/^(oee|job|state)(\/|$)/.test(t) ? 2 : /^counts\//.test(t) ? 1 : 0);

  async function loadPlace() {
    try {
      const p = await api('GET', '/api/v1/plant');
      const t = (p.machines || []).find((m) => m.id === id);
      if (t) showTile(t);
      else $('m-name').textContent = `No machine "${id}"`;
    } catch (e) { /* the stream shows it later */ }
    const { enterprise, site } = mw.me;
    const known = tile && enterprise && site && tile.area && tile.line;
    const filter = known ? `${enterprise}/${site}/${tile.area}/${tile.line}/${id}/#` : `+/+/+/+/${id}/#`;
    try {
      let list = await api('GET', `/api/v1/history/tags?${q({ filter, limit: 2000 })}`);
      if (known && list.length === 0) {
        list = await api('GET', `/api/v1/history/tags?${q({ filter: `+/+/+/+/${id}/#`, limit: 2000 })}`);
      }
      histTags = new Set(list);
      const marker = `/${id}/`;
      const first = list.find((s) => s.includes(marker));
      histPrefix = first ? first.slice(0, first.indexOf(marker) + marker.length)
        : known ? `${enterprise}/${site}/${tile.area}/${tile.line}/${id}/` : null;
    } catch (e) {
      histTags = null;
      histPrefix = known ? `${enterprise}/${site}/${tile.area}/${tile.line}/${id}/` : null;
    }
  }

  async function loadUnits() {
    try {
      const m = await api('GET', `/api/v1/machines/${mid}`);
      for (const t of m.tags || []) if (t.unit) units.set(t.name, t.unit);
      for (const [tag, r] of rows) r.c.unit.textContent = units.get(tag) || '';
    } catch (e) { /* units are optional */ }
  }

  // Text tags that the historian keeps too but a chart cannot draw.
  const TEXT = /^(state|oee\/state|oee\/shift\/name|job\/order|job\/product)$/;
  function initTrend(fallback) {
    if (tagsReady || !initPromise) return;
    if (latest.size === 0 && !(fallback === true && histTags && histPrefix)) return;
    tagsReady = true;
    initPromise.then(() => {
      const live = latest.size > 0;
      const candidates = live ? [...latest.values()].filter(isNumeric).map((v) => v.tag)
        : [...histTags].filter((t) => t.startsWith(histPrefix)).map((t) => t.slice(histPrefix.length))
          .filter((t) => !TEXT.test(t));
      const numeric = candidates
        .filter((t) => !live || !histTags || histTags.size === 0 || histTags.has(histPrefix + t))
        .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
      sel.replaceChildren(...numeric.map((t, i) => el('option',
        { value: histPrefix ? histPrefix + t : t, selected: i < 2 }, t + (units.get(t) ? ` (${units.get(t)})` : ''))));
      sel.size = Math.min(6, Math.max(3, numeric.length));
      if (!histPrefix) info.textContent = 'The historian has no samples of this machine.';
      draw();
    });
  }

  function join(tables) {
    const xs = [...new Set(tables.flatMap((t) => t.x))].sort((a, b) => a - b);
    const idx = new Map(xs.map((x, i) => [x, i]));
    const data = [xs];
    for (const t of tables) {
      const ys = new Array(xs.length).fill(null);
      for (let i = 0; i < t.x.length; i++) ys[idx.get(t.x[i])] = t.y[i];
      data.push(ys);
    }
    return data;
  }

  let drawing = 0;
  let firstDrawn = null;
  async function draw() {
    const mine = ++drawing;
    const tags = [...sel.selectedOptions].map((o) => ({ tag: o.value, name: o.textContent }));
    const range = rangeSel.value;
    const t0 = performance.now();
    const to = Date.now();
    const from = to - (RANGES[range] || 3600e3);
    info.textContent = tags.length ? 'Loading…' : 'Choose one or more tags.';
    $('trend-draw').disabled = true;
    try {
      // Up to an hour: the stored samples that draw the same line (LTTB). Longer: 1000 time
      // buckets averaged in the database, which stays fast over days where LTTB has to read every
      // sample into the server first (a day of 1 Hz: ~1 s per tag against ~50 ms).
      // All tags in one request: the server reads them one after the other anyway, and one
      // request per tag cost a day's trend of four tags three times as long.
      const raw = to - from <= 3600e3;
      const answer = tags.length === 0 ? [] : await api('GET', `/api/v1/history/aggregates?${[
        ...tags.map(({ tag }) => q({ tag })),
        q({ from: new Date(from).toISOString(), to: new Date(to).toISOString(),
          mode: raw ? 'lttb' : 'bucket', points: 1000 }),
      ].join('&')}`);
      const tables = answer.map(({ aggregate: pts }) => {
        const x = []; const y = [];
        for (const p of pts) {
          x.push(Date.parse(raw ? p.timestamp : p.start) / 1000);
          y.push(raw ? p.value : p.avg);
        }
        return { x, y };
      });
      if (mine !== drawing) return;
      // Kept apart from the drawing, so that a slow trend says whether the server or the page was.
      trendEl.dataset.fetchMs = String(Math.round(performance.now() - t0));
      const total = tables.reduce((n, t) => n + t.x.length, 0);
      xRange = { min: from / 1000, max: to / 1000 };
      if (chart) { chart.destroy(); chart = null; }
      trendEl.replaceChildren();
      if (tags.length === 0 || total === 0) {
        trendEl.append(el('p', { class: 'muted trend-msg' },
          tags.length === 0 ? 'No tag selected.' : 'No samples in this range.'));
      } else {
        const data = join(tables);
        const series = [{}];
        const scales = { x: { time: true, min: xRange.min, max: xRange.max } };
        const axes = [{}];
        tags.forEach((t, i) => {
          const scale = `s${i}`;
          scales[scale] = { auto: true };
          series.push({ label: t.name, scale, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true,
            value: (u, v) => (v === null || v === undefined ? '–' : fmt.number(v, 3)) });
          if (i < 2) {
            axes.push({ scale, side: i === 0 ? 3 : 1, stroke: COLORS[i], grid: { show: i === 0 }, size: 60 });
          }
        });
        const width = Math.max(300, trendEl.clientWidth || 600);
        await new Promise((resolve) => {
          let done = false;
          const finish = () => { if (!done) { done = true; resolve(); } };
          chart = new uPlot({
            width, height: 320, series, scales, axes,
            cursor: { drag: { x: true, y: false } },
            hooks: { draw: [finish] },
          }, data, trendEl);
          setTimeout(finish, 1000);
        });
      }
      if (mine !== drawing) return;
      trendEl.dataset.points = String(total);
      trendEl.dataset.drawnMs = String(Math.round(performance.now() - t0));
      info.textContent = tags.length ? `${fmt.number(total, 0)} points in ${trendEl.dataset.drawnMs} ms` : info.textContent;
    } catch (e) {
      if (mine !== drawing) return;
      info.textContent = `Cannot draw the trend: ${e.message}`;
    } finally {
      if (mine === drawing) $('trend-draw').disabled = false;
      if (firstDrawn) { const f = firstDrawn; firstDrawn = null; f(); }
    }
  }
  $('trend-form').addEventListener('submit', (e) => { e.preventDefault(); draw(); });
  $('trend-reset').addEventListener('click', () => {
    if (chart && xRange) chart.setScale('x', xRange);
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (chart) chart.setSize({ width: Math.max(300, trendEl.clientWidth), height: 320 });
    }, 150);
  });

  // ---------- state timeline ----------
  async function loadTimeline() {
    const to = Date.now();
    const from = to - 8 * 3600e3;
    const bar = $('timeline');
    try {
      const segs = await api('GET', `/api/v1/states/${mid}/timeline?${q({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}`);
      const seen = new Set();
      const span = to - from;
      const nodes = [];
      for (const s of segs) {
        const a = Math.max(from, Date.parse(s.start));
        const b = Math.min(to, s.end ? Date.parse(s.end) : to);
        if (!(b > a)) continue;
        const state = STATES.includes(s.state) ? s.state : 'unknown';
        seen.add(state);
        nodes.push(el('div', {
          class: `seg state-${state}`,
          style: `left:${((a - from) / span) * 100}%;width:${Math.max(0.05, ((b - a) / span) * 100)}%`,
          title: `${label(s.state)}${s.reason ? ` (reason ${s.reason})` : ''}: ${fmt.clock(a)}–${fmt.clock(b)} (${fmt.duration(b - a)})${s.product ? ' · ' + s.product : ''}`,
        }));
      }
      bar.replaceChildren(...nodes);
      const parts = [...seen].map((s) => `${label(s)}`);
      bar.setAttribute('aria-label', `State timeline of the last 8 hours: ${parts.join(', ') || 'no data'}`);
      $('timeline-legend').replaceChildren(...STATES.filter((s) => seen.has(s)).map((s) =>
        el('li', { class: `state-${s}` }, el('span', { class: 'sw', 'aria-hidden': 'true' }), label(s))));
      const ticks = [];
      for (let i = 0; i <= 4; i++) ticks.push(el('span', {}, new Date(from + (span * i) / 4).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
      $('timeline-axis').replaceChildren(...ticks);
      if (nodes.length === 0) bar.replaceChildren(el('span', { class: 'muted', style: 'padding:6px;color:#fff' }, 'No state history'));
    } catch (e) {
      bar.replaceChildren(el('span', { class: 'error', style: 'padding:6px;background:#fff' }, `Timeline: ${e.message}`));
    }
  }

  // ---------- downtime ----------
  const sbody = $('stops').tBodies[0];
  const micro = $('stops-micro');
  let stopsCache = [];
  let classifying = false;

  function classifyForm(s) {
    const fid = `cls-${Date.parse(s.start)}`;
    const select = el('select', { id: `${fid}-reason`, name: 'reason', required: true },
      el('option', { value: '' }, 'Reason…'),
      reasons.map((r) => el('option', { value: r.code, selected: s.classification && s.classification.reason === r.code }, `${r.code} ${r.label}`)));
    const comment = el('input', { id: `${fid}-comment`, name: 'comment', type: 'text', maxlength: 500, placeholder: 'Comment' });
    const form = el('form', { class: 'classify', id: fid },
      el('label', { for: select.id, class: 'sr-only' }, 'Reason'), select,
      el('label', { for: comment.id, class: 'sr-only' }, 'Comment'), comment,
      el('button', { type: 'submit' }, s.classification ? 'Change' : 'Classify'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      mw.clearErrors(form);
      if (!select.value) {
        mw.showErrors(form, new mw.ApiError(400, { errors: [{ field: 'reason', message: 'choose a reason' }] }));
        return;
      }
      classifying = true;
      form.querySelector('button').disabled = true;
      try {
        await api('POST', `/api/v1/states/${mid}/stops/${encodeURIComponent(s.start)}/classification`,
          { reason: Number(select.value), comment: comment.value });
        mw.toast('Stop classified');
        classifying = false;
        await Promise.all([loadStops(), loadOee()]);
      } catch (err) {
        classifying = false;
        form.querySelector('button').disabled = false;
        mw.showErrors(form, err);
      }
    });
    return form;
  }

  function renderStops() {
    const list = stopsCache.filter((s) => micro.checked || !s.microStop).slice().reverse();
    const canClassify = mw.can('operator');
    if (list.length === 0) {
      sbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No stops in the last 8 hours.')));
      return;
    }
    sbody.replaceChildren(...list.flatMap((s) => {
      const unexplained = !s.reason;
      const c = s.classification;
      const cls = c
        ? el('td', {}, `${c.reason} ${c.label}`, el('div', { class: 'muted', style: 'font-size:12px' },
          `${c.user}${c.comment ? ': ' + c.comment : ''}`))
        : el('td', { class: 'muted' }, unexplained ? 'not classified' : 'by machine');
      const state = STATES.includes(s.state) ? s.state : 'unknown';
      const tr = el('tr', { dataset: { start: s.start } },
        el('td', { title: fmt.time(s.start) }, fmt.clock(s.start)),
        el('td', { class: 'num' }, s.ongoing ? `${fmt.duration(s.seconds * 1000)} (ongoing)` : fmt.duration(s.seconds * 1000)),
        el('td', {}, el('span', { class: `badge state-${state}` }, label(s.state)), s.microStop ? el('span', { class: 'muted' }, ' micro') : null,
          el('div', {}, s.reason ? `${s.reason} ${s.reasonLabel || ''}` : el('span', { class: 'muted' }, 'no reason given'))),
        cls);
      if (!(unexplained && canClassify)) return [tr];
      tr.classList.add('has-form');
      return [tr, el('tr', { class: 'classify-row', dataset: { start: s.start } }, el('td', { colspan: 4 }, classifyForm(s)))];
    }));
  }
  async function loadStops() {
    try {
      stopsCache = await api('GET', `/api/v1/states/${mid}/stops?${q({ from: new Date(Date.now() - 8 * 3600e3).toISOString() })}`);
      renderStops();
    } catch (e) {
      sbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'error' }, `Cannot load stops: ${e.message}`)));
    }
  }
  micro.addEventListener('change', renderStops);

  // ---------- OEE ----------
  async function loadOee() {
    try {
      const o = await api('GET', `/api/v1/oee/machines/${mid}`);
      const fig = (name, v, main) => el('div', { class: main ? 'oee-main' : '' }, el('dt', {}, name), el('dd', {}, fmt.percent(v)),
        el('div', { class: 'bar-meter', 'aria-hidden': 'true' }, el('span', { style: `width:${Math.max(0, Math.min(1, v || 0)) * 100}%` })));
      $('oee').replaceChildren(fig('Availability', o.availability), fig('Performance', o.performance),
        fig('Quality', o.quality), fig('OEE', o.oee, true));
      $('oee-detail').textContent = `${fmt.number(o.good, 0)} good, ${fmt.number(o.scrap, 0)} scrap · run ${fmt.duration(o.runSeconds * 1000)}, down ${fmt.duration(o.downtimeSeconds * 1000)}, ${fmt.number(o.microStops, 0)} micro-stops · since ${fmt.clock(o.from)}`;
    } catch (e) {
      $('oee-detail').textContent = `OEE: ${e.message}`;
    }
  }

  // ---------- jobs ----------
  async function loadJobs() {
    const body = $('jobs').tBodies[0];
    try {
      const jobs = await api('GET', `/api/v1/jobs?${q({ machine: id })}`);
      const open = jobs.filter((j) => !['completed', 'aborted', 'cancelled', 'closed'].includes(j.status))
        .sort((a, b) => (a.queuePosition ?? 1e9) - (b.queuePosition ?? 1e9));
      if (open.length === 0) {
        body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No job queued.')));
        return;
      }
      body.replaceChildren(...open.map((j) => el('tr', { dataset: { job: j.id } },
        el('td', {}, j.queuePosition ?? '–'),
        el('td', {}, `${j.orderNumber}${j.operation ? '/' + j.operation : ''}`),
        el('td', {}, j.product || ''),
        el('td', {}, j.status),
        el('td', { class: 'num' }, `${fmt.number(j.good, 0)} / ${fmt.number(j.quantity, 0)}`))));
    } catch (e) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'error' }, `Cannot load jobs: ${e.message}`)));
    }
  }

  // ---------- start ----------
  initPromise = Promise.all([loadPlace(), loadUnits()]);
  initPromise.then(() => initTrend());
  // A machine whose live values do not come (offline, not connected): trend what the historian has.
  initPromise.then(() => setTimeout(() => initTrend(true), 3000));
  api('GET', '/api/v1/oee/reasons').then((tables) => {
    const t = tables.standard || Object.values(tables)[0] || [];
    const seen = new Set();
    reasons = [];
    for (const r of [...t, ...Object.values(tables).flat()]) if (!seen.has(r.code)) { seen.add(r.code); reasons.push(r); }
    reasons.sort((a, b) => a.code - b.code);
    renderStops();
  }).catch(() => {});
  // The rest waits for the first trend (or a second) so the chart's requests go first.
  let restStarted = false;
  const startRest = () => {
    if (restStarted) return;
    restStarted = true;
    loadTimeline(); loadStops(); loadOee(); loadJobs();
  };
  firstDrawn = startRest;
  setTimeout(startRest, 1200);
  setInterval(() => {
    loadTimeline(); loadOee(); loadJobs();
    if (!classifying && !document.activeElement?.closest('#stops')) loadStops();
  }, 30000);
})();
