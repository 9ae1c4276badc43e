//! Chinese the way readers type it: pinyin, initials, homophone typos and Latin typos, over the seed
//! corpus and the Vue docs. Exact matches always come first; rewritings never hide them.

mod common;

use std::collections::BTreeSet;

use sou::{Index, Results, SearchOptions};

fn all() -> SearchOptions {
    SearchOptions { limit: 1000, offset: 0 }
}

fn seeds() -> Index<'static> {
    Index::open(common::seeds()).unwrap()
}

fn vue() -> Index<'static> {
    Index::open(common::vue()).unwrap()
}

/// The first reading of `typed` searched besides it, if any.
fn first_reading(index: &Index, typed: &str) -> Option<String> {
    index.query(typed, &all()).alternatives.into_iter().next()
}

/// The text highlighted in the first passage of the first hit.
fn first_marks(results: &Results) -> Vec<String> {
    results.hits[0].passages[0].snippet.iter().filter(|s| s.hit).map(|s| s.text.to_string()).collect()
}

#[test]
fn pinyin_finds_the_words_it_spells_with_or_without_separators() {
    let index = seeds();
    for typed in ["jiayuguan", "jia yu guan", "jia'yu'guan", "JiaYuGuan"] {
        let results = index.query(typed, &all());
        assert_eq!(results.alternatives, ["嘉峪关"], "{typed}");
        assert!(results.hits[0].url.starts_with("000"), "{typed}: {:?}", results.hits[0].url);
        // The snippet highlights the Chinese words found, in the text.
        assert!(first_marks(&results).iter().any(|m| m.contains("嘉峪关")), "{typed}: {:?}", first_marks(&results));
    }
    let results = index.query("rengongxinzang", &all());
    assert!(results.alternatives[0].contains("人工心脏"), "{:?}", results.alternatives);
    assert!(results.hits[0].url.starts_with("002"));
}

#[test]
fn pinyin_with_tones_reads_as_without() {
    let vue = vue();
    for typed in ["xiǎngyìngshì", "xiang3ying4shi4", "xiang3 ying4 shi4", "Xiǎng Yìng Shì"] {
        let results = vue.query(typed, &all());
        assert_eq!(results.alternatives.first().map(String::as_str), Some("响应式"), "{typed}");
        assert!(first_marks(&results).contains(&"响应式".to_owned()), "{typed}: {:?}", first_marks(&results));
    }
    let seeds = seeds();
    for typed in ["Jiāyùguān", "jia1yu4guan1", "jia1 yu4 guan1"] {
        assert_eq!(seeds.query(typed, &all()).alternatives, ["嘉峪关"], "{typed}");
    }
    // A tone's number follows a whole syllable; `vue3` is a version, `h5` a name.
    assert!(vue.query("vue3", &all()).alternatives.iter().all(|a| a.is_ascii()));
    assert!(seeds.query("h5", &all()).alternatives.is_empty());
}

/// Fuzzy pinyin: sounds many speakers do not tell apart (`z`/`zh`, `n`/`l`, `in`/`ing`, …) read
/// as each other, when the pinyin as typed (or the characters' homophones) spell no word.
#[test]
fn pinyin_with_sounds_confused_reads_the_word_meant() {
    let vue = vue();
    for (typed, meant) in [
        ("xiangyinshi", "响应式"),
        ("jisuansuxing", "计算属性"),
        ("zhengtingqi", "侦听器"),
        ("sengmingzhouqi", "生命周期"),
        ("cajian", "插件"),
    ] {
        assert_eq!(first_reading(&vue, typed).as_deref(), Some(meant), "{typed}");
    }
    assert_eq!(seeds().query("lengongxinzang", &all()).alternatives, ["人工心脏"]);
    // Characters typed so: the input method offered what the reader's pinyin spelled.
    for (typed, meant) in [("响因式", "响应式"), ("征听器", "侦听器"), ("响因", "响应")] {
        assert_eq!(first_reading(&vue, typed).as_deref(), Some(meant), "{typed}");
    }
    assert_eq!(first_reading(&seeds(), "人工星脏").as_deref(), Some("人工心脏"));
    // Pinyin that spells a word as typed is read as typed: `yinshi` is 隐式, not 样式 or 影视.
    assert_eq!(first_reading(&vue, "yinshi").as_deref(), Some("隐式"));
    assert_eq!(vue.query("xiangyingshi", &all()).alternatives, ["响应式"]);
}

#[test]
fn polyphonic_characters_match_every_reading() {
    let index = seeds();
    // 长 is chang in 长治 (and zhang in 成长); 行 is xing in 行动 (and hang in 行业).
    assert_eq!(index.query("changzhi", &all()).alternatives[0], "长治");
    assert_eq!(index.query("xingdong", &all()).alternatives[0], "行动");
    assert_eq!(index.query("hangye", &all()).alternatives[0], "行业");
    let vue = vue();
    // 重 is chong in 重新, zhong in 重要.
    assert_eq!(vue.query("chongxin", &all()).alternatives[0], "重新");
    assert_eq!(vue.query("zhongyao", &all()).alternatives[0], "重要");
    // A reading no one types is no reading: pinyin-data has 重 as tong too, but tongxin is 通信,
    // never the commoner 重新.
    assert_eq!(vue.query("tongxin", &all()).alternatives, ["通信"]);
}

/// pinyin-data lists every reading a dictionary ever recorded: 能 is `tai` as well, 于 `wei`, 其
/// `ji`, 次 `zi`. Read as usual, they put a commoner word before the word typed (`butai` was
/// 不能, `weiyu` 于原, the typo 不态 不能); only readings in common use are read
/// (`sou_indexer::polyphones`), and a polyphone's every common reading still is.
#[test]
fn archaic_readings_are_not_read() {
    let vue = vue();
    for (typed, meant) in
        [("butai", "不太"), ("weiyu", "位于"), ("guishu", "归属"), ("不态", "不太"), ("几中", "几种"), ("对次", "对此")]
    {
        let results = vue.query(typed, &all());
        assert_eq!(
            results.alternatives.first().map(String::as_str),
            Some(meant),
            "{typed}: {:?}",
            results.alternatives
        );
        assert!(first_marks(&results).iter().all(|m| m == meant), "{typed}: {:?}", first_marks(&results));
    }
    // Where pinyin-data puts a rare reading first, the usual one is read: 似 is si (相似).
    assert_eq!(vue.query("xiangsi", &all()).alternatives.first().map(String::as_str), Some("相似"));
}

#[test]
fn pinyin_prefixes_and_initials() {
    let index = seeds();
    // While typing: `jiayu` already offers 嘉峪关, and finds it.
    for typed in ["jiayu", "jiay"] {
        let offered: Vec<String> = index.suggest(typed, 5).into_iter().map(|s| s.term).collect();
        assert_eq!(offered.first().map(String::as_str), Some("嘉峪关"), "{typed}: {offered:?}");
    }
    assert!(index.query("jiayu", &all()).hits[0].url.starts_with("000"));
    // A word seen once is not in the vocabulary; its pinyin is read in the text itself.
    let results = index.query("tangjinie", &all());
    assert_eq!(results.alternatives, ["羰基镍"]);
    assert!(first_marks(&results).iter().any(|m| m == "羰基镍"), "{:?}", first_marks(&results));
    // Initials.
    let results = index.query("jyg", &all());
    assert_eq!(results.alternatives[0], "嘉峪关");
    assert!(results.hits[0].url.starts_with("000"));
    let vue = vue();
    assert_eq!(vue.query("smzq", &all()).alternatives[0], "生命周期");
    // Initials spell one word of the vocabulary, never a string of short common ones (`smzq` on
    // the news articles was read 是满足强).
    for alternative in index.query("smzq", &all()).alternatives {
        assert!(index.suggest(&alternative, 1).first().is_some_and(|s| s.term == alternative), "{alternative}");
    }
    // A Latin prefix the vocabulary has is completed as Latin, not read as pinyin.
    assert_eq!(vue.suggest("defin", 1)[0].term, "defineprops");
    // Pinyin is completed from readings that are one word or the start of one: cheaper readings
    // of several words (中 + 以一…) complete nothing and take no place from them.
    let offered: Vec<String> = vue.suggest("zhongyi", 3).into_iter().map(|s| s.term).collect();
    assert_eq!(offered, ["中以", "中英", "中英文"]);
    // The syllables as typed before the start of a longer one (`xian` before `xiang`'s 像), the
    // most frequent words first (属性 before 树), a rare reading far behind (重 as `tong`).
    let offered =
        |prefix: &str, n: usize| -> Vec<String> { vue.suggest(prefix, n).into_iter().map(|s| s.term).collect() };
    assert_eq!(offered("xian", 2), ["现在", "显式"]);
    assert_eq!(offered("shu", 1), ["属性"]);
    assert_eq!(offered("tong", 3), ["通过", "同时", "通常"]);
}

#[test]
fn pinyin_being_typed_reads_the_words_on_the_way() {
    let vue = vue();
    // The last syllable cut short (`zuji…` of zujian) and the reading ending inside a word (生… of
    // 生命周期): each keystroke finds the words the reader is on the way to.
    for (typed, meant) in [
        ("zuji", "组件"),
        ("zujia", "组件"),
        ("xiangyi", "响应"),
        ("jisu", "计算"),
        ("zujiandeshengmin", "组件的生命"),
        // One letter of a syllable after two whole ones.
        ("jisuans", "计算属"),
        ("zujiandeshengmingzh", "组件的生命周"),
        // Or after one long syllable: few English words are one and a letter.
        ("xiangy", "响应"),
    ] {
        let results = vue.query(typed, &all());
        assert_eq!(
            results.alternatives.first().map(String::as_str),
            Some(meant),
            "{typed}: {:?}",
            results.alternatives
        );
        assert!(first_marks(&results).iter().any(|m| m.contains(meant)), "{typed}: {:?}", first_marks(&results));
    }
    let index = seeds();
    assert_eq!(index.query("zhongguorenmi", &all()).alternatives, ["中国人民"]);
    // A guess at what is yet to come is offered only when the corpus has it as it is: Latin
    // words on the news articles are not read as words side by side that occur nowhere together
    // (`angula` as 厂家落, `mobanyufa` as 无板与发), nor is one letter after a syllable
    // (`key` as 科研).
    for typed in ["key", "but", "angula", "mobanyufa", "zujianzhuce"] {
        let results = index.query(typed, &all());
        assert!(results.alternatives.is_empty(), "{typed}: {:?}", results.alternatives);
    }
}

#[test]
fn every_keystroke_of_pinyin_finds_something() {
    let vue = vue();
    // Results as you type: no keystroke on the way to these words leaves the reader with
    // nothing, not a whole syllable (`xiang`, read as its commonest characters) nor a long
    // syllable and one letter (`zuj` still finds nothing: `key` and `but` are English).
    for word in ["xiangyingshi", "shengmingzhouqi", "xuanran"] {
        for end in 2..=word.len() {
            let typed = &word[..end];
            let results = vue.query(typed, &all());
            assert!(results.total > 0, "{typed}: nothing found");
        }
    }
    let results = vue.query("xiang", &all());
    assert!(results.alternatives.iter().all(|a| a.chars().count() == 1), "{:?}", results.alternatives);
    assert!(results.hits[0].passages[0]
        .snippet
        .iter()
        .any(|s| s.hit && results.alternatives.contains(&s.text.to_string())));
    // Only a character's first reading: 幸 is also read `nie`, 镍 only so.
    let nie = seeds().query("nie", &all()).alternatives;
    assert!(nie[0] == "镍" && !nie.contains(&"幸".to_owned()), "{nie:?}");
    assert!(vue.query("nie", &all()).alternatives.is_empty());
}

#[test]
fn characters_and_pinyin_in_one_chunk_read_as_one_text() {
    // The input method's work left half done: some syllables turned into characters, the rest
    // still letters, on either side.
    let vue = vue();
    for typed in ["响应shi", "xiangying式", "计算shuxing", "生命zhouqi", "zujian事件"] {
        let results = vue.query(typed, &all());
        let meant = ["响应式", "计算属性", "生命周期", "组件事件"];
        assert!(
            results.alternatives.first().is_some_and(|a| meant.contains(&a.as_str())),
            "{typed}: {:?}",
            results.alternatives
        );
        // Found as if the reading had been typed.
        let read = vue.query(&results.alternatives[0], &all());
        assert_eq!(results.hits[0].url, read.hits[0].url, "{typed}");
    }
    let seeds = seeds();
    let results = seeds.query("嘉峪guan", &all());
    assert_eq!(results.alternatives, ["嘉峪关"]);
    assert!(results.hits[0].url.starts_with("000"));
    // Letters that are no pinyin are not read so.
    assert!(seeds.query("嘉峪qzx", &all()).alternatives.iter().all(|a| !a.contains('关')));
}

#[test]
fn homophone_typos_find_the_words_that_sound_the_same() {
    let index = seeds();
    for (typed, meant, doc) in
        [("嘉裕关", "嘉峪关", "000"), ("人工新脏", "人工心脏", "002"), ("萃英计化", "萃英计划", "004")]
    {
        let results = index.query(typed, &all());
        assert_eq!(results.alternatives[0], meant, "{typed}");
        assert!(results.hits[0].url.starts_with(doc), "{typed}");
        assert!(first_marks(&results).iter().any(|m| m.contains(meant)), "{typed}: {:?}", first_marks(&results));
    }
    // A chunk the corpus has as words apart (包头 稀土 中试 基地) is what the reader meant: found,
    // not rewritten.
    let results = index.query("包头稀土中试基地", &all());
    assert!(results.alternatives.is_empty(), "{:?}", results.alternatives);
    assert!(results.hits[0].url.starts_with("003"), "{}", results.hits[0].url);
    let vue = vue();
    let results = vue.query("真听器", &all());
    assert_eq!(results.alternatives[0], "侦听器");
    assert!(results.hits[0].url.contains("watchers"), "{}", results.hits[0].url);
    // While typing: the start of a word with a typo in it reads as the start of the word meant.
    assert_eq!(index.query("嘉裕", &all()).alternatives, ["嘉峪"]);
    assert_eq!(index.query("人工新", &all()).alternatives, ["人工心"]);
    assert_eq!(vue.query("计算树", &all()).alternatives, ["计算属"]);
}

#[test]
fn latin_words_tolerate_typos_by_length() {
    let vue = vue();
    let results = vue.query("definProps", &all());
    assert_eq!(results.alternatives, ["defineprops"]);
    assert!(results.hits[0].passages.iter().any(|p| p.snippet.iter().any(|s| s.hit && s.text == "defineProps")));
    // Two edits from eight letters on; none under four.
    assert_eq!(vue.query("defnePrps", &all()).alternatives, ["defineprops"]);
    assert!(vue.query("rfe", &all()).alternatives.is_empty());
}

#[test]
fn exact_matches_come_first_and_are_never_hidden() {
    let index = seeds();
    // A word that occurs is not rewritten, even when a homophone occurs too (实践 / 时间).
    let results = index.query("实践", &all());
    assert!(results.alternatives.is_empty());
    assert!(results
        .hits
        .iter()
        .all(|h| h.passages.iter().any(|p| p.snippet.iter().any(|s| s.hit && s.text == "实践"))));
    // Pinyin that occurs as typed keeps its literal matches first.
    let vue = vue();
    let typed = vue.query("ref", &all());
    assert!(typed.alternatives.is_empty(), "{:?}", typed.alternatives);
    // A rewritten query never loses the documents of the query as typed.
    for query in ["嘉裕关", "人工新脏", "jiayuguan"] {
        let exact: BTreeSet<&str> = {
            let plain = index.query(query, &all());
            plain.hits.iter().map(|h| h.url).collect()
        };
        let merged = index.query(query, &all());
        let urls: BTreeSet<&str> = merged.hits.iter().map(|h| h.url).collect();
        assert!(exact.is_subset(&urls), "{query}");
        assert_eq!(merged.total, merged.hits.len());
        // Scores read best first across the merged list.
        assert!(merged.hits.windows(2).all(|w| w[0].score >= w[1].score), "{query}");
    }
}

#[test]
fn rewritten_results_page_without_gaps_or_repeats() {
    let index = seeds();
    let whole: Vec<&str> = index.query("嘉裕关", &all()).hits.iter().map(|h| h.url).collect();
    let mut paged = Vec::new();
    for offset in 0..whole.len() {
        let page = index.query("嘉裕关", &SearchOptions { limit: 1, offset });
        paged.extend(page.hits.iter().map(|h| h.url));
    }
    assert_eq!(paged, whole);
}

#[test]
fn odd_pinyin_and_typos_never_panic() {
    let index = vue();
    let long_pinyin = "zhuang".repeat(40);
    let long_typo = "嘉裕关".repeat(30);
    for query in [&long_pinyin[..], &long_typo, "a", "'''", "x'", "zhzhzhzh", "ng", "jyg jyg jyg jyg", "ü", "lv", "nve"]
    {
        // The walks are capped in steps: these return (a hang would stop the test).
        let results = index.query(query, &all());
        assert!(results.hits.len() <= results.total);
        assert!(index.suggest(query, 10).len() <= 10);
    }
}

#[test]
fn did_you_mean_offers_a_near_query_when_part_of_the_query_is_nowhere() {
    let index = seeds();
    // Both characters of two wrong: more than a rewriting dares, enough for an offer. (Four
    // characters that sound like a word of the corpus, 人工新藏 for 人工心脏, are read as it.)
    let results = index.query("新藏", &all());
    assert!(results.alternatives.is_empty(), "{:?}", results.alternatives);
    assert_eq!(results.did_you_mean.as_deref(), Some("心脏"));
    assert_eq!(index.query("人工新藏", &all()).alternatives, ["人工心脏"]);
    // The offer finds what it says.
    let offered = index.query("心脏", &all());
    assert!(offered.hits[0].url.starts_with("002"));
    // Nothing to offer: the query is found, or a rewriting already searched, or nothing is near.
    for query in ["人工心脏", "嘉裕关", "qzxjvwq", "科技创qzx"] {
        assert_eq!(index.query(query, &all()).did_you_mean, None, "{query}");
    }
    // Three edits in eight letters: no rewriting, nothing found, one offer.
    let vue = vue();
    let results = vue.query("defnPrps", &all());
    assert_eq!((results.total, results.did_you_mean.as_deref()), (0, Some("defineprops")));
    // Nothing matched at all: a chunk that occurs nowhere is left out of the offer.
    let results = vue.query("qzxjvwq defnPrps", &all());
    assert_eq!((results.total, results.did_you_mean.as_deref()), (0, Some("defineprops")));
    // Pinyin, whole or being typed, is not read as an English typo: `fang` was searched as
    // `lang`, and `xian`, `shux` and `chaj` offered `in`, `show` and `has`. A whole syllable
    // the text lacks is read as its commonest characters instead (`xian` → 现, 先, 显).
    for query in ["fang", "zhen", "xian", "shux", "chaj"] {
        let results = vue.query(query, &all());
        assert!(
            results.alternatives.iter().all(|a| a.chars().all(|c| !c.is_ascii())) && results.did_you_mean.is_none(),
            "{query}: {:?} {:?}",
            results.alternatives,
            results.did_you_mean
        );
    }
    assert!(vue.query("xian", &all()).alternatives.contains(&"现".to_owned()));
}

#[test]
fn mixed_scripts_and_widths_find_the_text() {
    let index = seeds();
    // `CSP -罩退工艺` in the text: the words apart, in any case or width.
    for query in ["CSP工艺", "csp工艺", "ＣＳＰ工艺", "CSP 工艺"] {
        let results = index.query(query, &all());
        assert!(results.hits.first().is_some_and(|h| h.url.starts_with("000")), "{query}");
    }
    // A chunk of common words only, which does not occur as typed, still finds them apart.
    let vue = vue();
    for query in ["vue组件", "VUE组件", "Vue 组件", "props组件"] {
        let results = vue.query(query, &all());
        assert!(results.total > 10, "{query}: {}", results.total);
        // The page about components, or (`props组件`) the one about their props.
        let title = &results.hits[0].title;
        assert!(title.contains("组件") || (query.starts_with("props") && *title == "Props"), "{query}: {title}");
        // `props` is a word of the corpus: no typo to correct.
        assert!(results.alternatives.is_empty(), "{query}: {:?}", results.alternatives);
    }
}

/// The commonest Chinese typo: the input method's first word for the syllables typed, a word of
/// its own (`声明` for `生命`, both shengming). Each word is whole and the corpus has it, so no
/// character stands alone to be read as a homophone; the words side by side occur nowhere, and a
/// word swapped for one that sounds the same gives text the corpus has.
#[test]
fn a_word_typed_as_its_homophone_is_read_as_the_word_meant() {
    let vue = vue();
    for (typed, meant, page) in [
        ("声明周期", "生命周期", "guide/essentials/lifecycle"),
        ("模版引用", "模板引用", "guide/essentials/template-refs"),
        ("异步组建", "异步组件", "guide/components/async"),
    ] {
        let results = vue.query(typed, &all());
        assert_eq!(results.alternatives, [meant], "{typed}");
        assert_eq!(results.hits[0].url, page, "{typed}");
        assert!(first_marks(&results).iter().any(|m| m == meant), "{typed}: {:?}", first_marks(&results));
    }
    // Words that occur, only not side by side, and no homophone of either that does: what the
    // reader typed, found apart.
    for typed in ["组件传值", "vue生命"] {
        let results = vue.query(typed, &all());
        assert!(results.alternatives.is_empty(), "{typed}: {:?}", results.alternatives);
        assert!(results.total > 10, "{typed}: {}", results.total);
    }
}

/// The same typo across words: the input method's word for the first syllables (`相应`, a word of
/// the corpus too, for 响应) then a character for the next (式): the words typed sound like one word
/// of the corpus (响应式), which is what the reader meant.
#[test]
fn words_that_together_sound_like_one_word_are_read_as_it() {
    let vue = vue();
    for (typed, meant, page) in [
        ("相应式", "响应式", "guide/essentials/reactivity-fundamentals"),
        ("相应式基础", "响应式基础", "guide/essentials/reactivity-fundamentals"),
        ("深入相应式系统", "深入响应式系统", "guide/extras/reactivity-in-depth"),
    ] {
        let results = vue.query(typed, &all());
        assert_eq!(results.alternatives.first().map(String::as_str), Some(meant), "{typed}");
        assert_eq!(results.hits[0].url, page, "{typed}");
        let marked = results
            .hits
            .iter()
            .flat_map(|h| &h.passages)
            .flat_map(|p| &p.snippet)
            .any(|s| s.hit && meant.contains(s.text));
        assert!(marked, "{typed}: {:?}", first_marks(&results));
    }
    // What occurs as typed is what the reader meant: 相应 alone is a word of its own.
    let results = vue.query("相应", &all());
    assert!(results.alternatives.is_empty(), "{:?}", results.alternatives);
    assert!(first_marks(&results).iter().all(|m| m == "相应"), "{:?}", first_marks(&results));
}

/// Punctuation typed in the other width is read in the width the text has: an input method's
/// full-width mode types `ｖ－ｍｏｄｅｌ`, and Chinese prose writes the `（）` a reader types as `()`.
/// Folding leaves punctuation alone, so without this `ｖ－ｍｏｄｅｌ` found nothing at all.
#[test]
fn punctuation_typed_in_the_other_width_finds_the_text() {
    let vue = vue();
    for query in ["ｖ－ｍｏｄｅｌ", "v－model", "Ｖ－Ｍｏｄｅｌ"] {
        let results = vue.query(query, &all());
        assert_eq!(results.alternatives, ["v-model"], "{query}");
        // What `v-model` finds comes first (the words of the query as typed, `v` and `model`
        // apart, may find a page more after them).
        let meant: BTreeSet<String> = vue.query("v-model", &all()).hits.iter().map(|h| h.url.to_string()).collect();
        let first: BTreeSet<String> = results.hits.iter().take(meant.len()).map(|h| h.url.to_string()).collect();
        assert_eq!(first, meant, "{query}");
        assert_eq!(results.hits[0].url, "guide/components/v-model", "{query}");
        assert!(
            first_marks(&results).iter().any(|m| m.eq_ignore_ascii_case("v-model")),
            "{query}: {:?}",
            first_marks(&results)
        );
    }
    let index = seeds();
    // `酒钢（集团）` in the text, typed with ASCII parentheses: the phrase itself is found.
    let results = index.query("酒钢(集团)", &all());
    assert_eq!(results.alternatives.first().map(String::as_str), Some("酒钢（集团）"), "{:?}", results.alternatives);
    assert!(results.hits[0].url.starts_with("000"));
    assert!(first_marks(&results).iter().any(|m| m == "酒钢（集团）"), "{:?}", first_marks(&results));
    // A date in full-width digits and dashes.
    let results = index.query("２０２３－０９－０６", &all());
    assert_eq!(results.alternatives, ["2023-09-06"]);
    assert!(results.hits[0].url.starts_with("004"));
    // A version typed against its name, which the Vue docs space (`Vue 3`, never `Vue3`).
    for query in ["vue3", "Vue3", "ｖｕｅ３"] {
        let results = vue.query(query, &all());
        assert_eq!(results.alternatives.first().map(String::as_str), Some("vue 3"), "{query}");
    }
    assert!(vue.query("Vue3.5", &all()).total > 0);
    // Punctuation as the text has it asks for nothing else.
    assert!(index.query("酒钢（集团）", &all()).alternatives.is_empty());
    assert!(vue.query("v-model", &all()).alternatives.is_empty());
}

#[test]
fn an_apostrophe_ends_a_syllable() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sounds-xian");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // 西安 (xi'an) and 先 (xian), each on a page of its own, each often enough to be words.
    std::fs::write(dir.join("a.txt"), "西安\n西安是古都。西安的城墙。我去过西安。\n").unwrap();
    std::fs::write(dir.join("b.txt"), "先后\n先来后到。先做后说。首先，先看看。\n").unwrap();
    let built = common::build(&dir);
    let index = Index::open(&built.bytes).unwrap();
    let results = index.query("xi'an", &all());
    assert_eq!(results.alternatives, ["西安"], "{results:?}");
    assert!(results.hits.iter().all(|h| h.url.starts_with('a')), "{results:?}");
    // Without it, `xian` is one syllable: the characters read so, not 西安.
    assert_eq!(index.query("xian", &all()).alternatives, ["先"]);
}

/// Homophone typos are read in runs of at most 12 characters: past that (a key held down, a
/// sentence pasted) the walk's work grows with the square of the run and finds nothing worth it.
/// On the seeds, `人工新脏` (for 人工心脏) in a run of twelve characters of the text is still read;
/// in a run of thirteen it is not.
#[test]
fn homophone_typos_are_read_in_runs_of_at_most_12_characters() {
    let index = seeds();
    let twelve = index.query("于一体的人工新脏项目基地", &all());
    assert_eq!(twelve.alternatives, ["于一体的人工心脏项目基地"]);
    let thirteen = index.query("产于一体的人工新脏项目基地", &all());
    assert!(thirteen.alternatives.is_empty(), "{:?}", thirteen.alternatives);
}

/// A run cut into words of the vocabulary and single characters that are words as well is what
/// the reader typed, when no homophone of it occurs in the text: `什么是响应式` (响应式 is cut
/// 响应 式 there) is not read as 什么是响应是, nor `主意` on the seeds as 主以.
#[test]
fn words_as_typed_are_not_read_as_less_likely_homophones() {
    assert!(vue().query("什么是响应式", &all()).alternatives.is_empty());
    assert!(vue().query("响应式是什么", &all()).alternatives.is_empty());
    assert!(seeds().query("主意", &all()).alternatives.is_empty());
    // A typo still is read where the corpus has the reading.
    assert_eq!(vue().query("计算属姓", &all()).alternatives, ["计算属性"]);
    assert_eq!(seeds().query("人工新脏", &all()).alternatives, ["人工心脏"]);
}
