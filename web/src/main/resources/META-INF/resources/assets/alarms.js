'use strict';
// The alarms page: the alarms that need attention, followed live, with the operator's actions,
// and the journal with filters and paging.
(() => {
  const { el, api, fmt } = mw;
  const LISTED = 'active-unacknowledged,active-acknowledged,returned-unacknowledged,shelved,out-of-service';
  const STATE_LABEL = {
    'normal': 'Normal',
    'active-unacknowledged': 'Active, unacknowledged',
    'active-acknowledged': 'Active, acknowledged',
    'returned-unacknowledged': 'Returned, unacknowledged',
    'shelved': 'Shelved',
    'suppressed': 'Suppressed',
    'out-of-service': 'Out of service',
  };
  const LISTED_STATES = new Set(LISTED.split(','));
  const PRIO_RANK = { critical: 4, high: 3, medium: 2, low: 1 };

  const table = document.getElementById('active-alarms');
  const tbody = table.tBodies[0];
  const empty = document.getElementById('active-empty');
  const counts = document.getElementById('alarm-counts');
  const isOperator = mw.can('operator');
  const isEngineer = mw.can('engineer');
  if (!isOperator) table.classList.add('no-actions');

  /** id → the alarm as last known. */
  const alarms = new Map();
  /** id → its row. */
  const rows = new Map();
  let lastSeq = 0;

  const rowKey = (a) => `${a.machine}/${a.alarm}`;

  function text(td, value) {
    const v = value === null || value === undefined || value === '' ? '–' : String(value);
    if (td.textContent !== v) td.textContent = v;
  }

  function makeRow(id) {
    const cells = {};
    const tr = el('tr', { 'data-alarm': id });
    for (const name of ['prio', 'machine', 'alarm', 'message', 'since', 'state', 'acked', 'actions']) {
      cells[name] = el('td', { class: `c-${name}` });
      tr.append(cells[name]);
    }
    cells.prioBadge = el('span', { class: 'prio' });
    cells.prio.append(cells.prioBadge);
    cells.stateBadge = el('span', { class: 'alarm-state' });
    cells.state.append(cells.stateBadge);
    cells.messageText = el('span', { class: 'alarm-message' });
    cells.valueText = el('span', { class: 'alarm-value muted' });
    cells.message.append(cells.messageText, ' ', cells.valueText);
    tr.cells_ = cells;
    return tr;
  }

  function actionButtons(a) {
    if (!isOperator) return [];
    const label = `${a.machine} ${a.alarm}`;
    const out = [];
    const s = a.state;
    if (s === 'active-unacknowledged' || s === 'returned-unacknowledged') {
      out.push(el('button', { type: 'button', class: 'ack', 'aria-label': `Acknowledge ${label}`, onclick: () => openDialog('ack', a.id) }, 'Ack'));
    }
    if (s === 'shelved') {
      out.push(el('button', { type: 'button', class: 'unshelve secondary', 'aria-label': `Unshelve ${label}`, onclick: () => openDialog('unshelve', a.id) }, 'Unshelve'));
    } else if (s !== 'out-of-service' && s !== 'suppressed') {
      out.push(el('button', { type: 'button', class: 'shelve secondary', 'aria-label': `Shelve ${label}`, onclick: () => openDialog('shelve', a.id) }, 'Shelve'));
    }
    if (isEngineer) {
      if (s === 'out-of-service') {
        out.push(el('button', { type: 'button', class: 'return-to-service secondary', 'aria-label': `Return ${label} to service`, onclick: () => openDialog('return-to-service', a.id) }, 'Return to service'));
      } else {
        out.push(el('button', { type: 'button', class: 'out-of-service secondary', 'aria-label': `Take ${label} out of service`, onclick: () => openDialog('out-of-service', a.id) }, 'Out of service'));
      }
    }
    return out;
  }

  function render(a) {
    const id = rowKey(a);
    let tr = rows.get(id);
    if (!tr) {
      tr = makeRow(id);
      rows.set(id, tr);
    }
    const c = tr.cells_;
    tr.dataset.state = a.state;
    tr.dataset.priority = a.priority;
    tr.className = `prio-${a.priority} alarm-${a.state}`;
    c.prioBadge.className = `prio prio-${a.priority}`;
    text(c.prioBadge, a.priority);
    text(c.machine, a.machine);
    text(c.alarm, a.alarm);
    text(c.messageText, a.message);
    const value = a.value ? `(${a.value})` : '';
    if (c.valueText.textContent !== value) c.valueText.textContent = value;
    text(c.since, a.since ? shortTime(a.since) : '');
    c.since.title = a.since ? fmt.time(a.since) + (a.activated ? `, activated ${fmt.time(a.activated)}` : '') : '';
    let stateText = STATE_LABEL[a.state] || a.state;
    if (a.state === 'shelved' && a.shelvedUntil) stateText += ` until ${fmt.clock(a.shelvedUntil)}`;
    text(c.stateBadge, stateText);
    c.stateBadge.className = `alarm-state st-${a.state}`;
    const acked = !a.user ? ''
      : a.state === 'active-acknowledged' ? a.user
        : a.state === 'shelved' ? `${a.user} (shelved)`
          : a.state === 'out-of-service' ? `${a.user} (out of service)` : '';
    text(c.acked, acked);
    c.acked.title = a.comment || '';
    // Actions: rebuilt only when what is offered changes, so focus is not lost needlessly.
    const sig = `${a.state}`;
    if (c.actions.dataset.sig !== sig) {
      const hadFocus = c.actions.contains(document.activeElement);
      c.actions.replaceChildren(...actionButtons(a));
      c.actions.dataset.sig = sig;
      if (hadFocus && c.actions.firstElementChild) c.actions.firstElementChild.focus();
    }
    return tr;
  }

  /** Today's times as the clock alone; older ones with their date. */
  function shortTime(t) {
    const d = new Date(t);
    if (Number.isNaN(d.getTime())) return String(t);
    return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
  }

  function compare(a, b) {
    const p = (PRIO_RANK[b.priority] || 0) - (PRIO_RANK[a.priority] || 0);
    if (p) return p;
    return (Date.parse(b.since || 0) || 0) - (Date.parse(a.since || 0) || 0);
  }

  /** Puts the rows in order without recreating them. */
  function arrange() {
    const list = [...alarms.values()].filter((a) => LISTED_STATES.has(a.state)).sort(compare);
    const keep = new Set(list.map(rowKey));
    for (const [id, tr] of rows) {
      if (!keep.has(id)) {
        if (tr.contains(document.activeElement)) table.focus?.();
        tr.remove();
        rows.delete(id);
        alarms.delete(id);
      }
    }
    let prev = null;
    for (const a of list) {
      const tr = render(a);
      const want = prev ? prev.nextSibling : tbody.firstChild;
      if (want !== tr) tbody.insertBefore(tr, want);
      prev = tr;
    }
    empty.hidden = list.length > 0;
    const unacked = list.filter((a) => a.state === 'active-unacknowledged' || a.state === 'returned-unacknowledged').length;
    counts.textContent = `${list.length} listed, ${unacked} unacknowledged`;
  }

  let loading = null;
  let again = false;
  async function reload() {
    if (loading) { again = true; return loading; }
    loading = (async () => {
      try {
        const list = await api('GET', `/api/v1/alarms?state=${LISTED}`);
        const seen = new Set();
        for (const a of list) {
          const id = rowKey(a);
          seen.add(id);
          alarms.set(id, a);
        }
        for (const id of [...alarms.keys()]) if (!seen.has(id)) alarms.delete(id);
        arrange();
      } catch (e) {
        if (e.status !== 401) mw.toast(`Alarms could not be loaded: ${e.message}`, 'bad');
      } finally {
        loading = null;
        if (again) { again = false; reload(); }
      }
    })();
    return loading;
  }

  let refreshTimer = null;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(reload, 400);
  }

  /** A journaled transition: applied to its row at once, then the list re-read for the rest. */
  function onEvent(e) {
    if (!e || !e.machine) return;
    if (e.seq && lastSeq && e.seq > lastSeq + 1) refreshSoon();
    if (e.seq) lastSeq = Math.max(lastSeq, e.seq);
    const id = rowKey(e);
    const known = alarms.get(id);
    const a = Object.assign({}, known || {}, {
      id: e.id, machine: e.machine, alarm: e.alarm, priority: e.priority, state: e.state,
      value: e.value, message: e.message || (known && known.message) || '',
    });
    if (e.user) { a.user = e.user; a.comment = e.comment; }
    if (!known && e.transition === 'activated') a.since = a.activated = e.time;
    alarms.set(id, a);
    arrange();
    prependHistory(e);
    refreshSoon();
  }

  // ---- the dialog --------------------------------------------------------------------------

  const dialog = document.getElementById('alarm-dialog');
  const form = document.getElementById('alarm-form');
  const title = document.getElementById('alarm-dialog-title');
  const what = document.getElementById('alarm-dialog-what');
  const durationRow = document.getElementById('alarm-duration-row');
  const comment = document.getElementById('alarm-comment');
  const commentLabel = document.getElementById('alarm-comment-label');
  const submit = document.getElementById('alarm-submit');
  const ACTIONS = {
    ack: { title: 'Acknowledge alarm', button: 'Acknowledge', comment: 'Comment (optional)' },
    shelve: { title: 'Shelve alarm', button: 'Shelve', comment: 'Reason (required)', duration: true },
    unshelve: { title: 'Unshelve alarm', button: 'Unshelve', comment: 'Comment (optional)' },
    'out-of-service': { title: 'Take alarm out of service', button: 'Take out of service', comment: 'Reason (required)' },
    'return-to-service': { title: 'Return alarm to service', button: 'Return to service', comment: 'Comment (optional)' },
  };
  let pending = null;
  let opener = null;

  function openDialog(action, id) {
    const spec = ACTIONS[action];
    const a = alarms.get(id) || [...alarms.values()].find((x) => x.id === id);
    if (!a) return;
    pending = { action, machine: a.machine, alarm: a.alarm };
    opener = document.activeElement;
    mw.clearErrors(form);
    form.reset();
    title.textContent = spec.title;
    what.textContent = `${a.machine} · ${a.alarm}${a.message ? ' — ' + a.message : ''}`;
    durationRow.hidden = !spec.duration;
    commentLabel.textContent = spec.comment;
    submit.textContent = spec.button;
    submit.disabled = false;
    dialog.showModal();
    comment.focus();
  }

  function closeDialog() {
    dialog.close();
  }
  dialog.addEventListener('close', () => {
    pending = null;
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
  document.getElementById('alarm-cancel').addEventListener('click', closeDialog);
  // Viewers are offered no actions at all: the action dialog goes too.
  if (!isOperator) dialog.remove();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!pending) return;
    const { action, machine, alarm } = pending;
    const body = { comment: comment.value };
    if (action === 'shelve') body.duration = form.elements.duration.value;
    submit.disabled = true;
    try {
      const a = await api('POST',
        `/api/v1/alarms/${encodeURIComponent(machine)}/${encodeURIComponent(alarm)}/${action}`, body);
      if (a && a.machine) {
        alarms.set(rowKey(a), a);
        arrange();
      }
      closeDialog();
      mw.toast(`${ACTIONS[action].button}: ${machine} ${alarm}`);
    } catch (e) {
      submit.disabled = false;
      if (e.status === 401) return;
      if (e.errors.length === 0 && /^(comment|duration)\b/.test(e.message)) {
        const field = e.message.startsWith('duration') ? 'duration' : 'comment';
        mw.showErrors(form, new mw.ApiError(e.status, { detail: e.message, errors: [{ field, message: e.message }] }));
      } else {
        mw.showErrors(form, e);
      }
    }
  });

  // ---- history -----------------------------------------------------------------------------

  const hForm = document.getElementById('history-filter');
  const hBody = document.querySelector('#alarm-history tbody');
  const hEmpty = document.getElementById('history-empty');
  const older = document.getElementById('history-older');
  const PAGE = 100;
  let hQuery = null;
  let oldestSeq = 0;

  function historyRow(e) {
    return el('tr', { 'data-seq': e.seq, class: `prio-${e.priority}` },
      el('td', { class: 'nowrap' }, fmt.time(e.time)),
      el('td', {}, el('span', { class: `prio prio-${e.priority}` }, e.priority)),
      el('td', {}, e.machine),
      el('td', {}, e.alarm),
      el('td', {}, e.transition),
      el('td', {}, STATE_LABEL[e.state] || e.state),
      el('td', {}, e.message || '–', e.value ? el('span', { class: 'muted' }, ` (${e.value})`) : null),
      el('td', {}, e.user || '–'),
      el('td', {}, e.comment || '–'));
  }

  function isoOf(input) {
    if (!input.value) return '';
    const d = new Date(input.value);
    return Number.isNaN(d.getTime()) ? input.value : d.toISOString();
  }

  function filterQuery() {
    const p = new URLSearchParams();
    const from = isoOf(hForm.elements.from);
    const to = isoOf(hForm.elements.to);
    if (from) p.set('from', from);
    if (to) p.set('to', to);
    for (const name of ['machine', 'priority', 'transition']) {
      const v = hForm.elements[name].value;
      if (v) p.set(name, v);
    }
    p.set('limit', String(PAGE));
    return p;
  }

  function matchesFilter(e) {
    if (!hQuery || hQuery.has('to')) return false;
    if (hQuery.has('machine') && e.machine !== hQuery.get('machine')) return false;
    if (hQuery.has('transition') && e.transition !== hQuery.get('transition')) return false;
    if (hQuery.has('priority') && (PRIO_RANK[e.priority] || 0) < (PRIO_RANK[hQuery.get('priority')] || 0)) return false;
    return true;
  }

  function prependHistory(e) {
    if (!matchesFilter(e) || hBody.querySelector(`tr[data-seq="${e.seq}"]`)) return;
    hBody.prepend(historyRow(e));
    hEmpty.hidden = true;
  }

  async function loadHistory(more) {
    const p = new URLSearchParams(hQuery);
    if (more && oldestSeq) p.set('before', String(oldestSeq));
    older.disabled = true;
    try {
      const list = await api('GET', `/api/v1/alarms/history?${p}`);
      mw.clearErrors(hForm);
      if (!more) hBody.replaceChildren();
      for (const e of list) hBody.append(historyRow(e));
      if (list.length) oldestSeq = list[list.length - 1].seq;
      older.hidden = list.length < PAGE;
      hEmpty.hidden = hBody.rows.length > 0;
    } catch (e) {
      if (e.status !== 401) mw.showErrors(hForm, e);
    } finally {
      older.disabled = false;
    }
  }

  hForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    hQuery = filterQuery();
    oldestSeq = 0;
    loadHistory(false);
  });
  older.addEventListener('click', () => loadHistory(true));

  async function loadMachines() {
    try {
      const defs = await api('GET', '/api/v1/alarms/definitions');
      const machines = [...new Set(defs.map((d) => d.machine))].sort();
      const sel = hForm.elements.machine;
      for (const m of machines) sel.append(el('option', { value: m }, m));
    } catch (e) { /* the filter still works without the list */ }
  }

  // ---- start ---------------------------------------------------------------------------------

  hQuery = filterQuery();
  loadMachines();
  loadHistory(false);
  reload();
  mw.live('/api/v1/alarms/stream', { open: reload, message: onEvent });
})();
