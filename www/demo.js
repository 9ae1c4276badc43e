// The demo page: <sou-search> over the embedded corpus, and a reader pane that shows a chosen
// document with the matching passage marked. The corpus has no pages of its own, so the demo
// cancels sou-select and shows the document itself (document(url) of the wasm API).
//
// The reader's state lives in the URL next to the search: ?q=兰州&doc=004_…&p=1 (p: which of the
// hit's passages was chosen), pushed as a history entry, so Back returns to the results.

import { highlight, hitTerms } from './sou-search.js';

const ENGLISH = {
  title: 'sou · Chinese full-text search in the browser',
  tagline: 'Chinese full-text search that runs entirely in your browser.',
  lead: 'The engine is written in Rust and compiled to WebAssembly with the index inside: no server, and it works offline. Every keystroke searches again, usually in well under a millisecond.',
  keys: 'Press / or Ctrl K to search, ↑↓ to choose, Enter to open, Esc to clear.',
  close: 'Close',
  offline: 'The single-file offline version (one HTML file, opens from disk)',
  info: (info) => `Corpus “${info.corpus}”: ${info.documents} documents, ${info.passages} passages, ${info.terms} terms; index ${kilobytes(info.bytes)} KB.`,
  missing: (url) => `“${url}” is not in the index.`,
  failed: (url, why) => `“${url}” failed to load: ${why}`,
};
const CHINESE = {
  info: (info) => `语料“${info.corpus}”：${info.documents} 篇文档，${info.passages} 个段落，${info.terms} 个词；索引 ${kilobytes(info.bytes)} KB。`,
  missing: (url) => `索引里没有“${url}”。`,
  failed: (url, why) => `“${url}”载入失败：${why}`,
};

// Not toLocaleString(): its first call loads the browser's number-formatting data, 60 ms or more
// in front of the first result.
function kilobytes(bytes) {
  return String(Math.round(bytes / 1024)).replace(/\B(?=(\d{3})+$)/g, ',');
}

const chinese = (navigator.language || '').toLowerCase().startsWith('zh');
const strings = chinese ? CHINESE : ENGLISH;
if (!chinese) {
  document.documentElement.lang = 'en';
  document.title = ENGLISH.title;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = ENGLISH[element.dataset.i18n];
}

const box = document.querySelector('sou-search');
const reader = document.getElementById('reader');
const readerUrl = document.getElementById('reader-url');
const readerTitle = document.getElementById('reader-title');
const readerBody = document.getElementById('reader-body');
let showing = 0; // counts show() calls: one still waiting for shards gives way to a later one

box.addEventListener('sou-ready', async ({ detail: { info } }) => {
  document.getElementById('corpus-info').textContent = strings.info(info);
  // The examples in index.html are for the seed corpus; another corpus gets a few short titles.
  if (info.corpus !== 'seeds') {
    const api = await box.load();
    const titles = api.documents().map((d) => d.title).filter((t) => t && [...t].length <= 8 && !t.includes(','));
    box.setAttribute('examples', titles.slice(0, 4).join(', '));
  }
});

box.addEventListener('sou-select', (event) => {
  event.preventDefault();
  const { hit, passage, query } = event.detail;
  const url = new URL(location.href);
  url.searchParams.set('doc', hit.url);
  url.searchParams.set('p', String(Math.max(0, hit.passages.indexOf(passage))));
  history.pushState(null, '', url);
  show(hit.url, query, hit.passages.indexOf(passage), hit);
});

function closeReader() {
  reader.hidden = true;
  const url = new URL(location.href);
  url.searchParams.delete('doc');
  url.searchParams.delete('p');
  history.replaceState(null, '', url);
  box.focus();
}
document.getElementById('reader-close').addEventListener('click', closeReader);
reader.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeReader();
});

window.addEventListener('popstate', () => restore());
restore({ initial: true });

/** Shows what the URL says: a document in the reader, or the search results (the box itself
    restores the query from ?q= on load and on Back). */
function restore({ initial = false } = {}) {
  const params = new URLSearchParams(location.search);
  const doc = params.get('doc');
  if (doc) {
    box.close();
    show(doc, params.get('q') ?? '', Number(params.get('p') ?? 0));
  } else {
    reader.hidden = true;
    if (params.get('q') && !initial) box.open();
  }
}

/**
 * The answer of `ask` (a document() or query() call) once the shards it needs are in: with a
 * sharded index, an answer lists in `missing` the shards of its text that are not loaded yet.
 */
async function complete(ask) {
  let answer = ask();
  while (answer?.missing?.length) {
    await box.loadShards(answer.missing);
    answer = ask();
  }
  return answer;
}

/**
 * Shows document `url` in the reader, with passage `passageIndex` of its hit for `query` marked
 * (the hit itself if the caller has it: the search then need not run again).
 */
async function show(url, query, passageIndex, knownHit) {
  const shown = ++showing;
  const api = await box.load();
  let doc, page;
  try {
    doc = await complete(() => api.document(url));
    // The hit tells which text matched (the index folds case, traditional characters, pinyin…),
    // so the reader marks those words rather than the query's.
    if (doc && !knownHit && query.trim()) page = await complete(() => api.query(query, { limit: 1000 }));
  } catch (error) {
    if (shown !== showing) return;
    reader.hidden = false;
    readerUrl.textContent = url;
    readerTitle.textContent = strings.failed(url, error.message);
    readerBody.replaceChildren();
    return;
  }
  if (shown !== showing) return;
  reader.hidden = false;
  readerUrl.textContent = url;
  if (!doc) {
    readerTitle.textContent = strings.missing(url);
    readerBody.replaceChildren();
    return;
  }
  const hit = knownHit ?? page?.hits.find((h) => h.url === doc.url);
  const terms = hit ? hitTerms(hit) : [];
  const chosen = hit?.passages[passageIndex] ?? hit?.passages[0];
  const match = chosen ? locate(doc, chosen) : null;

  readerTitle.replaceChildren(highlight(doc.title || doc.url, terms));
  readerBody.replaceChildren(...doc.passages.map((passage, index) =>
    passageElement(passage, index === match?.index ? markSnippet(passage.text, match.at, chosen.snippet, terms) : highlight(passage.text, terms))));
  readerTitle.classList.toggle('match', Boolean(chosen) && !match); // a hit on the title itself

  const target = match ? readerBody.children[match.index] : readerTitle;
  target.classList.add('match');
  target.scrollIntoView({ block: 'center' });
  reader.focus({ preventScroll: true });
}

/** Where a hit's passage is in the document: the passage whose text holds the snippet, and where. */
function locate(doc, passage) {
  const text = passage.snippet.map((segment) => segment.text).join('');
  const inSection = (p) => passage.anchor == null || p.anchor === passage.anchor;
  for (const accept of [inSection, () => true]) {
    const index = doc.passages.findIndex((p) => accept(p) && p.text.includes(text));
    if (index >= 0) return { index, at: doc.passages[index].text.indexOf(text) };
  }
  return null;
}

/** `text` with the snippet's own matches marked where it sits (at `at`), and `terms` marked elsewhere. */
function markSnippet(text, at, snippet, terms) {
  const fragment = document.createDocumentFragment();
  fragment.append(highlight(text.slice(0, at), terms));
  let end = at;
  for (const segment of snippet) {
    if (segment.hit) {
      const mark = document.createElement('mark');
      mark.textContent = segment.text;
      fragment.append(mark);
    } else {
      fragment.append(segment.text);
    }
    end += segment.text.length;
  }
  fragment.append(highlight(text.slice(end), terms));
  return fragment;
}

function passageElement(passage, content) {
  let element;
  if (passage.kind === 'heading') {
    element = document.createElement(`h${Math.min(6, Math.max(3, passage.level + 1))}`);
    element.append(content);
  } else if (passage.kind === 'code') {
    element = document.createElement('pre');
    const code = document.createElement('code');
    code.append(content);
    element.append(code);
  } else {
    element = document.createElement('p');
    element.append(content);
  }
  if (passage.anchor) element.dataset.anchor = passage.anchor;
  return element;
}
