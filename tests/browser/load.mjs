// The load test: 10,000 varied queries typed in sequence through the <sou-search> widget of the
// demo — pieces of the corpus typed a character at a time, pinyin, typos, odd strings — without a
// console error or page error, without a leak (wasm memory, JS heap, DOM nodes), and without a
// frame longer than 50 ms. run.mjs calls loadTest() as one of its tests; alone:
//
//   node tests/browser/run.mjs load
//
// "Typed" is programmatic: the page sets the input's value and dispatches an input event, as a
// keystroke does, and yields to the event loop after each (so each query is a task of its own and
// the browser renders between them). The widget keeps the query in the URL with
// history.replaceState; Chromium throttles more than 200 of those in 10 seconds (a person types
// far fewer) and warns on the console, so the test page turns that off (param="").

import assert from 'node:assert/strict';

export const QUERIES = 10_000;
const CHECKPOINT = 1_000; // memory is compared between here and the end
const LONG_FRAME_MS = 50;

/** Types `QUERIES` queries into the demo at `url`, in pages from `newPage` (run.mjs's, which fails the test on console and page errors). */
export async function loadTest({ newPage, url, queries = QUERIES }) {
  const page = await newPage({ url });
  page.setDefaultTimeout(120_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  // Start the widget, make the queries (deterministically, from the corpus and a list of odd
  // strings) and watch long frames and long tasks from here on.
  const ready = await page.locator('sou-search').evaluate(async (host, count) => {
    host.setAttribute('param', '');
    host.focus();
    const api = await host.load();
    const wasm = await api.default(); // the instance the widget uses: init() runs once
    const startup = wasm.memory.buffer.byteLength;
    // What the widget's warm-up does when the page is idle (the first pinyin, typo and
    // suggestion work out their tables once): done now, so the test measures typing, not that.
    for (const q of ['jyg', 'jiayuguan', '嘉裕关', 'definProps']) api.query(q, { limit: 10 });
    api.suggest('jia', { limit: 8 });

    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (list) => list[Math.floor(random() * list.length)];
    const texts = api.documents().flatMap(({ url }) => api.document(url).passages.map((p) => [...p.text]));
    const odd = [
      '', ' ', '\u3000', '😀🎉', '👩‍👩‍👧', '<img src=x onerror=alert(1)>', '"\'`\\', '\u0000\u001e', '\u202e\u200b',
      'ＬＥＤ', '((((', '。。。', 'jiayuguan', 'jyg', 'renGongXinZang', 'definProps', 'a b c d e f g h i j k l m n',
      '科'.repeat(300), 'x'.repeat(1000), String.fromCharCode(0xd800), '%s%n{}', 'SELECT * FROM t;--',
    ];
    const list = [];
    while (list.length < count) {
      const roll = random();
      let word;
      if (roll < 0.15) {
        word = pick(odd);
      } else {
        const text = pick(texts);
        const start = Math.floor(random() * text.length);
        word = text.slice(start, start + 1 + Math.floor(random() * 8)).join('');
        if (roll < 0.25) word = `${word} ${pick(odd)}`;
      }
      // Typed: each prefix, then (sometimes) erased again.
      const chars = [...word];
      for (let n = 1; n <= chars.length && list.length < count; n++) list.push(chars.slice(0, n).join(''));
      if (random() < 0.3 && list.length < count) list.push('');
    }

    // The widget's own first renders (the panel's first layout, the first CJK glyphs drawn) are
    // start-up too: typed once here, before the long frames are watched.
    const input = host.shadowRoot.querySelector('input');
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    for (const q of ['嘉峪关', 'jyg', '科技', 'definProps', '😀', '']) {
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await frame();
    }
    await frame();

    window.__souLoad = { list, long: [], api, wasm, input, next: 0, worst: 0, total: 0, slow: [] };
    for (const type of ['long-animation-frame', 'longtask']) {
      if (!PerformanceObserver.supportedEntryTypes.includes(type)) continue;
      new PerformanceObserver((entries) => {
        for (const e of entries.getEntries()) {
          // blockingDuration: how much the frame's long tasks (over 50 ms) kept it from input.
          const blocking = Math.round(e.blockingDuration ?? e.duration);
          window.__souLoad.long.push({ type, duration: Math.round(e.duration), blocking, at: window.__souLoad.next });
        }
      }).observe({ type });
    }
    return { startup, queries: list.length, types: PerformanceObserver.supportedEntryTypes };
  }, queries);
  assert.equal(ready.queries, queries);
  assert.ok(ready.types.includes('long-animation-frame') || ready.types.includes('longtask'), 'no long frame observer');

  /** Types the next `n` queries; resolves when they are done. */
  const type = (n) =>
    page.evaluate(async ([n, LONG]) => {
      const state = window.__souLoad;
      const channel = new MessageChannel();
      const yieldTask = () => new Promise((resolve) => {
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
      });
      for (const end = state.next + n; state.next < end; state.next++) {
        const started = performance.now();
        state.input.value = state.list[state.next];
        state.input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        const ms = performance.now() - started;
        if (ms > LONG) state.slow.push({ n: state.next, query: state.list[state.next].slice(0, 20), ms: Math.round(ms) });
        state.worst = Math.max(state.worst, ms);
        state.total += ms;
        await yieldTask();
        // Let a frame be drawn now and then, as between keystrokes.
        if (state.next % 16 === 0) await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return state.next;
    }, [n, LONG_FRAME_MS]);

  /** Memory after a full garbage collection: wasm (bytes), JS heap (bytes), DOM nodes, listeners. */
  const memory = async () => {
    // The same page both times: the box emptied (its empty state), so DOM counts compare.
    await page.evaluate(() => {
      const { input } = window.__souLoad;
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    });
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value;
    const wasm = await page.evaluate(() => window.__souLoad.wasm.memory.buffer.byteLength);
    return { wasm, heap: metric('JSHeapUsedSize'), nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
  };

  const started = performance.now();
  await type(CHECKPOINT);
  const early = await memory();
  while ((await type(Math.min(CHECKPOINT, queries - CHECKPOINT))) < queries);
  const late = await memory();
  const seconds = (performance.now() - started) / 1000;
  const { long, worst, total, slow } = await page.evaluate(() => {
    const { long, worst, total, slow } = window.__souLoad;
    return { long, worst, total, slow };
  });
  const frames = long.filter((e) => e.type === 'long-animation-frame');
  const tasks = long.filter((e) => e.type === 'longtask');
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `    ${queries} queries in ${seconds.toFixed(1)} s: per query (search and rendering) mean ${(total / queries).toFixed(2)} ms, worst ${worst.toFixed(1)} ms;`,
    `long frames ${frames.length} (longest ${Math.max(0, ...frames.map((e) => e.duration))} ms), long tasks ${tasks.length};`,
    `\n    wasm memory ${kb(ready.startup)} at start-up, ${kb(early.wasm)} after ${CHECKPOINT}, ${kb(late.wasm)} after ${queries};`,
    `JS heap ${kb(early.heap)} → ${kb(late.heap)}; DOM nodes ${early.nodes} → ${late.nodes}; listeners ${early.listeners} → ${late.listeners}`,
  );

  // No growth: wasm memory grows in 64 KiB pages and never shrinks, so not one page more after
  // the first thousand queries (the tables and allocator pools are made by then). The JS heap
  // and the DOM after a full collection: within a little noise of where they were.
  assert.equal(late.wasm, early.wasm, 'wasm memory grew');
  assert.ok(late.heap <= early.heap * 1.1 + 512 * 1024, `JS heap grew: ${early.heap} → ${late.heap}`);
  assert.ok(late.nodes <= early.nodes * 1.1 + 200, `DOM nodes grew: ${early.nodes} → ${late.nodes}`);
  assert.ok(late.listeners <= early.listeners + 20, `event listeners grew: ${early.listeners} → ${late.listeners}`);
  // Frames. Queries are typed far faster than anyone types (a frame every 16 queries), so a frame
  // holds several queries and may last over 50 ms with none of them long: what counts is the long
  // tasks (a query, with its rendering, over 50 ms) and the frames they block (LoAF
  // blockingDuration), but the first tasks after start-up. Every long frame is printed.
  //
  // A test machine is shared (builds, other tests, other engineers' work), and a neighbour's
  // burst can stretch any frame. So a long one counts only if it comes back: the queries typed
  // around it are typed again, the same way, up to three times, and a stretch that runs clean
  // once was the machine. Work of sou's that takes over 50 ms takes it every time.
  if (long.length || slow.length) console.log(`    over ${LONG_FRAME_MS} ms: ${JSON.stringify(long)}; slow queries: ${JSON.stringify(slow)}`);
  const blocking = long.filter((e) => e.blocking > 0 && e.at > 1);
  const stretches = [];
  for (const [from, to] of [...blocking.map((e) => [e.at - 17, e.at + 1]), ...slow.map((q) => [q.n - 1, q.n + 1])].sort((a, b) => a[0] - b[0])) {
    const last = stretches.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else stretches.push([Math.max(0, from), Math.min(queries, to)]);
  }
  const kept = [];
  for (const [from, to] of stretches) {
    const tries = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const again = await retype(page, from, to, LONG_FRAME_MS);
      tries.push(again);
      if (again.long.length === 0 && again.slow.length === 0) break;
    }
    const clean = tries.at(-1).long.length === 0 && tries.at(-1).slow.length === 0;
    console.log(`    queries ${from}–${to - 1} typed again: ${tries.map((t) => (t.long.length || t.slow.length ? JSON.stringify(t) : 'clean')).join('; ')}${clean ? ' (the machine, not sou)' : ''}`);
    if (!clean) kept.push({ from, to, tries });
  }
  assert.deepEqual(kept, [], `tasks or queries over ${LONG_FRAME_MS} ms, again when typed again`);
}

/** Types queries `from`..`to` of the load test's list again, as the run did, and returns the long tasks, blocking frames and slow queries seen meanwhile. */
function retype(page, from, to, LONG) {
  return page.evaluate(async ([from, to, LONG]) => {
    const state = window.__souLoad;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const long = [];
    const observers = ['long-animation-frame', 'longtask'].filter((t) => PerformanceObserver.supportedEntryTypes.includes(t)).map((type) => {
      const observer = new PerformanceObserver((entries) => {
        for (const e of entries.getEntries()) {
          const blocking = Math.round(e.blockingDuration ?? e.duration);
          if (blocking > 0) long.push({ type, duration: Math.round(e.duration), blocking });
        }
      });
      observer.observe({ type });
      return observer;
    });
    const channel = new MessageChannel();
    const yieldTask = () => new Promise((resolve) => {
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    });
    const slow = [];
    await frame();
    for (let n = from; n < to; n++) {
      const started = performance.now();
      state.input.value = state.list[n];
      state.input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      const ms = performance.now() - started;
      if (ms > LONG) slow.push({ n, ms: Math.round(ms) });
      await yieldTask();
      if (n % 16 === 0) await frame();
    }
    await frame();
    await frame();
    await new Promise((resolve) => setTimeout(resolve, 50)); // observers report after the frame
    for (const observer of observers) observer.disconnect();
    return { long, slow };
  }, [from, to, LONG]);
}
