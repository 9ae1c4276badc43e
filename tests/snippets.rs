//! Snippets: their segments are slices of the passage text as written, the matching ones are
//! exactly the matches (also where folding changed byte lengths), and long passages are cut to
//! about 80–120 characters at sentence or clause breaks.

mod common;

use std::fs;
use std::path::Path;

use sou::{Hit, Index, SearchOptions};
use sou_core::fold::fold;

/// The passage texts of a hit's document.
fn passage_texts<'a>(index: &Index<'a>, hit: &Hit) -> Vec<&'a str> {
    let doc = index.document(hit.url).unwrap();
    std::iter::once(doc.title).chain(doc.passages.iter().map(|p| p.text)).collect()
}

/// Checks every snippet of `hits`: joined, its segments are a piece of one passage (the whole
/// passage when it is not cut), and every matching segment folds to something in the query or in
/// what it was also read as.
fn check_snippets(index: &Index, query: &str, results: &sou::Results) {
    let hits = &results.hits;
    let folded_query: String = fold(query).split_whitespace().collect();
    for hit in hits {
        let texts = passage_texts(index, hit);
        for passage in &hit.passages {
            let joined: String = passage.snippet.iter().map(|s| s.text).collect();
            assert!(!joined.is_empty());
            assert!(
                texts.iter().any(|t| t.contains(joined.as_str())),
                "{query:?}: snippet {joined:?} is in no passage of {}",
                hit.url
            );
            if !passage.cut_start && !passage.cut_end {
                assert!(texts.contains(&joined.as_str()), "{query:?}: uncut snippet {joined:?} is not a whole passage");
            } else {
                let n = joined.chars().count();
                assert!(n <= sou::snippet::MAX_CHARS + 40, "{query:?}: {n} characters: {joined:?}");
                assert!(
                    texts.iter().any(|t| t.contains(joined.as_str()) && t.chars().count() > sou::snippet::MAX_CHARS),
                    "{query:?}: {joined:?} is cut from a short passage"
                );
            }
            if !passage.cut_start {
                assert!(
                    texts.iter().any(|t| t.starts_with(joined.as_str())),
                    "{query:?}: {joined:?} is not cut but starts mid-passage"
                );
            }
            if !passage.cut_end {
                assert!(
                    texts.iter().any(|t| t.ends_with(joined.as_str())),
                    "{query:?}: {joined:?} is not cut but ends mid-passage"
                );
            }
            for segment in passage.snippet.iter().filter(|s| s.hit) {
                let folded = fold(segment.text);
                let part_of = |q: &str| q.contains(&folded) || folded.contains(q);
                assert!(
                    part_of(&folded_query) || results.alternatives.iter().any(|a| a.split_whitespace().any(part_of)),
                    "{query:?}: highlighted {:?} is not part of the query",
                    segment.text
                );
            }
            assert!(passage.snippet.windows(2).all(|w| w[0].hit || w[1].hit), "adjacent plain segments");
        }
    }
}

#[test]
fn snippets_of_judged_and_random_queries_are_faithful() {
    for bytes in [common::seeds(), common::vue()] {
        let index = Index::open(bytes).unwrap();
        let options = SearchOptions { limit: 5, offset: 0 };
        let mut queries: Vec<String> = ["seeds", "vue-docs-zh"]
            .iter()
            .flat_map(|name| common::judged(name))
            .filter(|j| !j.query.contains(' '))
            .map(|j| j.query)
            .collect();
        queries.extend(
            common::random_substrings(&index, 300, 99)
                .into_iter()
                .map(|(q, _)| q)
                .filter(|q| !q.contains(char::is_whitespace)),
        );
        for query in &queries {
            check_snippets(&index, query, &index.query(query, &options));
        }
    }
}

#[test]
fn a_query_found_whole_is_highlighted_whole() {
    let index = Index::open(common::seeds()).unwrap();
    for query in ["人工心脏", "羰基镍", "悬浮磁化焙烧", "企业创新积分制"] {
        let hits = index.search(query, &SearchOptions::default());
        let marks: Vec<&str> = hits[0].passages[0].snippet.iter().filter(|s| s.hit).map(|s| s.text).collect();
        assert!(!marks.is_empty());
        assert!(marks.iter().all(|m| *m == query), "{query}: {marks:?}");
    }
}

#[test]
fn highlights_land_on_the_original_characters_when_folding_changes_lengths() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snippet-tests");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("widths.txt"),
        "全角字母的测试\n我们买了ＬＥＤ灯和６Ｃｒ１３刀片，还有ﬁle一词。\n半角的 LED 在这里。\n",
    )
    .unwrap();
    let built = sou_indexer::build_with(&sou_indexer::Options::new(&dir), common::segmenter()).unwrap();
    let index = Index::open(&built.bytes).unwrap();
    let marks = |query: &str| -> Vec<String> {
        index.search(query, &SearchOptions::default())[0]
            .passages
            .iter()
            .flat_map(|p| p.snippet.iter().filter(|s| s.hit).map(|s| s.text.to_owned()))
            .collect()
    };
    assert!(marks("led").contains(&"ＬＥＤ".to_owned()));
    assert!(marks("led").contains(&"LED".to_owned()));
    assert_eq!(marks("6cr13"), ["６Ｃｒ１３"]);
    assert_eq!(marks("ＬＥＤ灯"), ["ＬＥＤ灯"]);
    // "ile" lies inside the ligature "ﬁ": the whole original character is marked.
    assert_eq!(marks("file"), ["ﬁle"]);
    let hits = index.search("刀片", &SearchOptions::default());
    let joined: String = hits[0].passages[0].snippet.iter().map(|s| s.text).collect();
    assert_eq!(joined, "我们买了ＬＥＤ灯和６Ｃｒ１３刀片，还有ﬁle一词。");
}

#[test]
fn long_passages_are_cut_near_the_match_at_breaks() {
    let index = Index::open(common::seeds()).unwrap();
    let hits = index.search("悬浮磁化焙烧", &SearchOptions::default());
    let passage = hits[0].passages.iter().find(|p| p.cut_start || p.cut_end).expect("a long passage");
    let joined: String = passage.snippet.iter().map(|s| s.text).collect();
    let n = joined.chars().count();
    assert!((40..=sou::snippet::MAX_CHARS + 40).contains(&n), "{n}: {joined}");
    assert!(joined.contains("悬浮磁化焙烧"));
    if passage.cut_end {
        let last = joined.chars().last().unwrap();
        assert!("。！？；，、：!?;,:）)…”".contains(last) || n >= sou::snippet::MAX_CHARS, "{joined}");
    }
}
