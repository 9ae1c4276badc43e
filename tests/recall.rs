//! The recall guarantee: any string that occurs in a passage is found. For 2,000 random substrings
//! (2–8 characters, fixed seed) of each corpus, the passage's document is among the results and
//! the first result contains the string.

mod common;

use sou::{Index, SearchOptions};
use sou_core::fold::fold;

fn check(bytes: &[u8], seed: u64) {
    let index = Index::open(bytes).expect("the index opens");
    // The folded text of every document, passage by passage, to check "contains".
    let texts: std::collections::HashMap<String, Vec<String>> = common::all_documents(&index)
        .into_iter()
        .map(|d| {
            let mut passages = vec![fold(d.title)];
            passages.extend(d.passages.iter().map(|p| fold(p.text)));
            (d.url.to_owned(), passages)
        })
        .collect();
    let all = SearchOptions { limit: usize::MAX, offset: 0 };
    let mut missing = Vec::new();
    let mut wrong_top = Vec::new();
    let samples = common::random_substrings(&index, 2000, seed);
    for (query, url) in &samples {
        let results = index.query(query, &all);
        assert_eq!(results.total, results.hits.len());
        if !results.hits.iter().any(|h| h.url == url) {
            missing.push(format!("{query:?} (in {url}): {} results", results.total));
            continue;
        }
        let wanted = fold(query.trim());
        let top = &texts[results.hits[0].url];
        if !top.iter().any(|p| p.contains(&wanted)) {
            wrong_top.push(format!("{query:?}: top result {} does not contain it", results.hits[0].url));
        }
    }
    assert!(missing.is_empty(), "{} of {} substrings not found:\n{}", missing.len(), samples.len(), missing.join("\n"));
    assert!(
        wrong_top.is_empty(),
        "{} of {} substrings: top result does not contain the query:\n{}",
        wrong_top.len(),
        samples.len(),
        wrong_top.join("\n")
    );
}

#[test]
fn every_substring_of_the_seed_corpus_is_found() {
    check(common::seeds(), 2024);
}

#[test]
fn every_substring_of_the_vue_docs_is_found() {
    check(common::vue(), 4048);
}

/// A query whose case says something (an uppercase letter after a letter: `DOM`, `onMounted`)
/// finds the pages that have it as written first; a capital that starts a word, which a phone's
/// keyboard adds, changes nothing.
#[test]
fn case_typed_on_purpose_puts_the_pages_with_it_as_written_first() {
    let index = Index::open(common::vue()).unwrap();
    let docs = common::all_documents(&index);
    let all = SearchOptions { limit: usize::MAX, offset: 0 };
    for query in ["DO", "HT", "RL", "nC", "eE", "watchE", "nMo"] {
        let written: std::collections::BTreeSet<&str> = docs
            .iter()
            .filter(|d| d.title.contains(query) || d.passages.iter().any(|p| p.text.contains(query)))
            .map(|d| d.url)
            .collect();
        let results = index.query(query, &all);
        assert!(!written.is_empty() && results.total > written.len(), "{query}: no page has it in another case");
        let first: std::collections::BTreeSet<&str> = results.hits[..written.len()].iter().map(|h| h.url).collect();
        assert_eq!(first, written, "{query}");
    }
    let page =
        |q: &str| -> Vec<&str> { index.query(q, &SearchOptions::default()).hits.iter().map(|h| h.url).collect() };
    assert_eq!(page("For"), page("for"));
    assert_eq!(page("Vue"), page("vue"));
}
