//! The wasm bindings, exercised in a JS engine (`make test` runs them in Node with
//! wasm-bindgen-test-runner): results packed for JS read back as the library's own, the other
//! functions return plain JS objects with the documented fields, bad options throw readable
//! errors, and no query string panics. (`query()` and `search()`, JavaScript over the packed
//! form, are tested with the built `pkg/sou.js` in tests/browser/run.mjs.)
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn options(pairs: &[(&str, f64)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_f64(*value)).unwrap();
    }
    object.into()
}

/// A query that the embedded corpus (whichever it is) contains: two characters of its first title.
fn known_query() -> String {
    let documents: Array = sou::wasm::documents().unwrap().unchecked_into();
    let title = get(&documents.get(0), "title").as_string().unwrap();
    title.chars().filter(|c| c.is_alphanumeric()).take(2).collect()
}

/// A page of results as JS receives it: `query_packed`'s texts and the numbers it left in the
/// module's memory, read back the way `src/wasm.js` reads them.
#[derive(Debug, PartialEq)]
struct Page {
    total: usize,
    hits: Vec<PageHit>,
    alternatives: Vec<String>,
    did_you_mean: Option<String>,
    missing: Vec<String>,
}

#[derive(Debug, PartialEq)]
struct PageHit {
    url: String,
    title: String,
    score: f64,
    passages: Vec<PagePassage>,
}

#[derive(Debug, PartialEq)]
struct PagePassage {
    anchor: Option<String>,
    url: String,
    snippet: Vec<(String, bool)>,
    cut_start: bool,
    cut_end: bool,
}

/// Reads packed numbers and texts in order.
struct Unpacker {
    texts: Vec<u16>,
    text_at: usize,
    numbers: js_sys::Float64Array,
    number_at: u32,
}

impl Unpacker {
    fn number(&mut self) -> f64 {
        self.number_at += 1;
        self.numbers.get_index(self.number_at - 1)
    }

    fn flag(&mut self) -> bool {
        self.number() == 1.0
    }

    fn text(&mut self) -> Option<String> {
        let length = self.number();
        if length < 0.0 {
            return None;
        }
        let end = self.text_at + length as usize;
        let text = String::from_utf16(&self.texts[self.text_at..end]).unwrap();
        self.text_at = end;
        Some(text)
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> T) -> Vec<T> {
        (0..self.number() as usize).map(|_| item(self)).collect()
    }
}

fn query_page(query: &str, options: JsValue) -> Result<Page, wasm_bindgen::JsError> {
    let texts = sou::wasm::query_packed(query, options)?.encode_utf16().collect();
    let memory: js_sys::WebAssembly::Memory = sou::wasm::packed_memory().unchecked_into();
    let numbers = js_sys::Float64Array::new(&memory.buffer());
    let mut u = Unpacker { texts, text_at: 0, numbers, number_at: sou::wasm::packed_numbers() as u32 };
    let total = u.number() as usize;
    let hits = u.list(|u| PageHit {
        url: u.text().unwrap(),
        title: u.text().unwrap(),
        score: u.number(),
        passages: u.list(|u| PagePassage {
            anchor: u.text(),
            url: u.text().unwrap(),
            snippet: u.list(|u| (u.text().unwrap(), u.flag())),
            cut_start: u.flag(),
            cut_end: u.flag(),
        }),
    });
    let alternatives = u.list(|u| u.text().unwrap());
    let did_you_mean = u.text();
    let missing = u.list(|u| u.text().unwrap());
    assert_eq!(u.text_at, u.texts.len(), "texts left over");
    Ok(Page { total, hits, alternatives, did_you_mean, missing })
}

/// What the library answers, as [`query_page`] should read it back.
fn expected_page(query: &str, limit: usize, offset: usize) -> Page {
    let results = sou::embedded().query(query, &sou::SearchOptions { limit, offset });
    Page {
        total: results.total,
        hits: results
            .hits
            .iter()
            .map(|h| PageHit {
                url: h.url.into(),
                title: h.title.into(),
                score: (f64::from(h.score) * 1e6).round() / 1e6,
                passages: h
                    .passages
                    .iter()
                    .map(|p| PagePassage {
                        anchor: p.anchor.map(String::from),
                        url: p.url.clone(),
                        snippet: p.snippet.iter().map(|s| (s.text.to_owned(), s.hit)).collect(),
                        cut_start: p.cut_start,
                        cut_end: p.cut_end,
                    })
                    .collect(),
            })
            .collect(),
        alternatives: results.alternatives,
        did_you_mean: results.did_you_mean,
        missing: results.missing.iter().map(|m| m.to_string()).collect(),
    }
}

#[wasm_bindgen_test]
fn packed_answers_read_back_as_the_library_answers() {
    let documents: Array = sou::wasm::documents().unwrap().unchecked_into();
    let mut queries: Vec<String> =
        vec![known_query(), "jiayuguan".into(), "人工新藏".into(), "新藏".into(), "definProps".into()];
    queries.extend(["", "😀", "<b>", "\u{0}", "ＬＥＤ", "a b c"].map(String::from));
    for d in documents.iter().take(20) {
        let title: Vec<char> = get(&d, "title").as_string().unwrap().chars().collect();
        for width in [1, 2, 4] {
            queries.push(title.iter().take(width).collect());
            queries.push(title.iter().rev().take(width).collect());
        }
    }
    let mut found = 0;
    for query in &queries {
        for (limit, offset) in [(10, 0), (2, 1), (3, 50)] {
            let page = query_page(query, options(&[("limit", limit as f64), ("offset", offset as f64)])).unwrap();
            found += usize::from(offset == 0 && !page.hits.is_empty());
            assert_eq!(page, expected_page(query, limit, offset), "{query:?} limit {limit} offset {offset}");
        }
    }
    assert!(found * 2 >= queries.len(), "only {found} of {} queries found anything", queries.len());
}

#[wasm_bindgen_test]
fn query_reports_the_total_and_pages() {
    let query = known_query();
    let all = query_page(&query, JsValue::UNDEFINED).unwrap();
    assert!(all.total >= 1);
    let page = query_page(&query, options(&[("limit", 1.0), ("offset", all.total as f64)])).unwrap();
    assert!(page.hits.is_empty());
    assert_eq!(page.total, all.total);
}

#[wasm_bindgen_test]
fn suggest_document_documents_and_info() {
    let query = known_query();
    let first: String = query.chars().take(1).collect();
    let suggestions: Array = sou::wasm::suggest(&first, options(&[("limit", 4.0)])).unwrap().unchecked_into();
    assert!(suggestions.length() <= 4);
    for s in suggestions.iter() {
        assert!(get(&s, "term").as_string().unwrap().chars().count() > 1);
        assert!(get(&s, "count").as_f64().unwrap() >= 1.0);
    }
    let documents: Array = sou::wasm::documents().unwrap().unchecked_into();
    let url = get(&documents.get(0), "url").as_string().unwrap();
    let document = sou::wasm::document(&format!("{url}#anything")).unwrap();
    assert_eq!(get(&document, "url").as_string().unwrap(), url);
    let passage = Array::from(&get(&document, "passages")).get(0);
    assert!(get(&passage, "text").is_string() && get(&passage, "kind").is_string());
    assert!(sou::wasm::document("no/such/page").unwrap().is_null());
    let info = sou::wasm::info().unwrap();
    assert_eq!(get(&info, "documents").as_f64().unwrap() as u32, documents.length());
    assert!(get(&info, "bytes").as_f64().unwrap() > 0.0 && get(&info, "corpus").is_string());
}

#[wasm_bindgen_test]
fn bad_options_throw_readable_errors() {
    for bad in [options(&[("limit", -1.0)]), options(&[("offset", 1.5)]), JsValue::from_str("ten")] {
        assert!(error_message(sou::wasm::query_packed("x", bad).unwrap_err()).starts_with("sou: "));
    }
}

#[wasm_bindgen_test]
fn no_query_string_panics() {
    let long = "科".repeat(100_000);
    // A lone surrogate cannot reach Rust: the JS string is converted with U+FFFD in its place.
    let surrogate = String::from_utf16_lossy(&[0xD800, 0x61]);
    for query in
        ["", "   ", "\u{0}\u{1}\u{1E}", "😀👩‍👩‍👧", "<img src=x onerror=alert(1)>", long.as_str(), surrogate.as_str()]
    {
        assert!(query_page(query, JsValue::UNDEFINED).unwrap().hits.len() <= 10);
        let _ = sou::wasm::suggest(query, JsValue::UNDEFINED).unwrap();
    }
}

fn error_message(error: wasm_bindgen::JsError) -> String {
    let error: js_sys::Error = JsValue::from(error).unchecked_into();
    error.message().into()
}

#[wasm_bindgen_test]
fn load_index_rejects_bad_bytes_and_keeps_the_index_in_use() {
    let before = query_page(&known_query(), JsValue::UNDEFINED).unwrap();
    let mut truncated = sou::EMBEDDED_INDEX.to_vec();
    truncated.truncate(truncated.len() / 2);
    let mut other_version = sou::EMBEDDED_INDEX.to_vec();
    other_version[8] ^= 0x40;
    // Text that is not UTF-8, the checksum made to match: refused by the first check, before the
    // bytes are kept and opened again without it.
    let mut not_utf8 = sou::EMBEDDED_INDEX.to_vec();
    let text = sou_core::format::decode(sou::EMBEDDED_INDEX).unwrap().text;
    not_utf8[text.as_ptr() as usize - sou::EMBEDDED_INDEX.as_ptr() as usize] = 0xff;
    let header = sou_core::format::HEADER_BYTES;
    let sum = sou_core::format::checksum(&not_utf8[header..]);
    not_utf8[header - 4..header].copy_from_slice(&sum.to_le_bytes());
    for (bytes, expected) in [
        (b"hello".to_vec(), "not a sou index"),
        (truncated, "damaged"),
        (other_version, "rebuild the index with this version of sou"),
        (not_utf8, "not UTF-8"),
    ] {
        let message = error_message(sou::wasm::load_index(bytes).unwrap_err());
        assert!(message.starts_with("sou: cannot use this index: ") && message.contains(expected), "{message}");
    }
    assert_eq!(query_page(&known_query(), JsValue::UNDEFINED).unwrap(), before);

    // The same bytes, loaded: the same answers.
    let info = sou::wasm::load_index(sou::EMBEDDED_INDEX.to_vec()).unwrap();
    assert_eq!(get(&info, "bytes").as_f64().unwrap() as usize, sou::EMBEDDED_INDEX.len());
    assert_eq!(query_page(&known_query(), JsValue::UNDEFINED).unwrap(), before);
}

#[wasm_bindgen_test]
fn a_sharded_index_names_the_shards_a_query_needs_and_takes_them() {
    let query = known_query();
    let expected = query_page(&query, JsValue::UNDEFINED).unwrap();
    let sharded = sou_core::shard::shard(sou::EMBEDDED_INDEX, "site", 4 * 1024).unwrap();
    let info = sou::wasm::load_index(sharded.head.clone()).unwrap();
    assert_eq!(get(&info, "shards").as_f64(), Some(sharded.shards.len() as f64));
    assert_eq!(get(&info, "shards_loaded").as_f64(), Some(0.0));
    // Not a shard, a shard of another build: errors that say so; nothing is loaded.
    let message = error_message(sou::wasm::add_shard(b"hello".to_vec()).unwrap_err());
    assert!(message.starts_with("sou: cannot use this shard: ") && message.contains("not a shard"), "{message}");
    let mut other = sharded.shards[0].1.clone();
    other[20] ^= 1;
    assert!(error_message(sou::wasm::add_shard(other).unwrap_err()).contains("damaged"));
    // What a page does: fetch what `missing` names, add it, ask again, until nothing is missing.
    let mut rounds = 0;
    loop {
        let page = query_page(&query, JsValue::UNDEFINED).unwrap();
        let missing = page.missing.clone();
        if missing.is_empty() {
            // The same answer as the whole index, `missing` (empty) included.
            assert_eq!(page, expected);
            break;
        }
        rounds += 1;
        assert!(rounds <= sharded.shards.len());
        for name in missing.iter().take(4) {
            let bytes = sharded.shards.iter().find(|s| &s.0 == name).unwrap().1.clone();
            let loaded = sou::wasm::add_shard(bytes).unwrap();
            assert!(loaded <= sharded.shards.len());
        }
    }
    assert!(rounds >= 1);
    // Back to the whole index for the other tests.
    sou::wasm::load_index(sou::EMBEDDED_INDEX.to_vec()).unwrap();
}

/// The instance's memory in bytes (it grows in 64 KiB pages and never shrinks).
fn memory_bytes() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length()
}

#[wasm_bindgen_test]
fn memory_does_not_grow_over_10000_queries() {
    // Queries from the corpus's own text (pieces of every passage, 1–8 characters) and odd strings,
    // deterministically.
    let documents: Array = sou::wasm::documents().unwrap().unchecked_into();
    let mut texts: Vec<Vec<char>> = Vec::new();
    for d in documents.iter() {
        let document = sou::wasm::document(&get(&d, "url").as_string().unwrap()).unwrap();
        for p in Array::from(&get(&document, "passages")).iter() {
            texts.push(get(&p, "text").as_string().unwrap().chars().collect());
        }
    }
    let odd =
        ["", "  ", "😀", "jiayuguan", "jyg", "definProps", "<b>", "\u{0}", "ＬＥＤ", "人工新藏", "a b c d e f g h"];
    let long = "科".repeat(300);
    let mut seed = 0x2545_F491_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed as usize
    };
    let startup = memory_bytes();
    let mut checkpoint = 0;
    for n in 1..=10_000 {
        let query = match next() % 20 {
            0 => odd[next() % odd.len()].to_owned(),
            1 => long.clone(),
            _ => {
                let text = &texts[next() % texts.len()];
                let start = next() % text.len();
                text[start..(start + 1 + next() % 8).min(text.len())].iter().collect()
            }
        };
        let page = query_page(&query, options(&[("limit", 10.0)])).unwrap();
        assert!(page.hits.len() <= 10 && page.hits.len() <= page.total);
        let _ = sou::wasm::suggest(&query, JsValue::UNDEFINED).unwrap();
        if n == 1_000 {
            checkpoint = memory_bytes();
        }
    }
    let end = memory_bytes();
    wasm_bindgen_test::console_log!(
        "wasm memory: {startup} bytes before the first query, {checkpoint} after 1,000 queries, {end} after 10,000"
    );
    // Not one 64 KiB page more after the first thousand queries: the tables, the lazily built
    // readings and the allocator's pools are made by then. (Memory only grows by whole pages, so
    // a leak small enough to fit in the free space the allocator had at query 1,000 would go
    // unseen here; 9,000 queries make any leak of more than a few bytes a query show.)
    assert_eq!(end, checkpoint, "wasm memory grew between query 1,000 and query 10,000");
}
