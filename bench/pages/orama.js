// Orama 3 with the mandarin tokenizer of @orama/tokenizers (Intl.Segmenter), the database saved
// with save() by bench/peers.mjs and restored here with load().
import { create, load, search } from '@orama/orama';
import { createTokenizer } from '@orama/tokenizers/mandarin';

import { start } from './common.js';
import { ORAMA_SCHEMA } from './options.js';

let db;

start({
  async load() {
    const raw = await (await fetch('index.json')).json();
    db = create({ schema: ORAMA_SCHEMA, components: { tokenizer: createTokenizer() } });
    load(db, raw);
  },
  search: (q) => search(db, { term: q, limit: 10 }),
  top: async (results, n) => results.hits.slice(0, n).map((hit) => ({ url: hit.document.url, title: hit.document.title })),
});
