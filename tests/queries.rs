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

/// Code as the reader sees it, a common word with punctuation stuck to it: `script` and `ref` are
/// in most blocks and are not searched on their own, so the chunk itself must score, or every
/// page would tie at zero and come in corpus order.
#[test]
fn a_common_word_with_punctuation_is_ranked_not_listed() {
    let vue = Index::open(common::vue()).unwrap();
    for (query, first) in [
        ("<script setup>", "api/sfc-script-setup"),
        ("<script", "api/sfc-script-setup"),
        ("ref(", "guide/essentials/reactivity-fundamentals"),
        ("ref()", "guide/essentials/reactivity-fundamentals"),
    ] {
        let hits = vue.search(query, &SearchOptions { limit: 100, offset: 0 });
        assert_eq!(hits[0].url, first, "{query}");
        assert!(hits.iter().all(|h| h.score > 0.0), "{query}");
    }
}

/// A question asks about something: the page about it need not hold the question word. Without
/// this, `什么是生命周期` matched only pages that say 什么, and the lifecycle page was not among them.
#[test]
fn a_question_finds_the_page_about_what_it_asks() {
    let vue = Index::open(common::vue()).unwrap();
    let page = |url: &str| vue.document(url).unwrap();
    let lifecycle = page("guide/essentials/lifecycle");
    assert!(!lifecycle.passages.iter().any(|p| p.text.contains("什么")), "the test needs a page without 什么");
    for (query, first) in [
        ("什么是生命周期", "guide/essentials/lifecycle"),
        ("生命周期是什么", "guide/essentials/lifecycle"),
        ("什麼是生命週期", "guide/essentials/lifecycle"),
        ("插槽怎么用", "guide/components/slots"),
        ("怎么使用插槽", "guide/components/slots"),
        ("为什么用计算属性", "guide/essentials/computed"),
    ] {
        let hits = vue.search(query, &SearchOptions::default());
        assert_eq!(hits.first().map(|h| h.url), Some(first), "{query}");
    }
    // Alone, or beside single characters only, a question word is what the query asks for.
    let alone = vue.query("什么", &SearchOptions::default()).total;
    assert!(alone > 10);
    assert_eq!(vue.query("的是什么", &SearchOptions::default()).total, alone);
}

/// Latin words joined by Chinese ones, as readers type them (`ref和reactive`): the chunk occurs
/// nowhere, so its words are looked for apart. Letter pairs put `props` in nearly every block of
/// the Vue docs; taken to be wherever it might be, it was in every page, and only `和` ranked them.
#[test]
fn latin_words_joined_by_chinese_ones_are_each_required() {
    let vue = Index::open(common::vue()).unwrap();
    for (query, words) in [
        ("props和emit", &["props", "emit"][..]),
        ("ref和reactive", &["ref", "reactive"]),
        ("如何使用v-model", &["v-model"]),
        ("computed和watch区别", &["computed", "watch"]),
        // A camel-case word beside Chinese is found whole, not as its parts apart.
        ("nextTick作用", &["nexttick"]),
        ("生命周期onMounted", &["onmounted"]),
    ] {
        let hits = vue.search(query, &SearchOptions { limit: 100, offset: 0 });
        assert!(!hits.is_empty(), "{query}");
        for hit in &hits {
            let doc = vue.document(hit.url).unwrap();
            let text: String = doc.passages.iter().map(|p| p.text.to_lowercase()).collect();
            assert!(words.iter().all(|w| text.contains(w)), "{query}: {} lacks one of {words:?}", hit.url);
        }
    }
    let first = |query: &str| vue.search(query, &SearchOptions::default())[0].url;
    assert_eq!(first("ref和reactive"), "guide/essentials/reactivity-fundamentals");
    assert!(["guide/components/v-model", "guide/essentials/forms"].contains(&first("如何使用v-model")));
}

/// Two pages with the title the query names: the guide's chapter, not the tutorial's short step
/// of the same title that links to it.
#[test]
fn of_pages_with_the_same_title_the_one_about_it_comes_first() {
    let vue = Index::open(common::vue()).unwrap();
    for (query, first, also) in [
        ("列表渲染", "guide/essentials/list", "tutorial/src/step-7/description"),
        ("条件渲染", "guide/essentials/conditional", "tutorial/src/step-6/description"),
    ] {
        let hits = vue.search(query, &SearchOptions::default());
        assert_eq!(hits[0].url, first, "{query}");
        assert_eq!(hits[0].title, hits[1].title, "{query}: the test needs two pages of that title");
        assert_eq!(hits[1].url, also, "{query}");
    }
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
fn suggestions_read_pinyin_with_tones_beside_characters_or_sounds_confused() {
    let vue = Index::open(common::vue()).unwrap();
    let terms = |prefix: &str| -> Vec<String> { vue.suggest(prefix, 5).into_iter().map(|s| s.term).collect() };
    // 响应式 is a word of the Vue docs: jieba cuts it 响应 式, which mostly stand so.
    assert_eq!(terms("响应").first().map(String::as_str), Some("响应式"));
    // Pinyin beside characters, not the start of a Latin word (`shift`).
    assert_eq!(terms("响应shi").first().map(String::as_str), Some("响应式"));
    assert_eq!(terms("生命zhou").first().map(String::as_str), Some("生命周期"));
    // Tones as marks or numbers read as without.
    assert_eq!(terms("xiǎngyìngshì"), terms("xiangyingshi"));
    assert_eq!(terms("xiang3"), terms("xiang"));
    assert!(!terms("xiang").is_empty());
    // Fuzzy pinyin, as the search reads it, when the pinyin as typed starts no word.
    assert_eq!(terms("xiangyinshi").first().map(String::as_str), Some("响应式"));
    assert_eq!(terms("zhengtingqi").first().map(String::as_str), Some("侦听器"));
    // Latin after characters that is no pinyin is completed as Latin.
    assert!(terms("使用vue").iter().all(|t| t.starts_with("使用vue")));
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

/// Segments of a snippet are consecutive slices of one string, none empty: the highlight ranges
/// they were cut at lay inside the text, on character boundaries.
fn assert_contiguous(segments: &[sou::Segment<'_>]) {
    assert!(segments.iter().all(|s| !s.text.is_empty()), "an empty segment: {segments:?}");
    for w in segments.windows(2) {
        assert_eq!(w[0].text.as_ptr() as usize + w[0].text.len(), w[1].text.as_ptr() as usize, "{segments:?}");
    }
}

/// A query for the properties below: a piece of a seed document, an odd string, or both.
fn mixed_query(index: &Index<'_>, doc: usize, start: usize, len: usize, odd: &str, mix: u8) -> String {
    let summary = &index.documents()[doc % 5];
    let text: Vec<char> = index.document(summary.url).unwrap().passages.iter().flat_map(|p| p.text.chars()).collect();
    let start = start % text.len();
    let piece: String = text[start..(start + len).min(text.len())].iter().collect();
    match mix {
        0 => piece,
        1 => format!("{piece} {odd}"),
        _ => odd.to_owned(),
    }
}

#[test]
fn the_longest_query_is_cut_not_rejected() {
    let index = seeds();
    let options = SearchOptions::default();
    let padded = |n: usize, tail: &str| format!("{}{tail}", "\u{3000}".repeat(n));
    assert_eq!(sou::MAX_QUERY_CHARS, 256);
    // 人工心脏 ends at character 256: all of it is searched.
    let whole = index.query(&padded(252, "人工心脏"), &options);
    assert_eq!(whole, index.query("人工心脏", &options));
    // One character further: 脏 is cut off, what remains is searched.
    let cut = index.query(&padded(253, "人工心脏"), &options);
    assert_eq!(cut, index.query("人工心", &options));
    assert_ne!(cut.total, 0);
    // Far longer queries are cut the same way, whatever their length.
    let long = format!("{}{}", padded(252, "人工心脏"), "镍".repeat(1_000_000));
    assert_eq!(index.query(&long, &options), whole);
    // At most 12 chunks: the 13th word apart is not looked for.
    assert_eq!(sou::MAX_CHUNKS, 12);
    let twelve = index.query(&format!("{}人工心脏", "创新 ".repeat(11)), &options);
    assert!(twelve.total < 5 && twelve.hits[0].url.starts_with("002"), "{}", twelve.total);
    let thirteen = index.query(&format!("{}人工心脏", "创新 ".repeat(12)), &options);
    assert_eq!(thirteen, index.query(&"创新 ".repeat(12), &options));
    assert_eq!(thirteen.total, 5);
}

#[test]
fn pages_of_a_large_result_list_have_no_gaps_or_repeats() {
    let index = Index::open(common::vue()).unwrap();
    for query in ["组件", "的", "v", "响应式 ref"] {
        let all = index.query(query, &SearchOptions { limit: usize::MAX, offset: 0 });
        assert!(all.total > 20, "{query}: {}", all.total);
        assert_eq!(all.hits.len(), all.total);
        let mut paged = Vec::new();
        for offset in (0..all.total + 7).step_by(7) {
            let page = index.query(query, &SearchOptions { limit: 7, offset });
            assert_eq!(page.total, all.total);
            paged.extend(page.hits);
        }
        assert_eq!(paged, all.hits, "{query}");
        let mut urls: Vec<&str> = paged.iter().map(|h| h.url).collect();
        urls.sort_unstable();
        urls.dedup();
        assert_eq!(urls.len(), all.total, "{query}: a document twice");
        assert!(index.query(query, &SearchOptions { limit: usize::MAX, offset: usize::MAX }).hits.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// What every result list promises: sorted by score; each snippet a piece of its passage,
    /// whole when not cut, its segments consecutive slices; pages of any size that put together
    /// give the whole list, with the same total; the same results every time, from a freshly
    /// opened index too.
    #[test]
    fn results_keep_their_promises(
        doc in 0usize..5, start in 0usize..4000, len in 1usize..10, odd in "\\PC{0,6}", mix in 0u8..3,
        size in 1usize..4,
    ) {
        let index = seeds();
        let query = mixed_query(&index, doc, start, len, &odd, mix);
        let all = index.query(&query, &SearchOptions { limit: 1000, offset: 0 });
        prop_assert_eq!(all.hits.len(), all.total);
        prop_assert!(all.hits.windows(2).all(|w| w[0].score >= w[1].score), "not sorted by score");
        for hit in &all.hits {
            let document = index.document(hit.url).unwrap();
            for passage in &hit.passages {
                assert_contiguous(&passage.snippet);
                let snippet: String = passage.snippet.iter().map(|s| s.text).collect();
                let texts: Vec<&str> = std::iter::once(document.title).chain(document.passages.iter().map(|p| p.text)).collect();
                prop_assert!(
                    texts.iter().any(|t| t.contains(snippet.as_str())
                        && (passage.cut_start || t.starts_with(snippet.as_str()))
                        && (passage.cut_end || t.ends_with(snippet.as_str()))),
                    "{:?}: the snippet {:?} is not a piece of its passage", query, snippet
                );
            }
        }
        let mut paged = Vec::new();
        for offset in (0..=all.total).step_by(size) {
            let page = index.query(&query, &SearchOptions { limit: size, offset });
            prop_assert_eq!(page.total, all.total);
            prop_assert!(page.hits.len() <= size);
            paged.extend(page.hits);
        }
        prop_assert_eq!(&paged, &all.hits);
        prop_assert_eq!(&index.query(&query, &SearchOptions { limit: 1000, offset: 0 }), &all);
        prop_assert_eq!(&seeds().query(&query, &SearchOptions { limit: 1000, offset: 0 }), &all);
    }

    /// A snippet of any text around any well-formed highlights: consecutive slices of the text,
    /// none empty, the whole text when it is short, the highlights exactly where they were.
    #[test]
    fn snippets_are_slices_of_their_text(text in "\\PC{0,300}", picks in prop::collection::vec(any::<prop::sample::Index>(), 0..12)) {
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut cuts: Vec<usize> = picks.iter().map(|p| bounds[p.index(bounds.len())]).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let highlights: Vec<(usize, usize)> = cuts.chunks_exact(2).map(|w| (w[0], w[1])).collect();
        let cut = sou::snippet::snippet(&text, &highlights);
        assert_contiguous(&cut.segments);
        let joined: String = cut.segments.iter().map(|s| s.text).collect();
        let from = cut.segments.first().map_or(0, |s| s.text.as_ptr() as usize - text.as_ptr() as usize);
        prop_assert_eq!(text.get(from..from + joined.len()), Some(joined.as_str()));
        prop_assert_eq!(cut.cut_start, from > 0);
        prop_assert_eq!(cut.cut_end, from + joined.len() < text.len());
        if text.chars().count() <= sou::snippet::MAX_CHARS {
            prop_assert_eq!(joined, text.clone());
        }
        let mut at = from;
        for segment in &cut.segments {
            let inside = highlights.iter().any(|&(s, e)| s <= at && at + segment.text.len() <= e);
            prop_assert_eq!(segment.hit, inside, "{:?} at {}", segment.text, at);
            at += segment.text.len();
        }
    }
}
