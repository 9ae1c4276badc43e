#!/usr/bin/env node
// The in-browser benchmark: prints numbers, asserts nothing. For the site in www/ (built by
// make site, any corpus) and for the Vue docs (built here into temporary copies of the site, one
// module with the index embedded, and SOU_SHARDS=1: the index in shards beside the module):
//
//   - bytes fetched before the first result: the gzip size (level 9) of every response the page
//     had received when its first result showed (the local server does not compress; a real host
//     does);
//   - navigation start → first result rendered, loading the page with ?q=<query>, each run in a
//     fresh browser context (empty cache); the median of RUNS runs;
//   - query() latency in the page, results converted to JS objects included, over the judged
//     queries of tests/queries/<corpus>.tsv: the mean of many calls per query, then the p50 and
//     p95 over the queries (a sharded index with every shard those queries need loaded first).
//
//   node tests/browser/bench.mjs

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { serve } from '../../scripts/serve.mjs';
import {
  buildWasm, coldLoads, copySite, judgedQueries, kb, launchBrowser, median, percentile, queryLatencies, www,
} from './lib.mjs';

const RUNS = 10;
const TARGETS = {
  bytes: { seeds: 80 * 1024, 'vue-docs-zh': 361 * 1024 },
  firstResultMs: 100,
  p95Us: 200,
};

async function measure(browser, siteDir) {
  const server = await serve(siteDir, { port: 0 });
  try {
    // What corpus this is, and its queries (titles' first words if it has no judged queries).
    const probe = await browser.newContext();
    const page = await probe.newPage();
    await page.goto(server.url);
    const info = await page.locator('sou-search').evaluate(async (host) => (await host.load()).info());
    let queries = await judgedQueries(info.corpus);
    if (queries.length === 0) {
      queries = await page.locator('sou-search').evaluate(async (host) =>
        (await host.load()).documents().map((d) => [...d.title].slice(0, 4).join('')).filter(Boolean).slice(0, 30));
    }
    const firstQuery = queries[0];
    if (info.shards > 0) {
      await page.locator('sou-search').evaluate(async (host, queries) => {
        const sou = await host.load();
        for (const q of queries) {
          for (let missing = sou.query(q).missing; missing.length; missing = sou.query(q).missing) await host.loadShards(missing);
        }
      }, queries);
    }

    // query() latency, in the page.
    const latencies = await queryLatencies(page.locator('sou-search'), queries);
    await probe.close();

    // Cold loads with ?q=: time to the first result, and what was fetched until then.
    const { times, fetched } = await coldLoads(browser, `${server.url}?q=${encodeURIComponent(firstQuery)}`, siteDir, { runs: RUNS });
    return { info, firstQuery, queries: queries.length, latencies, times, fetched };
  } finally {
    server.close();
  }
}

if (!existsSync(path.join(www, 'pkg/sou_bg.wasm'))) throw new Error('www/pkg is missing: run make site first');
// The Vue docs site is built first, so that the build does not compete with the measurements.
const sites = [www];
for (const shards of [false, true]) {
  // make site built www/ of $SOU_CORPUS, whole unless SOU_SHARDS
  if (path.basename(process.env.SOU_CORPUS ?? 'seeds') === 'vue-docs-zh' && shards === Boolean(Number(process.env.SOU_SHARDS ?? 0))) continue;
  process.stderr.write(`sou bench: building the Vue docs index${shards ? ' in shards' : ''} (about a minute)…\n`);
  const site = await copySite({ withBuild: false });
  await buildWasm('tests/corpora/vue-docs-zh', path.join(site, 'pkg'), { shards });
  sites.push(site);
}
const browser = await launchBrowser();
const results = [];
try {
  for (const site of sites) results.push(await measure(browser, site));
} finally {
  await browser.close();
  for (const site of sites.slice(1)) await rm(site, { recursive: true, force: true });
}

const mark = (ok) => (ok ? '✓' : '✗');
console.log('\nsou in Chromium (headless, this machine)\n');
const rows = [['corpus', 'fetched before 1st result (gzip)', `1st result, median of ${RUNS}`, 'query() p50 / p95']];
for (const r of results) {
  const bytesTarget = TARGETS.bytes[r.info.corpus];
  const first = median(r.times);
  const p50 = percentile(r.latencies, 50);
  const p95 = percentile(r.latencies, 95);
  rows.push([
    `${r.info.corpus}${r.info.shards ? `, ${r.info.shards} shards` : ''} (${r.info.documents} docs)`,
    `${kb(r.fetched.total)}${bytesTarget ? ` ${mark(r.fetched.total <= bytesTarget)} ≤ ${kb(bytesTarget)}` : ''}`,
    `${first.toFixed(0)} ms ${mark(first < TARGETS.firstResultMs)} < ${TARGETS.firstResultMs} ms`,
    `${p50.toFixed(0)} / ${p95.toFixed(0)} µs ${mark(p95 < TARGETS.p95Us)} p95 < ${TARGETS.p95Us} µs`,
  ]);
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => [...row[column]].length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, column) => cell.padEnd(widths[column] + (cell.length - [...cell].length))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log();
for (const r of results) {
  console.log(`${r.info.corpus}${r.info.shards ? ' (sharded)' : ''}: first result for ?q=${r.firstQuery}: ${r.times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`  fetched: ${r.fetched.files.join(', ')}`);
  console.log(`  query latency over ${r.queries} judged queries: min ${Math.min(...r.latencies).toFixed(0)} µs, max ${Math.max(...r.latencies).toFixed(0)} µs`);
}
