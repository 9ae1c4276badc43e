#!/usr/bin/env node
// The browser tests: the demo (www/), the <sou-search> element on a plain static page, and the
// offline file, in Debian's Chromium (headless, through playwright-core). Run `make site` first
// (make test does). Screenshots for a person to look at go to target/screenshots/.
//
//   node tests/browser/run.mjs [name filter]
//
// Everything is served with the strict CSP header, except the XSS tests, which use a server
// without it: there an injected event handler would really run, so "nothing ran" means the DOM
// building is safe and not merely that the CSP caught it. Every test fails on a console error or
// warning, an uncaught page error, or a CSP violation in any of its pages.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { serve, STRICT_CSP } from '../../scripts/serve.mjs';
import { exampleSite } from './example.mjs';
import { buildWasm, copySite, judgedQueries, kb, launchBrowser, repo, runCommand, www } from './lib.mjs';

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// ---------------------------------------------------------------------------------------------
// Pages, and what goes wrong in them

let browser;
let problems = []; // console errors, page errors, CSP violations of the running test
let contexts = [];

async function newPage({ url, ...options } = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (['error', 'warning'].includes(message.type())) problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  if (url) await page.goto(url);
  return page;
}

const input = (page) => page.locator('sou-search input');
const options = (page) => page.locator('sou-search [role="option"]');
const status = (page) => page.locator('sou-search [role="status"]');
// Functions given to evaluate() run through the DevTools protocol, not eval(), so the CSP allows
// them; they cannot close over test variables (pass an argument instead).
/** `fn(host, arg)` in the page, host being the page's <sou-search> (host.shadowRoot, host.load()). */
const onHost = (page, fn, arg) => page.locator('sou-search').evaluate(fn, arg);

async function typeQuery(page, query) {
  await input(page).click();
  await input(page).fill('');
  await input(page).pressSequentially(query); // one input event per character, like typing
}

const params = (page) => new URL(page.url()).searchParams;

async function inViewport(locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight && box.height > 0;
  });
}

// ---------------------------------------------------------------------------------------------
// The site under test, and queries that work on whatever corpus it was built with

let site; // temporary copy of www/ plus fixtures/
let server; // with the strict CSP header
let plainServer; // without it (XSS tests)
let corpus; // { info, query, many, prefix, suggestions }
let xssBuild; // the wasm build of the XSS corpus, started early: it takes a while

async function setUp() {
  for (const file of ['pkg/sou.js', 'pkg/sou_bg.wasm', 'pkg/sou_runtime.js', 'pkg/sou_runtime_bg.wasm', 'dist/sou-offline.html']) {
    if (!existsSync(path.join(www, file))) throw new Error(`www/${file} is missing: run make site first`);
  }
  if (selected.some(({ name }) => name.includes('corpus full of markup'))) {
    xssBuild = buildXssSite();
    xssBuild.catch(() => {}); // reported by the test that awaits it
  }
  site = await copySite();
  await mkdir(path.join(site, 'fixtures'));
  for (const fixture of ['embed.html', 'runtime.html']) {
    await copyFile(path.join(repo, 'tests/browser/fixtures', fixture), path.join(site, 'fixtures', fixture));
  }
  server = await serve(site, { port: 0, csp: true });
  plainServer = await serve(site, { port: 0 });
  browser = await launchBrowser();

  // Test queries from the corpus itself: pieces of titles that have results.
  const page = await newPage({ url: server.url });
  corpus = await onHost(page, async (host) => {
    const sou = await host.load();
    const info = sou.info();
    const total = (q) => sou.query(q, { limit: 1 }).total;
    const options = (q) => sou.search(q, { limit: 10 }).reduce((n, hit) => n + hit.passages.length, 0);
    // Chinese first (what sou is for), then Latin words.
    const candidates = [];
    for (const pattern of [/\p{Script=Han}{2,}/gu, /[A-Za-z]{3,}/g]) {
      for (const { title } of sou.documents().slice(0, 50)) {
        for (const run of title.match(pattern) ?? []) candidates.push([...run].slice(0, 4).join(''), [...run].slice(0, 2).join(''));
      }
    }
    const seeds = info.corpus === 'seeds';
    const query = seeds ? '人工心脏' : candidates.find((q) => total(q) > 0);
    // ↑/↓ needs at least two options to move between.
    const many = seeds ? '兰州' : candidates.find((q) => options(q) >= 3) ?? query;
    // More results than the embedding test page's limit="3" shows at once.
    const wide = seeds ? '科技' : candidates.find((q) => total(q) > 3) ?? null;
    // A prefix with completions (of some term other than the prefix itself).
    let prefix = seeds ? '人工' : null;
    for (const q of seeds ? [] : candidates) {
      const p = [...q][0];
      if (sou.suggest(p, { limit: 6 }).some((s) => s.term !== p.toLowerCase())) { prefix = p; break; }
    }
    const suggestions = prefix ? sou.suggest(prefix, { limit: 6 }).map((s) => s.term).filter((t) => t !== prefix.toLowerCase()) : [];
    return { info, query, many, wide, wideTotal: wide && total(wide), prefix, suggestions, total: total(query) };
  });
  assert.ok(corpus.query, `no title of corpus ${corpus.info.corpus} gives a test query`);
  console.log(`corpus ${corpus.info.corpus}: ${corpus.info.documents} documents; test queries ${corpus.query} (${corpus.total} results), ${corpus.many}; prefix ${corpus.prefix}`);
  await closeContexts();
}

async function closeContexts() {
  await Promise.all(contexts.map((context) => context.close()));
  contexts = [];
}

const seeds = () => corpus.info.corpus === 'seeds';

// ---------------------------------------------------------------------------------------------
// The tests

test('typing shows results with <mark>, a count and the time', async () => {
  const page = await newPage({ url: server.url });
  await typeQuery(page, corpus.query);
  await options(page).first().waitFor();
  const marks = await onHost(page, ({ shadowRoot: root }) => [...root.querySelectorAll('[role="option"] mark')].map((m) => m.textContent));
  assert.ok(marks.length > 0, 'no <mark> in the results');
  if (seeds()) assert.ok(marks.every((m) => m === '人工心脏'), `marks: ${marks}`);
  const line = await status(page).textContent();
  assert.match(line, /^(\d+) 条结果，(<0\.1|\d+(\.\d)?) 毫秒$/);
  assert.equal(Number(line.match(/^\d+/)[0]), corpus.total, 'the count is not the query()’s total');
  assert.equal(await input(page).getAttribute('aria-expanded'), 'true');
});

test('English UI when the browser is not Chinese', async () => {
  const page = await newPage({ url: server.url, locale: 'en-US' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await page.title(), /Chinese full-text search/);
  await typeQuery(page, corpus.query);
  await options(page).first().waitFor();
  assert.match(await status(page).textContent(), /^\d+ results?, (<0\.1|\d+(\.\d)?) ms$/);
});

test('combobox ARIA: listbox, options, live count', async () => {
  const page = await newPage({ url: server.url });
  assert.equal(await input(page).getAttribute('role'), 'combobox');
  assert.equal(await input(page).getAttribute('aria-expanded'), 'false');
  await typeQuery(page, corpus.many);
  await options(page).first().waitFor();
  const aria = await onHost(page, ({ shadowRoot: root }) => {
    const input = root.querySelector('input');
    const list = root.getElementById(input.getAttribute('aria-controls'));
    return {
      listRole: list?.getAttribute('role'),
      options: [...list.querySelectorAll('[role="option"]')].map((o) => [o.id, o.getAttribute('aria-selected')]),
      live: root.querySelector('[aria-live="polite"]')?.textContent,
      label: input.getAttribute('aria-label'),
    };
  });
  assert.equal(aria.listRole, 'listbox');
  assert.ok(aria.options.length >= 2 && aria.options.every(([id, selected]) => id && selected === 'false'), JSON.stringify(aria.options));
  assert.match(aria.live, /条结果/);
  assert.ok(aria.label);
});

test('keyboard: / and Ctrl-K focus, ↑/↓ move, Enter opens the reader at the passage', async () => {
  const page = await newPage({ url: server.url, viewport: { width: 1000, height: 700 } });
  const focused = () => onHost(page, ({ shadowRoot: root }) => root.activeElement === root.querySelector('input'));
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.ok(await focused(), '/ did not focus the box');
  assert.equal(await input(page).inputValue(), '', '/ was typed into the box');
  await page.locator('h1').click();
  await page.keyboard.press('Control+k');
  assert.ok(await focused(), 'Ctrl-K did not focus the box');

  await input(page).pressSequentially(corpus.many);
  await options(page).nth(1).waitFor();
  const active = () => input(page).getAttribute('aria-activedescendant');
  const ids = await options(page).evaluateAll((all) => all.map((o) => o.id));
  await page.keyboard.press('ArrowDown');
  assert.equal(await active(), ids[0]);
  assert.equal(await page.locator(`sou-search #${ids[0]}`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await active(), ids[1]);
  assert.equal(await page.locator(`sou-search #${ids[0]}`).getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  assert.equal(await active(), ids[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const reader = page.locator('#reader');
  await reader.waitFor();
  const match = page.locator('#reader .match');
  assert.equal(await match.count(), 1, 'no passage is marked as the match');
  assert.ok(await match.locator('mark').count() > 0, 'the matching passage has no <mark>');
  assert.ok(await inViewport(match), 'the matching passage is not scrolled into view');
  assert.equal(await input(page).getAttribute('aria-expanded'), 'false', 'the results stay open over the reader');
  assert.ok(params(page).get('doc'), 'the URL does not say which document is open');

  // Esc in the reader closes it and goes back to the box.
  await page.keyboard.press('Escape');
  await reader.waitFor({ state: 'hidden' });
  assert.ok(await focused(), 'closing the reader did not return to the box');
  assert.equal(params(page).get('doc'), null);
});

test('/ typed in another field stays there', async () => {
  const page = await newPage({ url: server.url });
  await page.evaluate(() => document.body.append(document.createElement('textarea')));
  await page.locator('textarea').click();
  await page.keyboard.press('/');
  assert.equal(await page.locator('textarea').inputValue(), '/');
  assert.equal(await onHost(page, ({ shadowRoot: root }) => root.activeElement), null);
});

test('Esc clears and closes', async () => {
  const page = await newPage({ url: server.url });
  await typeQuery(page, corpus.query);
  await options(page).first().waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await input(page).inputValue(), '');
  assert.equal(await input(page).getAttribute('aria-expanded'), 'false');
  assert.ok(await page.locator('sou-search .panel').isHidden(), 'the panel is still shown');
  assert.equal(params(page).get('q'), null, 'the query stays in the URL');
});

test('?q= restores a search on load; typing updates it; Back and Forward restore', async () => {
  const page = await newPage({ url: `${server.url}?q=${encodeURIComponent(corpus.query)}` });
  await options(page).first().waitFor(); // without any focus or typing
  assert.equal(await input(page).inputValue(), corpus.query);

  const entries = () => page.evaluate(() => history.length);
  const before = await entries();
  await typeQuery(page, corpus.many);
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, corpus.many);
  assert.equal(await entries(), before, 'typing added history entries');

  await page.keyboard.press('Enter');
  await page.locator('#reader').waitFor();
  assert.equal(await entries(), before + 1, 'opening a result added no history entry');
  const doc = params(page).get('doc');
  assert.ok(doc);

  // A new search while the reader is open, then Back: the earlier search comes back.
  await typeQuery(page, corpus.query);
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, corpus.query);
  await page.goBack();
  assert.equal(params(page).get('q'), corpus.many);
  assert.equal(params(page).get('doc'), null);
  await page.locator('#reader').waitFor({ state: 'hidden' });
  assert.equal(await input(page).inputValue(), corpus.many);
  await options(page).first().waitFor();
  assert.match(await status(page).textContent(), /条结果/);

  await page.goForward();
  await page.locator('#reader').waitFor();
  assert.equal(params(page).get('doc'), doc);
  assert.equal(await page.locator('#reader .match').count(), 1);
});

test('a reader link (?doc=) opens the document on load', async () => {
  const page = await newPage({ url: server.url });
  await typeQuery(page, corpus.query);
  await options(page).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('#reader .match').waitFor();
  const link = page.url();
  const title = await page.locator('#reader-title').textContent();

  const fresh = await newPage({ url: link });
  await fresh.locator('#reader .match').waitFor();
  assert.equal(await fresh.locator('#reader-title').textContent(), title);
  assert.ok(await inViewport(fresh.locator('#reader .match')));
  assert.ok(await fresh.locator('sou-search .panel').isHidden(), 'the results cover the reader');
});

test('suggestions complete the last word, by click and by keyboard', async (t) => {
  if (!corpus.prefix) return t.skip('no term of this corpus has completions');
  const page = await newPage({ url: server.url });
  await typeQuery(page, corpus.prefix);
  const chips = page.locator('sou-search .chips button');
  await chips.first().waitFor();
  assert.deepEqual(await chips.allTextContents(), corpus.suggestions.slice(0, 5));
  if (seeds()) assert.ok(corpus.suggestions.includes('人工心脏'));
  await chips.first().click();
  assert.equal(await input(page).inputValue(), corpus.suggestions[0]);
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, corpus.suggestions[0]);

  // Keyboard: Tab from the box reaches the suggestions; Enter takes one (after the words before).
  await typeQuery(page, `${corpus.query} ${corpus.prefix}`);
  await chips.first().waitFor();
  const first = await chips.first().textContent();
  await page.keyboard.press('Tab');
  assert.equal(await onHost(page, ({ shadowRoot: root }) => root.activeElement?.className), 'chip');
  await page.keyboard.press('Enter');
  assert.equal(await input(page).inputValue(), `${corpus.query} ${first}`);
  assert.ok(await onHost(page, ({ shadowRoot: root }) => root.activeElement === root.querySelector('input')), 'the box lost the focus');
});

test('empty state: a hint with the corpus size and example queries', async () => {
  const page = await newPage({ url: server.url });
  await input(page).click();
  await page.locator('sou-search .panel').waitFor();
  // On a busy machine the load can take long enough to show the loading line first.
  await page.waitForFunction(() => {
    const line = document.querySelector('sou-search').shadowRoot.querySelector('[role="status"]');
    return line.textContent !== '' && !line.classList.contains('loading');
  });
  assert.match(await status(page).textContent(), new RegExp(`${corpus.info.documents} 篇文档`));
  const examples = page.locator('sou-search .offers button');
  await examples.first().waitFor();
  if (seeds()) assert.deepEqual(await examples.allTextContents(), ['人工心脏', '金昌 镍', '兰州', 'LED']);
  const example = await examples.first().textContent();
  await examples.first().click();
  assert.equal(await input(page).inputValue(), example);
  await options(page).first().waitFor();
});

test('no results: says so and offers the nearest query', async () => {
  const page = await newPage({ url: server.url });
  await typeQuery(page, 'qzxjvwq');
  await page.locator('sou-search .message').waitFor();
  assert.match(await page.locator('sou-search .message').textContent(), /没有找到“qzxjvwq”的结果/);
  assert.equal(await options(page).count(), 0);
  assert.equal(await input(page).getAttribute('aria-expanded'), 'false');
  if (seeds()) {
    await typeQuery(page, '科技创qzx'); // nothing sounds like qzx: no rewriting helps
    const offer = page.locator('sou-search .offers button');
    await offer.first().waitFor();
    assert.equal(await offer.first().textContent(), '科技创');
    await offer.first().click();
    await options(page).first().waitFor();
    assert.equal(await input(page).inputValue(), '科技创');
    // Part of the query is nowhere and too far for a rewriting: results for the rest, and the
    // engine's near reading offered.
    await typeQuery(page, '新藏');
    await options(page).first().waitFor();
    await offer.first().waitFor();
    assert.deepEqual(await offer.allTextContents(), ['心脏']);
    await offer.first().click();
    assert.equal(await input(page).inputValue(), '心脏');
    // Pinyin being typed, a syllable the text does not have: read as its commonest characters,
    // with results, and the suggestions complete it; no prefix is offered besides.
    await typeQuery(page, 'xian');
    await page.waitForFunction(() => document.querySelector('sou-search').shadowRoot.querySelector('.message').textContent.startsWith('也搜索了：先'));
    await options(page).first().waitFor();
    assert.ok((await page.locator('sou-search .chips button').allTextContents()).includes('现代'));
    assert.equal(await offer.count(), 0);
  }
});

test('seed corpus: the judged queries rank as expected', async (t) => {
  if (!seeds()) return t.skip(`corpus is ${corpus.info.corpus}`);
  const page = await newPage({ url: server.url });
  for (const [query, first] of [['金昌 镍', '003_'], ['人工心脏', '002_'], ['LED', '002_']]) {
    await typeQuery(page, query);
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, query);
    await options(page).first().waitFor();
    assert.ok((await options(page).first().locator('.where').textContent()).startsWith(first), `${query}: first result`);
  }
});

test('pinyin and homophone typos: results for the words meant, said in the message', async (t) => {
  if (!seeds()) return t.skip(`corpus is ${corpus.info.corpus}`);
  const page = await newPage({ url: server.url });
  for (const [query, meant, first] of [['jiayuguan', '嘉峪关', '000_'], ['人工新脏', '人工心脏', '002_']]) {
    await typeQuery(page, query);
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, query);
    await options(page).first().waitFor();
    assert.ok((await options(page).first().locator('.where').textContent()).startsWith(first), `${query}: first result`);
    const marks = await options(page).first().locator('mark').allTextContents();
    assert.ok(marks.includes(meant), `${query}: marks ${marks}`);
    assert.equal(await page.locator('sou-search .message').textContent(), `也搜索了：${meant}`);
  }
});

test('lazy: the wasm loads on the first focus, not before', async () => {
  const page = await newPage();
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(server.url, { waitUntil: 'networkidle' });
  assert.ok(requested.includes('/sou-search.js'), 'the element was not even loaded');
  assert.deepEqual(requested.filter((p) => p.startsWith('/pkg/')), [], 'the index loaded before anyone searched');
  const wasm = page.waitForRequest((request) => request.url().endsWith('/pkg/sou_bg.wasm'));
  await input(page).focus();
  await wasm;
});

test('a slow load shows the loading state, then the results', async () => {
  const page = await newPage();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/pkg/sou_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(server.url);
  await typeQuery(page, corpus.query);
  await page.locator('sou-search .status.loading').waitFor();
  assert.match(await status(page).textContent(), /正在加载/);
  assert.equal(await options(page).count(), 0);
  release();
  await options(page).first().waitFor();
  assert.equal(await page.locator('sou-search .status.loading').count(), 0);
});

test('strict CSP: served with it, styles apply, no violation', async () => {
  const page = await newPage();
  const response = await page.goto(server.url);
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
  await typeQuery(page, corpus.query);
  await options(page).first().waitFor();
  // The shadow root's styles (constructed style sheet) and the page's (demo.css) both apply.
  assert.equal(await page.locator('sou-search .box').evaluate((box) => getComputedStyle(box).borderTopLeftRadius), '12px');
  assert.equal(await page.locator('sou-search .snippet mark').first().evaluate((m) => getComputedStyle(m).backgroundColor), 'rgb(255, 229, 143)');
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).fontFamily), '');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.intro')).paddingTop), '56px');
  // The violation watcher works: an inline <style> is refused and reported.
  await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'body{color:red}' })));
  await expectProblem(/CSP violation: style-src/);
});

async function expectProblem(pattern) {
  const deadline = Date.now() + 5000;
  while (!problems.some((p) => pattern.test(p))) {
    if (Date.now() > deadline) assert.fail(`expected a problem matching ${pattern}; got ${JSON.stringify(problems)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  problems = problems.filter((p) => !pattern.test(p) && !/inline style violates/.test(p)); // Chromium's own report of it
}

test('a plain static page: one script, one tag; sou-select navigates unless prevented', async () => {
  const page = await newPage({ url: `${server.url}fixtures/embed.html`, locale: 'zh-CN' });
  assert.equal(await input(page).getAttribute('placeholder'), 'Search the docs');
  await typeQuery(page, corpus.many);
  await options(page).first().waitFor();
  assert.match(await status(page).textContent(), /results?, .* ms$/, 'lang="en" is not honoured');
  assert.ok((await page.locator('sou-search .result').count()) <= 3, 'limit="3" is not honoured');

  await page.evaluate(() => document.querySelector('sou-search').addEventListener('sou-select', (event) => (window.selected = event.detail)));
  const target = await options(page).first().locator('a').getAttribute('href');
  // The index's URLs are relative (no SOU_BASE_URL): they lead from the site's root, the folder
  // that holds pkg/, not from this page's folder.
  const firstUrl = await onHost(page, async (host, q) => (await host.load()).search(q, { limit: 1 })[0].passages[0].url, corpus.many);
  assert.equal(target, new URL(firstUrl, server.url).href);
  // The corpus has no pages here: answer the navigation with a stand-in.
  await page.route((url) => url.href === target.split('#')[0], (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>page</title>' }));
  await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('embed.html')), input(page).press('Enter')]);
  assert.equal(page.url(), target);
  await page.goBack();
  await options(page).first().waitFor(); // Back: the search comes back from ?q=
  assert.equal(await input(page).inputValue(), corpus.many);

  // Prevented: no navigation.
  await page.evaluate(() => document.querySelector('sou-search').addEventListener('sou-select', (event) => {
    event.preventDefault();
    window.selected = event.detail;
  }));
  await input(page).focus();
  await input(page).press('Enter');
  await page.waitForFunction(() => window.selected);
  const detail = await page.evaluate(() => ({ url: window.selected.url, query: window.selected.query, anchor: window.selected.anchor }));
  assert.equal(new URL(detail.url, server.url).href, target);
  assert.equal(detail.query, corpus.many);
  assert.ok(page.url().endsWith('embed.html?q=' + encodeURIComponent(corpus.many)), page.url());

  // "Show more" adds another `limit` results.
  if (corpus.wide) {
    await typeQuery(page, corpus.wide);
    const more = page.locator('sou-search .more');
    await more.waitFor();
    assert.equal(await page.locator('sou-search .result').count(), 3);
    assert.match(await more.textContent(), new RegExp(`${corpus.wideTotal}`));
    await more.click();
    await page.waitForFunction(() => document.querySelector('sou-search').shadowRoot.querySelectorAll('.result').length > 3);
    assert.equal(await page.locator('sou-search .result').count(), Math.min(6, corpus.wideTotal));
    assert.equal(await more.isVisible(), corpus.wideTotal > 6);
  }
});

const PAYLOADS = ['<img src=x onerror=window.__pwned=1>', '"><script>window.__pwned=1</script>', '<svg onload=window.__pwned=1>'];

/** Nothing the payloads would create exists, nothing ran, nothing fetched their src. */
async function assertNothingRan(page, requests) {
  const elements = await page.evaluate(() => {
    const root = document.querySelector('sou-search').shadowRoot;
    const count = (node) => node.querySelectorAll('img, script:not([src]), svg:not(.icon)').length;
    return count(root) + count(document.querySelector('main'));
  });
  assert.equal(elements, 0, 'markup from the data became elements');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'an injected script ran');
  assert.deepEqual(requests.filter((url) => new URL(url).pathname.endsWith('/x')), [], 'an injected <img> was fetched');
}

test('XSS: queries show as text (no CSP to catch anything)', async () => {
  const page = await newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(plainServer.url);
  for (const payload of PAYLOADS) {
    await typeQuery(page, payload);
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, payload);
    await page.locator('sou-search [role="status"]:not(:empty)').waitFor();
    const shown = await page.locator('sou-search .scroll').textContent();
    if (await options(page).count() === 0) assert.ok(shown.includes(payload.trim()), `the query is not shown as text: ${shown}`);
  }
  // And through the URL.
  await page.goto(`${plainServer.url}?q=${encodeURIComponent(PAYLOADS[0])}`);
  await page.locator('sou-search [role="status"]:not(:empty)').waitFor();
  assert.equal(await input(page).inputValue(), PAYLOADS[0]);
  await assertNothingRan(page, requests);
});

async function buildXssSite() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sou-xss-'));
  const corpusDir = path.join(dir, 'xss');
  await mkdir(corpusDir);
  await writeFile(path.join(corpusDir, 'xss.txt'), [
    `${PAYLOADS[0]} 标题测试`,
    `测试 ${PAYLOADS[0]} 测试`,
    `测试 ${PAYLOADS[1]} 测试`,
    `测试 ${PAYLOADS[2]} 还有 &lt;b&gt; 与 <b>粗体</b> 测试`,
  ].join('\n'));
  await writeFile(path.join(corpusDir, 'page.md'), [
    '# 测试 <img src=x onerror=window.__pwned=2> 文档',
    '',
    `段落测试 ${PAYLOADS[1]}`,
    '',
    '```html',
    `<!-- 测试 --> ${PAYLOADS[0]}`,
    '```',
  ].join('\n'));
  const xssSite = await copySite({ withBuild: false });
  await buildWasm(corpusDir, path.join(xssSite, 'pkg'));
  await rm(dir, { recursive: true, force: true });
  return xssSite;
}

test('XSS: a corpus full of markup shows it as text, in results and the reader', async () => {
  const xssSite = await xssBuild;
  const xssServer = await serve(xssSite, { port: 0 });
  try {
    const page = await newPage();
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(xssServer.url);
    assert.equal(await onHost(page, async (host) => (await host.load()).info().corpus), 'xss');
    await typeQuery(page, '测试');
    await options(page).first().waitFor();
    const shown = await page.locator('sou-search [role="listbox"]').textContent();
    assert.ok(shown.includes(PAYLOADS[0]), `the markup in the results is not shown as text: ${shown}`);
    await assertNothingRan(page, requests);

    // Every result in the reader.
    const count = await options(page).count();
    for (let i = 0; i < count; i++) {
      await input(page).focus();
      for (let step = 0; step <= i; step++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('#reader .match').waitFor();
      await assertNothingRan(page, requests);
    }
    const reader = await page.locator('#reader').textContent();
    assert.ok(PAYLOADS.some((payload) => reader.includes(payload)), `the markup in the reader is not shown as text: ${reader}`);
  } finally {
    // The pages first: a request still on its way to a closed server is a console error.
    await closeContexts();
    xssServer.close();
    await rm(xssSite, { recursive: true, force: true });
  }
});

/** Runs `sou index corpusDir -o output` (the command a site owner runs); rejects with its output on failure. */
const souIndex = (corpusDir, output, options = []) =>
  runCommand('cargo', ['run', '-q', '-p', 'sou-cli', '--', 'index', corpusDir, '-o', output, ...options], { what: 'sou index' });

test('JS API: query() and search() of pkg/sou.js answer as the library does (`sou search --json`), with plain objects', async () => {
  // In Node, with the module make site built, over an index file of the seeds that the command
  // line searches too: the same bytes on both sides.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sou-api-'));
  try {
    const file = path.join(dir, 'seeds.sou');
    await souIndex(path.join(repo, 'seeds'), file);
    const sou = await import(`${pathToFileURL(path.join(www, 'pkg/sou.js')).href}?api`);
    await sou.default({ module_or_path: await readFile(path.join(www, 'pkg/sou_bg.wasm')) });
    sou.load_index(await readFile(file));
    const cases = [['人工心脏', 10, 0], ['科技', 3, 2], ['jiayuguan', 10, 0], ['嘉裕关', 5, 0], ['LED', 10, 0],
      ['兰州 金昌', 10, 0], ['人工新藏', 10, 0], ['科技', 2, 100], ['<b>x</b>', 10, 0], ['', 10, 0]];
    for (const [q, limit, offset] of cases) {
      const cli = await runCommand('cargo', ['run', '-q', '-p', 'sou-cli', '--', 'search', '--index', file, '--json',
        '--limit', String(limit), '--offset', String(offset), '--', q], { what: 'sou search' });
      const expected = JSON.parse(cli.slice(cli.indexOf('[')));
      const page = sou.query(q, { limit, offset });
      const hits = sou.search(q, { limit, offset });
      assert.deepEqual(hits, page.hits, `${q}: search() is not query().hits`);
      // Scores: the command prints the f32, the module rounds it to six decimals.
      const scores = (list) => list.map((hit) => hit.score);
      scores(hits).forEach((score, i) => assert.ok(Math.abs(score - expected[i].score) <= 1e-6 * Math.max(1, score), `${q}: score ${score} ≠ ${expected[i].score}`));
      const withoutScores = (list) => list.map(({ score, ...rest }) => rest);
      assert.deepEqual(withoutScores(hits), withoutScores(expected), `${q} (limit ${limit}, offset ${offset})`);
      assert.ok((hits.length === 0 || page.total >= offset + hits.length) && page.missing.length === 0, `${q}: total ${page.total}`);
      for (const value of [page, ...hits, ...hits.flatMap((hit) => [...hit.passages, ...hit.passages.flatMap((p) => p.snippet)])]) {
        assert.equal(Object.getPrototypeOf(value), Object.prototype, 'not a plain object');
      }
    }
    assert.ok(sou.query('人工心脏').hits.length > 0 && sou.query('人工心脏').hits[0].passages[0].snippet.some((s) => s.hit));
    assert.deepEqual(sou.query('jiayuguan').alternatives, ['嘉峪关']);
    assert.equal(sou.query('新藏').did_you_mean, '心脏');
    assert.deepEqual(sou.query('人工新藏').alternatives, ['人工心脏']);
    assert.equal(sou.query('人工心脏').did_you_mean, null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('runtime index: index="site.sou" searches a file written by `sou index`, with the module that embeds none', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sou-runtime-'));
  try {
    // A corpus the embedded index does not have: only the file can find its words.
    await mkdir(path.join(dir, 'corpus'));
    await writeFile(path.join(dir, 'corpus', 'guide.md'), '# 运行时索引指南\n\n## 更新内容 {#update}\n\n改了文章以后重新生成索引文件，模块不必重新编译。\n');
    await souIndex(path.join(dir, 'corpus'), path.join(site, 'fixtures/site.sou'));

    const page = await newPage();
    const requests = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${server.url}fixtures/runtime.html`);
    await typeQuery(page, '重新编译');
    await options(page).first().waitFor();
    assert.match(await options(page).first().textContent(), /运行时索引指南/);
    assert.equal(await page.locator('sou-search [role="option"] mark').first().textContent(), '重新编译');
    assert.ok(requests.includes('/pkg/sou_runtime_bg.wasm') && requests.includes('/fixtures/site.sou'), requests.join(' '));
    assert.ok(!requests.includes('/pkg/sou_bg.wasm'), 'the module with the embedded index was fetched too');
    assert.equal(await onHost(page, async (host) => (await host.load()).info().corpus), 'corpus');

    // A damaged file and a missing one: the panel says which file and why; nothing else breaks.
    const bytes = await readFile(path.join(site, 'fixtures/site.sou'));
    bytes[bytes.length >> 1] ^= 0x5a;
    await writeFile(path.join(site, 'fixtures/damaged.sou'), bytes);
    const template = await readFile(path.join(site, 'fixtures/runtime.html'), 'utf8');
    for (const [file, expected] of [['damaged.sou', /damaged\.sou: sou: cannot use this index: .*damaged/], ['missing.sou', /missing\.sou: HTTP 404/]]) {
      const html = `runtime-${file}.html`;
      await writeFile(path.join(site, 'fixtures', html), template.replace('index="site.sou"', `index="${file}"`));
      const broken = await newPage({ url: `${server.url}fixtures/${html}` });
      await typeQuery(broken, '重新编译');
      await broken.waitForFunction(() => /sou/.test(document.querySelector('sou-search').shadowRoot.querySelector('[role="status"]').textContent));
      assert.match(await status(broken).textContent(), /^搜索索引加载失败：/);
      assert.match(await status(broken).textContent(), expected);
      if (file === 'missing.sou') await expectProblem(/404/);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// A sharded index (`sou index --shards`): the Vue docs, whole and in small shards, side by side

const SHARD_NAME = /^vue\.\d+\.[0-9a-f]{8}\.sou$/;
let vueFixtures; // the promise of them, built by the first test that needs them

/**
 * The Vue docs indexed twice by `sou index` into fixtures/: whole (fixtures/whole/vue.sou, page
 * fixtures/runtime-whole.html) and in shards of 16 KiB of text (fixtures/sharded/vue.sou and
 * vue.<n>.<hash>.sou beside it, page fixtures/runtime-sharded.html), and the demo over the
 * sharded one (demo-sharded.html, beside the demo's own page).
 */
function shardedFixtures() {
  vueFixtures ??= (async () => {
    const corpusDir = path.join(repo, 'tests/corpora/vue-docs-zh');
    const fixtures = path.join(site, 'fixtures');
    await mkdir(path.join(fixtures, 'whole'));
    await mkdir(path.join(fixtures, 'sharded'));
    await souIndex(corpusDir, path.join(fixtures, 'whole/vue.sou'));
    await souIndex(corpusDir, path.join(fixtures, 'sharded/vue.sou'), ['--shards', '--shard-kib', '16']);
    const files = await readdir(path.join(fixtures, 'sharded'));
    const shards = files.filter((name) => SHARD_NAME.test(name));
    assert.deepEqual(files.filter((name) => !SHARD_NAME.test(name)), ['vue.sou'], 'unexpected files beside the head');
    assert.ok(shards.length >= 10, `only ${shards.length} shards: the test needs many`);
    const template = await readFile(path.join(fixtures, 'runtime.html'), 'utf8');
    for (const kind of ['whole', 'sharded']) {
      await writeFile(path.join(fixtures, `runtime-${kind}.html`), template.replace('index="site.sou"', `index="${kind}/vue.sou"`));
    }
    const demo = await readFile(path.join(site, 'index.html'), 'utf8');
    const sharded = demo.replace(/<sou-search examples="[^"]*">/, '<sou-search index="fixtures/sharded/vue.sou">');
    assert.notEqual(sharded, demo, 'the demo page has no <sou-search examples=…> to replace');
    await writeFile(path.join(site, 'demo-sharded.html'), sharded);
    const size = async (file) => (await stat(path.join(fixtures, file))).size;
    return {
      shards,
      wholeBytes: await size('whole/vue.sou'),
      headBytes: await size('sharded/vue.sou'),
      queries: await judgedQueries('vue-docs-zh'),
    };
  })();
  return vueFixtures;
}

/** Records every sou-results event of the page's box (complete results) in window.souResults. */
const recordResults = (page) => onHost(page, (host) => {
  window.souResults = [];
  host.addEventListener('sou-results', (event) => window.souResults.push(event.detail));
});

/** Types `query` and waits for its complete results (sou-results, which waits for the shards). */
async function typeAndWait(page, query) {
  await page.evaluate(() => (window.souResults = []));
  await typeQuery(page, query);
  await page.waitForFunction((q) => window.souResults.some((r) => r.query === q), query);
}

/** What the panel shows, but the time a search took. */
const panelContent = (page) => onHost(page, ({ shadowRoot: root }) => ({
  status: root.querySelector('[role="status"]').textContent.replace(/，[^，]*毫秒$/, ''),
  chips: root.querySelector('.chips').textContent,
  message: root.querySelector('.message').textContent,
  offers: root.querySelector('.offers').textContent,
  options: [...root.querySelectorAll('[role="option"]')].map((option) => option.textContent),
  more: root.querySelector('.more').hidden ? null : root.querySelector('.more').textContent,
}));

test('sharded index: typed queries show what the whole index shows, and never a verdict on partial results', async () => {
  const { queries } = await shardedFixtures();
  assert.ok(queries.length >= 10, `${queries.length} judged queries`);
  const sharded = await newPage({ url: `${server.url}fixtures/runtime-sharded.html` });
  const whole = await newPage({ url: `${server.url}fixtures/runtime-whole.html` });
  await recordResults(sharded);
  await recordResults(whole);
  // Everything the sharded page's panel says on the way, with the query in the box then.
  await onHost(sharded, (host) => {
    const root = host.shadowRoot;
    window.seen = [];
    new MutationObserver(() => {
      const state = {
        query: root.querySelector('input').value,
        status: root.querySelector('[role="status"]').textContent,
        message: root.querySelector('.message').textContent,
        offers: root.querySelector('.offers').textContent,
      };
      if (JSON.stringify(state) !== JSON.stringify(window.seen.at(-1))) window.seen.push(state);
    }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  for (const query of queries) {
    await typeAndWait(sharded, query);
    await typeAndWait(whole, query);
    assert.deepEqual(await panelContent(sharded), await panelContent(whole), `${query}: the sharded index shows something else`);
    assert.ok((await options(sharded).count()) > 0, `${query}: no results`);
  }

  // On the way: partial results said so, and every count and every "no results" was the exact
  // one (what the whole index says of the query in the box then).
  const seen = await sharded.evaluate(() => window.seen);
  assert.ok(seen.some((state) => state.status === '正在载入更多结果…'), 'the partial state never showed');
  const verdicts = seen.filter((state) => /^\d+ 条结果/.test(state.status) || state.message.startsWith('没有找到'));
  const exact = await onHost(whole, async (host, qs) => {
    const sou = await host.load();
    return Object.fromEntries(qs.map((q) => [q, sou.query(q, { limit: 1 }).total]));
  }, [...new Set(verdicts.map((state) => state.query))]);
  for (const state of verdicts) {
    if (state.message.startsWith('没有找到')) {
      assert.equal(exact[state.query], 0, `“${state.query}”: no results said, the whole index has ${exact[state.query]}`);
      assert.match(state.status, /^0 条结果/, `“${state.query}”: no results said while ${state.status}`);
    } else {
      assert.equal(Number(state.status.match(/^\d+/)[0]), exact[state.query], `“${state.query}”: ${state.status}`);
    }
  }
  assert.equal(await status(sharded).getAttribute('aria-live'), 'polite');
  assert.match(await status(sharded).textContent(), /^\d+ 条结果，/);
});

test('sharded index: the first query fetches the head and a few shards, fewer bytes than the whole index', async () => {
  const { shards, wholeBytes, headBytes, queries } = await shardedFixtures();
  const page = await newPage();
  const requested = [];
  page.on('request', (request) => requested.push(decodeURIComponent(new URL(request.url()).pathname)));
  await page.goto(`${server.url}fixtures/runtime-sharded.html`);
  await recordResults(page);
  const query = queries[0];
  await input(page).click();
  await page.evaluate(() => (window.souResults = []));
  // What the status said when the first result showed.
  await onHost(page, (host) => {
    const root = host.shadowRoot;
    const observer = new MutationObserver(() => {
      if (!root.querySelector('[role="option"]')) return;
      window.firstShown = root.querySelector('[role="status"]').textContent;
      observer.disconnect();
    });
    observer.observe(root, { subtree: true, childList: true });
  });
  await input(page).fill(query); // one search: no shards for the prefixes typing would search
  await page.waitForFunction(() => performance.getEntriesByName('sou-first-result').length > 0);
  // The files the page had received when the first result showed (the test server does not
  // compress: their bytes are the files' sizes).
  const before = await page.evaluate(() => {
    const first = performance.getEntriesByName('sou-first-result')[0].startTime;
    return performance.getEntriesByType('resource')
      .filter((entry) => entry.name.endsWith('.sou') && entry.responseEnd <= first)
      .map((entry) => ({ name: decodeURIComponent(new URL(entry.name).pathname), bytes: entry.encodedBodySize }));
  });
  await page.waitForFunction((q) => window.souResults.some((r) => r.query === q), query);

  const shardRequests = requested.filter((p) => p.startsWith('/fixtures/sharded/') && SHARD_NAME.test(path.basename(p)));
  assert.ok(requested.includes('/fixtures/sharded/vue.sou'), 'the head was not fetched');
  assert.ok(!requested.some((p) => p.startsWith('/fixtures/whole/')), 'the whole index was fetched');
  assert.equal(new Set(shardRequests).size, shardRequests.length, `a shard was fetched twice: ${shardRequests.join(' ')}`);
  assert.ok(shardRequests.length > 0, 'no shard was fetched');
  assert.ok(shardRequests.length < shards.length, `the first query fetched all ${shards.length} shards`);
  const beforeBytes = before.reduce((sum, entry) => sum + entry.bytes, 0);
  assert.ok(before.some((entry) => entry.name === '/fixtures/sharded/vue.sou'), JSON.stringify(before));
  assert.ok(beforeBytes < wholeBytes, `${kb(beforeBytes)} fetched before the first result, the whole index is ${kb(wholeBytes)}`);
  // Progressive: the first batch of shards shows results, said to be partial; the rest follows.
  assert.ok(before.length - 1 <= 4, `${before.length - 1} shards before the first result`);
  assert.ok(shardRequests.length > before.length - 1, 'the query needed no more than the first batch: it tests nothing');
  assert.equal(await page.evaluate(() => window.firstShown), '正在载入更多结果…');
  const info = await onHost(page, async (host) => (await host.load()).info());
  assert.equal(info.shards, shards.length);
  assert.equal(info.shards_loaded, shardRequests.length);
  console.log(`    “${query}”: ${shardRequests.length} of ${shards.length} shards; before the first result head ${kb(headBytes)} + ` +
    `${before.length - 1} shards = ${kb(beforeBytes)} (whole index ${kb(wholeBytes)})`);
});

test('sharded index: a shard that fails names its file in the panel; the next keystroke tries again', async () => {
  const { queries } = await shardedFixtures();
  const query = queries[1];
  const page = await newPage({ url: `${server.url}fixtures/runtime-sharded.html` });
  await recordResults(page);
  const isShard = (url) => SHARD_NAME.test(path.basename(url.pathname));
  const bar = page.locator('sou-search [role="status"]');

  // The network fails.
  await page.route(isShard, (route) => route.abort());
  await typeQuery(page, query);
  await page.waitForFunction(() => /失败/.test(document.querySelector('sou-search').shadowRoot.querySelector('[role="status"]').textContent));
  assert.match(await bar.textContent(), /^部分结果载入失败：vue\.\d+\.[0-9a-f]{8}\.sou: \S/);
  assert.equal(await page.locator('sou-search .message').textContent(), '', 'a verdict on partial results');
  await page.unroute(isShard);
  await page.evaluate(() => (window.souResults = []));
  await input(page).press('End');
  await input(page).pressSequentially(' ');
  await page.waitForFunction((q) => window.souResults.some((r) => r.query === q), `${query} `);
  assert.match(await bar.textContent(), /^\d+ 条结果，/);
  assert.ok((await options(page).count()) > 0);

  // A damaged shard.
  const fresh = await newPage({ url: `${server.url}fixtures/runtime-sharded.html` });
  await fresh.route(isShard, async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    body[body.length >> 1] ^= 0x5a;
    await route.fulfill({ response, body });
  });
  await typeQuery(fresh, query);
  await fresh.waitForFunction(() => /失败/.test(document.querySelector('sou-search').shadowRoot.querySelector('[role="status"]').textContent));
  assert.match(await status(fresh).textContent(), /^部分结果载入失败：vue\.\d+\.[0-9a-f]{8}\.sou: sou: cannot use this shard: /);
  await fresh.unroute(isShard);
  await recordResults(fresh);
  await input(fresh).press('Backspace');
  const shorter = [...query].slice(0, -1).join('');
  await fresh.waitForFunction((q) => window.souResults.some((r) => r.query === q), shorter);
  assert.match(await status(fresh).textContent(), /^\d+ 条结果，/);
  await expectProblem(/ERR_FAILED/); // Chromium's own report of each aborted request
});

test('sharded index: document() and the demo’s reader fetch the shards of the document', async () => {
  await shardedFixtures();
  const whole = await newPage({ url: `${server.url}fixtures/runtime-whole.html` });
  const urls = await onHost(whole, async (host) => {
    const documents = (await host.load()).documents();
    return [0, documents.length >> 1, documents.length - 1].map((i) => documents[i].url);
  });
  const texts = (url) => onHost(whole, async (host, url) => (await host.load()).document(url).passages.map((p) => p.text), url);

  // Through the API: what lacks its shards says so, loadShards() brings them.
  const page = await newPage({ url: `${server.url}fixtures/runtime-sharded.html` });
  for (const url of urls) {
    const got = await onHost(page, async (host, url) => {
      const sou = await host.load();
      const first = sou.document(url);
      let doc = first;
      for (let round = 0; doc.missing.length && round < 10; round++) {
        await host.loadShards(doc.missing);
        doc = sou.document(url);
      }
      return { missing: first.missing, empty: first.passages.filter((p) => p.text === '').length, after: doc.missing, texts: doc.passages.map((p) => p.text) };
    }, url);
    assert.deepEqual(got.after, [], `${url}: still missing`);
    assert.deepEqual(got.texts, await texts(url), `${url}: other text than the whole index has`);
    if (url === urls[0]) assert.ok(got.missing.length > 0 && got.empty > 0, `${url}: nothing was missing at first: ${JSON.stringify(got)}`);
  }
  // A shard that is not there: the error names it.
  const error = await onHost(page, (host) => host.loadShards(['vue.999.deadbeef.sou']).then(() => null, (e) => e.message));
  assert.match(error ?? '', /^vue\.999\.deadbeef\.sou: HTTP 404/);
  await expectProblem(/404/);

  // The demo's reader: a result chosen, and a reader link opened in a new page.
  const demo = await newPage({ url: `${server.url}demo-sharded.html` });
  await recordResults(demo);
  const query = (await shardedFixtures()).queries[2];
  await typeAndWait(demo, query);
  await input(demo).press('ArrowDown');
  await input(demo).press('Enter');
  await demo.locator('#reader .match').waitFor();
  const doc = new URL(demo.url()).searchParams.get('doc');
  assert.equal((await demo.locator('#reader-body').textContent()), (await texts(doc)).join(''), 'the reader lacks text');
  assert.ok(await demo.locator('#reader .match mark').count() > 0);
  const fresh = await newPage({ url: demo.url() });
  await fresh.locator('#reader .match').waitFor();
  assert.equal((await fresh.locator('#reader-body').textContent()), (await texts(doc)).join(''), 'the reader link lacks text');
  assert.ok(await fresh.locator('#reader .match mark').count() > 0);
});

test('SOU_SHARDS=1: the demo’s module embeds no index; the box searches pkg/index.sou and fetches its shards', async () => {
  const { queries } = await shardedFixtures();
  const shardedSite = await copySite({ withBuild: false });
  const shardedServer = await (async () => {
    await buildWasm(path.join(repo, 'tests/corpora/vue-docs-zh'), path.join(shardedSite, 'pkg'), { shards: true });
    return serve(shardedSite, { port: 0, csp: true });
  })().catch(async (error) => {
    await rm(shardedSite, { recursive: true, force: true });
    throw error;
  });
  try {
    const page = await newPage();
    const requested = [];
    page.on('request', (request) => requested.push(decodeURIComponent(new URL(request.url()).pathname)));
    await page.goto(shardedServer.url);
    await recordResults(page);
    const whole = await newPage({ url: `${server.url}fixtures/runtime-whole.html` });
    await recordResults(whole);
    const isShard = (p) => /^\/pkg\/index\.\d+\.[0-9a-f]{8}\.sou$/.test(p);
    const all = (await readdir(path.join(shardedSite, 'pkg'))).filter((f) => isShard(`/pkg/${f}`));
    const fetched = [];
    for (const query of ['Teleport', ...queries.slice(0, 2)]) {
      await typeAndWait(page, query);
      await typeAndWait(whole, query);
      assert.deepEqual(await panelContent(page), await panelContent(whole), `${query}: the sharded demo shows something else`);
      fetched.push(requested.filter(isShard).length);
    }
    assert.ok(requested.includes('/pkg/index.sou'), `the head was not fetched: ${requested.join(' ')}`);
    // Shards of 48 KiB (the default): few enough that a query needs most of them. The test with
    // small ones above shows that a query fetches only what it needs.
    assert.ok(fetched[0] > 0 && fetched.at(-1) <= all.length, `${fetched} of ${all.length} shards fetched`);
    console.log(`    shards fetched after each query: ${fetched.join(', ')} of ${all.length}`);
    await input(page).press('ArrowDown');
    await input(page).press('Enter');
    await page.locator('#reader .match mark').first().waitFor();

    // Its offline file: the head and every shard inlined, added as queries need them; from
    // file://, nothing requested, the same panels.
    await runCommand('node', ['scripts/offline.mjs', shardedSite], { what: 'offline.mjs of the sharded site' });
    const offline = await newPage();
    const requests = [];
    offline.on('request', (request) => requests.push(request.url()));
    await offline.context().route(/^https?:/, (route) => route.abort());
    await offline.goto(pathToFileURL(path.join(shardedSite, 'dist/sou-offline.html')).href);
    await recordResults(offline);
    for (const query of ['Teleport', ...queries.slice(0, 2)]) {
      await typeAndWait(offline, query);
      await typeAndWait(whole, query);
      assert.deepEqual(await panelContent(offline), await panelContent(whole), `${query}: the sharded offline file shows something else`);
    }
    await input(offline).press('ArrowDown');
    await input(offline).press('Enter');
    await offline.locator('#reader .match mark').first().waitFor();
    assert.deepEqual(requests.filter((url) => !/^(file|data|blob):/.test(url)), [], 'the offline file made requests');
  } finally {
    await closeContexts(); // before the server, as in the XSS test
    shardedServer.close();
    await rm(shardedSite, { recursive: true, force: true });
  }
});

test('offline file: works from file:// and requests nothing else', async () => {
  const page = await newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.context().route(/^https?:/, (route) => route.abort()); // in case the CSP let one through
  const file = pathToFileURL(path.join(www, 'dist/sou-offline.html')).href;
  await page.goto(file);
  await typeQuery(page, corpus.query);
  await options(page).first().waitFor();
  assert.ok(await page.locator('sou-search [role="option"] mark').count() > 0);
  await page.keyboard.press('Enter');
  await page.locator('#reader .match').waitFor();
  await page.goto(`${file}?q=${encodeURIComponent(corpus.many)}`);
  await options(page).first().waitFor();
  assert.deepEqual(requests.filter((url) => !/^(file|data|blob):/.test(url)), [], 'the offline file made requests');
  assert.ok(requests.length >= 2);
});

test('phone width: nothing overflows at 360 px', async () => {
  const page = await newPage({ url: server.url, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await typeQuery(page, corpus.many);
  await options(page).first().waitFor();
  const sizes = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    panel: document.querySelector('sou-search').shadowRoot.querySelector('.panel').getBoundingClientRect().right,
  }));
  assert.ok(sizes.page <= 360 && sizes.panel <= 360, JSON.stringify(sizes));
  await page.keyboard.press('Enter');
  await page.locator('#reader .match').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'the reader overflows');
});

test('example site: a result on one page opens another at its heading; header and footer not indexed', () => exampleSite({ newPage, typeQuery }));
test('load: 10,000 queries typed, no error, leak or long frame', async () => (await import('./load.mjs')).loadTest({ newPage, url: server.url }));

test('screenshots: light, dark, phone, reader', async () => {
  const dir = path.join(repo, 'target/screenshots');
  await mkdir(dir, { recursive: true });
  const shots = [
    ['light', { viewport: { width: 1200, height: 820 } }],
    ['dark', { viewport: { width: 1200, height: 820 }, colorScheme: 'dark' }],
    ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ];
  for (const [name, options_] of shots) {
    const page = await newPage({ url: server.url, ...options_ });
    await typeQuery(page, corpus.many);
    await options(page).nth(1).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
    if (name === 'light' || name === 'phone') {
      await page.keyboard.press('Enter');
      await page.locator('#reader .match').waitFor();
      await page.screenshot({ path: path.join(dir, `${name === 'light' ? 'reader' : 'phone-reader'}.png`) });
    }
  }
  console.log(`    screenshots in ${path.relative(process.cwd(), dir)}/`);
});

// ---------------------------------------------------------------------------------------------

const filter = process.argv[2];
const selected = tests.filter(({ name }) => !filter || name.includes(filter));
const started = performance.now();
let failed = 0;
let skipped = 0;
try {
  await setUp();
  for (const { name, fn } of selected) {
    const begin = performance.now();
    problems = [];
    let skip = null;
    try {
      await fn({ skip: (why) => (skip = why ?? 'skipped') });
      await closeContexts();
      assert.deepEqual(problems, [], 'console errors, page errors or CSP violations');
      const seconds = ((performance.now() - begin) / 1000).toFixed(1);
      if (skip) {
        skipped++;
        console.log(`- ${name} (skipped: ${skip})`);
      } else {
        console.log(`✓ ${name} (${seconds} s)`);
      }
    } catch (error) {
      failed++;
      console.log(`✗ ${name}\n    ${String(error.stack ?? error).split('\n').join('\n    ')}`);
      await closeContexts().catch(() => {});
    }
  }
} finally {
  await browser?.close();
  server?.close();
  plainServer?.close();
  if (site) await rm(site, { recursive: true, force: true });
  const built = await xssBuild?.catch(() => null);
  if (built) await rm(built, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(failed ? `\n${failed} browser test(s) failed (${seconds} s)` : `\nall browser tests passed (${seconds} s${skipped ? `, ${skipped} skipped` : ''})`);
process.exit(failed ? 1 : 0);
