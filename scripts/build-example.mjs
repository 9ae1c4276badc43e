#!/usr/bin/env node
// Assembles the example site the way a site owner would publish theirs: the pages of
// examples/site/, plus www/sou-search.js and a pkg/ whose wasm module holds the index of those
// very pages (SOU_CORPUS=examples/site, SOU_BASE_URL=<base>, SOU_URL_SUFFIX=.html), so that a
// result opens the example's own page at the heading's #anchor. www/pkg/ (the demo's) is left alone.
//
//   node scripts/build-example.mjs [--base /path/] [out=target/example]
//
// --base is where the site will be served from: / (default) for http://host/, /repo/ for a
// GitHub Pages project site at https://user.github.io/repo/. `make example` builds it and serves
// it on http://127.0.0.1:8765/. Also importable: `await buildExample(outDir, { base })`.

import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildWasm, repo } from '../tests/browser/lib.mjs';

export const exampleCorpus = path.join(repo, 'examples/site');

/** Writes the servable example into `outDir` (replacing it), its result URLs under `base`. */
export async function buildExample(outDir, { base = '/' } = {}) {
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`--base must start and end with /, not ${base}`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await cp(exampleCorpus, outDir, { recursive: true });
  await cp(path.join(repo, 'www/sou-search.js'), path.join(outDir, 'sou-search.js'));
  await buildWasm(exampleCorpus, path.join(outDir, 'pkg'), { baseUrl: base, urlSuffix: '.html' });
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let base = '/';
  const at = args.indexOf('--base');
  if (at >= 0) [, base] = args.splice(at, 2);
  const out = path.resolve(args[0] ?? path.join(repo, 'target/example'));
  await buildExample(out, { base });
  console.log(`sou example: wrote ${path.relative(process.cwd(), out) || '.'}/ (result URLs under ${base})`);
}
