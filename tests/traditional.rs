//! Traditional and Simplified Chinese meet: a Traditional query finds a Simplified corpus and a
//! Simplified query a Traditional one, with the highlights on the corpus's own characters.

mod common;

use std::fs;
use std::path::Path;

use sou::{Hit, Index, SearchOptions};
use sou_core::fold::fold;

/// The matching segments of every snippet of `hit`.
fn highlights<'a>(hit: &Hit<'a>) -> Vec<&'a str> {
    hit.passages.iter().flat_map(|p| p.snippet.iter().filter(|s| s.hit).map(|s| s.text)).collect()
}

/// Searches `query` and checks that `expected` comes first and that every highlight of it is a
/// piece of a word of `shown`, the corpus's own spelling of the query, the first word whole.
fn check(index: &Index, query: &str, expected: &str, shown: &str) {
    let hits = index.search(query, &SearchOptions::default());
    let urls: Vec<&str> = hits.iter().map(|h| h.url).collect();
    assert!(
        urls.first().is_some_and(|u| common::is_doc(u, expected)),
        "{query}: expected {expected} first, got {urls:?}"
    );
    let marked = highlights(&hits[0]);
    assert!(!marked.is_empty(), "{query}: nothing highlighted");
    for text in &marked {
        assert!(
            shown.split_whitespace().any(|w| w.contains(text)),
            "{query}: highlighted {text:?}, which is not part of {shown:?}"
        );
    }
    // The first word is highlighted whole somewhere, in the corpus's spelling.
    let first = shown.split_whitespace().next().unwrap();
    let joined = |p: &sou::PassageHit| p.snippet.iter().filter(|s| s.hit).map(|s| s.text).collect::<String>();
    assert!(
        hits[0].passages.iter().any(|p| joined(p).contains(first)),
        "{query}: {first:?} is not highlighted whole in {marked:?}"
    );
}

#[test]
fn traditional_queries_find_the_simplified_seed_corpus() {
    let index = Index::open(common::seeds()).unwrap();
    for (query, expected, shown) in [
        ("嘉峪關", "000", "嘉峪关"),
        ("人工心臟", "002", "人工心脏"),
        ("衛星互聯網", "003", "卫星互联网"),
        ("馬鈴薯", "001", "马铃薯"),
    ] {
        check(&index, query, expected, shown);
        // Exactly what the Simplified query finds.
        let simplified = index.query(&fold(query), &SearchOptions::default());
        let traditional = index.query(query, &SearchOptions::default());
        assert_eq!(traditional.total, simplified.total, "{query}");
        assert_eq!(
            traditional.hits.iter().map(|h| h.url).collect::<Vec<_>>(),
            simplified.hits.iter().map(|h| h.url).collect::<Vec<_>>(),
            "{query}"
        );
    }
    // Mixed spellings in one query, and suggestions for a Traditional prefix.
    check(&index, "人工心臟 長治", "002", "人工心脏 长治");
    let suggested = index.suggest("衛星", 5);
    assert!(suggested.iter().any(|s| s.term.starts_with("卫星") && s.term.len() > "卫星".len()), "{suggested:?}");
}

#[test]
fn a_traditional_query_finds_the_simplified_vue_docs() {
    let index = Index::open(common::vue()).unwrap();
    check(&index, "計算屬性", "guide/essentials/computed", "计算属性");
    check(&index, "偵聽器", "guide/essentials/watchers", "侦听器");
}

#[test]
fn simplified_queries_find_a_traditional_corpus() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("traditional-corpus");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("computed.txt"),
        "計算屬性與偵聽器\n\
         在模板中寫太多邏輯，會讓模板變得臃腫，難以維護。因此我們推薦使用計算屬性來描述依賴響應式狀態的複雜邏輯。\n\
         衛星互聯網的發展，也離不開這些技術。\n",
    )
    .unwrap();
    fs::write(dir.join("components.txt"), "组件基础\n组件允许我们将 UI 划分为独立的、可重用的部分。计算机很有用。\n")
        .unwrap();
    let built = common::build(&dir);
    let index = Index::open(&built.bytes).unwrap();
    check(&index, "计算属性", "computed", "計算屬性");
    check(&index, "計算屬性", "computed", "計算屬性");
    check(&index, "卫星互联网", "computed", "衛星互聯網");
    check(&index, "复杂逻辑", "computed", "複雜邏輯");
    check(&index, "组件", "components", "组件");
    // The title is found and shown as written.
    let hits = index.search("侦听器", &SearchOptions::default());
    assert_eq!(hits[0].title, "計算屬性與偵聽器");
    // The stored text is the original.
    let doc = index.document("computed").unwrap();
    assert!(doc.passages[0].text.starts_with("在模板中寫太多邏輯"));
}
