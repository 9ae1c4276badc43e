//! Building an index from a folder: determinism, URLs, skipped files and every bad-corpus error.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use sou::Index;
use sou_indexer::{Error, Options};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn build(options: &Options) -> Result<sou_indexer::Built, Error> {
    sou_indexer::build_with(options, common::segmenter())
}

#[test]
fn the_same_corpus_builds_the_same_bytes() {
    let first = common::build("seeds").bytes;
    let second = common::build("seeds").bytes;
    assert_eq!(first, second);
    // Wherever the folder is, and whatever order the file system lists it in.
    let copy = scratch("determinism").join("seeds");
    fs::create_dir_all(&copy).unwrap();
    let mut names: Vec<_> = fs::read_dir(common::repo("seeds")).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.reverse();
    for name in names {
        fs::copy(common::repo("seeds").join(&name), copy.join(&name)).unwrap();
    }
    assert_eq!(build(&Options::new(&copy)).unwrap().bytes, first);
}

#[test]
fn the_embedded_index_is_the_one_the_library_builds() {
    if option_env!("SOU_CORPUS").is_some_and(|c| !c.is_empty()) {
        return; // built from another corpus: nothing to compare with
    }
    assert_eq!(sou::EMBEDDED_INDEX, common::seeds());
    assert_eq!(sou::embedded().corpus(), "seeds");
    assert_eq!(sou::embedded().stats().documents, 5);
}

#[test]
fn urls_are_paths_without_extension_with_base_and_suffix() {
    let dir = scratch("urls");
    fs::create_dir_all(dir.join("guide/essentials")).unwrap();
    fs::write(
        dir.join("guide/essentials/computed.md"),
        "# 计算属性\n\n## 基础示例 {#basic-example}\n\n模板中的表达式。\n",
    )
    .unwrap();
    fs::write(dir.join("index.html"), "<title>首页</title><body><h2 id=\"intro\">介绍</h2><p>欢迎。</p></body>")
        .unwrap();
    fs::write(dir.join("notes.txt"), "笔记\n第一段。\n").unwrap();
    let mut options = Options::new(&dir);
    options.base_url = "/docs/".into();
    options.url_suffix = ".html".into();
    let built = build(&options).unwrap();
    let index = Index::open(&built.bytes).unwrap();
    let urls: Vec<&str> = index.urls().collect();
    // The index page is its folder's address.
    assert_eq!(urls, ["/docs/guide/essentials/computed.html", "/docs/", "/docs/notes.html"]);
    let hit = &index.search("表达式", &Default::default())[0];
    assert_eq!(hit.title, "计算属性");
    assert_eq!(hit.passages[0].anchor, Some("basic-example"));
    assert_eq!(hit.passages[0].url, "/docs/guide/essentials/computed.html#basic-example");
    let hit = &index.search("欢迎", &Default::default())[0];
    assert_eq!((hit.title, hit.passages[0].url.as_str()), ("首页", "/docs/#intro"));
}

#[test]
fn other_files_are_skipped_and_named() {
    let dir = scratch("skipped");
    fs::write(dir.join("a.txt"), "标题\n正文。\n").unwrap();
    fs::write(dir.join("logo.png"), [0x89, b'P', b'N', b'G']).unwrap();
    fs::write(dir.join("LICENSE"), "MIT").unwrap();
    fs::create_dir_all(dir.join(".git")).unwrap();
    fs::write(dir.join(".git/HEAD.txt"), "hidden folders are not entered").unwrap();
    let built = build(&Options::new(&dir)).unwrap();
    assert_eq!(built.skipped, ["LICENSE", "logo.png"]);
    assert_eq!(
        built.skipped_summary().unwrap(),
        "skipped LICENSE, logo.png: sou indexes only .txt, .md, .mdx and .html files"
    );
    for i in 0..7 {
        fs::write(dir.join(format!("style{i}.css")), "p {}").unwrap();
    }
    let built = build(&Options::new(&dir)).unwrap();
    assert_eq!(
        built.skipped_summary().unwrap(),
        "skipped LICENSE, logo.png, style0.css, style1.css, style2.css and 4 more: sou indexes only .txt, .md, .mdx and .html files"
    );
    assert_eq!(built.stats.documents, 1);
}

/// The sources of Hugo, Hexo and Docusaurus sites: their titles, the text their pages show and
/// nothing of their template syntax; drafts left out and named.
#[test]
fn site_generator_sources_index_what_their_pages_show() {
    let dir = scratch("generators");
    fs::create_dir_all(dir.join("posts/bundle")).unwrap();
    fs::create_dir_all(dir.join("docs")).unwrap();
    fs::write(
        dir.join("posts/first.md"),
        "+++\ntitle = \"雨果的第一篇文章\"\ndate = 2024-01-01\n+++\n\n正文介绍静态网站。\n\n\
         {{< figure src=\"/a.png\" caption=\"图片的说明\" >}}\n\n{{% notice tip %}}\n短代码里的提示。\n{{% /notice %}}\n",
    )
    .unwrap();
    fs::write(dir.join("posts/_index.md"), "---\ntitle: 文章列表\n---\n所有文章。\n").unwrap();
    fs::write(dir.join("posts/bundle/index.md"), "---\ntitle: 未完成\ndraft: true\n---\n草稿正文。\n").unwrap();
    fs::write(dir.join("hexo.md"), "---\ntitle: 海克索\n---\n{% note info %}\n信息块的内容。\n{% endnote %}\n")
        .unwrap();
    fs::write(
        dir.join("docs/intro.mdx"),
        "---\ntitle: 文档简介\n---\nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n  <TabItem value=\"npm\">\n\n    使用 npm 安装。\n\n  </TabItem>\n</Tabs>\n\n{/* 注释不显示 */}\n",
    )
    .unwrap();
    let built = build(&Options::new(&dir)).unwrap();
    assert_eq!(built.drafts, ["posts/bundle/index.md"]);
    assert!(built.drafts_summary().unwrap().starts_with("left out posts/bundle/index.md: drafts"));
    assert!(built.skipped.is_empty(), "{:?}", built.skipped);
    let index = Index::open(&built.bytes).unwrap();
    let titles: Vec<(&str, &str)> = index.documents().iter().map(|d| (d.url, d.title)).collect();
    assert_eq!(
        titles,
        [("docs/intro", "文档简介"), ("hexo", "海克索"), ("posts/", "文章列表"), ("posts/first", "雨果的第一篇文章")]
    );
    let text = |url: &str| -> Vec<String> {
        index.document(url).unwrap().passages.iter().map(|p| p.text.to_string()).collect()
    };
    assert_eq!(text("posts/first"), ["正文介绍静态网站。", "图片的说明", "短代码里的提示。"]);
    assert_eq!(text("hexo"), ["信息块的内容。"]);
    // The indented line inside JSX is text in MDX, not a code block.
    assert_eq!(text("docs/intro"), ["使用 npm 安装。"]);
    assert_eq!(index.search("草稿", &Default::default()).len(), 0);
    assert_eq!(index.search("注释", &Default::default()).len(), 0);
    // Only drafts: the error says so.
    let drafts = scratch("only-drafts");
    fs::write(drafts.join("a.md"), "---\npublished: false\n---\n正文\n").unwrap();
    let error = build(&Options::new(&drafts)).unwrap_err();
    assert!(matches!(error, Error::EmptyCorpus { drafts: 1, .. }), "{error:?}");
    assert!(error.to_string().contains("1 draft(s) left out"), "{error}");
}

#[test]
fn a_missing_corpus_folder_is_an_error_naming_it() {
    let path = scratch("missing").join("no-such-folder");
    let error = build(&Options::new(&path)).unwrap_err();
    assert!(matches!(error, Error::CorpusMissing { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("no-such-folder") && message.contains("SOU_CORPUS"), "{message}");
}

#[test]
fn a_file_as_corpus_is_an_error() {
    let file = scratch("file-as-corpus").join("one.txt");
    fs::write(&file, "标题\n").unwrap();
    let error = build(&Options::new(&file)).unwrap_err();
    assert!(matches!(error, Error::CorpusNotAFolder { .. }), "{error:?}");
    assert!(error.to_string().contains("one.txt"));
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_with_its_byte_offset() {
    let dir = scratch("not-utf8");
    fs::write(dir.join("good.txt"), "标题\n正文。\n").unwrap();
    let mut bytes = "标题\n第一段".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(&[0xB1, 0xEA, 0xCC, 0xE2]); // "标题" in GBK
    fs::write(dir.join("gbk.txt"), &bytes).unwrap();
    let error = build(&Options::new(&dir)).unwrap_err();
    match &error {
        Error::NotUtf8 { path, offset: at } => {
            assert!(path.ends_with("gbk.txt"));
            assert_eq!(*at, offset);
        }
        other => panic!("expected NotUtf8, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("gbk.txt") && message.contains(&format!("offset {offset}")), "{message}");
}

#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    let dir = scratch("unreadable");
    fs::write(dir.join("good.md"), "# 标题\n").unwrap();
    // A link to nothing: listed like any file, and reading it fails (even as root).
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("gone.md"), dir.join("broken.md")).unwrap();
    #[cfg(not(unix))]
    return;
    let error = build(&Options::new(&dir)).unwrap_err();
    assert!(matches!(error, Error::Unreadable { .. }), "{error:?}");
    assert!(error.to_string().contains("broken.md"), "{error}");
}

#[test]
fn an_empty_corpus_is_an_error() {
    let dir = scratch("empty");
    let error = build(&Options::new(&dir)).unwrap_err();
    assert!(matches!(error, Error::EmptyCorpus { skipped: 0, .. }), "{error:?}");
    // Only other files, or only files without any text, is just as empty.
    fs::write(dir.join("LICENSE"), "MIT").unwrap();
    fs::write(dir.join("blank.md"), "\n\n   \n").unwrap();
    fs::write(dir.join("blank.txt"), "").unwrap();
    let error = build(&Options::new(&dir)).unwrap_err();
    assert!(matches!(error, Error::EmptyCorpus { skipped: 1, .. }), "{error:?}");
    assert!(error.to_string().contains("empty") || error.to_string().contains("no .txt"), "{error}");
}

#[test]
fn titles_of_text_files_skip_breadcrumbs_and_mastheads() {
    let index = Index::open(common::seeds()).unwrap();
    let titles: Vec<&str> = index.documents().iter().map(|d| d.title).collect();
    assert_eq!(titles[2], "环球观速讯丨【新时代 新征程 新伟业】创新如潮逐浪高");
    assert_eq!(titles[3], "甘肃金昌：创新赋能 传统工业华丽“蝶变”");
    assert_eq!(titles[4], "实干当先 全力为强省会行动打造科创引擎——访兰州市科技局党组书记、局长张贞祥");
    // The lines before the title are still searchable text.
    let hits = index.search("首页 > 热点", &Default::default());
    assert!(hits[0].url.starts_with("002"));
}

#[test]
fn the_text_limit_is_2_gib_to_the_byte() {
    // Building 2 GiB in a test is not practical: the check build() makes, at its edge.
    let path = std::path::Path::new("big");
    assert_eq!(sou_indexer::writer::MAX_TEXT_BYTES, 1 << 31);
    assert!(sou_indexer::check_text_bytes(path, (1 << 31) - 1).is_ok());
    let error = sou_indexer::check_text_bytes(path, 1 << 31).unwrap_err();
    assert!(matches!(error, Error::CorpusTooLarge { bytes, .. } if bytes == 1 << 31), "{error:?}");
    assert!(error.to_string().contains("more than one index can hold (2 GiB)"), "{error}");
}
