// MiniSearch 7: fields title and body, words cut by Intl.Segmenter('zh', word) for the text and
// the query, the index serialised with JSON.stringify and opened with MiniSearch.loadJSON.
import MiniSearch from 'minisearch';

import { start } from './common.js';
import { miniSearchOptions } from './options.js';

let mini;

start({
  async load() {
    mini = MiniSearch.loadJSON(await (await fetch('index.json')).text(), miniSearchOptions());
  },
  search: (q) => mini.search(q),
  top: async (results, n) => results.slice(0, n).map((r) => ({ url: r.url, title: r.title })),
});
