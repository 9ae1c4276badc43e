//! A sharded index (`sou index --shards`): the head plus every shard answers exactly as the whole
//! index does; a head with some shards missing says which it needs, and adding them, round after
//! round as a page would, ends at the same answer; shards that are damaged or from another build
//! are refused with a clear error.

mod common;

use sou::{FormatError, Index, Results, SearchOptions};
use sou_indexer::shard::{shard, Sharded};

/// The Vue docs in shards of 16 KiB of text: some forty of them.
fn vue_sharded() -> &'static Sharded {
    static SHARDED: std::sync::OnceLock<Sharded> = std::sync::OnceLock::new();
    SHARDED.get_or_init(|| shard(common::vue(), "vue", 16 * 1024).unwrap())
}

/// The judged queries of both corpora and random substrings of the Vue docs' passages.
fn queries() -> Vec<String> {
    let whole = Index::open(common::vue()).unwrap();
    let mut queries: Vec<String> =
        common::judged("vue-docs-zh").into_iter().chain(common::judged("seeds")).map(|j| j.query).collect();
    queries.extend(common::random_substrings(&whole, 60, 7).into_iter().map(|(_, s)| s));
    queries.extend(["响应式 基础", "jisuan shuxing", "zujian", "definProps", "v-model", "。"].map(String::from));
    queries
}

/// What a page shows of results: URLs, titles, scores, snippets, rewritings.
fn shown(results: &Results) -> String {
    format!("{:?} {:?} {:?} {:?}", results.total, results.hits, results.alternatives, results.did_you_mean)
}

#[test]
fn the_shards_are_many_and_the_head_is_small() {
    let sharded = vue_sharded();
    let whole = common::vue().len();
    assert!(sharded.shards.len() > 30, "{} shards", sharded.shards.len());
    // The text is most of the index: the head keeps the rest.
    assert!(sharded.head.len() * 3 < whole, "head {} of {whole} bytes", sharded.head.len());
    let text: usize = sharded.shards.iter().map(|s| s.1.len()).sum();
    assert!(text + sharded.head.len() < whole + whole / 20, "shards {text} + head {}", sharded.head.len());
    for (n, (name, _)) in sharded.shards.iter().enumerate() {
        assert!(name.starts_with(&format!("vue.{n}.")) && name.ends_with(".sou"), "{name}");
    }
    // The same index shards to the same bytes.
    let again = shard(common::vue(), "vue", 16 * 1024).unwrap();
    assert_eq!(again.head, sharded.head);
    assert_eq!(again.shards, sharded.shards);
}

#[test]
fn a_head_with_all_its_shards_answers_as_the_whole_index() {
    let sharded = vue_sharded();
    let whole = Index::open(common::vue()).unwrap();
    let head = Index::open(&sharded.head).unwrap();
    assert_eq!((head.info().shards, head.info().shards_loaded), (sharded.shards.len(), 0));
    for (_, bytes) in &sharded.shards {
        head.add_shard(bytes).unwrap();
    }
    assert_eq!(head.info().shards_loaded, sharded.shards.len());
    let options = SearchOptions { limit: 10, offset: 0 };
    for query in queries() {
        let (a, b) = (whole.query(&query, &options), head.query(&query, &options));
        assert!(b.missing.is_empty(), "{query}: {:?}", b.missing);
        assert_eq!(shown(&a), shown(&b), "{query}");
    }
    for summary in whole.documents() {
        let document = head.document(summary.url).unwrap();
        assert!(document.missing.is_empty());
        assert_eq!(Some(document), whole.document(summary.url));
    }
    assert_eq!(head.documents(), whole.documents());
    assert_eq!(head.suggest("组", 8), whole.suggest("组", 8));
}

#[test]
fn missing_shards_are_named_and_adding_them_converges_to_the_whole_answer() {
    let sharded = vue_sharded();
    let whole = Index::open(common::vue()).unwrap();
    let options = SearchOptions { limit: 10, offset: 0 };
    for query in queries().into_iter().step_by(2) {
        // A fresh page: only the head.
        let head = Index::open(&sharded.head).unwrap();
        let expected = whole.query(&query, &options);
        let mut rounds = 0;
        let mut results = head.query(&query, &options);
        if expected.total > 0 {
            assert!(!results.missing.is_empty(), "{query}: found with no text loaded");
        }
        // What a page does: fetch what is missing, four at a time, and ask again.
        while !results.missing.is_empty() {
            rounds += 1;
            assert!(rounds <= sharded.shards.len(), "{query}: does not converge");
            for name in results.missing.iter().take(4) {
                head.add_shard(by_name(sharded, name)).unwrap();
            }
            results = head.query(&query, &options);
        }
        assert_eq!(shown(&results), shown(&expected), "{query}");
    }
}

fn by_name<'s>(sharded: &'s Sharded, name: &str) -> &'s [u8] {
    &sharded.shards.iter().find(|s| s.0 == name).unwrap().1
}

/// A common word is in nearly every shard, so the complete answer needs most of them; but the
/// shards are asked for in an order that makes the first page right early: those holding a
/// document whose title has the query's words first (they rank high), then the most read.
#[test]
fn the_first_shards_asked_for_give_the_top_result() {
    let sharded = vue_sharded();
    let whole = Index::open(common::vue()).unwrap();
    let options = SearchOptions { limit: 10, offset: 0 };
    let (mut queries, mut same_top) = (0, 0);
    for judged in common::judged("vue-docs-zh") {
        let expected = whole.query(&judged.query, &options);
        if expected.total == 0 {
            continue;
        }
        let head = Index::open(&sharded.head).unwrap();
        let first = head.query(&judged.query, &options);
        for name in first.missing.iter().take(4) {
            head.add_shard(by_name(sharded, name)).unwrap();
        }
        let partial = head.query(&judged.query, &options);
        queries += 1;
        same_top += usize::from(partial.hits.first().map(|h| h.url) == expected.hits.first().map(|h| h.url));
    }
    // 15 of 15 when measured; reads-most-first alone gave 3 of 15.
    assert!(queries >= 10 && same_top * 5 >= queries * 4, "top result right after 4 shards: {same_top} of {queries}");
}

#[test]
fn a_document_names_the_shards_of_its_passages() {
    let sharded = vue_sharded();
    let whole = Index::open(common::vue()).unwrap();
    let head = Index::open(&sharded.head).unwrap();
    let url = whole.documents()[3].url;
    let document = head.document(url).unwrap();
    assert_eq!(document.title, whole.document(url).unwrap().title);
    assert!(!document.missing.is_empty() && document.passages.iter().all(|p| p.text.is_empty()));
    for name in &document.missing {
        head.add_shard(by_name(sharded, name)).unwrap();
    }
    assert_eq!(head.document(url), whole.document(url));
}

#[test]
fn damaged_and_foreign_shards_are_refused() {
    let sharded = vue_sharded();
    let head = Index::open(&sharded.head).unwrap();
    let good = &sharded.shards[1].1;
    let mut flipped = good.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x10;
    assert!(matches!(head.add_shard(&flipped), Err(FormatError::Corrupt(m)) if m.contains("checksum")));
    assert!(head.add_shard(&good[..good.len() - 1]).is_err());
    assert_eq!(head.add_shard(b"sou-idx\0 not a shard"), Err(FormatError::NotAShard));
    assert_eq!(head.add_shard(common::vue()), Err(FormatError::NotAShard));
    // A shard of another build (the seeds') is refused with a message that says what to do.
    let seeds = shard(common::seeds(), "seeds", 8 * 1024).unwrap();
    let error = head.add_shard(&seeds.shards[0].1).unwrap_err();
    assert_eq!(error, FormatError::OtherBuild);
    assert!(error.to_string().contains("same `sou index` run"), "{error}");
    // A whole index takes none.
    let whole = Index::open(common::vue()).unwrap();
    assert!(whole.add_shard(good).is_err());
    assert_eq!(head.info().shards_loaded, 0);
    head.add_shard(good).unwrap();
    head.add_shard(good).unwrap();
    assert_eq!(head.info().shards_loaded, 1);
    // A sharded head cannot be sharded again.
    assert!(shard(&sharded.head, "again", 1024).is_err());
}

/// A head edited and its checksum made to match (what only a deliberate edit does) opens or is
/// refused, and when it opens, takes shards and answers without a panic. The seeds, so each of
/// the many edits is quick.
#[test]
fn a_damaged_head_is_refused_or_answers_without_panicking() {
    let sharded = shard(common::seeds(), "seeds", 4 * 1024).unwrap();
    for cut in [0, 10, sharded.head.len() / 2, sharded.head.len() - 1] {
        assert!(Index::open(&sharded.head[..cut]).is_err());
    }
    let file = sou_core::format::decode(&sharded.head).unwrap();
    // The term dictionary is only guarded by the checksum (see `sou_core::format`): not edited.
    let terms = file.terms.as_ptr() as usize - sharded.head.as_ptr() as usize;
    let terms = terms..terms + file.terms.len();
    let mut rng = common::Rng::new(11);
    let (mut opened, mut refused) = (0, 0);
    for _ in 0..300 {
        let mut bytes = sharded.head.clone();
        for _ in 0..1 + rng.below(3) {
            let at = sou_core::format::HEADER_BYTES + rng.below(bytes.len() - sou_core::format::HEADER_BYTES);
            if !terms.contains(&at) {
                bytes[at] ^= 1 << rng.below(8);
            }
        }
        let sum = sou_core::format::checksum(&bytes[sou_core::format::HEADER_BYTES..]);
        bytes[sou_core::format::HEADER_BYTES - 4..sou_core::format::HEADER_BYTES].copy_from_slice(&sum.to_le_bytes());
        let Ok(head) = Index::open(&bytes) else {
            refused += 1;
            continue;
        };
        opened += 1;
        for (_, shard) in &sharded.shards {
            let _ = head.add_shard(shard);
        }
        for query in ["人工心脏", "金昌 镍", "jiayuguan", "嘉裕关", "a"] {
            let results = head.query(query, &SearchOptions { limit: 3, offset: 0 });
            assert!(results.hits.len() <= 3);
        }
        for summary in head.documents() {
            let _ = head.document(summary.url);
        }
    }
    assert!(opened > 0 && refused > 0, "opened {opened}, refused {refused}");
}
