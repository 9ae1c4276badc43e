// sou: the wasm module built by scripts/build-wasm.sh (www/pkg/ for the seeds), index embedded.
// query() returns the ranked documents with their snippets (what <sou-search> renders).
import init, { query } from './pkg/sou.js';

import { start } from './common.js';

start({
  load: () => init(),
  search: (q) => query(q, { limit: 10 }),
  top: async (results, n) => results.hits.slice(0, n).map((hit) => ({ url: hit.url, title: hit.title })),
});
