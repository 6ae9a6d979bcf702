'use strict';
// The subscriber's app: plain DOM, hash routes (#/, #/title/<id>, #/library, #/settings), the agent's /api for data,
// the agent's own playlists for playback (hls.js). What the tests read lives in window.riffleApp.

const view = document.getElementById('view');
const app = (window.riffleApp = { page: null, titleId: null, sources: null, frames: 0, subtitleCues: 0, errors: [] });
let timers = [];
let hls = null;

const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k.nodeType ? k : String(k));
  return e;
};
const mb = (b) => (b >= 1e9 ? (b / 1e9).toFixed(2) + ' GB' : (b / 1e6).toFixed(1) + ' MB');
const duration = (s) => (s ? Math.floor(s / 60) + ' min ' + String(Math.round(s % 60)).padStart(2, '0') + ' s' : '');
// The current page's content; absent parts (null) are left out rather than shown as text.
const show = (...kids) => view.replaceChildren(...kids.flat().filter((k) => k !== null && k !== undefined));
const showError = (msg) => { document.getElementById('error').textContent = msg || ''; };

// Same-origin calls only; the agent refuses state changes from any other origin.
async function api(path, opts = {}) {
  const res = await fetch('/api' + path, {
    ...opts,
    headers: opts.body ? { 'Content-Type': 'application/json' } : {},
    cache: 'no-store',
  });
  if (res.status === 204) return null;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail || body.title || 'the agent answered ' + res.status);
  return body;
}

function leave() {
  timers.forEach(clearInterval);
  timers = [];
  if (hls) { hls.destroy(); hls = null; }
}

async function route() {
  leave();
  showError('');
  const hash = location.hash || '#/';
  const parts = hash.slice(2).split('/');
  for (const a of document.querySelectorAll('nav a')) a.removeAttribute('aria-current');
  try {
    if (parts[0] === 'title' && parts[1]) await titlePage(decodeURIComponent(parts[1]));
    else if (parts[0] === 'library') await libraryPage();
    else if (parts[0] === 'settings') await settingsPage();
    else await cataloguePage();
  } catch (e) {
    showError(e.message);
    app.errors.push(e.message);
  }
  view.focus();
}

async function me() {
  const box = document.getElementById('me');
  try {
    const m = await api('/me');
    app.me = m;
    if (m.signedIn) box.replaceChildren('Signed in as ' + m.name);
    else if (m.canSignIn) box.replaceChildren('Not signed in ', el('button', { id: 'signin', onclick: signIn }, 'Sign in'));
    else box.replaceChildren('Not signed in: run ' + m.howTo);
  } catch (e) {
    box.textContent = 'agent unreachable';
  }
}

// Sign-in from the page: the agent runs the device grant and keeps the tokens; the page shows the code and the link.
async function signIn() {
  const box = document.getElementById('me');
  let s = await api('/login', { method: 'POST', body: '{}' });
  for (let i = 0; i < 600 && s.state === 'pending'; i++) {
    app.login = s;
    if (s.userCode) {
      // only a web address becomes a link (never javascript: or the like, whatever the issuer answered)
      const link = [s.verificationUriComplete, s.verificationUri].find((u) => /^https?:\/\//.test(u || '')) || '#';
      box.replaceChildren('Open ', el('a', { id: 'signin-link', href: link, target: '_blank', rel: 'noopener noreferrer' },
        s.verificationUri), ' and enter ', el('strong', { id: 'signin-code' }, s.userCode));
    } else {
      box.textContent = 'Starting sign-in…';
    }
    await new Promise((r) => setTimeout(r, 1000));
    s = await api('/login');
  }
  app.login = s;
  if (s.state === 'failed') showError('Sign-in failed: ' + s.error);
  await me();
}

// ---- catalogue

let catalogueCache = {};

async function cataloguePage(query = '') {
  app.page = 'catalogue';
  document.getElementById('nav-catalogue').setAttribute('aria-current', 'page');
  const list = el('div', { class: 'grid', id: 'titles', 'aria-live': 'polite' });
  const input = el('input', { type: 'search', id: 'q', value: query, placeholder: 'name or summary' });
  const form = el('form', { class: 'search', role: 'search', onsubmit: (e) => { e.preventDefault(); fill(input.value); } },
    el('label', { for: 'q' }, 'Search the catalogue'), input, el('button', { type: 'submit' }, 'Search'));
  show(el('h2', {}, 'Catalogue'), form, list);
  async function fill(q) {
    const page = await api('/catalogue' + (q ? '?q=' + encodeURIComponent(q) : ''));
    app.catalogue = page.titles;
    page.titles.forEach((t) => { catalogueCache[t.id] = t; });
    list.replaceChildren(...(page.titles.length ? page.titles.map(card) : [el('p', {}, 'Nothing found.')]));
  }
  await fill(query);
}

function poster(t) {
  return t.poster
    ? el('img', { class: 'poster', src: '/api/titles/' + encodeURIComponent(t.id) + '/poster', alt: '' })
    : el('div', { class: 'poster', 'aria-hidden': 'true' }, t.kind === 'audio' ? '♪' : '▶');
}

function card(t) {
  return el('a', { class: 'card title-card', href: '#/title/' + encodeURIComponent(t.id), 'data-id': t.id },
    poster(t),
    el('strong', {}, t.name, t.live ? el('span', { class: 'chip live' }, 'LIVE') : null),
    el('span', { class: 'meta' }, [duration(t.durationSeconds), t.kind, t.cachedBytes ? 'cached ' + mb(t.cachedBytes) : '']
      .filter(Boolean).join(' · ')),
    t.summary ? el('p', { class: 'summary' }, t.summary) : null,
    el('div', {}, (t.renditions || []).filter((r) => !(t.subtitleLanguages || []).some((l) => r === 'sub-' + l))
      .map((r) => el('span', { class: 'chip' }, r)),
      (t.subtitleLanguages || []).map((l) => el('span', { class: 'chip' }, 'CC ' + l))));
}

// ---- title page: player, subtitles, source bar, seeding controls

async function titlePage(id) {
  app.page = 'title';
  app.titleId = id;
  // nothing of the previous title's player carries over
  Object.assign(app, { frames: 0, currentTime: 0, paused: true, subtitleCues: 0, subtitleTracks: [], sources: null });
  const t = catalogueCache[id] || (await api('/catalogue')).titles.find((x) => x.id === id) || { id, name: id };
  const video = el('video', { id: 'video', controls: true, playsinline: true, 'aria-label': 'Player: ' + t.name });
  const subs = el('select', { id: 'subtitles' }, el('option', { value: '-1' }, 'Off'));
  const bar = el('div', { class: 'bar', id: 'bar', role: 'img', 'aria-label': 'source bar' });
  const kpi = (key, label) => el('div', { class: 'kpi' }, el('div', { class: 'label' }, label),
    el('div', { class: 'value', id: 'kpi-' + key }, '–'));
  const seedBtn = el('button', { id: 'seeding', class: 'secondary', onclick: () => toggleSeeding(id) }, 'Stop seeding');
  const delBtn = el('button', { id: 'delete', class: 'danger', onclick: () => removeTitle(id) }, 'Delete from cache');
  show(
    el('h2', {}, t.name, t.live ? el('span', { class: 'chip live' }, 'LIVE') : null),
    t.summary ? el('p', { class: 'summary' }, t.summary) : null,
    el('div', { class: 'player' },
      el('div', {},
        video,
        el('div', { class: 'controls' }, el('label', { for: 'subtitles' }, 'Subtitles'), subs, seedBtn, delBtn),
        el('section', { class: 'card', 'aria-labelledby': 'bar-h' },
          el('h3', { id: 'bar-h' }, 'Where each segment came from'),
          bar,
          el('div', { class: 'legend' },
            el('span', { class: 'lg-peer' }, 'peer'), el('span', { class: 'lg-cdn' }, 'CDN'),
            el('span', { class: 'lg-both' }, 'both'), el('span', { class: 'lg-cache' }, 'cache'),
            el('span', { class: 'lg-none' }, 'not yet'), el('span', { class: 'lg-now' }, 'playhead')))),
      el('aside', { class: 'card' }, el('h3', {}, 'This title'),
        el('div', { class: 'kpis' }, kpi('peers', 'Peers connected'), kpi('offload', 'Offload'),
          kpi('from-peers', 'From peers'), kpi('from-cdn', 'From CDN'), kpi('uploaded', 'Uploaded'),
          kpi('cached', 'On disk')))));

  const s = await refreshSources(id);
  if (!window.Hls || !Hls.isSupported()) throw new Error('this browser cannot play HLS through MediaSource');
  hls = new Hls({ enableWorker: true, renderTextTracksNatively: true });
  hls.on(Hls.Events.ERROR, (_, d) => {
    if (app.errors.length < 50) app.errors.push(d.type + ' ' + d.details);
    if (d.fatal) showError('playback failed: ' + d.details);
  });
  hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, (_, d) => {
    subs.replaceChildren(el('option', { value: '-1' }, 'Off'),
      ...d.subtitleTracks.map((tr, i) => el('option', { value: String(i) }, tr.name || tr.lang || 'track ' + i)));
    subs.value = String(hls.subtitleTrack);
    app.subtitleTracks = d.subtitleTracks.map((tr) => tr.lang || tr.name);
  });
  subs.addEventListener('change', () => {
    hls.subtitleDisplay = subs.value !== '-1';
    hls.subtitleTrack = Number(subs.value);
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => {}); });
  hls.loadSource(s.play);
  hls.attachMedia(video);
  window.hls = hls;
  video.textTracks.addEventListener('addtrack', (e) => {
    e.track.addEventListener('cuechange', () => { app.subtitleCues++; });
  });
  timers.push(setInterval(() => {
    const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    app.frames = q ? q.totalVideoFrames : 0;
    app.currentTime = video.currentTime;
    app.paused = video.paused;
    markPlayhead(video);
  }, 250));
  timers.push(setInterval(() => refreshSources(id).catch((e) => showError(e.message)), 1000));
}

const CELL = { p: 'peer', c: 'cdn', b: 'both', h: 'cache', '.': 'none' };

async function refreshSources(id) {
  const s = await api('/titles/' + encodeURIComponent(id) + '/sources');
  app.sources = s;
  const bar = document.getElementById('bar');
  if (!bar) return s;
  if (bar.children.length !== s.cells.length) {
    bar.replaceChildren(...Array.from(s.cells, () => el('span', { class: 'cell' })));
  }
  const counts = { peer: 0, cdn: 0, both: 0, cache: 0, none: 0 };
  Array.from(s.cells).forEach((c, i) => {
    const kind = CELL[c] || 'none';
    counts[kind]++;
    const cell = bar.children[i];
    cell.classList.remove('peer', 'cdn', 'both', 'cache', 'none');
    cell.classList.add(kind);
  });
  bar.setAttribute('aria-label', `source bar: ${counts.peer} segments from peers, ${counts.cdn} from the CDN, `
    + `${counts.both} from both, ${counts.cache} from the cache, ${counts.none} not yet`);
  const set = (k, v) => { const e = document.getElementById('kpi-' + k); if (e) e.textContent = v; };
  set('peers', s.peersConnected);
  set('offload', Math.round(100 * s.offload) + ' %');
  set('from-peers', mb(s.bytesFromPeers));
  set('from-cdn', mb(s.bytesFromCdn));
  set('uploaded', mb(s.bytesUploaded));
  set('cached', mb(s.cachedBytes));
  const btn = document.getElementById('seeding');
  if (btn) btn.textContent = s.seeding ? 'Stop seeding' : 'Resume seeding';
  return s;
}

function markPlayhead(video) {
  const bar = document.getElementById('bar');
  if (!bar || !bar.children.length || !video.duration || !isFinite(video.duration)) return;
  const at = Math.min(bar.children.length - 1, Math.floor((video.currentTime / video.duration) * bar.children.length));
  const old = bar.querySelector('.now');
  if (old && old !== bar.children[at]) old.classList.remove('now');
  bar.children[at].classList.add('now');
  app.playheadCell = at;
}

async function toggleSeeding(id) {
  const on = !(app.sources && app.sources.seeding);
  await api('/titles/' + encodeURIComponent(id) + '/seeding', { method: 'POST', body: JSON.stringify({ seeding: on }) })
    .catch((e) => showError(e.message));
  await refreshSources(id).catch(() => {});
  if (location.hash.startsWith('#/library')) libraryPage();
}

async function removeTitle(id) {
  if (!confirm('Delete this title from the cache? It will be fetched again when you play it.')) return;
  leave();
  await api('/titles/' + encodeURIComponent(id), { method: 'DELETE' }).catch((e) => showError(e.message));
  location.hash = '#/library';
  if (location.hash === '#/library') libraryPage();
}

// ---- my titles

async function libraryPage() {
  app.page = 'library';
  document.getElementById('nav-library').setAttribute('aria-current', 'page');
  const lib = await api('/library');
  app.library = lib;
  if (!Object.keys(catalogueCache).length) {
    (await api('/catalogue').catch(() => ({ titles: [] }))).titles.forEach((t) => { catalogueCache[t.id] = t; });
  }
  const rows = lib.titles.map((t) => {
    const name = (catalogueCache[t.id] || {}).name || t.id;
    return el('tr', { 'data-id': t.id },
      el('td', {}, name), el('td', {}, mb(t.bytes)), el('td', {}, t.seeding ? 'seeding' : 'not seeding'),
      el('td', {},
        el('a', { href: '#/title/' + encodeURIComponent(t.id) }, 'Play'), ' ',
        el('button', { class: 'secondary', 'aria-label': (t.seeding ? 'Stop seeding ' : 'Resume seeding ') + name,
          onclick: async () => {
          await api('/titles/' + encodeURIComponent(t.id) + '/seeding',
            { method: 'POST', body: JSON.stringify({ seeding: !t.seeding }) }).catch((e) => showError(e.message));
          libraryPage();
        } }, t.seeding ? 'Stop seeding' : 'Resume seeding'), ' ',
        el('button', { class: 'danger', 'aria-label': 'Delete ' + name + ' from the cache',
          onclick: () => removeTitle(t.id) }, 'Delete')));
  });
  show(
    el('h2', {}, 'My titles'),
    el('p', { class: 'meta' }, 'Cache: ' + mb(lib.cacheBytes) + ' of ' + mb(lib.cacheMaxBytes)),
    rows.length
      ? el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Title'), el('th', {}, 'On disk'),
          el('th', {}, 'Seeding'), el('th', {}, 'Actions'))), el('tbody', {}, rows))
      : el('p', {}, 'Nothing cached yet: play something from the catalogue.'));
}

// ---- settings

async function settingsPage() {
  app.page = 'settings';
  document.getElementById('nav-settings').setAttribute('aria-current', 'page');
  const s = await api('/settings');
  const cache = el('input', { type: 'number', id: 'cache-mib', min: 64, step: 1, value: Math.round(s.cacheBytes / 1048576) });
  const upload = el('input', { type: 'number', id: 'upload-kib', min: 0, step: 1, value: Math.round(s.uploadBytesPerSec / 1024) });
  const metered = el('input', { type: 'checkbox', id: 'metered', checked: s.metered });
  const status = el('p', { class: 'hint', id: 'saved', 'aria-live': 'polite' });
  const form = el('form', { class: 'settings', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const saved = await api('/settings', { method: 'PUT', body: JSON.stringify({
        cacheBytes: Number(cache.value) * 1048576, uploadBytesPerSec: Number(upload.value) * 1024, metered: metered.checked }) });
      status.textContent = 'Saved' + (saved.metered ? ': metered, nothing is uploaded.' : '.');
      app.settings = saved;
    } catch (err) { status.textContent = 'Not saved: ' + err.message; }
  } },
    el('label', { for: 'cache-mib' }, 'Cache cap (MiB)'), cache,
    el('label', { for: 'upload-kib' }, 'Upload cap (KiB/s, 0 = no cap)'), upload,
    el('label', { for: 'metered' }, 'Metered connection (upload nothing)'), metered,
    el('p', { class: 'hint' }, 'Kept across restarts. Lowering the cache cap removes the least recently watched segments.'),
    el('button', { type: 'submit' }, 'Save'), status);
  app.settings = s;
  show(el('h2', {}, 'Settings'), form);
}

window.addEventListener('hashchange', route);
me();
route();
