#!/usr/bin/env node
// Plays an HLS master playlist with hls.js in Debian Chromium (driven by playwright-core) and reports what happened.
//
//   node play.mjs --url http://127.0.0.1:8090/play/<title>/master.m3u8 [--seconds 10] [--timeout 90]
//                 [--screenshot out/playback.png] [--out out/result.json] [--chromium /usr/bin/chromium]
//
// The page and hls.js are served by a tiny static server on 127.0.0.1 that also forwards /play/* to the agent, so the
// page and the playlists share one origin: the agent's player side sends no CORS headers (players such as ffplay and
// VLC need none). The agent writes segment and key URIs as absolute paths (/play/{title}/...), which is why the
// forwarded prefix is /play/ itself rather than a prefix of our own.
//
// Prints one JSON object on stdout (also written to --out). Exit code: 0 when it played --seconds with no stall and
// no fatal error, 1 when the report says it did not, 2 when the run itself could not happen (bad flags, no browser).

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { seconds: 10, timeout: 90, screenshot: null, out: null, chromium: '/usr/bin/chromium', url: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (!k.startsWith('--') || v === undefined) throw new Error('usage: --url URL [--seconds N] [--timeout N] '
      + '[--screenshot PNG] [--out JSON] [--chromium PATH]');
    const name = k.slice(2);
    if (!(name in opts)) throw new Error('unknown flag ' + k);
    opts[name] = name === 'seconds' || name === 'timeout' ? Number(v) : v;
    i++;
  }
  if (!opts.url) throw new Error('--url is required');
  const u = new URL(opts.url);
  if (u.protocol !== 'http:') throw new Error('--url must be http://');
  if (!u.pathname.startsWith('/play/')) throw new Error('--url must be an agent playlist: http://host:port/play/...');
  if (!(opts.seconds > 0) || !(opts.timeout > opts.seconds)) throw new Error('need 0 < seconds < timeout');
  return opts;
}

/** Static page + hls.js from node_modules + /play/* and /status forwarded to the agent; 127.0.0.1 only. */
function startServer(target) {
  const files = {
    '/player.html': [path.join(here, 'player.html'), 'text/html; charset=utf-8'],
    '/hls.min.js': [path.join(here, 'node_modules', 'hls.js', 'dist', 'hls.min.js'), 'text/javascript'],
  };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    if (u.pathname.startsWith('/play/') || u.pathname === '/status') {
      const up = http.request({
        host: target.hostname, port: target.port, method: req.method,
        path: u.pathname + u.search,
        headers: { accept: req.headers.accept || '*/*' },
      }, (ar) => {
        const headers = {};
        for (const h of ['content-type', 'content-length', 'cache-control']) {
          if (ar.headers[h]) headers[h] = ar.headers[h];
        }
        res.writeHead(ar.statusCode, headers);
        ar.pipe(res);
      });
      up.setTimeout(30_000, () => up.destroy(new Error('agent timeout')));
      up.on('error', (e) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('agent unreachable: ' + e.message);
      });
      req.pipe(up);
      return;
    }
    if (u.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    const f = files[u.pathname];
    if (!f || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': f[1], 'cache-control': 'no-store' });
    fs.createReadStream(f[0]).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  if (!fs.existsSync(opts.chromium)) {
    console.error('no Chromium at ' + opts.chromium + ' (Debian package chromium)');
    return 2;
  }
  const target = new URL(opts.url);
  const server = await startServer(target);
  const base = 'http://127.0.0.1:' + server.address().port;
  const pageUrl = base + '/player.html?src=' + encodeURIComponent(target.pathname + target.search);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-chromium-'));
  const console_ = [];
  let context;
  const report = { url: opts.url, page: pageUrl, wantedSeconds: opts.seconds };
  const started = Date.now();
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: opts.chromium,
      headless: true,
      viewport: { width: 984, height: 780 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--autoplay-policy=no-user-gesture-required'],
      timeout: 60_000,
    });
    report.browserVersion = context.browser() ? context.browser().version() : null;
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (m) => { if (console_.length < 100) console_.push(m.type() + ': ' + m.text()); });
    page.on('pageerror', (e) => { if (console_.length < 100) console_.push('pageerror: ' + e.message); });
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 30_000 });

    const deadline = started + opts.timeout * 1000;
    let s;
    // Poll the page until it has played long enough, failed for good, or time is up.
    for (;;) {
      s = await page.evaluate(() => ({ ...window.riffle, errors: window.riffle.errors.slice() }));
      if (s.fatal || s.mediaError || s.state === 'ended') break;
      if (s.playingMs >= opts.seconds * 1000) break;
      if (Date.now() > deadline) { report.timedOut = true; break; }
      await sleep(250);
    }
    if (opts.screenshot) {
      fs.mkdirSync(path.dirname(path.resolve(opts.screenshot)), { recursive: true });
      await page.screenshot({ path: opts.screenshot });
      report.screenshot = path.resolve(opts.screenshot);
    }
    Object.assign(report, {
      hlsVersion: s.hlsVersion,
      mseH264: s.mseH264,
      state: s.state,
      playingSeconds: s.playingMs / 1000,
      startupSeconds: s.startedAt === null ? null : s.startedAt / 1000,
      firstCurrentTime: s.firstCurrentTime,
      currentTime: s.currentTime,
      currentTimeAdvance: s.firstCurrentTime === null ? 0 : s.currentTime - s.firstCurrentTime,
      stalls: s.stalls,
      waitingEvents: s.waitingEvents,
      bufferStalls: s.bufferStalls,
      fragsLoaded: s.fragsLoaded,
      level: s.level,
      errors: s.errors,
      fatalError: s.fatal,
      mediaError: s.mediaError,
      agent: s.agent,
    });
  } catch (e) {
    report.runError = String(e && e.message ? e.message : e);
  } finally {
    report.console = console_;
    report.wallSeconds = (Date.now() - started) / 1000;
    if (context) await context.close().catch(() => {});
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  report.ok = !report.runError && !report.timedOut && !report.fatalError && !report.mediaError
    && report.stalls === 0 && report.playingSeconds >= opts.seconds
    && report.currentTimeAdvance >= opts.seconds * 0.9;
  const json = JSON.stringify(report, null, 2);
  if (opts.out) {
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    fs.writeFileSync(opts.out, json + '\n');
  }
  process.stdout.write(json + '\n');
  if (report.runError) return 2;
  return report.ok ? 0 : 1;
}

// A hard stop in case the browser hangs on close: the caller bounds us too, but never leave a process behind.
main().then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5_000).unref();
});
