//! Corpus parsing: any text as a `.txt`, a `.md`, an `.mdx` and an `.html` file gives a document (a title,
//! passages) without a panic, and in bounded time (libFuzzer's `-timeout` catches runaway parses).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sou_indexer::parse::{parse, FileKind};

fuzz_target!(|data: &[u8]| {
    // Corpus files are UTF-8 (the build stops at any other file).
    let Ok(text) = std::str::from_utf8(data) else { return };
    for kind in [FileKind::Text, FileKind::Markdown, FileKind::Mdx, FileKind::Html] {
        let doc = parse(kind, text);
        for passage in &doc.passages {
            // What `ParsedPassage` promises.
            assert!(!passage.text.is_empty(), "{kind:?}: an empty passage");
            assert!(passage.kind != sou_indexer::parse::PassageKind::Title, "{kind:?}: a second title");
            assert!(passage.level <= 6, "{kind:?}: heading level {}", passage.level);
        }
    }
});
