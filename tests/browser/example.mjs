// The example site (examples/site/) in the browser, assembled by scripts/build-example.mjs as a
// site owner would publish it: its own pages, www/sou-search.js and a pkg/ built over those pages.
// It is served under /example/, the way GitHub Pages serves a project site under /<repo>/, with
// the strict CSP. run.mjs calls exampleSite() with its page helpers, which collect console
// errors, page errors and CSP violations (any fails the test).

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { buildExample } from '../../scripts/build-example.mjs';
import { serve } from '../../scripts/serve.mjs';

const BASE = '/example/';

/** `newPage({ url })` opens a watched page; `typeQuery(page, q)` types into its <sou-search>. */
export async function exampleSite({ newPage, typeQuery }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sou-example-'));
  const server = await buildExample(path.join(dir, 'example'), { base: BASE }).then(() => serve(dir, { port: 0, csp: true }));
  try {
    const at = (pathname) => new URL(pathname, server.url).href;
    const options = (page) => page.locator('sou-search [role="option"]');
    const landed = (page) => decodeURIComponent(new URL(page.url()).pathname + new URL(page.url()).hash);

    // The index holds the five pages, under the base, and none of the furniture around them.
    const page = await newPage({ url: at(`${BASE}index.html`) });
    const index = await page.locator('sou-search').evaluate(async (host) => {
      const sou = await host.load();
      const total = (q) => sou.query(q, { limit: 1 }).total;
      return {
        urls: sou.documents().map((d) => d.url).sort(),
        titles: sou.documents().map((d) => d.title).sort(),
        header: total('落笔成章'), // the header's tagline
        footer: total('青柠工作室'), // the footer
        skippedCss: total('color-mix'), // style.css is not a page
      };
    });
    // The home page is the folder's address; titles are the pages' h1, without the site's name.
    assert.deepEqual(index.urls, [BASE, ...['faq', 'guide/config', 'install', 'quickstart'].map((p) => `${BASE}${p}.html`)]);
    assert.deepEqual(index.titles, ['墨记：在每台设备上写同一本笔记', '安装', '常见问题', '快速上手', '配置'].sort());
    assert.deepEqual([index.header, index.footer, index.skippedCss], [0, 0, 0], 'header, footer or style.css text was indexed');

    // On the home page, a heading of another page: its result links to that page's anchor, and
    // Enter opens it there.
    await typeQuery(page, '同步间隔');
    await options(page).first().waitFor();
    const href = await options(page).first().locator('a').getAttribute('href');
    assert.equal(href, `${BASE}guide/config.html#sync-interval`);
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/config.html')), input(page).press('Enter')]);
    assert.equal(landed(page), `${BASE}guide/config.html#sync-interval`);
    assert.equal(await page.locator('h2#sync-interval').textContent(), '同步间隔');
    assert.ok(await page.locator('h2#sync-interval').evaluate((h) => h.matches(':target')), 'the heading is not the target');

    // From that page, one folder down (its box loads ../pkg/sou.js): a click on a result of
    // another page opens it at the passage's heading.
    await typeQuery(page, '冲突副本');
    await options(page).first().waitFor();
    const titles = await page.locator('sou-search .result .title').allTextContents();
    assert.deepEqual(titles, ['常见问题']);
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/faq.html')), options(page).first().click()]);
    assert.equal(landed(page), `${BASE}faq.html#conflict`);
    assert.match(await page.locator('h2#conflict').textContent(), /同一篇笔记/);

    // The code block is searchable too, and results come from every page that has the words.
    await typeQuery(page, 'moji');
    await options(page).first().waitFor();
    const pages = new Set((await page.locator('sou-search .result > a').evaluateAll((links) => links.map((a) => a.pathname))));
    assert.ok(['install', 'quickstart', 'faq'].every((p) => pages.has(`${BASE}${p}.html`)), [...pages].join(' '));
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const input = (page) => page.locator('sou-search input');
