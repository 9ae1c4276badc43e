#!/usr/bin/env node
// sou beside its peers, in one run, on this machine, in the same headless Chromium, measured by
// the same code: Pagefind 1.6, FlexSearch 0.8 (CJK charset), MiniSearch 7 (Intl.Segmenter words)
// and Orama 3 (mandarin tokenizer). `make bench` runs it; BENCHMARKS.md and bench/chart.svg are
// its output.
//
//   node bench/peers.mjs                                   # the seeds and the Vue docs; writes BENCHMARKS.md
//   node bench/peers.mjs --corpus DIR [--queries TSV] ...  # any corpus (pairs may repeat); prints only
//        [--write] [--runs 5] [--substrings 300] [--keep]
//
// Fair setup: the documents come out of sou's own parse (the wasm module's documents() and
// document(url)), so every engine indexes exactly the same documents and text: title, and the
// passages' text joined by newlines as the body (Pagefind gets HTML pages written from them:
// h1 title, headings with their anchors, paragraphs, code). Each engine gets a static page
// (bench/pages/) that loads its library, bundled with esbuild as a site would ship it, and its
// prebuilt index, like a real site. For each engine and corpus:
//
//   - bytes fetched before the first result: every response the page asked for until the first
//     result was on the page, raw and gzip -9 (the local server does not compress; a host does);
//   - navigation start → first result on the page (?q= the first judged query), each load in a
//     fresh browser context (empty cache), the median of `runs`; the engines take turns per run;
//   - warm latency of the engine's search call in the page, over the judged queries and the
//     substrings: per query the mean of repeated calls, then p50 and p95 over the queries;
//   - substring recall: `substrings` random substrings of 2–6 characters of the passages' text
//     (fixed seed; weighted by length; at least one letter or digit; no space at either end);
//     a document is relevant when its title or one of its passages contains the substring (plain
//     substring scan, as written); recall = relevant documents in the top 10 / min(relevant, 10),
//     averaged; hit@1 = the first result is relevant;
//   - success@1 / @5 on the judged queries (tests/queries/*.tsv, matched as tests/judged.rs does):
//     @1 = the first expected document comes first, @5 = all expected documents are in the top 5.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { serve } from '../scripts/serve.mjs';
import { buildWasm, launchBrowser, loadUntilMark, repo, www } from '../tests/browser/lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ENGINES = ['sou', 'pagefind', 'flexsearch', 'minisearch', 'orama'];
const NAMES = {
  sou: 'sou',
  pagefind: 'Pagefind',
  flexsearch: 'FlexSearch (CJK charset)',
  minisearch: 'MiniSearch (Intl.Segmenter)',
  orama: 'Orama (mandarin tokenizer)',
};
const PACKAGES = { pagefind: 'pagefind', flexsearch: 'flexsearch', minisearch: 'minisearch', orama: '@orama/orama' };
const LITERAL_KINDS = new Set(['exact', 'topic', 'multi', 'phrase', 'width']);
const DEFAULTS = [
  { corpus: 'seeds', queries: 'tests/queries/seeds.tsv', seed: 2024 },
  { corpus: 'tests/corpora/vue-docs-zh', queries: 'tests/queries/vue-docs-zh.tsv', seed: 4048 },
];

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { targets: [], runs: 5, substrings: 300, write: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--corpus') options.targets.push({ corpus: value(), queries: null, seed: 2024 + options.targets.length });
    else if (arg === '--queries') {
      if (!options.targets.length) throw new Error('--queries comes after its --corpus');
      options.targets.at(-1).queries = value();
    } else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--substrings') options.substrings = Number(value());
    else if (arg === '--write') options.write = true;
    else if (arg === '--keep') options.keep = true;
    else throw new Error(`unknown argument ${arg} (see the comment at the top of bench/peers.mjs)`);
  }
  if (!options.targets.length) {
    options.targets = DEFAULTS.map((t) => ({ ...t }));
    options.write = true;
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))];
const mean = (values) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const kb = (bytes) => (bytes / 1024).toFixed(1);
const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const say = (text) => process.stderr.write(`sou bench: ${text}\n`);

/** xorshift64*, as tests/common/mod.rs: the same samples on every run and machine. */
class Rng {
  constructor(seed) {
    this.state = BigInt(Math.max(1, seed));
  }
  next() {
    const mask = (1n << 64n) - 1n;
    let x = this.state;
    x ^= x >> 12n;
    x ^= (x << 25n) & mask;
    x ^= x >> 27n;
    this.state = x;
    return (x * 0x2545f4914f6cdd1dn) & mask;
  }
  below(n) {
    return Number(this.next() % BigInt(Math.max(1, n)));
  }
}

/** The judged queries of a tsv: query, expected documents (most relevant first), kind. */
async function judgedQueries(file) {
  if (!file) return [];
  return (await readFile(path.resolve(repo, file), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [query, expected, kind = 'exact'] = line.split('\t');
      return { query, expected: expected.split(','), kind };
    });
}

/** tests/common/mod.rs is_doc: a seed is named by its file's first three characters. */
const isDoc = (url, expected) => url === expected || (url.startsWith(expected) && url[expected.length] === '_');

/** A result URL as a document URL: no leading or trailing slash, no .html, no #anchor. */
const docUrl = (url) =>
  decodeURIComponent(String(url).replace(/^[a-z]+:\/\/[^/]+/i, ''))
    .replace(/#.*$/, '')
    .replace(/^\/+/, '')
    .replace(/(\/index)?\.html$/, '')
    .replace(/\/+$/, '');

/** `count` random substrings of 2–6 characters of the documents' passages (title included). */
function randomSubstrings(docs, count, seed) {
  const passages = docs.flatMap((doc) => doc.texts.map((text) => [...text]));
  const total = passages.reduce((sum, chars) => sum + chars.length, 0);
  const rng = new Rng(seed);
  const out = [];
  const seen = new Set();
  for (let tries = 0; out.length < count && tries < count * 1000; tries++) {
    let at = rng.below(total);
    const chars = passages.find((p) => (at < p.length ? true : ((at -= p.length), false)));
    const length = 2 + rng.below(5);
    if (at + length > chars.length) continue;
    const query = chars.slice(at, at + length).join('');
    if (!/[\p{L}\p{N}]/u.test(query) || /^\s|\s$/u.test(query) || seen.has(query)) continue;
    seen.add(query);
    out.push(query);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The documents, from sou's wasm module

/** Every document of a wasm build: [{ url, title, passages: [{ anchor, kind, level, text }] }]. */
async function exportDocuments(pkgDir) {
  const sou = await import(`${pathToFileURL(path.join(pkgDir, 'sou.js')).href}?dir=${encodeURIComponent(pkgDir)}`);
  await sou.default({ module_or_path: await readFile(path.join(pkgDir, 'sou_bg.wasm')) });
  const info = sou.info();
  const docs = sou.documents().map(({ url }) => {
    const doc = sou.document(url);
    const passages = doc.passages.filter((p) => p.kind !== 'title');
    const texts = [doc.title, ...passages.map((p) => p.text)];
    return { url: doc.url, title: doc.title, passages, texts, body: passages.map((p) => p.text).join('\n') };
  });
  return { info, docs };
}

// ---------------------------------------------------------------------------------------------
// The site: one folder per engine

async function bundle(engine, outDir) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(here, 'pages', `${engine}.js`)],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    external: ['./pkg/sou.js', './pagefind/pagefind.js'],
    logLevel: 'warning',
  });
  const template = await readFile(path.join(here, 'pages/index.html'), 'utf8');
  await writeFile(path.join(outDir, 'index.html'), template.replace('ENGINE', engine));
}

function pageHtml(doc) {
  const parts = [`<!doctype html><html lang="zh-cn"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title></head>`];
  parts.push(`<body><main><h1>${escapeHtml(doc.title)}</h1>`);
  for (const p of doc.passages) {
    const id = p.anchor ? ` id="${escapeHtml(p.anchor)}"` : '';
    if (p.kind === 'heading') {
      const level = Math.min(6, Math.max(2, p.level || 2));
      parts.push(`<h${level}${id}>${escapeHtml(p.text)}</h${level}>`);
    } else if (p.kind === 'code') {
      parts.push(`<pre><code>${escapeHtml(p.text)}</code></pre>`);
    } else {
      parts.push(`<p>${escapeHtml(p.text)}</p>`);
    }
  }
  parts.push('</main></body></html>');
  return parts.join('\n');
}

const BUILD = {
  async flexsearch(docs, dir) {
    const { Index, Charset } = await import('flexsearch');
    const { FLEXSEARCH_OPTIONS } = await import('./pages/options.js');
    const index = new Index({ ...FLEXSEARCH_OPTIONS, encoder: Charset.CJK });
    docs.forEach((doc, id) => index.add(id, `${doc.title}\n${doc.body}`));
    const parts = [];
    await index.export((key, data) => {
      parts.push([key, data]);
    });
    const json = { index: parts, docs: docs.map((doc) => [doc.url, doc.title]) };
    await writeFile(path.join(dir, 'index.json'), JSON.stringify(json));
  },
  async minisearch(docs, dir) {
    const { default: MiniSearch } = await import('minisearch');
    const { miniSearchOptions } = await import('./pages/options.js');
    const mini = new MiniSearch(miniSearchOptions());
    mini.addAll(docs.map((doc, id) => ({ id, url: doc.url, title: doc.title, body: doc.body })));
    await writeFile(path.join(dir, 'index.json'), JSON.stringify(mini));
  },
  async orama(docs, dir) {
    const { create, insertMultiple, save } = await import('@orama/orama');
    const { createTokenizer } = await import('@orama/tokenizers/mandarin');
    const { ORAMA_SCHEMA } = await import('./pages/options.js');
    const db = create({ schema: ORAMA_SCHEMA, components: { tokenizer: createTokenizer() } });
    await insertMultiple(db, docs.map((doc) => ({ url: doc.url, title: doc.title, body: doc.body })));
    await writeFile(path.join(dir, 'index.json'), JSON.stringify(await save(db)));
  },
  async pagefind(docs, dir) {
    const pagefind = await import('pagefind');
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    for (const doc of docs) {
      const added = await index.addHTMLFile({ url: `/${doc.url}`, content: pageHtml(doc) });
      if (added.errors?.length) throw new Error(`pagefind ${doc.url}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: path.join(dir, 'pagefind') });
    if (written.errors?.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
    await pagefind.close();
  },
};

/** Builds the site of one corpus: sou's wasm (www/pkg when it is this corpus's), the documents, every peer's index. */
async function buildSite(target, siteDir) {
  const souDir = path.join(siteDir, 'sou');
  await mkdir(souDir, { recursive: true });
  const corpusPath = path.resolve(repo, target.corpus);
  const siteCorpus = path.resolve(repo, process.env.SOU_CORPUS || 'seeds');
  if (corpusPath === siteCorpus && existsSync(path.join(www, 'pkg/sou_bg.wasm'))) {
    await cp(path.join(www, 'pkg'), path.join(souDir, 'pkg'), { recursive: true });
  } else {
    say(`building sou over ${target.corpus} (scripts/build-wasm.sh)…`);
    // Relative to the repository when inside it, as tests/browser/bench.mjs passes it: the same
    // SOU_CORPUS, so cargo finds the build it just made up to date.
    const relative = path.relative(repo, corpusPath);
    await buildWasm(relative.startsWith('..') ? corpusPath : relative, path.join(souDir, 'pkg'));
  }
  const { info, docs } = await exportDocuments(path.join(souDir, 'pkg'));
  const build = {};
  for (const engine of ENGINES) {
    const dir = path.join(siteDir, engine);
    await mkdir(dir, { recursive: true });
    await bundle(engine, dir);
    const start = performance.now();
    if (BUILD[engine]) await BUILD[engine](docs, dir);
    build[engine] = performance.now() - start;
  }
  return { info, docs, build };
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** One cold load of an engine's page with ?q=: time to the first result and what was fetched until then. */
async function coldLoad(browser, server, siteDir, engine, query) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const requested = [];
    page.on('request', (request) => requested.push(request.url()));
    await loadUntilMark(page, `${server.url}${engine}/?q=${encodeURIComponent(query)}`, ['bench-first-result', 'bench-error'], { timeout: 60_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName('bench-first-result')[0]?.startTime ?? null);
    if (ms === null) throw new Error(`${engine}: the page failed before its first result`);
    const files = [];
    for (const url of new Set(requested)) {
      let pathname = decodeURIComponent(new URL(url).pathname);
      if (pathname.endsWith('/')) pathname += 'index.html';
      const body = await readFile(path.join(siteDir, pathname)).catch(() => null);
      if (body) files.push({ file: pathname.slice(1), raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }
    return { ms, files };
  } finally {
    await context.close();
  }
}

/** Rankings and warm latencies of an engine, in one page. */
async function warm(browser, server, engine, queries) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}${engine}/`);
    await page.waitForFunction(() => window.bench);
    await page.evaluate(() => window.bench.ready());
    const ranked = await page.evaluate((queries) => window.bench.rank(queries, 10), queries);
    const latencies = await page.evaluate((queries) => window.bench.time(queries), queries);
    if (errors.length) throw new Error(`${engine}: ${errors.join('; ')}`);
    return { ranked: ranked.map((urls) => urls.map(docUrl)), latencies };
  } finally {
    await context.close();
  }
}

function score(ranked, { substrings, judged, docs }) {
  // Substring recall and hit@1: the oracle scans the same text every engine indexed.
  // Also with an oracle that ignores case, since most engines fold Latin case (sou, FlexSearch,
  // MiniSearch, Pagefind): a page with "as" is not relevant to "As" as written.
  let recall = 0;
  let recallAnyCase = 0;
  let hit1 = 0;
  substrings.forEach((query, i) => {
    // Both sides as docUrl gives them: a folder's index page is `glossary/` in the documents and
    // `glossary` in every engine's results.
    const relevant = new Set(docs.filter((doc) => doc.texts.some((t) => t.includes(query))).map((doc) => docUrl(doc.url)));
    const lower = query.toLowerCase();
    const anyCase = new Set(docs.filter((doc) => doc.texts.some((t) => t.toLowerCase().includes(lower))).map((doc) => docUrl(doc.url)));
    const top = ranked[i].slice(0, 10);
    recall += top.filter((url) => relevant.has(url)).length / Math.min(10, relevant.size);
    recallAnyCase += top.filter((url) => anyCase.has(url)).length / Math.min(10, anyCase.size);
    if (top.length && relevant.has(top[0])) hit1++;
  });
  const judgedScores = judged.map((j, i) => {
    const urls = ranked[substrings.length + i];
    return {
      kind: j.kind,
      at1: urls.length > 0 && isDoc(urls[0], j.expected[0]),
      at5: j.expected.every((e) => urls.slice(0, 5).some((u) => isDoc(u, e))),
    };
  });
  const share = (list, key) => (list.length ? list.filter((s) => s[key]).length / list.length : null);
  const literal = judgedScores.filter((s) => LITERAL_KINDS.has(s.kind));
  const byKind = {};
  for (const s of judgedScores) (byKind[s.kind] ??= []).push(s);
  return {
    recall: recall / substrings.length,
    recallAnyCase: recallAnyCase / substrings.length,
    hit1: hit1 / substrings.length,
    at1: share(judgedScores, 'at1'),
    at5: share(judgedScores, 'at5'),
    literalAt1: share(literal, 'at1'),
    literalAt5: share(literal, 'at5'),
    byKind: Object.fromEntries(Object.entries(byKind).map(([kind, list]) => [kind, { n: list.length, at1: share(list, 'at1'), at5: share(list, 'at5') }])),
  };
}

async function measureCorpus(browser, target, options) {
  const siteDir = await mkdtemp(path.join(os.tmpdir(), 'sou-peers-'));
  try {
    say(`${target.corpus}: building every engine's site in ${siteDir}…`);
    const { info, docs, build } = await buildSite(target, siteDir);
    const judged = await judgedQueries(target.queries);
    const substrings = randomSubstrings(docs, options.substrings, target.seed);
    const queries = [...substrings, ...judged.map((j) => j.query)];
    const coldQuery = judged[0]?.query ?? substrings[0];
    const server = await serve(siteDir, { port: 0 });
    try {
      const results = {};
      for (const engine of ENGINES) {
        say(`${target.corpus}: ${engine}: ${queries.length} queries, ranked and timed…`);
        results[engine] = { ...(await warm(browser, server, engine, queries)), times: [], fetched: null };
        Object.assign(results[engine], score(results[engine].ranked, { substrings, judged, docs }));
      }
      say(`${target.corpus}: ${options.runs} cold loads per engine, engines taking turns…`);
      for (let run = 0; run < options.runs; run++) {
        for (const engine of ENGINES) {
          const load = await coldLoad(browser, server, siteDir, engine, coldQuery);
          results[engine].times.push(load.ms);
          results[engine].fetched ??= load.files;
        }
      }
      const textBytes = Buffer.from(docs.map((d) => d.texts.join('\n')).join('\n'));
      return {
        corpus: info.corpus ?? path.basename(target.corpus),
        path: target.corpus,
        queriesFile: target.queries,
        documents: docs.length,
        passages: docs.reduce((n, d) => n + d.texts.length, 0),
        text: { raw: textBytes.length, gzip: gzipSync(textBytes, { level: 9 }).length },
        coldQuery,
        substrings: substrings.length,
        judged: judged.length,
        build,
        results,
      };
    } finally {
      server.close();
    }
  } finally {
    if (options.keep) say(`kept ${siteDir}`);
    else await rm(siteDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

function figures(r) {
  const sum = (key) => r.fetched.reduce((n, f) => n + f[key], 0);
  return {
    raw: sum('raw'),
    gzip: sum('gzip'),
    first: median(r.times),
    p50: percentile(r.latencies, 50),
    p95: percentile(r.latencies, 95),
  };
}

const pct = (x) => (x === null ? '–' : x.toFixed(2));
const us = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (!b ? '–' : a / b >= 10 ? `${(a / b).toFixed(0)}×` : `${(a / b).toFixed(2)}×`);

function markdownTable(rows) {
  const [head, ...body] = rows;
  const align = head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [head, align, ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

function corpusTables(c, versions, runs) {
  const out = [];
  out.push(`### ${c.corpus}: ${c.documents} documents, ${c.passages} passages, text ${kb(c.text.raw)} KB (${kb(c.text.gzip)} KB gzip)`);
  out.push('');
  out.push(`Cold loads: \`?q=${c.coldQuery}\`. Queries: ${c.substrings} random substrings and ${c.judged} judged queries (\`${c.queriesFile ?? 'none'}\`).`);
  out.push('');
  const rows = [[
    'engine',
    'fetched before 1st result, KB raw / gzip',
    `1st result ms (median of ${runs})`,
    'warm µs p50 / p95',
    'substring recall (as written / any case)',
    'hit@1',
    'judged success@1 / @5',
    'literal kinds @1 / @5',
  ]];
  for (const engine of ENGINES) {
    const r = c.results[engine];
    const f = figures(r);
    rows.push([
      `${NAMES[engine]} ${versions[engine]}`,
      `${kb(f.raw)} / ${kb(f.gzip)}`,
      f.first.toFixed(0),
      `${us(f.p50)} / ${us(f.p95)}`,
      `${r.recall.toFixed(3)} / ${r.recallAnyCase.toFixed(3)}`,
      r.hit1.toFixed(2),
      `${pct(r.at1)} / ${pct(r.at5)}`,
      `${pct(r.literalAt1)} / ${pct(r.literalAt5)}`,
    ]);
  }
  out.push(markdownTable(rows));
  out.push('');
  out.push('sou as a ratio to each peer (sou ÷ peer: below 1× sou is smaller or faster; above 1× sou finds more):');
  out.push('');
  const sou = figures(c.results.sou);
  const ratioRows = [['peer', 'bytes gzip', '1st result', 'warm p50', 'warm p95', 'substring recall', 'judged success@5']];
  for (const engine of ENGINES.slice(1)) {
    const f = figures(c.results[engine]);
    const r = c.results[engine];
    ratioRows.push([
      NAMES[engine],
      ratio(sou.gzip, f.gzip),
      ratio(sou.first, f.first),
      ratio(sou.p50, f.p50),
      ratio(sou.p95, f.p95),
      ratio(c.results.sou.recall, r.recall),
      ratio(c.results.sou.at5 ?? 0, r.at5 ?? 0),
    ]);
  }
  out.push(markdownTable(ratioRows));
  out.push('');
  const kinds = Object.keys(c.results.sou.byKind);
  if (kinds.length) {
    out.push('Judged queries by kind, success@1 / @5:');
    out.push('');
    const kindRows = [['engine', ...kinds.map((k) => `${k} (${c.results.sou.byKind[k].n})`)]];
    for (const engine of ENGINES) {
      const by = c.results[engine].byKind;
      kindRows.push([NAMES[engine], ...kinds.map((k) => `${pct(by[k].at1)} / ${pct(by[k].at5)}`)]);
    }
    out.push(markdownTable(kindRows));
    out.push('');
  }
  out.push('What each engine fetched before its first result (gzip KB):');
  out.push('');
  for (const engine of ENGINES) {
    const files = c.results[engine].fetched.map((f) => `${f.file.replace(`${engine}/`, '')} ${kb(f.gzip)}`).join(', ');
    out.push(`- ${NAMES[engine]}: ${files}`);
  }
  out.push('');
  out.push(`Index build in Node, ms (sou's is part of its cargo build and not timed here): ${ENGINES.slice(1).map((e) => `${NAMES[e]} ${c.build[e].toFixed(0)}`).join(', ')}.`);
  out.push('');
  return out.join('\n');
}

const COLORS = { sou: '#c0392b', pagefind: '#2c7fb8', flexsearch: '#41ab5d', minisearch: '#fd8d3c', orama: '#807dba' };

/** A grouped bar chart, by hand: a 2 × 2 grid of panels, one group per corpus, one bar per engine. */
function chart(corpora) {
  const panels = [
    { title: 'Fetched before the first result, KB gzip (less is better)', value: (c, e) => figures(c.results[e]).gzip / 1024, format: (v) => v.toFixed(0) },
    { title: 'First result after navigation, ms median (less is better)', value: (c, e) => figures(c.results[e]).first, format: (v) => v.toFixed(0) },
    { title: 'Substring recall (more is better)', value: (c, e) => c.results[e].recall, format: (v) => v.toFixed(2), max: 1 },
    { title: 'Judged queries, success@5 (more is better)', value: (c, e) => c.results[e].at5 ?? 0, format: (v) => v.toFixed(2), max: 1 },
  ];
  const bar = 24;
  const gap = 3;
  const groupGap = 30;
  const plotHeight = 150;
  const left = 12;
  const legendHeight = 30;
  const groupWidth = ENGINES.length * (bar + gap);
  const panelWidth = Math.max(380, corpora.length * groupWidth + (corpora.length - 1) * groupGap + 30);
  const panelHeight = plotHeight + 70;
  const width = left * 2 + 2 * panelWidth + 20;
  const height = legendHeight + 2 * panelHeight + 10;
  const s = [];
  s.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`);
  s.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  let lx = left;
  for (const engine of ENGINES) {
    s.push(`<rect x="${lx}" y="10" width="12" height="12" fill="${COLORS[engine]}"/><text x="${lx + 16}" y="20">${escapeHtml(NAMES[engine])}</text>`);
    lx += 30 + NAMES[engine].length * 6.2;
  }
  panels.forEach((panel, p) => {
    const x0 = left + (p % 2) * (panelWidth + 20);
    const y0 = legendHeight + Math.floor(p / 2) * panelHeight;
    const max = panel.max ?? Math.max(...corpora.flatMap((c) => ENGINES.map((e) => panel.value(c, e))));
    s.push(`<text x="${x0}" y="${y0 + 18}" font-weight="bold">${escapeHtml(panel.title)}</text>`);
    const base = y0 + 30 + plotHeight;
    s.push(`<line x1="${x0}" y1="${base}" x2="${x0 + panelWidth}" y2="${base}" stroke="#999"/>`);
    corpora.forEach((c, g) => {
      const gx = x0 + 10 + g * (groupWidth + groupGap);
      ENGINES.forEach((engine, i) => {
        const v = panel.value(c, engine);
        const h = max > 0 ? (v / max) * (plotHeight - 16) : 0;
        const x = gx + i * (bar + gap);
        s.push(`<rect x="${x}" y="${(base - h).toFixed(1)}" width="${bar}" height="${h.toFixed(1)}" fill="${COLORS[engine]}"><title>${escapeHtml(`${c.corpus}, ${NAMES[engine]}: ${panel.format(v)}`)}</title></rect>`);
        s.push(`<text x="${x + bar / 2}" y="${(base - h - 3).toFixed(1)}" text-anchor="middle" font-size="9">${panel.format(v)}</text>`);
      });
      s.push(`<text x="${gx + groupWidth / 2}" y="${base + 15}" text-anchor="middle">${escapeHtml(c.corpus)}</text>`);
    });
  });
  s.push('</svg>');
  return `${s.join('\n')}\n`;
}

function machine(browserVersion) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)/m)?.[1] : null;
  return {
    cpu: model,
    cores: os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${osRelease ?? os.type()} (${os.type()} ${os.release()})`,
    node: process.version,
    chromium: browserVersion,
    load: os.loadavg().map((l) => l.toFixed(2)).join(', '),
  };
}

function versions() {
  const version = (pkg) => JSON.parse(readFileSync(path.join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  const cargo = readFileSync(path.join(repo, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)?.[1] ?? '?';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', repo, 'log', '-1', '--format=commit %h'], { encoding: 'utf8' }).trim();
    if (execFileSync('git', ['-C', repo, 'status', '--porcelain', '--', 'src', 'crates', 'build.rs', 'Cargo.toml', 'Cargo.lock'], { encoding: 'utf8' }).trim()) {
      commit += ' (with uncommitted engine changes)';
    }
  } catch {}
  return {
    sou: cargo,
    souCommit: commit,
    ...Object.fromEntries(Object.entries(PACKAGES).map(([engine, pkg]) => [engine, version(pkg)])),
    tokenizers: version('@orama/tokenizers'),
    esbuild: version('esbuild'),
  };
}

function report({ corpora, machine: m, versions: v, options, command, seconds }) {
  const out = [];
  out.push('# Benchmarks: sou beside its peers');
  out.push('');
  out.push('Generated by `bench/peers.mjs` (run by `make bench`); do not edit by hand. Regenerate it whenever');
  out.push('the engine changes materially, on a quiet machine if you can.');
  out.push('');
  out.push(`- Command: \`make bench\`, whose last step, \`${command}\`, wrote this file (${(seconds / 60).toFixed(1)} min for that step)`);
  out.push(`- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`);
  out.push(`- Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}; ${m.os}; load average at the start ${loadAtStart}, at the end ${m.load} (the cores are shared, so figures vary by ±30%)`);
  out.push(`- Browser: Chromium ${m.chromium}, headless, pages served from 127.0.0.1 without compression (gzip sizes are computed); Node ${m.node}`);
  out.push(`- Engines: sou ${v.sou} (${v.souCommit}), Pagefind ${v.pagefind}, FlexSearch ${v.flexsearch}, MiniSearch ${v.minisearch}, Orama ${v.orama} with @orama/tokenizers ${v.tokenizers}; page code bundled with esbuild ${v.esbuild}`);
  out.push('');
  out.push('![sou and its peers: bytes, first result, substring recall, judged success@5](bench/chart.svg)');
  out.push('');
  out.push('## Results');
  out.push('');
  for (const c of corpora) out.push(corpusTables(c, v, options.runs));
  out.push('## How it is measured');
  out.push('');
  out.push(`- **Same documents.** sou parses the corpus; the harness exports its documents (the wasm module's \`documents()\` and \`document(url)\`) and every peer indexes exactly those: the title and the passages' text joined by newlines as the body. Pagefind indexes HTML pages written from them (h1 title, headings with their anchors as ids, paragraphs, code blocks) with its Node API and \`lang="zh-cn"\`.`);
  out.push('- **Same loading.** Each engine has a static page in `bench/pages/` that loads what a site would ship: its library bundled and minified with esbuild together with the page code, and its prebuilt index. FlexSearch (an `Index` with `encoder: Charset.CJK`, tokenize `strict`) is exported with `export()` and imported with `import()`, with the documents\' URLs and titles beside it; MiniSearch (fields title and body, `Intl.Segmenter` words for text and query, other options default) is serialised with `JSON.stringify` and opened with `MiniSearch.loadJSON`; Orama (schema title and body, the mandarin tokenizer; it keeps the whole documents, body included, in its store) is saved with `save()` and restored with `load()`; Pagefind uses its UI-less `pagefind.js` API, loading its wasm and the index chunks a query needs, and one fragment per result shown. sou is `pkg/sou.js` and its wasm (the index embedded) with `query()`; for the seeds it is the `www/pkg/` that `make site` built. No engine is built in the page.');
  out.push(`- **Bytes before the first result.** Every response the page asked for from navigation until its first result was on the page (the HTML, the code, the index, and for Pagefind the first result\'s fragment), raw and gzip -9. Pagefind's index files are already gzip-compressed on disk, so its raw and gzip figures are close.`);
  out.push(`- **First result.** Navigation start to the first result's title on the page, loading \`?q=\` with the first judged query, each load in a fresh browser context (empty cache); the median of ${options.runs}, the engines taking turns so that a busy moment of the shared machine hits all of them.`);
  out.push("- **Warm latency.** In one page, after the index is loaded, the engine's own search call over every query (substrings and judged): per query 3 calls to warm up, then the mean over at least 5 calls and 10 ms; p50 and p95 over the queries. sou's `query()` includes its snippets and the conversion to JS objects; Pagefind's `search()` is its ranked ids, not the fragments (titles, URLs, excerpts) that `data()` fetches afterwards; FlexSearch returns ids, MiniSearch and Orama their stored fields.");
  out.push(`- **Substring recall** (research.md's definition). ${options.substrings} random substrings of 2–6 characters of the passages' text, titles included (fixed seed per corpus, every character equally likely to start one, at least one letter or digit, no space at either end, no duplicates). A document is relevant when its title or one of its passages contains the substring as written (a plain substring scan over the same text the engines indexed). Recall = relevant documents among the first 10 results ÷ min(relevant documents, 10), averaged over the substrings; hit@1 = the first result is relevant. The second recall figure counts a document relevant when it contains the substring in any case: sou, FlexSearch, MiniSearch and Pagefind fold Latin case, so for a Latin substring like \`As\` a page with only \`as\` ranks high yet is not relevant as written (on the Vue docs that is where sou\'s recall below 1 comes from).`);
  out.push('- **Judged queries** (`tests/queries/*.tsv`, matched as `tests/judged.rs` does): success@1 = the first expected document comes first; success@5 = every expected document is in the first 5 (so for a query with two expected documents, @1 can hold where @5 fails). "Literal kinds" are exact, topic, multi, phrase and width; the other kinds (pinyin, homophone typos, Traditional characters) are what sou answers on purpose and no peer claims to.');
  out.push('- **What the bytes buy.** sou and Pagefind ship the text, so they can show a snippet around the matches; Orama keeps the whole documents in its index; FlexSearch and MiniSearch, as set up here, ship the index with URLs and titles only, and a site that shows excerpts with them fetches the text as well (the corpus text gzip is given above each table).');
  out.push('- **Tokenizers as their docs give them.** FlexSearch\'s CJK charset makes every character a term, Latin letters included (so \`defineProps\` matches pages holding those letters anywhere); MiniSearch and Orama cut text and query with \`Intl.Segmenter\` (Node\'s ICU at build time, Chromium\'s at query time, as a site would); Pagefind cuts with jieba (through charabia) at build time and \`Intl.Segmenter\` at query time.');
  out.push('- Not measured: memory, indexing large sites, the peers\' UIs (Pagefind\'s component UI adds its own script and CSS). `tests/browser/bench.mjs` (also run by `make bench`) measures sou through its `<sou-search>` widget and demo page.');
  out.push('');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------

const options = parseArgs(process.argv.slice(2));
const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(', ');
const started = performance.now();
const browser = await launchBrowser();
const browserVersion = browser.version();
const corpora = [];
try {
  for (const target of options.targets) corpora.push(await measureCorpus(browser, target, options));
} finally {
  await browser.close();
}
const seconds = (performance.now() - started) / 1000;
const v = versions();
const command = `node bench/peers.mjs ${process.argv.slice(2).join(' ')}`.trim();
const text = report({ corpora, machine: machine(browserVersion), versions: v, options, command, seconds });
console.log(`\n${corpora.map((c) => corpusTables(c, v, options.runs)).join('\n')}`);
if (options.write) {
  await writeFile(path.join(repo, 'BENCHMARKS.md'), text);
  await writeFile(path.join(here, 'chart.svg'), chart(corpora));
  say(`wrote BENCHMARKS.md and bench/chart.svg (${seconds.toFixed(0)} s)`);
}
