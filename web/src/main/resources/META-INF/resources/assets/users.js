'use strict';
// The users page (admin): users and their roles, API tokens (shown once when made) and the audit journal.
(() => {
  const { el, api, fmt } = mw;
  const usersBody = document.getElementById('users').tBodies[0];
  const usersError = document.getElementById('users-error');
  const addForm = document.getElementById('user-form');
  const panel = document.getElementById('user-panel');
  const panelTitle = document.getElementById('user-panel-title');
  const changeForm = document.getElementById('user-change-form');
  const tokenForm = document.getElementById('token-form');
  const tokensBody = document.getElementById('tokens').tBodies[0];
  const tokenOnce = document.getElementById('token-once');
  const tokenValue = document.getElementById('token-value');
  const auditBody = document.getElementById('audit').tBodies[0];
  const dialog = document.getElementById('confirm-dialog');
  let users = [];
  let selected = null;
  let opener = null;

  const enc = encodeURIComponent;

  /** Asks in a modal dialog; resolves true when confirmed. */
  function confirmAction(title, text, okLabel) {
    document.getElementById('confirm-title').textContent = title;
    document.getElementById('confirm-text').textContent = text;
    document.getElementById('confirm-ok').textContent = okLabel || 'Confirm';
    const back = document.activeElement;
    return new Promise((resolve) => {
      dialog.returnValue = '';
      dialog.onclose = () => {
        resolve(dialog.returnValue === 'ok');
        if (back && document.contains(back)) back.focus();
      };
      dialog.showModal();
    });
  }

  function renderUsers() {
    if (!users.length) {
      usersBody.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No users yet besides the configured admin.')));
      return;
    }
    usersBody.replaceChildren(...users.map((u) => el('tr', { dataset: { user: u.name }, class: u.disabled ? 'disabled-user' : null },
      el('th', { scope: 'row' }, u.name),
      el('td', {}, el('span', { class: `badge role-${u.role}` }, u.role)),
      el('td', {}, u.disabled ? 'disabled' : 'active'),
      el('td', {}, fmt.time(u.created)),
      el('td', {}, fmt.time(u.changed)),
      el('td', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', 'aria-label': `Manage ${u.name}`,
          onclick: (e) => { opener = e.currentTarget; select(u.name); } }, 'Manage'),
        el('button', { type: 'button', class: 'secondary', 'aria-label': u.disabled ? `Enable ${u.name}` : `Disable ${u.name}`,
          onclick: () => setDisabled(u, !u.disabled) }, u.disabled ? 'Enable' : 'Disable'),
        el('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${u.name}`,
          onclick: () => removeUser(u.name) }, 'Delete')))));
  }

  async function loadUsers() {
    try {
      users = await api('GET', '/api/v1/users');
      usersError.hidden = true;
      renderUsers();
      if (selected && !users.some((u) => u.name === selected)) closePanel();
    } catch (e) {
      usersError.textContent = e.status === 403 ? 'Only an admin can manage users.' : `The users could not be loaded: ${e.message}`;
      usersError.hidden = false;
    }
  }

  async function loadAudit() {
    try {
      const entries = await api('GET', '/api/v1/users/audit?limit=200');
      auditBody.replaceChildren(...(entries.length ? entries.map((a) => el('tr', {},
        el('td', { class: 'num' }, a.seq), el('td', {}, fmt.time(a.at)), el('td', {}, a.actor),
        el('td', {}, a.action), el('td', {}, a.subject)))
        : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'Nothing recorded yet.'))]));
    } catch (e) {
      auditBody.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'error' }, `The journal could not be loaded: ${e.message}`)));
    }
  }

  async function refresh() { await Promise.all([loadUsers(), loadAudit()]); }

  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    mw.clearErrors(addForm);
    const f = addForm.elements;
    const body = { name: f.name.value.trim(), role: f.role.value, password: f.password.value };
    try {
      await api('POST', '/api/v1/users', body);
      mw.toast(`${body.name} added as ${body.role}`);
      addForm.reset();
      await refresh();
      f.name.focus();
    } catch (err) {
      mw.showErrors(addForm, err);
    }
  });

  async function change(name, body, done) {
    try {
      await api('PUT', `/api/v1/users/${enc(name)}`, body);
      mw.toast(done);
      await refresh();
      return true;
    } catch (err) {
      if (selected === name) mw.showErrors(changeForm, err); else mw.toast(`${name}: ${err.message}`, 'bad');
      return false;
    }
  }

  async function setDisabled(u, disabled) {
    if (disabled && !(await confirmAction(`Disable ${u.name}?`, `${u.name} is signed out and cannot sign in or use API tokens until enabled again.`, 'Disable'))) return;
    await change(u.name, { disabled }, `${u.name} ${disabled ? 'disabled' : 'enabled'}`);
    if (selected === u.name) fillPanel();
  }

  async function removeUser(name) {
    if (!(await confirmAction(`Delete ${name}?`, `${name} and their API tokens are removed and they are signed out. This cannot be undone.`, 'Delete'))) return;
    try {
      await api('DELETE', `/api/v1/users/${enc(name)}`);
      mw.toast(`${name} deleted`);
      if (selected === name) closePanel();
      await refresh();
      addForm.elements.name.focus();
    } catch (err) {
      mw.toast(`${name}: ${err.message}`, 'bad');
    }
  }

  // ---- one user: change, tokens ----

  function fillPanel() {
    const u = users.find((x) => x.name === selected);
    if (!u) return;
    panelTitle.textContent = `User ${u.name}`;
    changeForm.elements.role.value = u.role;
    changeForm.elements.password.value = '';
    changeForm.elements.disabled.checked = u.disabled;
  }

  async function select(name) {
    selected = name;
    mw.clearErrors(changeForm);
    mw.clearErrors(tokenForm);
    tokenOnce.hidden = true;
    tokenValue.textContent = '';
    fillPanel();
    panel.hidden = false;
    panel.scrollIntoView({ block: 'start' });
    panel.focus();
    await loadTokens();
  }

  function closePanel() {
    selected = null;
    panel.hidden = true;
    tokenOnce.hidden = true;
    tokenValue.textContent = '';
    if (opener && document.contains(opener)) opener.focus();
  }

  async function loadTokens() {
    const name = selected;
    if (!name) return;
    try {
      const tokens = await api('GET', `/api/v1/users/${enc(name)}/tokens`);
      if (name !== selected) return;
      tokensBody.replaceChildren(...(tokens.length ? tokens.map((t) => el('tr', { dataset: { token: t.id } },
        el('td', {}, t.label || el('span', { class: 'muted' }, '(no label)')),
        el('td', {}, el('code', {}, t.id)),
        el('td', {}, fmt.time(t.created)),
        el('td', {}, t.lastUsed && new Date(t.lastUsed).getTime() > 0 ? fmt.time(t.lastUsed) : 'never'),
        el('td', { class: 'actions' }, el('button', {
          type: 'button', class: 'danger', 'aria-label': `Revoke token ${t.label || t.id}`,
          onclick: () => revoke(name, t),
        }, 'Revoke'))))
        : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No tokens.'))]));
    } catch (e) {
      tokensBody.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'error' }, `The tokens could not be loaded: ${e.message}`)));
    }
  }

  async function revoke(name, t) {
    if (!(await confirmAction('Revoke token?', `The token "${t.label || t.id}" of ${name} stops working at once.`, 'Revoke'))) return;
    try {
      await api('DELETE', `/api/v1/users/${enc(name)}/tokens/${enc(t.id)}`);
      mw.toast('Token revoked');
      await Promise.all([loadTokens(), loadAudit()]);
      document.getElementById('t-label').focus();
    } catch (e) {
      mw.toast(e.message, 'bad');
    }
  }

  changeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    mw.clearErrors(changeForm);
    const u = users.find((x) => x.name === selected);
    if (!u) return;
    const f = changeForm.elements;
    const body = {};
    if (f.role.value !== u.role) body.role = f.role.value;
    if (f.password.value) body.password = f.password.value;
    if (f.disabled.checked !== u.disabled) body.disabled = f.disabled.checked;
    if (!Object.keys(body).length) { mw.toast('Nothing to change'); return; }
    const what = [body.role && `role ${body.role}`, body.password && 'new password',
      body.disabled !== undefined && (body.disabled ? 'disabled' : 'enabled')].filter(Boolean).join(', ');
    if (await change(u.name, body, `${u.name}: ${what}`)) fillPanel();
  });
  document.getElementById('user-delete').addEventListener('click', () => selected && removeUser(selected));
  document.getElementById('user-close').addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !dialog.open) closePanel(); });

  tokenForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    mw.clearErrors(tokenForm);
    const name = selected;
    try {
      const answer = await api('POST', `/api/v1/users/${enc(name)}/tokens`, { label: tokenForm.elements.label.value.trim() });
      tokenValue.textContent = answer.token;
      tokenOnce.hidden = false;
      tokenForm.reset();
      document.getElementById('token-copy').focus();
      await Promise.all([loadTokens(), loadAudit()]);
    } catch (err) {
      mw.showErrors(tokenForm, err);
    }
  });

  document.getElementById('token-copy').addEventListener('click', async () => {
    const text = tokenValue.textContent;
    try {
      await navigator.clipboard.writeText(text);
      mw.toast('Token copied');
    } catch (e) {
      // No clipboard (plain http, older browser): select it so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(tokenValue);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (x) { ok = false; }
      mw.toast(ok ? 'Token copied' : 'Selected: press Ctrl+C to copy');
    }
  });
  document.getElementById('token-done').addEventListener('click', () => {
    tokenOnce.hidden = true;
    tokenValue.textContent = '';
    document.getElementById('t-label').focus();
  });
  document.getElementById('audit-refresh').addEventListener('click', loadAudit);

  refresh();
})();
