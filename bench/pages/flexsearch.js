// FlexSearch 0.8: an Index with its CJK charset (every CJK character a term), exported by
// bench/peers.mjs with index.export() and imported here with index.import(); the documents'
// URLs and titles travel beside it in the same JSON.
import { Charset, Index } from 'flexsearch';

import { start } from './common.js';
import { FLEXSEARCH_OPTIONS } from './options.js';

let index;
let docs;

start({
  async load() {
    const data = await (await fetch('index.json')).json();
    index = new Index({ ...FLEXSEARCH_OPTIONS, encoder: Charset.CJK });
    for (const [key, value] of data.index) await index.import(key, value);
    docs = data.docs;
  },
  search: (q) => index.search(q, { limit: 10 }),
  top: async (ids, n) => ids.slice(0, n).map((id) => ({ url: docs[id][0], title: docs[id][1] })),
});
