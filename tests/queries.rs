//! Queries of every shape: none panics, none loses results it should have, the odd ones return
//! nothing or what they literally match. Also suggestions and whole documents.

mod common;

use proptest::prelude::*;
use sou::{Index, SearchOptions};

fn seeds() -> Index<'static> {
    Index::open(common::seeds()).unwrap()
}

#[test]
fn empty_and_blank_queries_have_no_hits() {
    let index = seeds();
    for query in ["", " ", "   \t\n ", "\u{3000}\u{3000}", "\u{0}\u{1}\u{1E}\u{7F}"] {
        let results = index.query(query, &SearchOptions::default());
        assert_eq!((results.total, results.hits.len()), (0, 0), "{query:?}");
    }
}

#[test]
fn odd_queries_return_without_panicking() {
    let index = seeds();
    let long_chinese = "科技创新".repeat(25_000);
    let long_latin = "a".repeat(100_000);
    let odd = [
        long_chinese.as_str(),
        long_latin.as_str(),
        "\u{FFFD}\u{FFFD}",
        "😀🎉 人工心脏 👩‍👩‍👧",
        "!!!???。。。，，，",
        "((((((((((",
        "\\x00 %s %n {} <img src=x onerror=alert(1)>",
        "人工\u{0}心脏",
        "\u{202E}人工心脏\u{200B}",
        "ＬＥＤ\u{3000}６Ｃｒ１３",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9",
    ];
    for query in odd {
        let results = index.query(query, &SearchOptions { limit: 3, offset: 0 });
        assert!(results.hits.len() <= 3);
        assert!(results.total >= results.hits.len());
    }
    // A control character splits words like a space: both halves still count.
    let hits = index.search("人工\u{0}心脏", &SearchOptions::default());
    assert!(hits[0].url.starts_with("002"));
    // Emoji around a word do not hide it.
    assert!(index.search("😀 人工心脏", &SearchOptions::default())[0].url.starts_with("002"));
}

#[test]
fn a_word_the_corpus_lacks_leaves_the_rest_to_match() {
    let index = seeds();
    let with = index.search("金昌 火星探测器", &SearchOptions::default());
    let without = index.search("金昌", &SearchOptions::default());
    assert!(!with.is_empty());
    assert_eq!(with[0].url, without[0].url);
}

#[test]
fn documents_with_every_word_come_first_and_closer_is_better() {
    let index = seeds();
    let hits = index.search("甘肃 重离子 治疗", &SearchOptions::default());
    assert!(hits[0].url.starts_with("001"));
    // Only documents with all three words match when some do.
    for hit in &hits {
        let doc = index.document(hit.url).unwrap();
        let text: String = doc.passages.iter().map(|p| p.text).collect();
        for word in ["甘肃", "重离子", "治疗"] {
            assert!(text.contains(word) || doc.title.contains(word), "{} lacks {word}", hit.url);
        }
    }
}

#[test]
fn paging_with_offset_and_limit() {
    let index = seeds();
    let all = index.query("创新", &SearchOptions { limit: 100, offset: 0 });
    assert_eq!(all.total, 5);
    let page = index.query("创新", &SearchOptions { limit: 2, offset: 2 });
    assert_eq!(page.total, 5);
    let urls: Vec<&str> = page.hits.iter().map(|h| h.url).collect();
    let expected: Vec<&str> = all.hits[2..4].iter().map(|h| h.url).collect();
    assert_eq!(urls, expected);
    assert!(index.search("创新", &SearchOptions { limit: 10, offset: 99 }).is_empty());
    assert!(index.search("创新", &SearchOptions { limit: 0, offset: 0 }).is_empty());
}

#[test]
fn suggestions_complete_the_last_word_most_frequent_first() {
    let index = seeds();
    let suggestions = index.suggest("科", 8);
    assert!(!suggestions.is_empty());
    assert_eq!(suggestions[0].term, "科技");
    assert!(suggestions.iter().all(|s| s.term.starts_with('科') && s.term.chars().count() > 1));
    assert!(suggestions.windows(2).all(|w| w[0].count >= w[1].count));
    assert!(suggestions.iter().any(|s| s.term == "科技创新"));
    // The last word of a multi-word prefix; folded like a query.
    assert_eq!(index.suggest("金昌 科", 8), suggestions);
    assert!(index.suggest("Ｌ", 8).iter().all(|s| s.term.starts_with('l')));
    // Chinese is typed without spaces: the ending that words start with is completed.
    let after = index.suggest("甘肃金", 8);
    assert!(after.iter().any(|s| s.term == "甘肃金昌"), "{after:?}");
    assert!(after.iter().all(|s| s.term.starts_with("甘肃金") && s.term.chars().count() > 3));
    assert!(index.suggest("", 8).is_empty());
    assert!(index.suggest("科 ", 8).is_empty());
    assert!(index.suggest("科", 0).is_empty());
    assert!(index.suggest(&"科".repeat(10_000), 8).is_empty());
    assert_eq!(index.suggest("科", 3).len(), 3);
}

#[test]
fn documents_come_back_whole() {
    let index = seeds();
    for summary in index.documents() {
        let doc = index.document(summary.url).unwrap();
        assert_eq!((doc.url, doc.title), (summary.url, summary.title));
        assert!(!doc.passages.is_empty());
        assert!(doc.passages.iter().all(|p| !p.text.is_empty() && !p.text.contains('\u{1E}')));
        assert_eq!(index.document(&format!("{}#whatever", summary.url)).unwrap(), doc);
    }
    assert!(index.document("no/such/page").is_none());
    let info = index.info();
    assert_eq!((info.documents, info.corpus), (5, "seeds"));
    assert_eq!(info.bytes, common::seeds().len());
}

#[test]
fn markdown_documents_keep_headings_and_anchors() {
    let index = Index::open(common::vue()).unwrap();
    let doc = index.document("guide/essentials/computed").unwrap();
    assert_eq!(doc.title, "计算属性");
    let heading = doc.passages.iter().find(|p| p.text == "基础示例").unwrap();
    assert_eq!((heading.kind, heading.level, heading.anchor), (sou::PassageKind::Heading, 2, Some("basic-example")));
    assert!(doc.passages.iter().any(|p| p.kind == sou::PassageKind::Code && p.text.contains("publishedBooksMessage")));
}

#[test]
fn opening_bad_bytes_is_an_error_not_a_panic() {
    assert!(matches!(Index::open(b""), Err(sou::FormatError::NotAnIndex)));
    assert!(matches!(Index::open(b"hello world"), Err(sou::FormatError::NotAnIndex)));
    let bytes = common::seeds();
    for cut in [9, 12, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(Index::open(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut newer = bytes.to_vec();
    let version = sou_core::format::VERSION + 1;
    newer[8..12].copy_from_slice(&version.to_le_bytes());
    assert!(matches!(Index::open(&newer), Err(sou::FormatError::Version { found, .. }) if found == version));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whatever the string, a search returns, with well-formed hits.
    #[test]
    fn any_string_is_a_valid_query(query in "\\PC{0,40}|[人工心脏科技创新金昌镍 ，。a-zA-Z0-9\\-]{0,24}") {
        let index = seeds();
        let results = index.query(&query, &SearchOptions { limit: 5, offset: 0 });
        prop_assert!(results.hits.len() <= 5 && results.total >= results.hits.len());
        for hit in &results.hits {
            prop_assert!(hit.score.is_finite());
            prop_assert!(!hit.passages.is_empty());
            for passage in &hit.passages {
                prop_assert!(passage.url.starts_with(hit.url));
            }
        }
        let _ = index.suggest(&query, 5);
    }

    /// Any substring of a seed document, with its white space, finds that document first or
    /// among documents that contain it just as well.
    #[test]
    fn any_substring_is_found(doc in 0usize..5, start in 0usize..4000, len in 1usize..12) {
        let index = seeds();
        let summary = &index.documents()[doc];
        let document = index.document(summary.url).unwrap();
        let text: Vec<char> = document.passages.iter().flat_map(|p| p.text.chars()).collect();
        let start = start % text.len();
        let query: String = text[start..(start + len).min(text.len())].iter().collect();
        prop_assume!(query.chars().any(char::is_alphanumeric) && !query.contains('\n'));
        let hits = index.search(&query, &SearchOptions { limit: 5, offset: 0 });
        // The query may span two passages once they are joined here; only check those that don't.
        if document.passages.iter().any(|p| p.text.contains(query.as_str())) {
            let all = index.query(&query, &SearchOptions { limit: 100, offset: 0 });
            prop_assert!(all.hits.iter().any(|h| h.url == summary.url), "{:?} not found in {}", query, summary.url);
            prop_assert!(!hits.is_empty());
        }
    }
}
