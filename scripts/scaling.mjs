#!/usr/bin/env node
// How sou scales with the size of the corpus: builds corpora of about 0.05, 1, 5 and 20 MB of
// text and measures, for each, what a site owner and a reader pay. Writes target/scaling/
// (corpora, indexes, sites, results.json) and docs/scaling.svg; prints a Markdown table for
// docs/scaling.md. Not part of make test: it takes about a quarter of an hour.
//
//   node scripts/scaling.mjs [--measure-only]   (make scaling; needs target/release/sou: cargo build --release -p sou-cli)
//
// --measure-only reuses the corpora, builds and build times of the last run and measures again.
//
// The corpora, deterministically (text = the bytes of the corpus files):
//   0.05 MB  seeds/ (5 news articles, 60 KB)
//   1 MB     seeds/ + the Vue docs (tests/corpora/vue-docs-zh, its 114 .md files, 965 KB)
//   5 MB     seeds/ + 5 copies of the Vue docs
//   20 MB    seeds/ + 21 copies of the Vue docs
// Copy k is the folder vue-k/ (URLs differ), its pages' titles (front matter `title:` or first
// `# ` heading) end in ` (k)` from the second copy on; the text is otherwise the same.
//
// For each corpus:
//   - index build: `sou build DIR -o FILE` (the release command, jieba's dictionary load
//     included), wall clock; and the whole wasm build (scripts/build-wasm.sh: cargo, build.rs,
//     wasm-bindgen, wasm-opt) with everything but the sou crate already compiled;
//   - the module's size, raw and gzip (level 9), and the index's parts (`sou stats --json`);
//   - fetched before the first result (gzip) and navigation → first result, loading the demo page
//     with ?q=, each run a fresh browser context; the median of RUNS;
//   - query() p50 / p95 in the page, over the judged queries of both corpora and random 2–6
//     character substrings of the text;
//   - the same site with the index in shards (SOU_SHARDS=1: the module without an index, the
//     head and the text shards beside it): their sizes, fetched before the first result and the
//     time to it as above, and the shards each query needs (query().missing with only the head
//     loaded), with their gzip bytes.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { serve } from './serve.mjs';
import {
  buildWasm, coldLoads, gzipSize, judgedQueries, launchBrowser, median, percentile, queryLatencies, repo, www,
} from '../tests/browser/lib.mjs';

const OUT = path.join(repo, 'target/scaling');
const SOU = path.join(repo, 'target/release/sou');
const VUE = path.join(repo, 'tests/corpora/vue-docs-zh');
const SEEDS = path.join(repo, 'seeds');
const CORPORA = [['0.05mb', 0.05e6], ['1mb', 1e6], ['5mb', 5e6], ['20mb', 20e6]];
const RUNS = 5;
const RANDOM_QUERIES = 40;

const log = (line) => process.stderr.write(`sou scaling: ${line}\n`);

async function walk(dir, base = dir) {
  const out = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await walk(full, base));
    else if (/\.(md|txt|html)$/.test(entry.name)) out.push(path.relative(base, full));
  }
  return out;
}

/** Numbers a page's title: the front matter's title: line, else its first # heading. */
function numbered(source, k) {
  const lines = source.split('\n');
  let at = -1;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    at = lines.slice(1, end).findIndex((line) => /^title:/.test(line));
    if (at >= 0) at += 1;
  }
  if (at < 0) at = lines.findIndex((line) => /^# /.test(line));
  if (at >= 0) lines[at] = lines[at].replace(/\s*$/, ` (${k})`);
  return lines.join('\n');
}

async function makeCorpus(name, target) {
  const dir = path.join(OUT, 'corpora', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  for (const file of await walk(SEEDS)) {
    const text = await readFile(path.join(SEEDS, file));
    await cp(path.join(SEEDS, file), path.join(dir, 'seeds', file));
    bytes += text.length;
  }
  const vue = await walk(VUE);
  const sources = await Promise.all(vue.map((file) => readFile(path.join(VUE, file), 'utf8')));
  const vueBytes = sources.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const copies = target < 2 * bytes ? 0 : Math.max(1, Math.round((target - bytes) / vueBytes));
  for (let k = 0; k < copies; k++) {
    for (const [i, file] of vue.entries()) {
      const text = k === 0 ? sources[i] : numbered(sources[i], k);
      const to = path.join(dir, `vue-${k}`, file);
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, text);
      bytes += Buffer.byteLength(text);
    }
  }
  return { name, dir, bytes, copies, files: (await walk(dir)).length };
}

function run(command, args, env = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout };
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSubstrings(docs, count) {
  const next = random(20261121);
  const out = [];
  while (out.length < count) {
    const doc = docs[Math.floor(next() * docs.length)];
    const passage = [...doc.passages[Math.floor(next() * doc.passages.length)] ?? ''];
    const length = 2 + Math.floor(next() * 5);
    if (passage.length < length) continue;
    const start = Math.floor(next() * (passage.length - length + 1));
    const q = passage.slice(start, start + length).join('');
    if (/^\S+$/u.test(q)) out.push(q);
  }
  return out;
}

/** A page of a fresh browser context at `url`, patient with large sites. */
async function freshPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(url);
  return { context, page };
}

async function measureSite(browser, corpus, site, queryPool) {
  const server = await serve(site, { port: 0 });
  try {
    const { context, page } = await freshPage(browser, server.url);
    const host = page.locator('sou-search');
    const { info, docs } = await host.evaluate(async (host) => {
      const sou = await host.load();
      const docs = sou.documents().map(({ url }) => ({ url, passages: sou.document(url).passages.map((p) => p.text) }));
      return { info: sou.info(), docs };
    });
    const queries = [...queryPool, ...randomSubstrings(docs, RANDOM_QUERIES)];
    const firstQuery = await host.evaluate(async (host, queries) => {
      const sou = await host.load();
      return queries.find((q) => sou.search(q, { limit: 1 }).length > 0);
    }, queries);
    log(`${corpus.name}: ${queries.length} queries`);
    const latencies = await queryLatencies(host, queries, { warm: 2, rounds: 1, minCalls: 3, minMs: 10 });
    await context.close();
    log(`${corpus.name}: cold loads with ?q=${firstQuery}`);
    const { times, fetched } = await coldLoads(browser, `${server.url}?q=${encodeURIComponent(firstQuery)}`, site, { runs: RUNS, timeout: 120_000 });
    const textGzip = gzipSize(Buffer.from(docs.map((d) => d.passages.join('\u001e')).join('\u001e')));
    return { info, firstQuery, queryList: queries, queries: queries.length, latencies, times, fetched, textGzip };
  } finally {
    server.close();
  }
}

/** The sharded site: sizes, cold loads with the same ?q=, and the shards each query needs. */
async function measureShardedSite(browser, corpus, site, queries, firstQuery) {
  const pkg = path.join(site, 'pkg');
  const files = await readdir(pkg);
  const shardGzip = new Map();
  for (const file of files.filter((f) => /^index\.\d+\.[0-9a-f]+\.sou$/.test(f))) {
    shardGzip.set(file, gzipSize(await readFile(path.join(pkg, file))));
  }
  const head = await readFile(path.join(pkg, 'index.sou'));
  const wasm = await readFile(path.join(pkg, 'sou_bg.wasm'));
  const server = await serve(site, { port: 0 });
  try {
    const { context, page } = await freshPage(browser, server.url);
    // With only the head loaded, what each query reads: its shards and their gzip bytes.
    const missing = await page.locator('sou-search').evaluate(async (host, queries) => {
      const sou = await host.load();
      return queries.map((q) => sou.query(q, { limit: 10 }).missing);
    }, queries);
    await context.close();
    const needs = missing.map((names) => ({ shards: names.length, bytes: names.reduce((n, f) => n + (shardGzip.get(f) ?? 0), 0) }));
    log(`${corpus.name} sharded: cold loads with ?q=${firstQuery}`);
    const { times, fetched } = await coldLoads(browser, `${server.url}?q=${encodeURIComponent(firstQuery)}`, site, { runs: RUNS, timeout: 120_000 });
    return {
      shards: shardGzip.size,
      shardGzipMedian: median([...shardGzip.values()]),
      shardGzipTotal: [...shardGzip.values()].reduce((a, b) => a + b, 0),
      head: { raw: head.length, gzip: gzipSize(head) },
      module: { raw: wasm.length, gzip: gzipSize(wasm) },
      needs, times, fetched,
    };
  } finally {
    server.close();
  }
}

// ---------------------------------------------------------------------------------------------

if (!existsSync(SOU)) throw new Error('target/release/sou is missing: cargo build --release -p sou-cli');
if (!existsSync(path.join(www, 'sou-search.js'))) throw new Error('www/ is missing');
await mkdir(OUT, { recursive: true });
const queryPool = [...await judgedQueries('vue-docs-zh'), ...await judgedQueries('seeds')];
// --measure-only: reuse the corpora, builds and build times of the last run (results.json).
const measureOnly = process.argv.includes('--measure-only');
const results = measureOnly ? JSON.parse(await readFile(path.join(OUT, 'results.json'), 'utf8')).results.map((r) => ({
  corpus: r.corpus, indexBuild: r.indexBuild, wasmBuild: r.wasmBuild, shardedBuild: r.shardedBuild, stats: r.stats, index: r.index, module: r.module, glue: r.glue,
})) : [];

// Builds first, one after the other, so that they do not compete with the measurements.
for (const [name, target] of measureOnly ? [] : CORPORA) {
  const corpus = await makeCorpus(name, target);
  log(`${name}: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(2)} MB; building`);
  const indexFile = path.join(OUT, `${name}.sou`);
  const index = run(SOU, ['build', corpus.dir, '-o', indexFile]);
  const stats = JSON.parse(run(SOU, ['stats', '--index', indexFile, '--json']).stdout);
  const indexBytes = await readFile(indexFile);
  const site = path.join(OUT, `site-${name}`);
  await rm(site, { recursive: true, force: true });
  await cp(www, site, { recursive: true, filter: (source) => !/[\\/](pkg|dist)$/.test(source) });
  const started = performance.now();
  await buildWasm(corpus.dir, path.join(site, 'pkg'));
  const wasmBuild = (performance.now() - started) / 1000;
  const wasm = await readFile(path.join(site, 'pkg/sou_bg.wasm'));
  results.push({
    corpus: { name, bytes: corpus.bytes, files: corpus.files, copies: corpus.copies },
    indexBuild: index.seconds, wasmBuild, stats,
    index: { raw: indexBytes.length, gzip: gzipSize(indexBytes) },
    module: { raw: wasm.length, gzip: gzipSize(wasm) },
    glue: gzipSize(await readFile(path.join(site, 'pkg/sou.js'))) + gzipSize(await readFile(path.join(site, 'sou-search.js'))),
  });
  const sharded = path.join(OUT, `site-${name}-sharded`);
  await rm(sharded, { recursive: true, force: true });
  await cp(www, sharded, { recursive: true, filter: (source) => !/[\\/](pkg|dist)$/.test(source) });
  const shardStart = performance.now();
  await buildWasm(corpus.dir, path.join(sharded, 'pkg'), { shards: true });
  results.at(-1).shardedBuild = (performance.now() - shardStart) / 1000;
  log(`${name}: index ${index.seconds.toFixed(2)} s, wasm build ${wasmBuild.toFixed(1)} s, module ${(wasm.length / 1e6).toFixed(2)} MB`);
}

const browser = await launchBrowser();
const chromium = browser.version();
try {
  for (const result of results) {
    const site = path.join(OUT, `site-${result.corpus.name}`);
    Object.assign(result, await measureSite(browser, { name: result.corpus.name }, site, queryPool));
    const sharded = path.join(OUT, `site-${result.corpus.name}-sharded`);
    result.sharded = await measureShardedSite(browser, { name: result.corpus.name }, sharded, result.queryList, result.firstQuery);
    delete result.queryList;
  }
} finally {
  await browser.close();
}

const machine = {
  load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
  cpu: os.cpus()[0]?.model ?? '?', cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30),
  chromium, node: process.version, date: new Date().toISOString().slice(0, 10),
};
await writeFile(path.join(OUT, 'results.json'), JSON.stringify({ machine, results }, null, 1));
await writeFile(path.join(repo, 'docs/scaling.svg'), chart(results));

// ---------------------------------------------------------------------------------------------
// The table

const mb = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;
const kbs = (bytes) => (bytes < 1e6 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const ms = (us) => (us < 1000 ? `${(us / 1000).toFixed(2)}` : `${(us / 1000).toFixed(1)}`);
const rows = [
  ['text (files)', ...results.map((r) => `${mb(r.corpus.bytes)} (${r.corpus.files})`)],
  ['documents / passages', ...results.map((r) => `${r.stats.documents} / ${r.stats.passages}`)],
  ['index build, `sou build` (s)', ...results.map((r) => r.indexBuild.toFixed(2))],
  ['wasm build, incremental (s)', ...results.map((r) => r.wasmBuild.toFixed(0))],
  ['index raw / gzip', ...results.map((r) => `${kbs(r.index.raw)} / ${kbs(r.index.gzip)}`)],
  ['module raw / gzip', ...results.map((r) => `${kbs(r.module.raw)} / ${kbs(r.module.gzip)}`)],
  ['fetched before 1st result, gzip', ...results.map((r) => kbs(r.fetched.total))],
  [`1st result, fastest / median of ${RUNS} (ms)`, ...results.map((r) => `${Math.min(...r.times).toFixed(0)} / ${median(r.times).toFixed(0)}`)],
  ['query() p50 / p95 (ms)', ...results.map((r) => `${ms(percentile(r.latencies, 50))} / ${ms(percentile(r.latencies, 95))}`)],
  ['query() max (ms)', ...results.map((r) => ms(Math.max(...r.latencies)))],
  ['text gzip / index less text, gzip', ...results.map((r) => `${kbs(r.textGzip)} / ${kbs(r.index.gzip - r.textGzip)}`)],
  ['**sharded** (SOU_SHARDS=1): build (s)', ...results.map((r) => r.shardedBuild.toFixed(0))],
  ['module gzip / head raw / head gzip', ...results.map((r) => `${kbs(r.sharded.module.gzip)} / ${kbs(r.sharded.head.raw)} / ${kbs(r.sharded.head.gzip)}`)],
  ['text shards: how many, gzip median / all', ...results.map((r) => `${r.sharded.shards}, ${kbs(r.sharded.shardGzipMedian)} / ${kbs(r.sharded.shardGzipTotal)}`)],
  ['fetched before 1st result, gzip', ...results.map((r) => kbs(r.sharded.fetched.total))],
  [`1st result, fastest / median of ${RUNS} (ms)`, ...results.map((r) => `${Math.min(...r.sharded.times).toFixed(0)} / ${median(r.sharded.times).toFixed(0)}`)],
  ['shards a query reads, p50 / p95', ...results.map((r) => { const v = r.sharded.needs.map((n) => n.shards); return `${percentile(v, 50)} / ${percentile(v, 95)}`; })],
  ['their gzip bytes, p50 / p95', ...results.map((r) => { const v = r.sharded.needs.map((n) => n.bytes); return `${kbs(percentile(v, 50))} / ${kbs(percentile(v, 95))}`; })],
];
console.log(`\n| | ${CORPORA.map(([name]) => name.replace('mb', ' MB')).join(' | ')} |`);
console.log(`|---|${CORPORA.map(() => '---:').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nmachine: ${JSON.stringify(machine)}`);
for (const r of results) {
  console.log(`${r.corpus.name}: first result for ?q=${r.firstQuery}: ${r.times.map((t) => t.toFixed(0)).join(', ')} ms; fetched ${r.fetched.files.join(', ')}`);
  console.log(`  parts: ${Object.entries(r.stats.parts).map(([k, v]) => `${k} ${kbs(v)}`).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// The chart: four panels of bars, one bar (or pair) per corpus, values written on them.

function chart(results) {
  const W = 880;
  const H = 560;
  const panels = [
    { title: 'fetched before the first result, gzip (KB)', series: [['one module', (r) => r.fetched.total / 1024], ['sharded', (r) => r.sharded.fetched.total / 1024]], line: [1024, '1 MB'] },
    { title: 'build time (s)', series: [['sou build', (r) => r.indexBuild], ['wasm build', (r) => r.wasmBuild]] },
    { title: `navigation → first result, median of ${RUNS} (ms)`, series: [['one module', (r) => median(r.times)], ['sharded', (r) => median(r.sharded.times)]] },
    { title: 'query() in the page (ms)', series: [['p50', (r) => percentile(r.latencies, 50) / 1000], ['p95', (r) => percentile(r.latencies, 95) / 1000]] },
  ];
  const colours = ['#0f766e', '#d97706'];
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">sou: one wasm module or a sharded index, corpora of 0.05 to 20 MB of text (${new Date().toISOString().slice(0, 10)})</text>`];
  const pw = W / 2;
  const ph = (H - 40) / 2;
  panels.forEach((panel, p) => {
    const x0 = (p % 2) * pw + 60;
    const y0 = 40 + Math.floor(p / 2) * ph + 30;
    const w = pw - 90;
    const h = ph - 75;
    const values = results.map((r) => panel.series.map(([, f]) => f(r)));
    const max = Math.max(...values.flat(), panel.line?.[0] ?? 0) * 1.12;
    out.push(`<text x="${x0 + w / 2}" y="${y0 - 12}" text-anchor="middle" font-weight="600">${esc(panel.title)}</text>`);
    out.push(`<line x1="${x0}" y1="${y0 + h}" x2="${x0 + w}" y2="${y0 + h}" stroke="#444"/>`);
    out.push(`<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y0 + h}" stroke="#444"/>`);
    const group = w / results.length;
    const bar = (group * 0.7) / panel.series.length;
    results.forEach((r, i) => {
      const gx = x0 + i * group + group * 0.15;
      out.push(`<text x="${x0 + i * group + group / 2}" y="${y0 + h + 16}" text-anchor="middle">${esc(r.corpus.name.replace('mb', ' MB'))}</text>`);
      values[i].forEach((v, s) => {
        const bh = (v / max) * h;
        const bx = gx + s * bar;
        out.push(`<rect x="${bx.toFixed(1)}" y="${(y0 + h - bh).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="${colours[s]}"/>`);
        out.push(`<text x="${(bx + bar / 2 - 1).toFixed(1)}" y="${(y0 + h - bh - 4).toFixed(1)}" text-anchor="middle" font-size="10">${fmt(v)}</text>`);
      });
    });
    if (panel.line) {
      const ly = y0 + h - (panel.line[0] / max) * h;
      out.push(`<line x1="${x0}" y1="${ly.toFixed(1)}" x2="${x0 + w}" y2="${ly.toFixed(1)}" stroke="#b91c1c" stroke-dasharray="4 3"/>`);
      out.push(`<text x="${x0 + 4}" y="${(ly - 4).toFixed(1)}" fill="#b91c1c" font-size="10">${esc(panel.line[1])}</text>`);
    }
    if (panel.series.length > 1) {
      panel.series.forEach(([label], s) => {
        out.push(`<rect x="${x0 + 8}" y="${y0 + 4 + s * 16}" width="10" height="10" fill="${colours[s]}"/>`);
        out.push(`<text x="${x0 + 22}" y="${y0 + 13 + s * 16}">${esc(label)}</text>`);
      });
    }
    out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 32}" text-anchor="middle" fill="#555" font-size="11">text of the corpus</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
