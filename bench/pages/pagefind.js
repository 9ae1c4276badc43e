// Pagefind 1.6: its UI-less API, pagefind/pagefind.js as its CLI writes it, over HTML pages
// generated from the exported documents. search() returns the ranked page ids; each result's
// URL and title come from its fragment, fetched by data().
import { start } from './common.js';

let pagefind;

start({
  async load() {
    pagefind = await import('./pagefind/pagefind.js');
    // The pages' URLs are site-absolute (/guide/…), not below this page's folder.
    await pagefind.options({ baseUrl: '/' });
    await pagefind.init();
  },
  search: (q) => pagefind.search(q),
  top: (search, n) =>
    Promise.all(search.results.slice(0, n).map(async (result) => {
      const data = await result.data();
      return { url: data.url, title: data.meta.title };
    })),
});
