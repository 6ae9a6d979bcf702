#!/usr/bin/env node
// Drives the agent's own app (http://127.0.0.1:<port>/) in Debian Chromium through playwright-core, one command at a
// time, so the test can check the agents between the steps a subscriber takes.
//
//   node app.mjs --app http://127.0.0.1:8090/ [--chromium /usr/bin/chromium] [--shots DIR]
//
// Reads one JSON command per line on stdin and answers one JSON line on stdout ({"ok":true,...} or {"ok":false,
// "error":"..."}). Commands: open, browse {query,name}, play {name,seconds,subtitles}, stopSeeding, resumeSeeding,
// settings {metered}, deleteTitle {titleId}, crossOrigin {titleId}, shot {name}, quit.

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

function parseArgs(argv) {
  const opts = { app: null, chromium: '/usr/bin/chromium', shots: null };
  for (let i = 0; i < argv.length; i += 2) {
    const name = (argv[i] || '').replace(/^--/, '');
    if (!(name in opts) || argv[i + 1] === undefined) throw new Error('usage: --app URL [--chromium PATH] [--shots DIR]');
    opts[name] = argv[i + 1];
  }
  if (!opts.app || !opts.app.startsWith('http://127.0.0.1:')) throw new Error('--app must be http://127.0.0.1:<port>/');
  return opts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const opts = parseArgs(process.argv.slice(2));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-app-'));
const consoleLines = [];
let context;
let page;

async function shot(name) {
  if (!opts.shots) return null;
  fs.mkdirSync(opts.shots, { recursive: true });
  const file = path.join(opts.shots, name + '.png');
  await page.screenshot({ path: file });
  return file;
}

const state = () => page.evaluate(() => JSON.parse(JSON.stringify(window.riffleApp)));

const commands = {
  async open() {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: opts.chromium,
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--autoplay-policy=no-user-gesture-required'],
      timeout: 60_000,
    });
    page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => { if (consoleLines.length < 200) consoleLines.push(m.type() + ': ' + m.text()); });
    page.on('pageerror', (e) => { if (consoleLines.length < 200) consoleLines.push('pageerror: ' + e.message); });
    page.on('dialog', (d) => d.accept());
    await page.goto(opts.app, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => window.riffleApp && window.riffleApp.me && window.riffleApp.catalogue,
      null, { timeout: 30_000 });
    const s = await state();
    return { me: s.me, titles: s.catalogue.map((t) => t.name), header: await page.textContent('#me') };
  },

  /** Signs in from the page: the agent shows a code and a link; the user approves on the issuer's page. */
  async signIn({ username, password }) {
    await page.click('#signin');
    await page.waitForSelector('#signin-link', { timeout: 20_000 });
    const link = await page.getAttribute('#signin-link', 'href');
    const code = await page.textContent('#signin-code');
    const shown = await shot('sign-in');
    const issuer = await context.newPage();
    try {
      await issuer.goto(link, { waitUntil: 'load' });
      await issuer.fill('input[name="username"]', username);
      await issuer.fill('input[name="password"]', password);
      await Promise.all([issuer.waitForNavigation({ timeout: 20_000 }), issuer.click('button[value="approve"]')]);
    } finally {
      await issuer.close();
    }
    await page.waitForFunction(() => window.riffleApp.me && window.riffleApp.me.signedIn, null, { timeout: 30_000 });
    return { code, link, header: await page.textContent('#me'), shot: shown };
  },

  async browse({ query, name }) {
    await page.goto(opts.app + '#/', { waitUntil: 'load' });
    await page.fill('#q', query);
    await page.press('#q', 'Enter');
    await page.waitForSelector(`#titles .title-card:has-text("${name}")`, { timeout: 20_000 });
    const cards = await page.$$eval('#titles .title-card', (cs) => cs.map((c) => c.dataset.id));
    return { cards, shot: await shot('catalogue') };
  },

  /** Opens a title from the catalogue and plays it; {subtitles} selects a track, {audioOnly} expects no frames. */
  async play({ name, seconds, subtitles, audioOnly }) {
    await page.click(`#titles .title-card:has-text("${name}")`);
    await page.waitForSelector('#video', { timeout: 20_000 });
    if (subtitles) {
      await page.waitForFunction((lang) => (window.riffleApp.subtitleTracks || []).includes(lang), subtitles,
        { timeout: 30_000 });
      await page.selectOption('#subtitles', { label: subtitles });
    }
    await page.waitForFunction((audio) => (audio ? window.riffleApp.currentTime > 0 : window.riffleApp.frames > 0)
      && !window.riffleApp.paused, !!audioOnly, { timeout: 60_000 });
    const start = await state();
    const began = Date.now();
    while (Date.now() - began < seconds * 1000) await sleep(250);
    await page.waitForFunction(() => window.riffleApp.sources && window.riffleApp.sources.cells.includes('p'),
      null, { timeout: 15_000 }).catch(() => {});
    const end = await state();
    const tracks = await page.$eval('#video', (v) => Array.from(v.textTracks).map((t) => ({
      language: t.language, label: t.label, mode: t.mode, cues: t.cues ? t.cues.length : 0 })));
    return {
      framesStart: start.frames, framesEnd: end.frames,
      currentTimeStart: start.currentTime, currentTimeEnd: end.currentTime,
      subtitleTracks: end.subtitleTracks, textTracks: tracks, subtitleCueChanges: end.subtitleCues,
      selectedSubtitles: await page.$eval('#subtitles', (s) => s.options[s.selectedIndex].text),
      mediaError: await page.$eval('#video', (v) => (v.error ? v.error.code + ' ' + v.error.message : null)),
      sources: end.sources, peerCells: await page.$$eval('#bar .cell.peer', (c) => c.length),
      playheadCells: await page.$$eval('#bar .cell.now', (c) => c.length),
      errors: end.errors, shot: await shot(audioOnly ? 'title-audio' : 'title'),
    };
  },

  async stopSeeding() {
    await page.click('#seeding:has-text("Stop seeding")');
    await page.waitForFunction(() => window.riffleApp.sources && window.riffleApp.sources.seeding === false,
      null, { timeout: 10_000 });
    return { button: await page.textContent('#seeding') };
  },

  async resumeSeeding() {
    await page.click('#seeding:has-text("Resume seeding")');
    await page.waitForFunction(() => window.riffleApp.sources && window.riffleApp.sources.seeding === true,
      null, { timeout: 10_000 });
    return { button: await page.textContent('#seeding') };
  },

  async settings({ metered }) {
    await page.goto(opts.app + '#/settings', { waitUntil: 'load' });
    await page.waitForSelector('#metered', { timeout: 10_000 });
    await page.setChecked('#metered', metered);
    await page.click('form.settings button[type="submit"]');
    await page.waitForFunction((m) => window.riffleApp.settings && window.riffleApp.settings.metered === m
      && document.getElementById('saved').textContent.startsWith('Saved'), metered, { timeout: 10_000 });
    return { saved: await page.textContent('#saved'), shot: await shot('settings') };
  },

  async deleteTitle({ titleId }) {
    await page.goto(opts.app + '#/library', { waitUntil: 'load' });
    const row = `tr[data-id="${titleId}"]`;
    await page.waitForSelector(row, { timeout: 10_000 });
    const before = await shot('library');
    await page.click(`${row} button.danger`);
    await page.waitForSelector(row, { state: 'detached', timeout: 20_000 });
    return { shot: before };
  },

  /** A page on another origin tries to stop seeding and delete through the subscriber's browser. */
  async crossOrigin({ titleId }) {
    const target = new URL(opts.app);
    const evil = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>not the agent</title><script>
        window.result = {};
        const api = ${JSON.stringify(target.origin)} + '/api/titles/' + ${JSON.stringify(encodeURIComponent(titleId))};
        (async () => {
          // a simple request (no preflight): it reaches the agent, which must refuse it by its Origin
          try { await fetch(api + '/seeding', { method: 'POST', mode: 'no-cors', body: '{"seeding":false}',
            headers: { 'Content-Type': 'text/plain' } }); window.result.post = 'sent'; }
          catch (e) { window.result.post = 'failed: ' + e.message; }
          // a DELETE needs a preflight the agent never grants
          try { const r = await fetch(api, { method: 'DELETE' }); window.result.del = 'status ' + r.status; }
          catch (e) { window.result.del = 'blocked: ' + e.message; }
          // reading the agent's API from another origin is not allowed either
          try { const r = await fetch(${JSON.stringify(target.origin)} + '/api/library');
            window.result.read = 'read ' + (await r.text()).length; }
          catch (e) { window.result.read = 'blocked: ' + e.message; }
          window.result.done = true;
        })();
      </script>`);
    });
    await new Promise((r) => evil.listen(0, '127.0.0.1', r));
    const evilPage = await context.newPage();
    try {
      await evilPage.goto('http://127.0.0.1:' + evil.address().port + '/', { waitUntil: 'load' });
      await evilPage.waitForFunction(() => window.result && window.result.done, null, { timeout: 20_000 });
      return { origin: 'http://127.0.0.1:' + evil.address().port, result: await evilPage.evaluate(() => window.result) };
    } finally {
      await evilPage.close();
      evil.close();
    }
  },

  async shot({ name, hash }) {
    if (hash !== undefined) {
      await page.goto(opts.app + hash, { waitUntil: 'load' });
      await sleep(1000);
    }
    return { shot: await shot(name) };
  },
};

async function quit() {
  if (context) await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  let cmd;
  try { cmd = JSON.parse(line); } catch (e) { process.stdout.write(JSON.stringify({ ok: false, error: 'bad JSON' }) + '\n'); continue; }
  if (cmd.op === 'quit') break;
  const f = commands[cmd.op];
  try {
    if (!f) throw new Error('unknown command ' + cmd.op);
    const out = await f(cmd);
    process.stdout.write(JSON.stringify({ ok: true, ...out }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e),
      console: consoleLines.slice(-30) }) + '\n');
  }
}
await quit();
setTimeout(() => process.exit(0), 3_000).unref();
