// What the browser tests and the browser benchmark share: Debian's Chromium through
// playwright-core, temporary copies of the site, and wasm builds of other corpora.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const www = path.join(repo, 'www');

// Never a downloaded browser: the system's, with nothing that would reach the network.
const CHROMIUM = process.env.SOU_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Chromium, headless. Playwright gives every launch a fresh temporary profile (user-data-dir). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true }).catch((error) => {
    throw new Error(`cannot start ${CHROMIUM} (make browser-tools installs it): ${error.message}`);
  });
}

/** A temporary copy of www/ (without pkg/ and dist/ unless `withBuild`), for tests that add or rebuild files. */
export async function copySite({ withBuild = true } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sou-site-'));
  await cp(www, dir, {
    recursive: true,
    filter: (source) => withBuild || !/[\\/](pkg|dist)$/.test(source),
  });
  return dir;
}

let building = Promise.resolve(); // builds share target/: one at a time (see buildWasm)

/**
 * Builds the wasm of corpus `corpus` into `outDir` with scripts/build-wasm.sh; rejects with its
 * output on failure. `baseUrl` and `urlSuffix` are SOU_BASE_URL and SOU_URL_SUFFIX (default: none);
 * `shards` builds the module without an index and the index in shards beside it (SOU_SHARDS=1).
 * Builds run one after another, never at once: each leaves its module in the same
 * target/wasm32-unknown-unknown/release/sou.wasm before wasm-bindgen reads it, so two at once
 * could hand one corpus's module to the other's folder.
 */
export function buildWasm(corpus, outDir, { baseUrl = '', urlSuffix = '', shards = false } = {}) {
  const env = { ...process.env, SOU_CORPUS: corpus, SOU_BASE_URL: baseUrl, SOU_URL_SUFFIX: urlSuffix, SOU_SHARDS: shards ? '1' : '' };
  const run = building.then(() => runCommand(path.join(repo, 'scripts/build-wasm.sh'), [outDir], { env, what: `build-wasm.sh ${corpus}` }));
  building = run.catch(() => {});
  return run;
}

/** Runs `command` in the repository; resolves to its output, rejects with it (named `what`) on failure. */
export function runCommand(command, args, { env = process.env, what = command } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(log) : reject(new Error(`${what} failed (${code}):\n${log}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring (tests/browser/bench.mjs and scripts/scaling.mjs)

export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** The judged queries of tests/queries/<corpus>.tsv (none when it has no such file). */
export async function judgedQueries(corpus) {
  const file = path.join(repo, 'tests/queries', `${corpus}.tsv`);
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t')[0]);
}

/**
 * query() latency in the page of `host` (a locator of its <sou-search>), results converted to JS
 * objects included. Every query is first run `warm` times, all of them in turn (V8 compiles hot
 * wasm functions again, optimised, in the background: a query measured before that is done
 * measures the first compiler); then, in each of `rounds` rounds, every query in turn for at least
 * `minCalls` calls and `minMs`; a query's figure is the median of its rounds' means, so that a
 * busy moment of the machine spoils one round, not the figure. Resolves to one figure per query,
 * in µs.
 */
export function queryLatencies(host, queries, { warm = 60, rounds = 5, minCalls = 20, minMs = 10 } = {}) {
  return host.evaluate(async (host, { queries, warm, rounds, minCalls, minMs }) => {
    const sou = await host.load();
    for (let i = 0; i < warm; i++) for (const q of queries) sou.query(q, { limit: 10 });
    const means = queries.map(() => []);
    for (let round = 0; round < rounds; round++) {
      queries.forEach((q, k) => {
        // Enough calls that the clock's coarse resolution (0.1 ms in Chromium) does not matter.
        let calls = 0;
        const start = performance.now();
        let elapsed = 0;
        while (calls < minCalls || elapsed < minMs) {
          sou.query(q, { limit: 10 });
          calls++;
          elapsed = performance.now() - start;
        }
        means[k].push((elapsed / calls) * 1000); // µs
      });
    }
    return means.map((m) => m.sort((a, b) => a - b)[m.length >> 1]);
  }, { queries, warm, rounds, minCalls, minMs });
}

/**
 * Navigates `page` to `url` and waits until the page has set one of the performance marks
 * `names`; resolves to the name of the first one found. It watches without disturbing the load
 * it measures: Playwright's waitForFunction (and its first evaluate) puts a script of some 300 KB
 * into the page, 10–35 ms of the main thread in the middle of the load. Here a DevTools session,
 * attached before the navigation, asks the page a one-line expression every `interval` ms, after
 * a sleep in Node. A mark's startTime is when the page set it, however late it is read.
 */
export async function loadUntilMark(page, url, names, { timeout = 30_000, interval = 100 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const expression = `${JSON.stringify(names)}.find((name) => performance.getEntriesByName(name).length) ?? null`;
  try {
    await page.goto(url);
    for (const started = Date.now(); ;) {
      await new Promise((resolve) => setTimeout(resolve, interval));
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
      if (exceptionDetails) throw new Error(`loadUntilMark: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      if (result.value) return result.value;
      if (Date.now() - started > timeout) throw new Error(`no performance mark ${names.join(' or ')} after ${timeout} ms on ${url}`);
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Loads `url` (a page with a <sou-search> and ?q=) `runs` times, each in a fresh browser context
 * (empty cache), and waits for the element's performance mark of its first result. Resolves to
 * { times: navigation start → first result, ms, per run; fetched: { total, files } }, where
 * fetched is the gzip size (level 9) of every file of `siteDir` the first run had received when it
 * set the mark (the page's resource timing entries whose response ended before it: a sharded
 * index goes on fetching shards after its first result, and asks for the next batch in the same
 * task that shows the first one; the local server does not compress; a real host does).
 */
export async function coldLoads(browser, url, siteDir, { runs = 10, timeout = 30_000 } = {}) {
  const times = [];
  let fetched = null;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const load = await context.newPage();
    await loadUntilMark(load, url, ['sou-first-result'], { timeout });
    const { time, requested } = await load.evaluate(() => {
      const time = performance.getEntriesByName('sou-first-result')[0].startTime;
      const before = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= time).map((e) => e.name);
      return { time, requested: [location.href, ...before] };
    });
    times.push(time);
    if (!fetched) {
      fetched = { total: 0, files: [] };
      for (const requestUrl of [...new Set(requested)]) {
        let pathname = decodeURIComponent(new URL(requestUrl).pathname);
        if (pathname.endsWith('/')) pathname += 'index.html';
        const body = await readFile(path.join(siteDir, pathname)).catch(() => null);
        if (!body) continue;
        const gz = gzipSize(body);
        fetched.total += gz;
        fetched.files.push(`${pathname.slice(1)} ${kb(gz)}`);
      }
    }
    await context.close();
  }
  return { times, fetched };
}
