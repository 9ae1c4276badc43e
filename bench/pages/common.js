// What every engine's page shares (bundled into each page's app.js by bench/peers.mjs).
//
// An engine is { load(), search(query), top(results, n) }:
//   load()          fetches and opens the index (once);
//   search(query)   what a search box runs on every keystroke: the engine's own search call,
//                   returning its results (or a promise of them); this is what is timed;
//   top(results, n) the first n results as [{ url, title }] (Pagefind fetches a fragment per
//                   result here; the others read what search returned).
//
// With ?q= in the URL the page loads the engine, searches, renders the first result's title as a
// text node and sets performance.mark('bench-first-result'). window.bench lets the harness run
// queries and time them. Corpus text only ever reaches the page through textContent.

export function start(engine) {
  let loading = null;
  const ready = () => (loading ??= Promise.resolve(engine.load()));
  const run = async (query) => {
    const results = engine.search(query);
    return results && typeof results.then === 'function' ? await results : results;
  };

  window.bench = {
    ready,
    /** The URLs of the first `n` results of each query. */
    async rank(queries, n = 10) {
      await ready();
      const out = [];
      for (const query of queries) out.push((await engine.top(await run(query), n)).map((r) => r.url));
      return out;
    },
    /** Warm latency: per query, `warmup` calls, then the mean of at least `minCalls` calls and
     *  `minMs` milliseconds (the clock's resolution is coarse), in µs. */
    async time(queries, { warmup = 3, minCalls = 5, minMs = 10 } = {}) {
      await ready();
      const out = [];
      for (const query of queries) {
        for (let i = 0; i < warmup; i++) await run(query);
        let calls = 0;
        let elapsed = 0;
        const start = performance.now();
        while (calls < minCalls || elapsed < minMs) {
          const results = engine.search(query);
          if (results && typeof results.then === 'function') await results;
          calls++;
          elapsed = performance.now() - start;
        }
        out.push((elapsed / calls) * 1000);
      }
      return out;
    },
  };

  const query = new URLSearchParams(location.search).get('q');
  if (query) {
    ready()
      .then(() => run(query))
      .then((results) => engine.top(results, 1))
      .then(([first]) => {
        const item = document.createElement('li');
        if (first) {
          const link = document.createElement('a');
          link.href = first.url;
          link.textContent = first.title;
          item.append(link);
        } else {
          item.textContent = '(no result)';
        }
        document.getElementById('results').append(item);
        performance.mark('bench-first-result');
      })
      .catch((error) => {
        performance.mark('bench-error');
        console.error(error);
      });
  }
}
