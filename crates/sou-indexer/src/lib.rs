//! Builds sou's index from a folder of `.txt`, `.md`, `.mdx` and `.html` files.
//!
//! This crate runs where the index is built — `build.rs`, the tests, the `sou` command — and never
//! in the browser: jieba and its dictionary stay out of the wasm module.
//!
//! ```no_run
//! let built = sou_indexer::build(&sou_indexer::Options::new("seeds"))?;
//! std::fs::write("index.sou", &built.bytes)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The stages, each a module: [`corpus`] finds and reads the files, [`parse`] turns each into a
//! title and passages, [`segment`] cuts folded text into words for the [`vocabulary`], [`writer`]
//! lays out the bytes, and [`shard`] splits them into a head and text shards for a large site.

pub mod corpus;
mod error;
pub mod parse;
pub mod polyphones;
pub mod readings;
pub mod segment;
pub use sou_core::shard;
pub mod vocabulary;
pub mod writer;

use std::path::PathBuf;

pub use error::{Error, Result};
pub use sou_core::Stats;

/// What to build an index from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// Prepended to every document URL (`SOU_BASE_URL`), e.g. `/docs/`.
    pub base_url: String,
    /// Appended to every document URL (`SOU_URL_SUFFIX`), e.g. `.html`.
    pub url_suffix: String,
    /// The name recorded in the index; by default the corpus folder's name.
    pub name: Option<String>,
}

impl Options {
    pub fn new(corpus: impl Into<PathBuf>) -> Options {
        Options { corpus: corpus.into(), base_url: String::new(), url_suffix: String::new(), name: None }
    }
}

/// A built index.
#[derive(Debug, Clone)]
pub struct Built {
    /// The serialised index.
    pub bytes: Vec<u8>,
    pub stats: Stats,
    /// Files that were skipped because they are not `.txt`, `.md`, `.mdx` or `.html`.
    pub skipped: Vec<String>,
    /// Pages left out because their front matter marks them drafts.
    pub drafts: Vec<String>,
    /// How many corpus files were read.
    pub files: usize,
}

impl Built {
    /// One line about the skipped files, naming the first few, or `None` when none was: a built
    /// site holds hundreds of stylesheets, scripts and images, which a line each would bury.
    pub fn skipped_summary(&self) -> Option<String> {
        let named = first_few(&self.skipped)?;
        Some(format!("skipped {named}: sou indexes only .txt, .md, .mdx and .html files"))
    }

    /// One line about the drafts left out, or `None` when there was none.
    pub fn drafts_summary(&self) -> Option<String> {
        let named = first_few(&self.drafts)?;
        Some(format!(
            "left out {named}: drafts (front matter `draft: true` or `published: false`), which the site does not publish"
        ))
    }

    /// What the build has to say besides the index: its skipped files and drafts, a line each.
    pub fn warnings(&self) -> impl Iterator<Item = String> {
        [self.skipped_summary(), self.drafts_summary()].into_iter().flatten()
    }
}

/// The first five of `paths`, and how many more (`a, b, c, d, e and 4 more`); `None` for none.
fn first_few(paths: &[String]) -> Option<String> {
    const NAMED: usize = 5;
    if paths.is_empty() {
        return None;
    }
    let named = paths[..paths.len().min(NAMED)].join(", ");
    Some(match paths.len().saturating_sub(NAMED) {
        0 => named,
        more => format!("{named} and {more} more"),
    })
}

/// Builds the index of the corpus `options` names.
pub fn build(options: &Options) -> Result<Built> {
    build_with(options, &segment::Segmenter::new())
}

/// Builds with a segmenter that is already loaded (jieba's dictionary takes a moment to load).
pub fn build_with(options: &Options, segmenter: &segment::Segmenter) -> Result<Built> {
    let corpus = corpus::read(&options.corpus)?;
    let mut docs = Vec::with_capacity(corpus.files.len());
    let mut drafts = Vec::new();
    for file in &corpus.files {
        let parsed = parse::parse(file.kind, &file.text);
        if parsed.draft {
            drafts.push(file.relative.clone());
            continue;
        }
        if parsed.title.is_none() && parsed.passages.is_empty() {
            continue;
        }
        let stem = file.relative.rsplit('/').next().unwrap_or(&file.relative);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        docs.push(writer::Document {
            url: corpus::url(&file.relative, &options.base_url, &options.url_suffix),
            title: clean(parsed.title.as_deref().unwrap_or(stem)),
            passages: parsed
                .passages
                .into_iter()
                .filter_map(|p| {
                    let text = clean(&p.text);
                    (!text.is_empty()).then_some(writer::Passage {
                        kind: p.kind,
                        level: p.level,
                        text,
                        anchor: p.anchor,
                    })
                })
                .collect(),
        });
    }
    if docs.is_empty() {
        return Err(Error::EmptyCorpus {
            path: options.corpus.clone(),
            skipped: corpus.skipped.len(),
            drafts: drafts.len(),
        });
    }
    let bytes: usize =
        docs.iter().map(|d| d.title.len() + 1 + d.passages.iter().map(|p| p.text.len() + 1).sum::<usize>()).sum();
    check_text_bytes(&options.corpus, bytes)?;
    let name = options.name.clone().unwrap_or_else(|| {
        options
            .corpus
            .file_name()
            .map_or_else(|| options.corpus.display().to_string(), |n| n.to_string_lossy().into_owned())
    });
    let written = writer::write(&name, &docs, segmenter);
    Ok(Built { bytes: written.bytes, stats: written.stats, skipped: corpus.skipped, drafts, files: corpus.files.len() })
}

/// Whether `bytes` of stored text (every title and passage with its separator) fit in one index:
/// offsets into the text are 31 bits in the block table (the top bit is a flag), so under
/// [`writer::MAX_TEXT_BYTES`] (2 GiB). That also bounds the documents and passages an index
/// addresses: each takes at least two bytes of text, so fewer than 2^30.
pub fn check_text_bytes(corpus: &std::path::Path, bytes: usize) -> Result<()> {
    if bytes >= writer::MAX_TEXT_BYTES {
        return Err(Error::CorpusTooLarge { path: corpus.to_path_buf(), bytes });
    }
    Ok(())
}

/// Passage text as the index stores it: trimmed, without control characters other than line
/// breaks and tabs (the passage separator among them).
fn clean(text: &str) -> String {
    text.trim().chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect()
}
