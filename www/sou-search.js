// <sou-search>: a search box over sou's WebAssembly index, for any static site.
//
//   <script type="module" src="/sou-search.js"></script>
//   <sou-search placeholder="搜索文档"></sou-search>
//
// Attributes: module (URL of sou.js; default: pkg/sou.js next to this file; one built without an
// index, as SOU_SHARDS=1 builds it, searches the index file its INDEX_FILE names), index (URL of an
// index file written by `sou index`, searched instead of the module's own; the module then
// defaults to pkg/sou_runtime.js, which embeds none), placeholder,
// limit (results per page, default 10), lang (zh or en; default: the browser's language),
// examples (example queries for the empty state, separated by commas), param (the URL query
// parameter that holds the search, default q; param="" keeps the search out of the URL).
// Events: sou-ready {info}, sou-results {query, total, ms} (once the results are complete),
// sou-select {url, anchor, query, title, hit, passage} (cancelable: if not prevented, the page
// navigates to url).
// Methods: load() → Promise of the sou.js API, loadShards(names) (see there), open(), close(),
// focus(), and the value property; SouSearch.load, replaceable, is how the API is loaded (see there).
//
// A sharded index (`sou index --shards`): the index file is the head, and the text of the
// passages is in shard files beside it. A query() lists the shards it needs and lacks in
// `missing`; the box fetches them (each once, a few at a time), adds them, searches again and
// shows the results as they complete.
// Theming: --sou-accent, --sou-bg, --sou-fg, --sou-muted, --sou-border, --sou-active-bg,
// --sou-mark-bg, --sou-mark-fg, --sou-radius, --sou-font, --sou-shadow (each for both colour
// schemes: set them inside a prefers-color-scheme query to tell them apart), and
// ::part(box | input | panel | option).
//
// Everything that comes from the index or the user reaches the page as text nodes and <mark>
// elements built with DOM calls, never as markup, so a document that contains HTML shows it as text.

const STRINGS = {
  zh: {
    placeholder: '搜索…',
    label: '搜索',
    listLabel: '搜索结果',
    suggestionsLabel: '补全建议',
    count: (n, ms) => `${n} 条结果，${ms} 毫秒`,
    loading: '正在加载搜索索引…',
    failed: '搜索索引加载失败：',
    loadingMore: '正在载入更多结果…',
    shardFailed: '部分结果载入失败：',
    hint: (info) => `在 ${info.documents} 篇文档、${info.passages} 个段落中搜索。`,
    examples: '试试：',
    none: (q) => `没有找到“${q}”的结果。`,
    nearest: '你是不是要找：',
    also: (alternatives) => `也搜索了：${alternatives.join('、')}`,
    more: (total) => `显示更多（共 ${total} 条）`,
    keys: [['↑↓', '选择'], ['↵', '打开'], ['Esc', '清空']],
  },
  en: {
    placeholder: 'Search…',
    label: 'Search',
    listLabel: 'Search results',
    suggestionsLabel: 'Suggestions',
    count: (n, ms) => `${n} ${n === 1 ? 'result' : 'results'}, ${ms} ms`,
    loading: 'Loading the search index…',
    failed: 'The search index failed to load: ',
    loadingMore: 'Loading more results…',
    shardFailed: 'Some results failed to load: ',
    hint: (info) => `Search ${info.documents} documents, ${info.passages} passages.`,
    examples: 'Try: ',
    none: (q) => `No results for “${q}”.`,
    nearest: 'Did you mean: ',
    also: (alternatives) => `Also searched for: ${alternatives.join(', ')}`,
    more: (total) => `Show more (${total} in all)`,
    keys: [['↑↓', 'choose'], ['↵', 'open'], ['Esc', 'clear']],
  },
};

// Only show the loading state when loading is slow enough to notice: a flash of "loading" on
// every first keystroke would be worse than nothing.
const LOADING_DELAY_MS = 150;

// How many shards of a sharded index the box fetches at once. The results show after each
// batch, so the first batch is the one that matters: query() lists the shards most needed first.
const SHARD_BATCH = 4;

// Constructed style sheets are not inline styles, so they work under a CSP without
// 'unsafe-inline' in style-src (every browser with wasm SIMD, which sou needs, has them).
const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host {
  --_accent: var(--sou-accent, #c0392b);
  --_bg: var(--sou-bg, #fff);
  --_fg: var(--sou-fg, #1f1f24);
  --_muted: var(--sou-muted, #6a6a73);
  --_border: var(--sou-border, #d5d5db);
  --_active: var(--sou-active-bg, #f4f1ee);
  --_mark-bg: var(--sou-mark-bg, #ffe58f);
  --_mark-fg: var(--sou-mark-fg, #1f1f24);
  --_radius: var(--sou-radius, 12px);
  --_font: var(--sou-font, -apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Segoe UI", sans-serif);
  --_shadow: var(--sou-shadow, 0 12px 32px rgb(0 0 0 / .12), 0 2px 6px rgb(0 0 0 / .06));
  display: block; position: relative;
  font-family: var(--_font); line-height: 1.6; color: var(--_fg);
  -webkit-text-size-adjust: 100%;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_accent: var(--sou-accent, #ff8a7a);
    --_bg: var(--sou-bg, #1d1d21);
    --_fg: var(--sou-fg, #ececf0);
    --_muted: var(--sou-muted, #a2a2ad);
    --_border: var(--sou-border, #3a3a42);
    --_active: var(--sou-active-bg, #2b2a30);
    --_mark-bg: var(--sou-mark-bg, #7a5c00);
    --_mark-fg: var(--sou-mark-fg, #fff6d6);
    --_shadow: var(--sou-shadow, 0 12px 32px rgb(0 0 0 / .5));
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
mark { background: var(--_mark-bg); color: var(--_mark-fg); border-radius: 3px; padding: 0 .1em; }

.box {
  display: flex; align-items: center; gap: .5rem; padding: 0 .75rem 0 .9rem;
  background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  transition: border-color .15s, box-shadow .15s;
}
.box:focus-within {
  border-color: var(--_accent);
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 25%, transparent);
}
.icon { flex: none; width: 1.15rem; height: 1.15rem; color: var(--_muted); }
input {
  flex: 1; min-width: 0; height: 3rem; border: 0; outline: 0; background: transparent;
  color: inherit; font: inherit;
  font-size: 1.0625rem; /* at least 16px, or phones zoom in on focus */
}
input::placeholder { color: var(--_muted); opacity: 1; }
input::-webkit-search-cancel-button { -webkit-appearance: none; }
kbd {
  min-width: 1.5em; padding: 0 .4em; font: inherit; font-size: .75rem; text-align: center;
  color: var(--_muted); border: 1px solid var(--_border); border-bottom-width: 2px; border-radius: 5px;
}
.box:focus-within kbd, input:not(:placeholder-shown) + kbd { display: none; }

.panel {
  position: absolute; z-index: 10; top: calc(100% + .4rem); left: 0; right: 0;
  display: flex; flex-direction: column; max-height: min(70vh, 40rem); overflow: hidden;
  background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  box-shadow: var(--_shadow);
}
/* One line of fixed height for the count and the suggestions, so that suggestions coming and
   going do not push the results up and down while typing. */
.bar {
  flex: none; display: flex; align-items: center; gap: .4rem; height: 2.5rem; padding: 0 .9rem;
  overflow-x: auto; scrollbar-width: none; white-space: nowrap;
  font-size: .8125rem; color: var(--_muted); border-bottom: 1px solid var(--_border);
}
.status { flex: none; }
.status.loading::after {
  content: ""; display: inline-block; width: .8em; height: .8em; margin-left: .5em; vertical-align: -.1em;
  border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%;
  animation: spin .8s linear infinite;
}
@keyframes spin { to { transform: rotate(1turn); } }
@media (prefers-reduced-motion: reduce) { .status.loading::after { animation: none; } }
.chips { display: flex; gap: .4rem; }
.chips:not(:empty)::before { content: "·"; margin-right: .1rem; }
.chip {
  flex: none; padding: .1rem .65rem; font-size: .8125rem;
  background: transparent; border: 1px solid var(--_border); border-radius: 999px;
}
.chip:hover { border-color: var(--_accent); color: var(--_accent); }

.scroll { flex: 1; overflow-y: auto; overscroll-behavior: contain; }
.message { margin: 0; padding: 1rem .9rem .35rem; font-size: .9375rem; }
.offers {
  display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; padding: .35rem .9rem 1rem;
  font-size: .875rem; color: var(--_muted);
}
.offers .chip { font-size: .875rem; color: var(--_fg); }
.message:empty, .offers:empty, [role="listbox"]:empty { display: none; }

[role="listbox"] { margin: 0; padding: .35rem; list-style: none; }
[role="option"] { position: relative; padding: .55rem .75rem; border-radius: calc(var(--_radius) - 4px); cursor: pointer; }
[role="option"] > a { display: block; color: inherit; text-decoration: none; }
[role="option"][aria-selected="true"] { background: var(--_active); }
[role="option"][aria-selected="true"]::before {
  content: ""; position: absolute; left: 0; top: .5rem; bottom: .5rem; width: 3px;
  border-radius: 3px; background: var(--_accent);
}
.result + .result { margin-top: .15rem; }
.sub { margin-left: 1.25rem; padding-top: .3rem; padding-bottom: .3rem; }
.title, .where { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.title { font-size: 1rem; font-weight: 600; color: var(--_fg); }
.title mark { background: transparent; color: var(--_accent); padding: 0; }
.where { font-size: .75rem; color: var(--_muted); }
.sub .where { display: inline; margin-right: .4rem; }
/* At most two lines (one for a sub-result), whatever the snippet, so the list does not jump. */
.snippet {
  margin: .15rem 0 0; font-size: .875rem; color: var(--_muted); overflow-wrap: anywhere;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden;
}
.sub .snippet { margin: 0; -webkit-line-clamp: 1; }

.foot {
  flex: none; display: flex; align-items: center; gap: 1rem; padding: .4rem .9rem;
  font-size: .75rem; color: var(--_muted); border-top: 1px solid var(--_border);
}
.foot kbd { margin-right: .3em; }
.keys { display: flex; gap: .9rem; }
.more {
  margin-left: auto; padding: .15rem .6rem; font-size: .8125rem; color: var(--_accent);
  background: transparent; border: 0; border-radius: 6px;
}
/* Phones have no arrow keys to hint at; the footer then holds only "show more", if anything. */
@media (pointer: coarse) {
  .keys { display: none; }
  .foot:has(.more[hidden]) { display: none; }
}
`);

/**
 * Runs one small search while the reader is still looking at the page: the first search compiles
 * the search code and builds the index's lookup tables (10–30 ms), which should not be paid on
 * the first keystroke.
 */
function warmUp(api) {
  const idle = globalThis.requestIdleCallback ?? ((run) => setTimeout(run, 0));
  idle(() => {
    try {
      const title = api.documents()[0]?.title ?? '';
      // With a sharded index the answer may lack shards (missing): it is thrown away all the
      // same, and fetches nothing.
      api.query(title.slice(0, 2), { limit: 1 });
    } catch {
      // Only a warm-up: a real search reports its own errors.
    }
  });
}

/** The element `tag` with attributes and children (strings become text nodes, never markup). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children.filter((child) => child !== null && child !== '' && child !== undefined));
  return element;
}

/**
 * `text` with every case-insensitive occurrence of `terms` in a <mark>, as a DocumentFragment.
 * Exported for pages that show documents (the demo's reader pane).
 */
export function highlight(text, terms) {
  const fragment = document.createDocumentFragment();
  const words = [...new Set(terms)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (words.length === 0) {
    fragment.append(text);
    return fragment;
  }
  // Matching case-insensitively (rather than lowercasing the text) keeps the offsets right.
  const pattern = new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  let end = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > end) fragment.append(text.slice(end, match.index));
    fragment.append(h('mark', {}, match[0]));
    end = match.index + match[0].length;
  }
  if (end < text.length) fragment.append(text.slice(end));
  return fragment;
}

/** The text the index matched in a hit (for marking its title): the snippets' hit segments. */
export function hitTerms(hit) {
  return hit.passages.flatMap((passage) => passage.snippet.filter((s) => s.hit).map((s) => s.text));
}

/** A passage's snippet as nodes: its segments, matches in <mark>, an ellipsis where it is cut. */
function snippet(passage) {
  const paragraph = h('p', { class: 'snippet' });
  if (passage.cut_start) paragraph.append('…');
  for (const segment of passage.snippet) paragraph.append(segment.hit ? h('mark', {}, segment.text) : segment.text);
  if (passage.cut_end) paragraph.append('…');
  return paragraph;
}

function formatMs(ms) {
  // Browsers round performance.now() (to 0.1 ms in Chromium), so finer digits would be noise.
  return ms < 0.1 ? '<0.1' : ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

function isTyping(target) {
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Replaces the last word of `query` (what suggest() completes) with `term`. */
function replaceLastWord(query, term) {
  return query.replace(/\S*$/, term);
}

/**
 * The name and bytes of the index file (or shard) at `url`; rejects with a message that names
 * the file and the cause.
 */
async function fetchIndex(url) {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop());
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${name}: ${error.message}`);
  }
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status} ${response.statusText}`.trim());
  return { name, bytes: new Uint8Array(await response.arrayBuffer()) };
}

export class SouSearch extends HTMLElement {
  static observedAttributes = ['placeholder', 'lang', 'examples', 'limit'];

  /**
   * Loads the API of sou.js for `element`. A page that gets the module another way replaces this
   * before the first search (the offline file inits the wasm from inlined bytes):
   * SouSearch.load = async (element) => api. It is called at the earliest a microtask after the
   * element is connected, so a module that imports this one and sets the hook in its body is in time.
   */
  static async load(element) {
    // wasm-bindgen names the wasm <name>_bg.wasm next to <name>.js. Fetching it now rather than
    // when the glue asks for it saves a round trip.
    const moduleUrl = new URL(element.moduleUrl);
    let wasm; // undefined: the glue finds its wasm itself
    if (moduleUrl.pathname.endsWith('.js')) {
      moduleUrl.pathname = moduleUrl.pathname.replace(/\.js$/, '_bg.wasm');
      wasm = fetch(moduleUrl);
      wasm.catch(() => {}); // the glue reports a failure, with the URL
    }
    let index = element.indexUrl && fetchIndex(element.indexUrl);
    index?.catch(() => {}); // awaited below, after the module
    const glue = await import(element.moduleUrl);
    // A module built without an index for a sharded site (SOU_SHARDS=1 scripts/build-wasm.sh)
    // names the head beside it: fetched while the module compiles.
    if (!index && typeof glue.INDEX_FILE === 'string') {
      index = fetchIndex(new URL(glue.INDEX_FILE, element.moduleUrl).href);
      index.catch(() => {}); // awaited below, after the module
    }
    await glue.default(wasm && { module_or_path: wasm });
    if (index) {
      const { name, bytes } = await index;
      try {
        glue.load_index(bytes);
      } catch (error) {
        throw new Error(`${name}: ${error.message}`);
      }
    }
    return glue;
  }

  #api = null;
  #loading = null; // the promise of the API, once load() ran
  #loadError = null;
  #slow = false; // loading takes longer than LOADING_DELAY_MS: show it
  #loadStarted = 0; // performance.now() when load() began
  #held = null; // the timer that ends the hold on the panel (see #run), while it holds
  #open = false;
  #options = []; // [{element, hit, passage}] in the order ↑/↓ walks them
  #active = -1;
  #shown = 0; // how many results the list shows; "show more" raises it
  #shownQuery = null; // the query whose results the list shows
  // A sharded index: its shards (text files beside the index file) are fetched as queries need them.
  #shards = new Map(); // shard name → promise of it fetched and added (dropped if that failed)
  #added = new Set(); // the shards added to the index
  #failed = new Map(); // shard name → Error, until the next search tries again
  #batch = null; // the batch of shards being fetched for the results on screen
  #partial = false; // the results on screen lack shards that are on their way
  #input; // the combobox
  #panel; // what drops down under it:
  #status; //   the count and time (a live region), or the hint, or the loading state
  #chips; //   the suggestions, on the same line
  #message; //   "no results"
  #offers; //   example queries, or the nearest queries when part or all of the query matched nothing
  #list; //   the results (listbox)
  #keys; //   keyboard hints
  #more; //   "show more"

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];

    const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    icon.setAttribute('class', 'icon');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    const lens = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    lens.setAttribute('d', 'M10.5 4a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Zm4.75 11.25L20 20');
    lens.setAttribute('fill', 'none');
    lens.setAttribute('stroke', 'currentColor');
    lens.setAttribute('stroke-width', '2');
    lens.setAttribute('stroke-linecap', 'round');
    icon.append(lens);

    this.#input = h('input', {
      type: 'search',
      part: 'input',
      role: 'combobox',
      'aria-expanded': 'false',
      'aria-controls': 'results',
      'aria-autocomplete': 'list',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
    });
    this.#status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.#chips = h('span', { class: 'chips', role: 'group' });
    this.#message = h('p', { class: 'message' });
    this.#offers = h('div', { class: 'offers' });
    this.#list = h('ul', { id: 'results', role: 'listbox' });
    this.#keys = h('span', { class: 'keys', 'aria-hidden': 'true' });
    this.#more = h('button', { type: 'button', class: 'more', hidden: '' });
    this.#panel = h('div', { class: 'panel', part: 'panel', hidden: '' },
      h('div', { class: 'bar' }, this.#status, this.#chips),
      h('div', { class: 'scroll' }, this.#message, this.#offers, this.#list),
      h('div', { class: 'foot' }, this.#keys, this.#more));
    root.append(h('div', { class: 'box', part: 'box' }, icon, this.#input, h('kbd', { 'aria-hidden': 'true' }, '/')), this.#panel);

    this.#input.addEventListener('focus', () => this.open());
    this.#input.addEventListener('input', () => {
      this.open();
      this.#search(this.#input.value);
    });
    this.#input.addEventListener('keydown', (event) => this.#onKey(event));
    // Clicks in the panel must not take the focus from the input (the panel would close).
    this.#panel.addEventListener('mousedown', (event) => event.preventDefault());
    this.#list.addEventListener('mousemove', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.#setActive(this.#options.findIndex((o) => o.element === option), false);
    });
    this.#list.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      // Ctrl/⌘/Shift/middle click on a result's link opens it in a new tab, as links do.
      if (!option || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
      event.preventDefault();
      this.#choose(this.#options.find((o) => o.element === option));
    });
    this.#more.addEventListener('click', () => {
      this.#shown += this.#limit();
      this.#run();
    });
    root.addEventListener('focusout', (event) => {
      if (!root.contains(event.relatedTarget)) this.close();
    });
  }

  connectedCallback() {
    this.#applyAttributes();
    document.addEventListener('keydown', this.#onGlobalKey);
    document.addEventListener('mousedown', this.#onOutsideClick);
    window.addEventListener('popstate', this.#onPopState);
    // A shared link (?q=…): search at once, without waiting for a focus.
    const query = this.#urlQuery();
    if (query) {
      this.#open = true;
      this.#search(query);
    }
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this.#onGlobalKey);
    document.removeEventListener('mousedown', this.#onOutsideClick);
    window.removeEventListener('popstate', this.#onPopState);
  }

  attributeChangedCallback(name) {
    this.#applyAttributes();
    // Examples show only in the empty state: a search on screen stays as it is.
    if (name === 'examples' && this.#input.value.trim()) return;
    if (this.#api) this.#search(this.#input.value);
  }

  get value() {
    return this.#input.value;
  }

  set value(query) {
    this.#search(query);
  }

  focus(options) {
    this.#input.focus(options);
  }

  /** Loads the index (once; later calls return the same promise) and resolves to the sou.js API. */
  load() {
    if (!this.#loading) {
      this.#loadError = null;
      this.#loadStarted = performance.now();
      const timer = setTimeout(() => {
        this.#slow = true;
        this.#render();
      }, LOADING_DELAY_MS);
      this.#loading = Promise.resolve()
        .then(() => this.constructor.load(this))
        .finally(() => {
          clearTimeout(timer);
          this.#slow = false;
        })
        .then(
          (api) => {
            this.#api = api;
            this.dispatchEvent(new CustomEvent('sou-ready', { detail: { info: api.info() } }));
            this.#run();
            if (!this.value.trim()) warmUp(api);
            return api;
          },
          (error) => {
            this.#loading = null; // a later focus tries again
            this.#loadError = error;
            this.#render();
            throw error;
          },
        );
    }
    return this.#loading;
  }

  /**
   * Fetches the shards `names` of a sharded index (the `missing` of a query() or document()
   * answer: file names relative to the index file) and adds them to the index. Each shard is
   * fetched once, all of them in parallel. Resolves when all are in; rejects, once all are
   * settled, with an Error that names the first file that failed and why. A shard that failed
   * is fetched again by a later call. A page that calls document() or query() itself:
   *
   *   let doc = api.document(url);
   *   while (doc?.missing.length) {
   *     await box.loadShards(doc.missing);
   *     doc = api.document(url);
   *   }
   */
  async loadShards(names) {
    const api = this.#api ?? (await this.load());
    const results = await Promise.allSettled(names.map((name) => this.#loadShard(api, name)));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  #loadShard(api, name) {
    // Asked for again once added: the index does not take it. Fetching it again would loop.
    if (this.#added.has(name)) return Promise.reject(new Error(`${name}: sou: the index still lacks this shard after adding it`));
    let shard = this.#shards.get(name);
    if (!shard) {
      shard = fetchIndex(new URL(name, this.#indexFile()).href).then(({ bytes }) => {
        try {
          api.add_shard(bytes);
        } catch (error) {
          throw new Error(`${name}: ${error.message}`);
        }
        this.#added.add(name);
      });
      this.#shards.set(name, shard);
      shard.catch(() => {
        if (this.#shards.get(name) === shard) this.#shards.delete(name); // the next call fetches it again
      });
    }
    return shard;
  }

  /**
   * Fetches the next few of the shards `missing` (most needed first) unless a batch is on its
   * way, then searches again: the query in the box then, which asks for what it still lacks.
   */
  #fetchShards(missing) {
    const names = missing.filter((name) => !this.#failed.has(name)).slice(0, SHARD_BATCH);
    if (this.#batch || names.length === 0) return;
    this.#batch = Promise.all(names.map((name) =>
      this.#loadShard(this.#api, name).catch((error) => this.#failed.set(name, error))));
    this.#batch.then(() => {
      this.#batch = null;
      this.#run();
    });
  }

  open() {
    this.#open = true;
    if (!this.#api) this.load().catch(() => {}); // the panel shows the error
    this.#render();
  }

  close() {
    this.#open = false;
    this.#setActive(-1);
    this.#render();
  }

  get #strings() {
    const lang = (this.lang || navigator.language || 'en').toLowerCase();
    return lang.startsWith('zh') ? STRINGS.zh : STRINGS.en;
  }

  #limit() {
    const limit = Number.parseInt(this.getAttribute('limit'), 10);
    return limit > 0 ? Math.min(limit, 100) : 10;
  }

  #param() {
    return this.getAttribute('param') ?? 'q';
  }

  /**
   * The URL of sou.js: the module attribute (relative to the page), else pkg/sou.js next to this
   * file, or pkg/sou_runtime.js (no index of its own) when an index file is given.
   */
  get moduleUrl() {
    const module = this.getAttribute('module');
    if (module) return new URL(module, document.baseURI).href;
    return new URL(this.indexUrl ? './pkg/sou_runtime.js' : './pkg/sou.js', import.meta.url).href;
  }

  /** The URL of the index file to search (the index attribute, relative to the page), or null. */
  get indexUrl() {
    const index = this.getAttribute('index');
    return index ? new URL(index, document.baseURI).href : null;
  }

  /**
   * The URL of the index file searched, which the names of its shards are relative to: the index
   * attribute, else the one a module that embeds no index names beside it (INDEX_FILE; see
   * SouSearch.load).
   */
  #indexFile() {
    try {
      return this.indexUrl ?? new URL(this.#api?.INDEX_FILE ?? 'index.sou', this.moduleUrl).href;
    } catch {
      return document.baseURI; // the module came from a data: URL (the offline file): no shards to fetch
    }
  }

  #urlQuery() {
    const param = this.#param();
    return param ? (new URLSearchParams(location.search).get(param) ?? '') : '';
  }

  #applyAttributes() {
    const strings = this.#strings;
    this.#input.placeholder = this.getAttribute('placeholder') ?? strings.placeholder;
    this.#input.setAttribute('aria-label', this.getAttribute('placeholder') || strings.label);
    this.#list.setAttribute('aria-label', strings.listLabel);
    this.#chips.setAttribute('aria-label', strings.suggestionsLabel);
    this.#keys.replaceChildren(...strings.keys.map(([key, what]) => h('span', {}, h('kbd', {}, key), what)));
  }

  /** Keeps the query in the URL (replaceState: typing is not worth a history entry per key). */
  #syncUrl(query) {
    const param = this.#param();
    if (!param) return;
    const url = new URL(location.href);
    if (query) url.searchParams.set(param, query);
    else url.searchParams.delete(param);
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  /** A new search for `query`: the list starts again at `limit` results. */
  #search(query) {
    this.#input.value = query;
    this.#shown = this.#limit();
    this.#failed.clear(); // a shard that failed is tried again
    this.#run();
  }

  /** Searches for what the box holds and builds the panel's content. */
  #run() {
    const query = this.#input.value;
    this.#syncUrl(query);
    if (!this.#api) {
      if (query) this.load().catch(() => {});
      this.#render();
      return;
    }
    // More of the same results (a shard came in): the chosen one stays chosen.
    const chosen = query === this.#shownQuery ? this.#options[this.#active] : undefined;
    this.#shownQuery = query;
    this.#partial = false;
    this.#options = [];
    this.#active = -1;
    this.#input.removeAttribute('aria-activedescendant');
    this.#message.replaceChildren();
    this.#offers.replaceChildren();
    this.#chips.replaceChildren();
    this.#list.replaceChildren();
    this.#more.hidden = true;

    let hold = false;
    if (!query.trim()) {
      this.#renderEmptyState();
    } else {
      const started = performance.now();
      const page = this.#api.query(query, { limit: this.#shown });
      const ms = performance.now() - started;
      const missing = page.missing ?? [];
      this.#renderSuggestions(query);
      if (missing.length) {
        // A sharded index, and the text of some matches is not in yet: the hits found so far,
        // and no verdict (no results, did you mean, what else was searched) until the rest is in.
        const failure = missing.map((name) => this.#failed.get(name)).find(Boolean);
        const line = failure ? this.#strings.shardFailed + failure.message : this.#strings.loadingMore;
        // The same line again (the next batch is on its way) is not said again by the live region.
        if (this.#status.textContent !== line) this.#status.textContent = line;
        this.#partial = !failure;
        this.#renderHits(page, { complete: false });
        if (!failure) this.#fetchShards(missing);
        // The first answer of a sharded index often has no hit until its first shards are in.
        // The panel, not open yet, then stays shut until they are (or until the wait is long
        // enough to notice), rather than open on a line that says so: laying that out costs a
        // frame just before the results.
        hold = !failure && page.hits.length === 0 && this.#panel.hidden;
      } else {
        this.#status.textContent = this.#strings.count(page.total, formatMs(ms));
        if (page.total === 0) this.#renderNoResults(query, page.did_you_mean);
        else this.#renderHits(page);
        // Part of the query occurs nowhere, and the engine knows a near query that finds it all.
        if (page.total > 0 && page.did_you_mean) {
          this.#offers.append(this.#strings.nearest, this.#chip(page.did_you_mean, page.did_you_mean));
        }
        // Pinyin read as Chinese, a typo corrected: say what else was searched for (as text).
        if (page.alternatives?.length) this.#message.append(this.#strings.also(page.alternatives));
        this.dispatchEvent(new CustomEvent('sou-results', { detail: { query, total: page.total, ms } }));
      }
      if (chosen) {
        const index = this.#options.findIndex((o) => o.hit.url === chosen.hit.url && o.passage.url === chosen.passage.url);
        if (index >= 0) this.#setActive(index, false);
      }
    }
    this.#hold(hold);
    this.#render();
    if (this.#options.length && !performance.getEntriesByName('sou-first-result').length) {
      performance.mark('sou-first-result'); // for the benchmark: navigation → first result in the page
    }
  }

  /** Keeps the panel shut (`on`), at most until LOADING_DELAY_MS after load() began; or lets it open. */
  #hold(on) {
    if (on && !this.#held) {
      const left = LOADING_DELAY_MS - (performance.now() - this.#loadStarted);
      this.#held = setTimeout(() => {
        this.#held = null;
        this.#render();
      }, Math.max(0, left));
    } else if (!on && this.#held) {
      clearTimeout(this.#held);
      this.#held = null;
    }
  }

  /** Shows or hides the panel and the loading state; the content is built by #run. */
  #render() {
    const loaded = this.#api !== null;
    if (!loaded) {
      const strings = this.#strings;
      this.#status.textContent = this.#loadError
        ? strings.failed + (this.#loadError.message ?? this.#loadError)
        : this.#slow ? strings.loading : '';
    }
    this.#status.classList.toggle('loading', loaded ? this.#partial : this.#slow);
    this.#panel.setAttribute('aria-busy', String(!loaded || this.#partial));
    const visible = this.#open && !this.#held && (loaded || this.#slow || this.#loadError !== null);
    this.#panel.hidden = !visible;
    this.#input.setAttribute('aria-expanded', String(visible && this.#options.length > 0));
  }

  #renderEmptyState() {
    const strings = this.#strings;
    this.#status.textContent = strings.hint(this.#api.info());
    const examples = (this.getAttribute('examples') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    if (examples.length) {
      this.#offers.append(strings.examples, ...examples.map((example) => this.#chip(example, example)));
    }
  }

  #renderSuggestions(query) {
    const last = query.match(/\S*$/)[0].toLowerCase();
    const terms = this.#api.suggest(query, { limit: 6 }).map((s) => s.term).filter((term) => term !== last);
    this.#chips.append(...terms.slice(0, 5).map((term) => this.#chip(term, replaceLastWord(query, term))));
  }

  #renderNoResults(query, didYouMean) {
    const strings = this.#strings;
    this.#message.textContent = strings.none(query.trim());
    // The engine's own reading first (a typo corrected, a chunk left out); else prefixes, unless
    // the suggestions already complete the last word (pinyin being typed: `xian` → 现在, where the
    // prefix `xia` would offer 下).
    const offers = didYouMean ? [didYouMean] : this.#chips.childElementCount ? [] : this.#nearest(query.trim());
    if (offers.length) this.#offers.append(strings.nearest, ...offers.map((offer) => this.#chip(offer, offer)));
  }

  /**
   * The nearest queries that have results: the longest prefix of `query` that has any, with
   * the completions of its last word. A typo is most often at the end of what was typed.
   */
  #nearest(query) {
    const chars = [...query];
    let budget = 16; // query() calls: this runs on every keystroke while nothing matches
    // A sharded index: no hit in the text loaded so far says nothing yet. Those shards are
    // fetched, and the query searched again then (with better offers, maybe).
    const unknown = new Set();
    const hasResults = (q) => {
      if (budget-- <= 0) return false;
      const page = this.#api.query(q, { limit: 1 });
      if (page.total === 0) for (const name of page.missing ?? []) unknown.add(name);
      return page.total > 0;
    };
    let found = [];
    for (let n = chars.length - 1; n > 0 && budget > 0 && found.length === 0; n--) {
      const prefix = chars.slice(0, n).join('').trimEnd();
      const completions = this.#api.suggest(prefix, { limit: 3 }).map((s) => replaceLastWord(prefix, s.term));
      found = [...new Set([prefix, ...completions])].filter(hasResults);
    }
    if (unknown.size) this.#fetchShards([...unknown]);
    return found.slice(0, 3);
  }

  /** The hits of `page`; "show more" only when they are `complete` (all shards in: the total is exact). */
  #renderHits(page, { complete = true } = {}) {
    for (const hit of page.hits) {
      const [best, ...others] = hit.passages;
      const url = best?.url ?? hit.url;
      const title = h('span', { class: 'title' });
      title.append(highlight(hit.title || hit.url, hitTerms(hit)));
      this.#addOption('result', url, [title, h('span', { class: 'where' }, url), best ? snippet(best) : null], hit, best);
      // The page's other matching passages, as sub-results under it.
      for (const passage of others) {
        const text = snippet(passage);
        if (passage.anchor) text.prepend(h('span', { class: 'where' }, `#${passage.anchor}`));
        this.#addOption('sub', passage.url, [text], hit, passage);
      }
    }
    if (complete && page.total > page.hits.length) {
      this.#more.textContent = this.#strings.more(page.total);
      this.#more.hidden = false;
    }
  }

  // An option holds a real link (out of the tab order) so that ⌘/Ctrl-click and middle-click
  // open the result in a new tab; a plain click or Enter goes through sou-select.
  #addOption(kind, url, children, hit, passage) {
    const element = h('li', { id: `option-${this.#options.length}`, class: kind, role: 'option', part: 'option', 'aria-selected': 'false' },
      h('a', { href: this.#href(url), tabindex: '-1' }, ...children));
    this.#options.push({ element, hit, passage: passage ?? { url: hit.url, anchor: null, snippet: [] } });
    this.#list.append(element);
  }

  #chip(label, query) {
    const chip = h('button', { type: 'button', class: 'chip' }, label);
    chip.addEventListener('click', () => {
      this.#input.focus();
      this.#search(query);
    });
    return chip;
  }

  #setActive(index, scroll = true) {
    this.#options[this.#active]?.element.setAttribute('aria-selected', 'false');
    this.#active = index;
    const option = this.#options[index];
    if (!option) {
      this.#input.removeAttribute('aria-activedescendant');
      return;
    }
    option.element.setAttribute('aria-selected', 'true');
    this.#input.setAttribute('aria-activedescendant', option.element.id);
    if (scroll) option.element.scrollIntoView({ block: 'nearest' });
  }

  #onKey(event) {
    // While an input method composes (pinyin → 汉字), Enter and Esc belong to it.
    if (event.isComposing || event.keyCode === 229) return;
    const count = this.#options.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        this.open();
        if (count === 0) return;
        // -1 (the input itself) is a stop between the last and the first option.
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.#setActive(((this.#active + 1 + step + count + 1) % (count + 1)) - 1);
        return;
      }
      case 'Enter': {
        event.preventDefault();
        const option = this.#options[Math.max(this.#active, 0)];
        if (option && this.#open) this.#choose(option);
        else this.open();
        return;
      }
      case 'Escape':
        event.preventDefault();
        this.#input.value = '';
        this.#run();
        this.close();
        return;
    }
  }

  #choose({ hit, passage }) {
    const detail = { url: passage.url, anchor: passage.anchor, query: this.#input.value, title: hit.title, hit, passage };
    this.close();
    const event = new CustomEvent('sou-select', { detail, bubbles: true, cancelable: true });
    if (this.dispatchEvent(event)) location.assign(this.#href(passage.url));
  }

  /**
   * Where a document URL leads. A relative one (an index built without SOU_BASE_URL) is relative
   * to the site's root as the box knows it: the folder of the index file, else the folder that
   * holds pkg/. Resolved against the page instead, it would break on every page in a subfolder.
   */
  #href(url) {
    if (/^([a-z][a-z\d+.-]*:|\/)/i.test(url)) return url;
    try {
      return new URL(url, this.indexUrl ?? new URL('..', this.moduleUrl)).href;
    } catch {
      // This file came from a data: URL (the offline file inlines it): no folder to start from.
      return new URL(url, document.baseURI).href;
    }
  }

  // Only the first <sou-search> of a page answers the shortcuts.
  #onGlobalKey = (event) => {
    if (document.querySelector('sou-search') !== this || event.defaultPrevented) return;
    const target = event.composedPath()[0];
    if (target === this.#input || isTyping(target)) return;
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
    const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
    if (slash || ctrlK) {
      event.preventDefault();
      this.#input.focus();
      this.#input.select();
    }
  };

  #onOutsideClick = (event) => {
    if (this.#open && !event.composedPath().includes(this)) this.close();
  };

  // Back and Forward: show the search of that history entry. Whether the panel opens is the
  // page's call (open() / close()); a page that pushes entries knows what it shows there.
  #onPopState = () => {
    const query = this.#urlQuery();
    if (query !== this.#input.value) this.#search(query);
  };
}

if (!customElements.get('sou-search')) customElements.define('sou-search', SouSearch);
