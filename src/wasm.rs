//! The JavaScript API: a thin wasm-bindgen layer over the embedded index. No search logic lives
//! here; every function converts its arguments, calls the library and converts the result to plain
//! JS objects. `query` and `search` are JavaScript (`src/wasm.js`, appended to the glue by
//! `scripts/build-wasm.sh`) over [`query_packed`].
//!
//! ```js
//! import init, { search, query, suggest, document, documents, info } from "./pkg/sou.js";
//! await init();
//! search("人工心脏", { limit: 10, offset: 0 }); // [{url, title, score, passages: [...]}]
//! ```
//!
//! The functions search the index loaded with `load_index`, else the embedded one; a module built
//! without the `embed` feature (`sou_runtime.js`) has none until `load_index` is called.

use std::cell::Cell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{Index, Results, SearchOptions};

thread_local! {
    /// The index `load_index` opened last. Its bytes live as long as the module: results borrow
    /// from them, and a page loads an index once.
    static LOADED: Cell<Option<&'static Index<'static>>> = const { Cell::new(None) };
}

/// The index to search: the loaded one, else the embedded one.
fn index() -> Result<&'static Index<'static>, JsError> {
    if let Some(index) = LOADED.get() {
        return Ok(index);
    }
    #[cfg(feature = "embed")]
    return Ok(crate::embedded());
    #[cfg(not(feature = "embed"))]
    Err(JsError::new(
        "sou: no index is loaded; this module (sou_runtime.js) embeds none: call load_index(bytes) with the bytes of an index file written by `sou index`",
    ))
}

/// Opens the bytes of an index file (written by `sou index DIR -o site.sou`) and searches it from
/// now on, instead of the embedded index or the one loaded before. Returns its `info()`. Bytes
/// that are not a sou index, of another format version or damaged throw an `Error` that says so,
/// and leave the index in use as it was.
#[wasm_bindgen]
pub fn load_index(bytes: Vec<u8>) -> Result<JsValue, JsError> {
    // Checked where it lies first, so that bytes that do not open are freed, not leaked; the same
    // bytes, kept, then need no second checksum.
    let unusable = |e: crate::FormatError| JsError::new(&format!("sou: cannot use this index: {e}"));
    Index::open(&bytes).map_err(unusable)?;
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let index = Index::open_without_checksum(bytes).map_err(unusable)?;
    let index: &'static Index<'static> = Box::leak(Box::new(index));
    LOADED.set(Some(index));
    to_js(&index.info())
}

/// Adds a text shard (a `site.<n>.<hash>.sou` file that `sou index --shards` wrote beside the
/// index) to the loaded index. Returns how many shards are loaded now. Throws an `Error` for
/// bytes that are not a shard of this index's build; a shard added again is ignored.
#[wasm_bindgen]
pub fn add_shard(bytes: Vec<u8>) -> Result<usize, JsError> {
    let index = index()?;
    let (number, _) =
        index.check_shard(&bytes).map_err(|e| JsError::new(&format!("sou: cannot use this shard: {e}")))?;
    if !index.has_shard(number) {
        // Kept for the module's life, like the index: results borrow from it.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        index.add_shard(bytes).map_err(|e| JsError::new(&format!("sou: cannot use this shard: {e}")))?;
    }
    Ok(index.info().shards_loaded)
}

/// Whether there is an index to search: one embedded in the module or one loaded. A module built
/// without one (`sou_runtime.js`, or `sou.js` of a sharded site) has none until `load_index`.
#[wasm_bindgen]
pub fn has_index() -> bool {
    index().is_ok()
}

/// Runs when the module is instantiated (`await init()`): a panic then shows as a readable
/// message in the console instead of "unreachable executed".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Reads a whole-number option (`limit`, `offset`) from an options object; `undefined` and
/// `null` (the object or the field) mean `default`.
fn number_option(options: &JsValue, name: &str, default: usize) -> Result<usize, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(default);
    }
    if !options.is_object() {
        return Err(JsError::new("sou: options must be an object, like { limit: 10, offset: 0 }"));
    }
    let value = js_sys::Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| JsError::new(&format!("sou: cannot read the option {name}")))?;
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(n as usize),
        _ => Err(JsError::new(&format!("sou: the option {name} must be a whole number of 0 or more"))),
    }
}

/// A result as plain JS objects: serialised to one JSON string here, parsed by the browser's
/// `JSON.parse`. One string crosses the boundary instead of one call per field and string, which
/// makes a page of results about 40 µs cheaper (see Cargo.toml).
fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    let convert = |e: &dyn std::fmt::Display| JsError::new(&format!("sou: cannot convert a result to JS ({e})"));
    let json = serde_json::to_string(value).map_err(|e| convert(&e))?;
    js_sys::JSON::parse(&json).map_err(|e| convert(&e.as_string().unwrap_or_default()))
}

fn search_options(options: &JsValue) -> Result<SearchOptions, JsError> {
    let defaults = SearchOptions::default();
    Ok(SearchOptions {
        limit: number_option(options, "limit", defaults.limit)?,
        offset: number_option(options, "offset", defaults.offset)?,
    })
}

/// The answer to `query` in the packed form that `query()` and `search()` unpack into plain JS
/// objects (see [`pack`]): returns the texts, and leaves the numbers in the module's memory at
/// [`packed_numbers`]. Those two functions are JavaScript, in `src/wasm.js`, which
/// `scripts/build-wasm.sh` appends to the glue (`pkg/sou.js`): JS builds the objects in a third
/// of the time `JSON.parse` took to build the same from JSON (10 µs instead of 30 for ten
/// results, Chromium 156), and nothing is written as JSON here.
#[wasm_bindgen]
pub fn query_packed(query: &str, options: JsValue) -> Result<String, JsError> {
    let results = index()?.query(query, &search_options(&options)?);
    let mut numbers = NUMBERS.take();
    numbers.clear();
    let texts = pack(&results, &mut numbers);
    NUMBERS.set(numbers);
    Ok(texts)
}

thread_local! {
    /// The numbers of the last [`query_packed`]. Kept, so that no query allocates them anew.
    static NUMBERS: Cell<Vec<f64>> = const { Cell::new(Vec::new()) };
}

/// Where the numbers of the last [`query_packed`] start in the module's memory, in f64s; they
/// stay there until the next call. JS reads them through a `Float64Array` over the memory
/// ([`packed_memory`]), with no copy.
#[wasm_bindgen]
pub fn packed_numbers() -> usize {
    let numbers = NUMBERS.take();
    let at = numbers.as_ptr() as usize / std::mem::size_of::<f64>();
    NUMBERS.set(numbers);
    at
}

/// The module's memory (a `WebAssembly.Memory`), for reading [`packed_numbers`].
#[wasm_bindgen]
pub fn packed_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// [`Results`] as one string of all their texts and a list of numbers: the numbers in the order
/// of the fields of the JSON form (`{total, hits: [{url, title, score, passages: [{anchor, url,
/// snippet: [{text, hit}], cut_start, cut_end}]}], alternatives, did_you_mean, missing}`), where
/// a text stands as its length in UTF-16 code units (its place in the string follows from the
/// lengths before it; -1 for `null`), a list as its length followed by its items, and `true` as 1.
/// Returns the string; the numbers go to `numbers`.
pub fn pack(results: &Results, numbers: &mut Vec<f64>) -> String {
    let mut texts = String::new();
    let mut text = |numbers: &mut Vec<f64>, text: Option<&str>| match text {
        Some(text) => {
            numbers.push(text.encode_utf16().count() as f64);
            texts.push_str(text);
        }
        None => numbers.push(-1.0),
    };
    let flag = |flag: bool| if flag { 1.0 } else { 0.0 };
    numbers.push(results.total as f64);
    numbers.push(results.hits.len() as f64);
    for hit in &results.hits {
        text(numbers, Some(hit.url));
        text(numbers, Some(hit.title));
        // Six decimals, about as many as the JSON form printed: the exact value of an f32 in an
        // f64 reads 25.742608904838562.
        numbers.push((f64::from(hit.score) * 1e6).round() / 1e6);
        numbers.push(hit.passages.len() as f64);
        for passage in &hit.passages {
            text(numbers, passage.anchor);
            text(numbers, Some(&passage.url));
            numbers.push(passage.snippet.len() as f64);
            for segment in &passage.snippet {
                text(numbers, Some(segment.text));
                numbers.push(flag(segment.hit));
            }
            numbers.push(flag(passage.cut_start));
            numbers.push(flag(passage.cut_end));
        }
    }
    numbers.push(results.alternatives.len() as f64);
    results.alternatives.iter().for_each(|a| text(numbers, Some(a)));
    text(numbers, results.did_you_mean.as_deref());
    numbers.push(results.missing.len() as f64);
    results.missing.iter().for_each(|m| text(numbers, Some(m)));
    texts
}

/// Completions of the last word of `prefix`, most frequent first: `[{term, count}]`.
#[wasm_bindgen]
pub fn suggest(prefix: &str, options: JsValue) -> Result<JsValue, JsError> {
    to_js(&index()?.suggest(prefix, number_option(&options, "limit", 8)?))
}

/// The whole document at `url` (`#anchor` ignored) for a reader pane:
/// `{url, title, passages: [{anchor, kind, level, text}], missing}`, or `null`; `missing` as for
/// `query`.
#[wasm_bindgen]
pub fn document(url: &str) -> Result<JsValue, JsError> {
    to_js(&index()?.document(url))
}

/// Every document: `[{url, title}]`, in corpus order.
#[wasm_bindgen]
pub fn documents() -> Result<JsValue, JsError> {
    to_js(&index()?.documents())
}

/// What the index holds: `{documents, passages, terms, bytes, corpus, shards, shards_loaded}`.
#[wasm_bindgen]
pub fn info() -> Result<JsValue, JsError> {
    to_js(&index()?.info())
}
