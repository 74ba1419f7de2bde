'use strict';
// The jobs page: every job with its live progress (the list is re-read every 2 s and its rows
// updated in place), what operators do with them, a form for a job by hand, the ERP sync and
// its dead letters.
(() => {
  const { el, api, fmt } = mw;
  const POLL_MS = 2000;
  const isOperator = mw.can('operator');
  const isEngineer = mw.can('engineer');
  const STATUS_LABEL = {
    imported: 'Imported', released: 'Released', dispatched: 'Dispatched', running: 'Running',
    paused: 'Paused', completed: 'Completed', aborted: 'Aborted',
  };

  const table = document.getElementById('jobs');
  const tbody = table.tBodies[0];
  const empty = document.getElementById('jobs-empty');
  const count = document.getElementById('jobs-count');
  const show = document.getElementById('jobs-show');
  if (!isOperator) table.classList.add('no-actions');

  /** job id → its row; job id → the job as last read. */
  const rows = new Map();
  const jobs = new Map();
  let machines = [];

  function text(node, value) {
    const v = value === null || value === undefined || value === '' ? '–' : String(value);
    if (node.textContent !== v) node.textContent = v;
  }

  function makeRow(id) {
    const c = {};
    const tr = el('tr', { 'data-job': id });
    for (const name of ['id', 'order', 'product', 'machine', 'status', 'progress', 'planned', 'actions']) {
      c[name] = el('td', { class: `j-${name}` });
      tr.append(c[name]);
    }
    c.id.classList.add('num');
    c.orderNo = el('span', { class: 'order-number' });
    c.operation = el('span', { class: 'muted' });
    c.order.append(c.orderNo, ' ', c.operation);
    c.machineName = el('span');
    c.queue = el('span', { class: 'muted' });
    c.machine.append(c.machineName, ' ', c.queue);
    c.statusBadge = el('span', { class: 'job-status' });
    c.note = el('div', { class: 'job-note muted' });
    c.status.append(c.statusBadge, c.note);
    c.progress.classList.add('job-progress');
    c.progressText = el('span', { class: 'progress-text' });
    c.goodBar = el('span', { class: 'good' });
    c.scrapBar = el('span', { class: 'scrap' });
    c.bar = el('div', { class: 'pbar', role: 'progressbar', 'aria-valuemin': 0 }, c.goodBar, c.scrapBar);
    c.progress.append(c.progressText, c.bar);
    tr.cells_ = c;
    return tr;
  }

  function actionButtons(j) {
    if (!isOperator) return [];
    const label = `job ${j.id} (${j.orderNumber})`;
    const b = (cls, title, action, extra) => el('button', {
      type: 'button', class: `${cls}${extra ? ' ' + extra : ''}`, 'aria-label': `${title} ${label}`,
      'data-action': action, onclick: () => act(action, j.id),
    }, title);
    const out = [];
    switch (j.status) {
      case 'imported':
        out.push(b('release', 'Release', 'release'));
        break;
      case 'released':
        if (!j.dispatching) out.push(b('dispatch', 'Dispatch', 'dispatch'));
        break;
      case 'dispatched':
        out.push(b('pause', 'Pause', 'pause', 'secondary'), b('complete', 'Complete', 'complete', 'secondary'));
        break;
      case 'running':
        out.push(b('pause', 'Pause', 'pause', 'secondary'), b('complete', 'Complete', 'complete', 'secondary'));
        break;
      case 'paused':
        if (!j.dispatching) out.push(b('resume', 'Resume', 'resume'));
        out.push(b('complete', 'Complete', 'complete', 'secondary'));
        break;
      default:
        break;
    }
    if (j.status !== 'completed' && j.status !== 'aborted') out.push(b('abort', 'Abort', 'abort', 'danger'));
    return out;
  }

  function render(j) {
    const id = String(j.id);
    let tr = rows.get(id);
    if (!tr) { tr = makeRow(id); rows.set(id, tr); }
    const c = tr.cells_;
    if (tr.dataset.status !== j.status) tr.dataset.status = j.status;
    tr.dataset.dispatching = j.dispatching ? 'true' : 'false';
    text(c.id, j.id);
    text(c.orderNo, j.orderNumber);
    text(c.operation, j.operation ? `/ ${j.operation}` : '');
    if (!j.operation) c.operation.textContent = '';
    text(c.product, j.product);
    text(c.machineName, j.machine || (j.requested ? `(${j.requested})` : ''));
    const q = j.queuePosition > 0 ? `#${j.queuePosition} in queue` : '';
    if (c.queue.textContent !== q) c.queue.textContent = q;
    c.statusBadge.className = `job-status s-${j.status}`;
    text(c.statusBadge, (STATUS_LABEL[j.status] || j.status) + (j.dispatching ? ' · sending' : ''));
    const note = j.note || '';
    if (c.note.textContent !== note) c.note.textContent = note;
    const qty = Number(j.quantity) || 0;
    const good = Number(j.good) || 0;
    const scrap = Number(j.scrap) || 0;
    let t = `${good} / ${qty} good`;
    if (scrap) t += `, ${scrap} scrap`;
    text(c.progressText, t);
    const gp = qty > 0 ? Math.min(100, (good / qty) * 100) : 0;
    const sp = qty > 0 ? Math.min(100 - gp, (scrap / qty) * 100) : 0;
    const gw = `${gp.toFixed(1)}%`;
    const sw = `${sp.toFixed(1)}%`;
    if (c.goodBar.style.width !== gw) c.goodBar.style.width = gw;
    if (c.scrapBar.style.width !== sw) c.scrapBar.style.width = sw;
    c.bar.setAttribute('aria-valuemax', String(qty));
    c.bar.setAttribute('aria-valuenow', String(good));
    c.bar.setAttribute('aria-label', `${good} of ${qty} good`);
    const planned = j.plannedStart ? `${fmt.time(j.plannedStart)}` : '';
    text(c.planned, planned);
    c.planned.title = j.plannedEnd ? `planned end ${fmt.time(j.plannedEnd)}` : '';
    const sig = `${j.status}|${j.dispatching}`;
    if (c.actions.dataset.sig !== sig) {
      const focused = c.actions.contains(document.activeElement) ? document.activeElement.dataset.action : null;
      c.actions.replaceChildren(...actionButtons(j));
      c.actions.dataset.sig = sig;
      if (focused) {
        const again = c.actions.querySelector(`[data-action="${focused}"]`) || c.actions.querySelector('button');
        if (again) again.focus();
      }
    }
    return tr;
  }

  function arrange(list) {
    const keep = new Set(list.map((j) => String(j.id)));
    for (const [id, tr] of rows) {
      if (!keep.has(id)) { tr.remove(); rows.delete(id); jobs.delete(id); }
    }
    let prev = null;
    for (const j of list) {
      jobs.set(String(j.id), j);
      const tr = render(j);
      const want = prev ? prev.nextSibling : tbody.firstChild;
      if (want !== tr) tbody.insertBefore(tr, want);
      prev = tr;
    }
    empty.hidden = list.length > 0;
    const running = list.filter((j) => j.status === 'running').length;
    count.textContent = `${list.length} jobs, ${running} running`;
  }

  /** One job as an action answered: its row updated now, without waiting for the next poll. */
  function update(j) {
    if (!j || j.id === undefined) return;
    jobs.set(String(j.id), j);
    if (rows.has(String(j.id))) render(j);
    else poll();
  }

  let polling = false;
  let timer = null;
  let failing = false;
  async function poll() {
    if (polling) return;
    polling = true;
    clearTimeout(timer);
    try {
      const status = show.value;
      const list = await api('GET', `/api/v1/jobs${status ? `?status=${encodeURIComponent(status)}` : ''}`);
      arrange(list);
      if (failing) { failing = false; count.classList.remove('error'); }
      fillProducts(list);
    } catch (e) {
      if (!failing && e.status !== 401) {
        failing = true;
        mw.toast(`Jobs could not be read: ${e.message}`, 'bad');
        count.classList.add('error');
      }
    } finally {
      polling = false;
      timer = setTimeout(poll, document.hidden ? POLL_MS * 5 : POLL_MS);
    }
  }
  show.addEventListener('change', poll);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });

  // ---- actions -----------------------------------------------------------------------------

  const dialog = document.getElementById('job-dialog');
  const aForm = document.getElementById('job-action-form');
  const dTitle = document.getElementById('job-dialog-title');
  const dWhat = document.getElementById('job-dialog-what');
  const machineRow = document.getElementById('job-machine-row');
  const machineSel = document.getElementById('job-machine');
  const noteRow = document.getElementById('job-note-row');
  const noteLabel = document.getElementById('job-note-label');
  const note = document.getElementById('job-note');
  const dSubmit = document.getElementById('job-submit');
  const DIALOGS = {
    release: { title: 'Release job', button: 'Release', machine: true },
    pause: { title: 'Pause job', button: 'Pause', note: 'Note (optional)' },
    complete: { title: 'Complete job', button: 'Complete', note: 'Note (optional)' },
    abort: { title: 'Abort job', button: 'Abort job', note: 'Reason (the server asks for one; it goes to the ERP)', danger: true },
  };
  let pending = null;
  let opener = null;

  async function act(action, id) {
    const j = jobs.get(String(id));
    if (!j) return;
    if (DIALOGS[action]) { openDialog(action, j); return; }
    // dispatch and resume: straight away
    const btn = document.activeElement;
    if (btn && btn.tagName === 'BUTTON') btn.disabled = true;
    try {
      const done = await api('POST', `/api/v1/jobs/${j.id}/${action}`);
      update(done);
      mw.toast(`Job ${j.id}: ${action === 'resume' ? 'resumed' : 'dispatched'} (${done.status}${done.dispatching ? ', sending' : ''})`);
    } catch (e) {
      if (btn && btn.isConnected) btn.disabled = false;
      if (e.status !== 401) mw.toast(`Job ${j.id}: ${e.message}`, 'bad');
    }
  }

  function openDialog(action, j) {
    const spec = DIALOGS[action];
    pending = { action, id: j.id };
    opener = document.activeElement;
    mw.clearErrors(aForm);
    aForm.reset();
    dTitle.textContent = spec.title;
    dWhat.textContent = `Job ${j.id} · order ${j.orderNumber} · ${j.product} · ${j.good} / ${j.quantity} good`;
    machineRow.hidden = !spec.machine;
    noteRow.hidden = !spec.note;
    if (spec.note) noteLabel.textContent = spec.note;
    if (spec.machine) {
      machineSel.replaceChildren(el('option', { value: '' }, 'Site chooses'),
        ...machines.map((m) => el('option', { value: m.machine }, `${m.machine}${m.online ? '' : ' (offline)'}${m.queue ? ` · ${m.queue.length} queued` : ''}`)));
      machineSel.value = j.requested && machines.some((m) => m.machine === j.requested) ? j.requested : '';
    }
    dSubmit.textContent = spec.button;
    dSubmit.className = spec.danger ? 'danger' : '';
    dSubmit.disabled = false;
    dialog.showModal();
    (spec.machine ? machineSel : note).focus();
  }
  dialog.addEventListener('close', () => {
    pending = null;
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
  document.getElementById('job-cancel').addEventListener('click', () => dialog.close());

  aForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!pending) return;
    const { action, id } = pending;
    const body = action === 'release' ? { machine: machineSel.value || null } : { reason: note.value };
    dSubmit.disabled = true;
    try {
      const done = await api('POST', `/api/v1/jobs/${id}/${action}`, body);
      dialog.close();
      update(done);
      mw.toast(`Job ${id}: ${DIALOGS[action].button.toLowerCase()} done (${done.status})`);
      if (action === 'release') loadMachines();
    } catch (e) {
      dSubmit.disabled = false;
      if (e.status === 401) return;
      showFieldErrors(aForm, e, ['reason', 'machine']);
    }
  });

  /** The server names the field first in its message ("reason is missing…"): show it there. */
  function showFieldErrors(form, e, fields) {
    if (e.errors.length === 0) {
      // The field the message names first, e.g. "unknown product …" or "quantity must be …".
      const msg = e.message || '';
      let field = null;
      let at = Infinity;
      for (const f of fields) {
        const i = msg.search(new RegExp(`\\b${f}\\b`, 'i'));
        if (i >= 0 && i < at) { at = i; field = f; }
      }
      if (field && form.querySelector(`[name="${field}"]`)) {
        mw.showErrors(form, new mw.ApiError(e.status, { detail: e.message, errors: [{ field, message: e.message }] }));
        return;
      }
    }
    mw.showErrors(form, e);
  }

  // ---- a job by hand -----------------------------------------------------------------------

  const create = document.getElementById('job-create');
  const jForm = document.getElementById('job-form');
  const products = document.getElementById('jf-products');
  const jMachine = document.getElementById('jf-machine');
  const knownProducts = new Set();

  function fillProducts(list) {
    let added = false;
    for (const j of list) {
      if (j.product && !knownProducts.has(j.product)) { knownProducts.add(j.product); added = true; }
    }
    if (added) {
      products.replaceChildren(...[...knownProducts].sort().map((p) => el('option', { value: p })));
    }
  }

  if (isOperator) {
    create.hidden = false;
    jForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      mw.clearErrors(jForm);
      const f = jForm.elements;
      const order = {
        orderNumber: f.orderNumber.value.trim(),
        operation: f.operation.value.trim(),
        product: f.product.value.trim(),
      };
      // Numbers as numbers when they are, as typed otherwise so the server names the mistake.
      const num = (v) => (v.trim() === '' ? undefined : Number.isNaN(Number(v)) ? v : Number(v));
      order.quantity = f.quantity.value.trim() === '' ? null : num(f.quantity.value);
      if (f.machine.value) order.machine = f.machine.value;
      if (f.idealCycleSeconds.value.trim() !== '') order.idealCycleSeconds = num(f.idealCycleSeconds.value);
      if (f.priority.value.trim() !== '') order.priority = num(f.priority.value);
      if (!order.operation) delete order.operation;
      const button = jForm.querySelector('[type=submit]');
      button.disabled = true;
      try {
        const j = await api('POST', '/api/v1/jobs', order);
        mw.toast(`Job ${j.id} for order ${j.orderNumber} (${j.status})`);
        jForm.reset();
        poll();
      } catch (e) {
        if (e.status !== 401) {
          showFieldErrors(jForm, e, ['orderNumber', 'operation', 'product', 'quantity', 'machine', 'idealCycleSeconds', 'priority']);
        }
      } finally {
        button.disabled = false;
      }
    });
  } else {
    create.remove();
  }

  async function loadMachines() {
    try {
      machines = await api('GET', '/api/v1/jobs/machines');
      if (isOperator && jMachine.options.length <= 1) {
        jMachine.append(...machines.map((m) => el('option', { value: m.machine }, m.machine)));
      }
    } catch (e) { /* the dialog still offers "site chooses" */ }
  }

  // ---- ERP and dead letters ------------------------------------------------------------------

  const erpBox = document.getElementById('erp-status');
  function direction(name, d) {
    if (!d || typeof d !== 'object') return [];
    const state = d.lastError ? el('span', { class: 'error' }, `failing since ${fmt.time(d.failingSince)}: ${d.lastError}`)
      : el('span', {}, `ok, last ${fmt.time(d.lastSuccess)}`);
    return [el('dt', {}, name), el('dd', {}, state, d.nextAttempt ? el('span', { class: 'muted' }, ` · next try ${fmt.time(d.nextAttempt)}`) : null)];
  }
  async function loadErp() {
    try {
      const s = await api('GET', '/api/v1/jobs/erp');
      const items = [el('dt', {}, 'ERP'), el('dd', {}, s.erp || '–')];
      items.push(...direction('Orders', s.orders), ...direction('Confirmations', s.confirmations));
      for (const [k, label] of [['backlog', 'Backlog'], ['fetches', 'Fetches'], ['fetchFailures', 'Fetch failures'],
        ['delivered', 'Confirmations delivered'], ['duplicates', 'Duplicates'], ['deliveryFailures', 'Delivery failures'], ['undeliverable', 'Undeliverable']]) {
        if (s[k] !== undefined) items.push(el('dt', {}, label), el('dd', {}, fmt.number(s[k], 0)));
      }
      erpBox.replaceChildren(el('dl', { class: 'erp' }, items));
    } catch (e) {
      if (e.status !== 401) erpBox.replaceChildren(el('p', { class: 'error' }, `ERP status unavailable: ${e.message}`));
    }
  }

  const deadBody = document.querySelector('#dead-letters tbody');
  const deadEmpty = document.getElementById('dead-empty');
  if (!isEngineer) document.getElementById('dead-letters').classList.add('no-actions');
  async function loadDead() {
    try {
      const list = await api('GET', '/api/v1/jobs/dead-letters?limit=200');
      deadBody.replaceChildren(...list.map((d) => el('tr', { 'data-dead-letter': d.id },
        el('td', { class: 'nowrap' }, fmt.time(d.at)),
        el('td', {}, d.direction || '–'),
        el('td', {}, d.source || '–'),
        el('td', {}, d.reference || '–'),
        el('td', {}, d.reason || '–'),
        el('td', {}, d.raw ? el('pre', { class: 'raw' }, String(d.raw)) : '–'),
        el('td', { class: 'j-actions' }, isEngineer ? el('button', {
          type: 'button', class: 'dismiss secondary', 'aria-label': `Dismiss dead letter ${d.id}`,
          onclick: async (ev) => {
            ev.currentTarget.disabled = true;
            try { await api('DELETE', `/api/v1/jobs/dead-letters/${d.id}`); mw.toast(`Dead letter ${d.id} dismissed`); } catch (e) { if (e.status !== 401) mw.toast(e.message, 'bad'); }
            loadDead();
          },
        }, 'Dismiss') : null))));
      deadEmpty.hidden = list.length > 0;
    } catch (e) {
      if (e.status !== 401) { deadBody.replaceChildren(); deadEmpty.hidden = false; deadEmpty.textContent = `Dead letters unavailable: ${e.message}`; }
    }
  }
  const deadReload = document.getElementById('dead-reload');
  if (isOperator) deadReload.addEventListener('click', () => { loadDead(); loadErp(); });
  else deadReload.remove();
  // Viewers are offered no actions at all: the action dialog goes too.
  if (!isOperator) dialog.remove();

  // ---- start ---------------------------------------------------------------------------------

  loadMachines();
  poll();
  loadErp();
  loadDead();
  setInterval(() => { loadErp(); loadDead(); }, 15000);
  setInterval(loadMachines, 30000);
})();
