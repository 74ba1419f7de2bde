'use strict';
// The machines page: every machine of this process with its link health; engineers add, edit,
// validate and delete machines and browse OPC UA servers for tags (docs/machines.md).
(() => {
  const { el, api, fmt } = mw;
  const engineer = mw.can('engineer');
  const TYPES = ['bool', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float32', 'float64', 'string'];
  const PROTOCOLS = {
    opcua: 'OPC UA', modbus: 'Modbus TCP', s7: 'Siemens S7', sql: 'SQL table', file: 'File drop', mqtt: 'MQTT device',
  };
  const ENDPOINTS = {
    opcua: 'opc.tcp://10.0.0.31:4840/cnc',
    modbus: 'tcp://10.0.0.21:502',
    s7: 's7://10.0.0.32?rack=0&slot=1',
    sql: 'jdbc:postgresql://10.0.0.41/imm03',
    file: 'file:///var/drop/cmm-01',
    mqtt: 'mqtt://10.0.0.51:1883',
  };
  const STATUS_CLASS = {
    connected: 'state-producing', connecting: 'state-idle', disconnected: 'state-fault', stopped: 'state-offline',
  };

  const table = document.getElementById('machines');
  const tbody = table.tBodies[0];
  const summary = document.getElementById('machines-summary');
  const listError = document.getElementById('machines-error');
  const addButton = document.getElementById('machine-add');
  const editor = document.getElementById('machine-editor');
  const editorTitle = document.getElementById('machine-editor-title');
  const editorNote = document.getElementById('machine-editor-note');
  const form = document.getElementById('machine-form');
  const tagBody = document.getElementById('machine-tags').tBodies[0];
  const tagsEmpty = document.getElementById('machine-tags-empty');
  const formStatus = document.getElementById('machine-form-status');
  const deleteDialog = document.getElementById('machine-delete-dialog');
  const rows = new Map();
  let editing = null; // the id being edited, or null when adding
  // Options of the machine being edited that the form has no field for (a password, kept masked):
  // sent back as they came, so saving an edit does not drop them.
  let carriedOptions = {};
  let lastFocus = null;

  // ---- the list ----

  function cellsFor(m) {
    const link = el('td', { class: 'link' },
      el('span', { class: `badge ${STATUS_CLASS[m.status] || 'state-unknown'}` }, m.status || 'unknown'));
    if (m.lastError) {
      link.append(el('div', { class: m.status === 'connected' ? 'link-error past' : 'link-error' },
        m.status === 'connected' ? 'last error: ' : '', m.lastError));
    }
    link.append(el('div', { class: 'muted small' },
      'last read ', fmt.time(m.lastGoodRead),
      m.roundTripMs === null || m.roundTripMs === undefined ? '' : ` · ${fmt.number(m.roundTripMs, 1)} ms`));
    return [
      el('th', { scope: 'row' },
        el('a', { href: `/machines/${encodeURIComponent(m.id)}` }, m.id),
        m.name && m.name !== m.id ? el('div', { class: 'muted small' }, m.name) : null),
      el('td', {}, PROTOCOLS[m.protocol] || m.protocol,
        el('div', { class: 'muted small endpoint' }, m.endpoint)),
      el('td', {}, m.area, ' / ', m.line),
      link,
      el('td', { class: 'num' }, fmt.number(m.samples, 0)),
      el('td', { class: `num${m.readErrors || m.writeErrors ? ' error' : ''}` },
        `${fmt.number(m.readErrors, 0)} / ${fmt.number(m.writeErrors, 0)}`),
      el('td', { class: 'num' }, fmt.number(m.reconnects, 0)),
      el('td', { class: 'num' }, fmt.number(m.tagCount, 0)),
    ];
  }

  function actionsFor(m) {
    const td = el('td', { class: 'actions' });
    if (!engineer) return td;
    td.append(
      el('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${m.id}`,
        onclick: (e) => { lastFocus = e.currentTarget; openEditor(m.id); } }, 'Edit'),
      el('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${m.id}`,
        onclick: (e) => { lastFocus = e.currentTarget; confirmDelete(m.id); } }, 'Delete'));
    return td;
  }

  function render(list) {
    const seen = new Set();
    list.forEach((m, i) => {
      seen.add(m.id);
      let row = rows.get(m.id);
      if (!row) {
        const tr = el('tr', { dataset: { machine: m.id } });
        row = { tr, actions: engineer ? actionsFor(m) : null };
        rows.set(m.id, row);
      }
      // Replace the data cells but keep the action buttons, so keyboard focus survives a refresh.
      row.tr.replaceChildren(...cellsFor(m), ...(row.actions ? [row.actions] : []));
      if (tbody.children[i] !== row.tr) tbody.insertBefore(row.tr, tbody.children[i] || null);
    });
    for (const [id, row] of rows) {
      if (!seen.has(id)) { row.tr.remove(); rows.delete(id); }
    }
    const connected = list.filter((m) => m.status === 'connected').length;
    summary.textContent = `${list.length} machine${list.length === 1 ? '' : 's'}, ${connected} connected`;
    if (list.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: engineer ? 9 : 8, class: 'muted' }, 'No machines are connected by this process.')));
      rows.clear();
    }
  }

  async function load() {
    try {
      render(await api('GET', '/api/v1/machines'));
      listError.hidden = true;
    } catch (e) {
      listError.textContent = e.status === 404
        ? 'This process does not run the connectors role, so it connects no machines.'
        : `The machines could not be loaded: ${e.message}`;
      listError.hidden = false;
    }
  }

  // ---- the editor ----

  function tagRow(tag) {
    const t = tag || {};
    const tr = el('tr', { class: 'tag-row' });
    const typeSelect = el('select', { 'data-key': 'type', 'aria-label': 'Type' },
      TYPES.map((ty) => el('option', { value: ty, selected: (t.type || 'float64') === ty }, ty)));
    if (t.type && !TYPES.includes(t.type)) {
      typeSelect.prepend(el('option', { value: t.type, selected: true }, t.type));
    }
    tr.append(
      el('td', {}, el('input', { 'data-key': 'name', 'aria-label': 'Tag name', value: t.name || '', placeholder: 'spindle/speed', autocomplete: 'off' })),
      el('td', {}, el('input', { 'data-key': 'address', 'aria-label': 'Address', value: t.address || '', placeholder: 'input:0', autocomplete: 'off', class: 'address' })),
      el('td', {}, typeSelect),
      el('td', {}, el('input', { 'data-key': 'unit', 'aria-label': 'Unit', value: t.unit || '', size: 6, autocomplete: 'off' })),
      el('td', {}, el('input', { 'data-key': 'deadband', 'aria-label': 'Deadband', value: t.deadband ? String(t.deadband) : '', inputmode: 'decimal', size: 6 })),
      el('td', { class: 'center' }, el('input', { type: 'checkbox', 'data-key': 'writable', 'aria-label': 'Writable', checked: !!t.writable })),
      el('td', {}, el('button', { type: 'button', class: 'secondary small-btn', onclick: () => removeTag(tr) }, 'Remove')));
    return tr;
  }

  /** Gives the tag inputs names that match the server's field paths: tags[2].address. */
  function renumberTags() {
    [...tagBody.rows].forEach((tr, i) => {
      tr.querySelectorAll('[data-key]').forEach((input) => {
        input.name = `tags[${i}].${input.dataset.key}`;
        input.setAttribute('aria-label', `Tag ${i + 1} ${input.dataset.key}`);
      });
      const remove = tr.querySelector('button');
      remove.setAttribute('aria-label', `Remove tag ${i + 1}`);
    });
    tagsEmpty.hidden = tagBody.rows.length > 0;
  }

  function addTag(tag, focus) {
    const tr = tagRow(tag);
    // What the row has no field for travels with it, so an edit keeps it.
    if (tag && tag.scale) tr.dataset.scale = JSON.stringify(tag.scale);
    if (tag && tag.samplingInterval) tr.dataset.samplingInterval = tag.samplingInterval;
    tagBody.append(tr);
    renumberTags();
    if (focus) tr.querySelector('input').focus();
    return tr;
  }

  function removeTag(tr) {
    const next = tr.nextElementSibling || tr.previousElementSibling;
    tr.remove();
    renumberTags();
    (next ? next.querySelector('input') : document.getElementById('tag-add')).focus();
  }

  function showProtocol() {
    const protocol = form.elements.protocol.value;
    editor.querySelectorAll('[data-protocol]').forEach((node) => {
      const on = node.dataset.protocol === protocol;
      node.hidden = !on;
      node.querySelectorAll('input, select').forEach((i) => { i.disabled = !on; });
    });
    form.elements.endpoint.placeholder = ENDPOINTS[protocol] || '';
  }

  function resetForm() {
    form.reset();
    mw.clearErrors(form);
    tagBody.replaceChildren();
    document.getElementById('opcua-tree').replaceChildren();
    document.getElementById('opcua-status').textContent = '';
    formStatus.textContent = '';
  }

  async function openEditor(id) {
    resetForm();
    editing = id || null;
    editorTitle.textContent = id ? `Edit ${id}` : 'Add machine';
    form.elements.id.readOnly = !!id;
    editorNote.hidden = !id;
    carriedOptions = {};
    editorNote.textContent = id
      ? 'Saving replaces the whole definition and restarts the machine\'s connector. The id cannot change '
        + '(delete the machine and add it again to rename it).'
      : '';
    if (id) {
      try {
        const detail = await api('GET', `/api/v1/machines/${encodeURIComponent(id)}`);
        const m = detail.machine;
        for (const k of ['id', 'name', 'area', 'line', 'protocol', 'endpoint']) form.elements[k].value = m[k] || '';
        form.elements.pollInterval.value = detail.pollInterval || '';
        for (const [k, v] of Object.entries(detail.options || {})) {
          const input = form.querySelector(`[data-protocol="${CSS.escape(m.protocol)}"] [name="options.${CSS.escape(k)}"]`);
          if (!input) { carriedOptions[k] = v; continue; }
          if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === v)) {
            input.append(mw.el('option', { value: v }, v));
          }
          input.value = v;
        }
        if (m.endpoint && m.endpoint.includes('***')) {
          editorNote.textContent += ' The endpoint\'s credentials show masked; left as they are, they are kept.';
        }
        detail.tags.forEach((t) => addTag(t));
      } catch (e) {
        mw.toast(`Could not load ${id}: ${e.message}`, 'bad');
        return;
      }
    } else {
      addTag();
    }
    renumberTags();
    showProtocol();
    editor.hidden = false;
    editor.scrollIntoView({ block: 'start' });
    (id ? form.elements.name : form.elements.id).focus();
  }

  function closeEditor() {
    editor.hidden = true;
    editing = null;
    resetForm();
    if (lastFocus && document.contains(lastFocus)) lastFocus.focus(); else addButton.focus();
  }

  function readOptions() {
    const options = { ...carriedOptions };
    for (const input of form.querySelectorAll('[name^="options."]')) {
      if (input.disabled) continue;
      const v = input.value.trim();
      if (v === '') continue;
      const key = input.name.slice('options.'.length);
      options[key] = /^\d+$/.test(v) && ['unitId', 'maxRegisters', 'maxGap', 'queueSize', 'pduSize', 'batchSize', 'maxRows', 'qos'].includes(key) ? Number(v) : v;
    }
    return options;
  }

  function definition() {
    const f = form.elements;
    const def = {
      id: f.id.value.trim(),
      area: f.area.value.trim(),
      line: f.line.value.trim(),
      protocol: f.protocol.value,
      endpoint: f.endpoint.value.trim(),
    };
    if (f.name.value.trim()) def.name = f.name.value.trim();
    if (f.pollInterval.value.trim()) def.pollInterval = f.pollInterval.value.trim();
    const options = readOptions();
    if (Object.keys(options).length) def.options = options;
    def.tags = [...tagBody.rows].map((tr) => {
      const get = (k) => tr.querySelector(`[data-key="${k}"]`);
      const tag = { name: get('name').value.trim(), address: get('address').value.trim(), type: get('type').value };
      if (get('unit').value.trim()) tag.unit = get('unit').value.trim();
      const db = get('deadband').value.trim();
      if (db) tag.deadband = Number.isNaN(Number(db)) ? db : Number(db);
      if (get('writable').checked) tag.writable = true;
      if (tr.dataset.scale) tag.scale = JSON.parse(tr.dataset.scale);
      if (tr.dataset.samplingInterval) tag.samplingInterval = tr.dataset.samplingInterval;
      return tag;
    });
    return def;
  }

  /**
   * The server names fields as paths (tags[2].address, machines[0].options.unitId, options); each
   * goes to the input with that name, else to the nearest enclosing one, else to the top of the form.
   */
  function mapErrors(err) {
    const names = new Set([...form.querySelectorAll('[name]')].filter((i) => !i.disabled).map((i) => i.name));
    const errors = err.errors.map(({ field, message }) => {
      let f = String(field || '').replace(/^machines\[\d+\]\./, '');
      if (f === 'samplingInterval') f = 'pollInterval';
      let candidate = f;
      while (candidate && !names.has(candidate)) {
        const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
        candidate = cut > 0 ? candidate.slice(0, cut) : '';
      }
      if (!candidate && f.startsWith('tags[')) {
        const m = /^tags\[(\d+)\]/.exec(f);
        if (m && names.has(`tags[${m[1]}].name`)) candidate = `tags[${m[1]}].name`;
      }
      if (!candidate && f.startsWith('options')) {
        const first = [...form.querySelectorAll('[name^="options."]')].find((i) => !i.disabled);
        if (first) candidate = first.name;
      }
      return { field: candidate || f, message: candidate && candidate !== f ? `${f}: ${message}` : message };
    });
    const mapped = new mw.ApiError(err.status, { ...err.problem, errors });
    if (errors.length === 0) mapped.message = err.message;
    return mapped;
  }

  async function validate() {
    mw.clearErrors(form);
    formStatus.textContent = 'Checking…';
    try {
      const answer = await api('POST', '/api/v1/machines/validate', definition());
      formStatus.textContent = `Valid: ${answer.id}, ${answer.tagCount} tag${answer.tagCount === 1 ? '' : 's'}.`;
    } catch (e) {
      formStatus.textContent = 'Not valid.';
      mw.showErrors(form, mapErrors(e));
    }
  }

  async function save(event) {
    event.preventDefault();
    mw.clearErrors(form);
    const def = definition();
    const button = document.getElementById('machine-save');
    button.disabled = true;
    formStatus.textContent = 'Saving…';
    try {
      if (editing) await api('PUT', `/api/v1/machines/${encodeURIComponent(editing)}`, def);
      else await api('POST', '/api/v1/machines', def);
      mw.toast(editing ? `${def.id} changed; its connector restarted` : `${def.id} added`);
      const id = def.id;
      editor.hidden = true;
      editing = null;
      resetForm();
      await load();
      const row = rows.get(id);
      const target = row && row.actions.querySelector('button');
      if (target) target.focus(); else addButton.focus();
    } catch (e) {
      formStatus.textContent = '';
      if (e.status === 409 && e.errors.length === 0) e.errors.push({ field: 'id', message: e.message });
      mw.showErrors(form, mapErrors(e));
    } finally {
      button.disabled = false;
    }
  }

  // ---- delete ----

  function confirmDelete(id) {
    document.getElementById('machine-delete-text').textContent =
      `Stop connecting ${id}? Its connector closes and its device goes offline. `
      + 'A machine of the configuration file stays deleted across restarts.';
    deleteDialog.returnValue = '';
    deleteDialog.onclose = async () => {
      if (deleteDialog.returnValue !== 'delete') { if (lastFocus) lastFocus.focus(); return; }
      try {
        await api('DELETE', `/api/v1/machines/${encodeURIComponent(id)}`);
        mw.toast(`${id} deleted`);
        if (editing === id) { editor.hidden = true; editing = null; }
        await load();
        addButton.focus();
      } catch (e) {
        mw.toast(`Could not delete ${id}: ${e.message}`, 'bad');
        if (lastFocus) lastFocus.focus();
      }
    };
    deleteDialog.showModal();
  }

  // ---- OPC UA browser ----

  const tree = document.getElementById('opcua-tree');
  const browseStatus = document.getElementById('opcua-status');

  async function browse(nodeId) {
    const body = { endpoint: form.elements.endpoint.value.trim(), options: {} };
    for (const [k, v] of Object.entries(readOptions())) body.options[k] = String(v);
    if (nodeId) body.nodeId = nodeId;
    return api('POST', '/api/v1/machines/browse', body);
  }

  function nodeItem(node) {
    const label = node.displayName && node.displayName !== node.browseName
      ? `${node.browseName} (${node.displayName})` : node.browseName || node.nodeId;
    const li = el('li', { class: `node node-${String(node.nodeClass).toLowerCase()}` });
    if (node.nodeClass === 'Variable') {
      const used = [...tagBody.querySelectorAll('[data-key="address"]')].some((i) => i.value === node.nodeId);
      li.append(el('button', {
        type: 'button', class: 'node-var', title: `Add ${node.nodeId} as a tag`,
        'aria-label': `Add ${label} as a tag`, disabled: used,
        onclick: (e) => {
          const machineId = form.elements.id.value.trim();
          let name = node.browseName || node.nodeId;
          // The demo server names nodes <machine>/<tag>: keep only the tag path.
          const m = /;s=([^/]+)\/(.+)$/.exec(node.nodeId);
          if (m && (!machineId || m[1] === machineId)) name = m[2];
          addTag({ name, address: node.nodeId, type: node.dataType || 'float64', unit: node.engineeringUnit || '', writable: node.writable });
          e.currentTarget.disabled = true;
          browseStatus.textContent = `Added ${name} as tag ${tagBody.rows.length}.`;
        },
      }, '+ ', label),
      el('span', { class: 'muted small' }, ` ${node.dataType || ''}${node.writable ? ', writable' : ''} · ${node.nodeId}`));
    } else {
      const children = el('ul', { class: 'tree', role: 'list', hidden: true });
      const toggle = el('button', {
        type: 'button', class: 'node-folder', 'aria-expanded': 'false',
        onclick: async () => {
          const open = toggle.getAttribute('aria-expanded') === 'true';
          if (open) { toggle.setAttribute('aria-expanded', 'false'); children.hidden = true; return; }
          if (!children.dataset.loaded) {
            toggle.disabled = true;
            browseStatus.textContent = `Browsing ${label}…`;
            try {
              fill(children, await browse(node.nodeId));
              children.dataset.loaded = '1';
              browseStatus.textContent = '';
            } catch (e) {
              browseStatus.textContent = `Could not browse ${label}: ${e.message}`;
              toggle.disabled = false;
              return;
            }
            toggle.disabled = false;
          }
          toggle.setAttribute('aria-expanded', 'true');
          children.hidden = false;
          toggle.focus();
        },
      }, label);
      li.append(toggle, el('span', { class: 'muted small' }, ` ${node.nodeClass} · ${node.nodeId}`), children);
    }
    return li;
  }

  function fill(list, nodes) {
    list.replaceChildren(...(nodes.length ? nodes.map(nodeItem) : [el('li', { class: 'muted' }, 'empty')]));
  }

  async function browseRoot() {
    browseStatus.textContent = 'Browsing…';
    tree.replaceChildren();
    try {
      fill(tree, await browse());
      browseStatus.textContent = '';
      const first = tree.querySelector('button');
      if (first) first.focus();
    } catch (e) {
      browseStatus.textContent = e.status === 502 ? `The server cannot be reached: ${e.message}` : e.message;
    }
  }

  // ---- wiring ----

  if (engineer) {
    addButton.hidden = false;
    addButton.addEventListener('click', (e) => { lastFocus = e.currentTarget; openEditor(null); });
    document.getElementById('tag-add').addEventListener('click', () => addTag(null, true));
    document.getElementById('machine-validate').addEventListener('click', validate);
    document.getElementById('machine-cancel').addEventListener('click', closeEditor);
    document.getElementById('opcua-browse').addEventListener('click', browseRoot);
    form.elements.protocol.addEventListener('change', showProtocol);
    form.addEventListener('submit', save);
  } else {
    editor.remove();
    table.querySelector('.actions-col').remove();
  }
  load();
  setInterval(() => { if (!document.hidden) load(); }, 5000);
})();
