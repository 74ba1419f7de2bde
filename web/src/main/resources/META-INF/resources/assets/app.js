'use strict';
// Shared by every page: who is signed in, calls to the REST API (with the session's CSRF token),
// live streams that show a banner and reconnect, form error display and formatting.
const mw = (() => {
  const meta = (name) => document.querySelector(`meta[name="mw-${name}"]`)?.content ?? '';
  const ROLES = ['viewer', 'operator', 'engineer', 'admin'];
  const me = {
    user: meta('user'), role: meta('role'), csrf: meta('csrf'),
    enterprise: meta('enterprise'), site: meta('site'),
  };

  /** Whether the signed-in user's role includes `role`. */
  const can = (role) => ROLES.indexOf(me.role) >= ROLES.indexOf(role);

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && problem.detail) || `HTTP ${status}`);
      this.status = status;
      this.problem = problem || {};
      this.errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
    }
  }

  /** Calls the API; resolves to the JSON answer, rejects with an ApiError carrying the problem. */
  async function api(method, path, body) {
    const headers = { Accept: 'application/json', 'X-Millwright-UI': '1' };
    if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = me.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, {
        method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, { detail: 'the server cannot be reached' });
    }
    if (res.status === 401) {
      location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
      throw new ApiError(401, { detail: 'signed out' });
    }
    const type = res.headers.get('content-type') || '';
    const data = res.status === 204 ? null : type.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      throw new ApiError(res.status, typeof data === 'object' && data ? data
        : { detail: String(data || res.statusText).slice(0, 300) });
    }
    return data;
  }

  const banner = document.getElementById('banner');
  const lost = new Set();
  function showLost(key, text) {
    lost.add(key);
    if (banner) { banner.textContent = text; banner.hidden = false; }
  }
  function clearLost(key) {
    lost.delete(key);
    if (banner && lost.size === 0) banner.hidden = true;
  }

  const SILENT_MS = 30000; // three of the server's 10 s heartbeats missed

  /**
   * Follows a server-sent event stream. `handlers` maps event names to functions taking the parsed
   * data; `open` is called on every (re)connection, so a page can reload what it may have missed.
   * A lost or silent stream shows a banner and is reopened with back-off.
   */
  function live(path, handlers) {
    let delay = 1000;
    let source = null;
    let stopped = false;
    const key = path;
    let heard = Date.now();
    function connect() {
      heard = Date.now();
      source = new EventSource(path, { withCredentials: true });
      source.onopen = () => {
        heard = Date.now();
        delay = 1000;
        clearLost(key);
        if (handlers.open) handlers.open();
      };
      source.addEventListener('message', () => { heard = Date.now(); });
      for (const [name, fn] of Object.entries(handlers)) {
        if (name === 'open') continue;
        source.addEventListener(name, (e) => {
          let data;
          try { data = JSON.parse(e.data); } catch (err) { return; }
          fn(data);
        });
      }
      source.onerror = () => {
        showLost(key, 'Live connection lost; reconnecting…');
        if (source.readyState === EventSource.CLOSED && !stopped) {
          // The browser gave up (the server answered an error): try again ourselves, slower each time.
          setTimeout(() => { if (!stopped) connect(); }, delay);
          delay = Math.min(delay * 2, 15000);
        }
      };
    }
    // A tablet that leaves the Wi-Fi: the browser knows before the stream times out, so say so at
    // once and reconnect when it is back rather than waiting for the connection to die.
    const offline = () => {
      showLost(key, 'Live connection lost; reconnecting…');
      if (source) source.close();
    };
    const online = () => {
      if (!stopped && source && source.readyState === EventSource.CLOSED) connect();
    };
    // The server sends something at least every 10 s. A connection that stays open but brings
    // nothing (half-open behind a proxy, a tablet back from sleep) is dead: say so and reconnect.
    const watchdog = setInterval(() => {
      if (stopped || !source || source.readyState !== EventSource.OPEN) return;
      if (Date.now() - heard > SILENT_MS) {
        showLost(key, 'Live connection lost; reconnecting…');
        source.close();
        connect();
      }
    }, 5000);
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    connect();
    return {
      close() {
        stopped = true;
        clearInterval(watchdog);
        window.removeEventListener('offline', offline);
        window.removeEventListener('online', online);
        if (source) source.close();
        clearLost(key);
      },
    };
  }

  /** Builds an element: el('td', {class: 'x'}, 'text', child). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /**
   * Shows an ApiError on a form: each field's message right after its input (and announced to
   * screen readers), anything else at the top of the form.
   */
  function showErrors(form, error) {
    clearErrors(form);
    let general = error.errors.length === 0 ? error.message : '';
    for (const { field, message } of error.errors) {
      const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
      if (!input) { general += (general ? ' ' : '') + `${field}: ${message}`; continue; }
      const id = `${form.id || 'form'}-${field}-error`.replace(/[^A-Za-z0-9_-]/g, '-');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', id);
      input.insertAdjacentElement('afterend', el('span', { class: 'field-error', id }, message));
    }
    if (general) {
      form.prepend(el('p', { class: 'error form-error', role: 'alert' }, general));
    }
    const first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }
  function clearErrors(form) {
    form.querySelectorAll('.field-error, .form-error').forEach((n) => n.remove());
    form.querySelectorAll('[aria-invalid]').forEach((n) => {
      n.removeAttribute('aria-invalid');
      n.removeAttribute('aria-describedby');
    });
  }

  /** Shows a short message that goes away by itself (for a done action). */
  function toast(text, kind) {
    const t = el('div', { class: `toast ${kind || ''}`, role: 'status' }, text);
    document.body.append(t);
    setTimeout(() => t.remove(), 4000);
  }

  const fmt = {
    number: (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v)) ? '–'
      : Number(v).toLocaleString(undefined, { maximumFractionDigits: digits }),
    percent: (v) => (v === null || v === undefined) ? '–' : `${(v * 100).toFixed(1)} %`,
    time: (t) => {
      if (t === null || t === undefined || t === '') return '–';
      const d = new Date(t);
      return Number.isNaN(d.getTime()) ? String(t) : d.toLocaleString();
    },
    clock: (t) => (t === null || t === undefined) ? '–' : new Date(t).toLocaleTimeString(),
    duration: (ms) => {
      if (ms === null || ms === undefined || ms < 0) return '–';
      const s = Math.floor(ms / 1000);
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
    },
    value: (v) => (v === null || v === undefined) ? '–'
      : typeof v === 'number' ? fmt.number(v, 3) : String(v),
  };

  const signOut = document.getElementById('sign-out');
  if (signOut) {
    signOut.addEventListener('click', async () => {
      try { await api('POST', '/logout'); } catch (e) { /* signed out either way */ }
      location.href = '/login';
    });
  }

  return { me, can, api, ApiError, live, el, showErrors, clearErrors, toast, fmt };
})();
