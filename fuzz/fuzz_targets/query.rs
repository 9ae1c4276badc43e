//! The query path over the embedded (seed) index: fold → segment → search → rank → snippets, and
//! suggestions, for any string. Nothing panics, and the results keep their promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sou::SearchOptions;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the page; the rest is the query (as JS would hand it over: any
    // string, lone surrogates already replaced).
    let Some((&page, rest)) = data.split_first() else { return };
    let query = String::from_utf8_lossy(rest);
    let index = sou::embedded();
    let options = SearchOptions { limit: usize::from(page & 0x0F), offset: usize::from(page >> 4) };
    let results = index.query(&query, &options);
    assert!(results.hits.len() <= options.limit);
    assert!(results.total >= results.hits.len());
    assert!(results.hits.windows(2).all(|w| w[0].score >= w[1].score), "not sorted by score");
    for hit in &results.hits {
        assert!(hit.score.is_finite());
        assert!(!hit.passages.is_empty() && hit.passages.len() <= sou::PASSAGES_PER_HIT);
        let document = index.document(hit.url).expect("a hit's document exists");
        for passage in &hit.passages {
            assert!(passage.url.starts_with(hit.url));
            let snippet: String = passage.snippet.iter().map(|s| s.text).collect();
            let texts = std::iter::once(document.title).chain(document.passages.iter().map(|p| p.text));
            assert!(
                texts.into_iter().any(|t| t.contains(snippet.as_str())
                    && (passage.cut_start || t.starts_with(snippet.as_str()))
                    && (passage.cut_end || t.ends_with(snippet.as_str()))),
                "the snippet {snippet:?} is not a piece of its passage"
            );
        }
    }
    // Deterministic.
    assert_eq!(index.query(&query, &options), results);
    let suggestions = index.suggest(&query, usize::from(page & 0x0F));
    assert!(suggestions.len() <= usize::from(page & 0x0F));
});
