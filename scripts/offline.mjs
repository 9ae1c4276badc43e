#!/usr/bin/env node
// Writes the demo as one self-contained HTML file that works opened straight from disk (file://):
// the CSS in a <style>, the wasm as base64, the JS modules inlined. No bundler needed:
//
//   - sou-search.js and pkg/sou.js become data: URLs in an import map, under the very names the
//     page imports them by (./sou-search.js, ./pkg/sou.js), so demo.js runs unchanged;
//   - a small inline module replaces SouSearch.load with one that inits the wasm from the
//     inlined bytes instead of fetching pkg/sou_bg.wasm;
//   - a sharded pkg/ (SOU_SHARDS=1: the module without an index, pkg/index.sou and its text
//     shards) is inlined too, the head loaded at start and each shard decoded and added the first
//     time a query or document needs it, so that opening the file costs only the head;
//   - a Content-Security-Policy with the hashes of the inline parts and default-src 'none' makes
//     the browser itself refuse any request, so the file provably needs nothing but itself.
//
//   node scripts/offline.mjs [www dir = www] [output = <www dir>/dist/sou-offline.html]

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const www = path.resolve(process.argv[2] ?? path.join(repo, 'www'));
const output = path.resolve(process.argv[3] ?? path.join(www, 'dist', 'sou-offline.html'));

const read = (file, encoding = 'utf8') =>
  readFile(path.join(www, file), encoding).catch((error) => {
    const hint = file.startsWith('pkg/') ? ' (build it first: make wasm)' : '';
    console.error(`sou offline: cannot read ${path.join(www, file)}${hint}: ${error.code ?? error.message}`);
    process.exit(1);
  });

const [html, css, demo, component, glue, wasm, icon] = await Promise.all([
  read('index.html'), read('demo.css'), read('demo.js'), read('sou-search.js'),
  read('pkg/sou.js'), read('pkg/sou_bg.wasm', null), read('favicon.svg', null),
]);

// A sharded index: the head and its text shards (names as the head lists them).
const sharded = existsSync(path.join(www, 'pkg/index.sou'));
const head = sharded ? await read('pkg/index.sou', null) : null;
const shards = {};
if (sharded) {
  for (const name of (await readdir(path.join(www, 'pkg'))).filter((f) => /^index\.\d+\.[0-9a-f]+\.sou$/.test(f)).sort()) {
    shards[name] = (await read(`pkg/${name}`, null)).toString('base64');
  }
}

const dataUrl = (type, content) => `data:${type};base64,${Buffer.from(content).toString('base64')}`;
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Text for inside <script> or <style>: their end tag (or an HTML comment opener) would end it early. */
function inline(text, tag, what) {
  if (new RegExp(`</${tag}|<!--`, 'i').test(text)) throw new Error(`sou offline: ${what} contains </${tag} or <!--; it cannot be inlined`);
  return text;
}

const importMap = JSON.stringify({
  imports: {
    './sou-search.js': dataUrl('text/javascript', component),
    './pkg/sou.js': dataUrl('text/javascript', glue),
  },
});
const loader = `
import { SouSearch } from './sou-search.js';
import init, * as sou from './pkg/sou.js';

const wasm = '${wasm.toString('base64')}';
const decode = (base64) => Uint8Array.fromBase64?.(base64) ?? Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
SouSearch.load = async () => {
  await init({ module_or_path: decode(wasm) });
  return ${sharded ? 'withShards()' : 'sou'};
};
${sharded ? `
const head = '${head.toString('base64')}';
const shards = ${JSON.stringify(shards)};
/** The API with the inlined shards added as queries and documents need them: nothing is ever missing. */
function withShards() {
  sou.load_index(decode(head));
  const complete = (call) => (...args) => {
    let answer = call(...args);
    while (answer?.missing?.length) {
      for (const name of answer.missing) {
        if (!(name in shards)) throw new Error(\`sou offline: the shard \${name} is not in this file\`);
        sou.add_shard(decode(shards[name]));
        delete shards[name];
      }
      answer = call(...args);
    }
    return answer;
  };
  const query = complete(sou.query);
  return { ...sou, query, search: (q, options) => query(q, options).hits, document: complete(sou.document) };
}
` : ''}`;
const scripts = [importMap, loader, inline(demo, 'script', 'demo.js')];
const style = inline(css, 'style', 'demo.css');
const csp = [
  "default-src 'none'",
  `script-src ${scripts.map(sha256).join(' ')} data: 'wasm-unsafe-eval'`,
  `style-src ${sha256(style)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Each replacement must find its target: a changed index.html fails here, not silently later.
let page = html;
function replace(pattern, replacement, what) {
  if (!pattern.test(page)) throw new Error(`sou offline: index.html has no ${what}`);
  page = page.replace(pattern, () => replacement);
}
replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`, 'CSP <meta>');
replace(/<link rel="icon"[^>]*>/, `<link rel="icon" href="${dataUrl('image/svg+xml', icon)}" type="image/svg+xml">`, 'icon <link>');
replace(/<link rel="stylesheet" href="demo\.css">/, `<style>${style}</style>`, 'demo.css <link>');
// demo.js imports sou-search.js (index.html also names it in a <script> so it downloads sooner).
replace(/\s*<script type="module" src="sou-search\.js"><\/script>/, '', 'sou-search.js <script>');
replace(
  /<script type="module" src="demo\.js"><\/script>/,
  `<script type="importmap">${scripts[0]}</script>\n  <script type="module">${scripts[1]}</script>\n  <script type="module">${scripts[2]}</script>`,
  'demo.js <script>',
);
// Links to the online site's other files (the offline file itself) mean nothing offline.
page = page.replace(/\s*<p data-online-only>.*?<\/p>/gs, '');

await mkdir(path.dirname(output), { recursive: true });
await writeFile(output, page);
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const index = sharded ? `; index head ${kb(head.length)} and ${Object.keys(shards).length} text shards` : '';
console.log(`sou offline: wrote ${path.relative(process.cwd(), output) || output} (${kb(Buffer.byteLength(page))}; wasm ${kb(wasm.length)}${index})`);
