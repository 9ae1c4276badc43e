//! sou (搜): Chinese full-text search that runs entirely in the browser.
//!
//! The index is built at compile time from a folder of `.txt`, `.md`, `.mdx` and `.html` files (by
//! `build.rs`, with the `sou-indexer` crate), embedded in the binary or wasm module, and read in
//! place. Anything that appears in the corpus is found: query strings are matched against the
//! stored text itself, not only against the words a segmenter happened to cut.
//!
//! ```
//! use sou::{SearchOptions, embedded};
//!
//! // The index embedded at build time (the seed corpus unless SOU_CORPUS named another folder).
//! let index = embedded();
//! # if index.corpus() == "seeds" {
//! let hits = index.search("人工心脏", &SearchOptions::default());
//! assert!(hits[0].title.contains("创新"));
//! for hit in &hits {
//!     println!("{} {} ({:.2})", hit.url, hit.title, hit.score);
//!     for passage in &hit.passages {
//!         // Plain and matching segments: wrap the matching ones in <mark>.
//!         let line: String = passage
//!             .snippet
//!             .iter()
//!             .map(|s| if s.hit { format!("[{}]", s.text) } else { s.text.to_string() })
//!             .collect();
//!         println!("  {line}");
//!     }
//! }
//! # }
//! // Completions for a search box, most frequent first.
//! let _ = index.suggest("科", 5);
//! ```
//!
//! An index over any folder can be built in-process with `sou_indexer::build` and opened with
//! [`Index::open`].
//!
//! Modules, in the order data flows: [`index`] (opening the bytes), `query` (plan, scan, rank),
//! [`snippet`], [`suggest`].

pub mod index;
mod query;
pub mod snippet;
mod sort;
pub mod suggest;
mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use index::{Document, DocumentPassage, DocumentSummary, Index, Info};
pub use query::{Hit, PassageHit, Results, SearchOptions, MAX_CHUNKS, MAX_QUERY_CHARS, PASSAGES_PER_HIT};
pub use snippet::Segment;
pub use sou_core::{FormatError, PassageKind, Stats};
pub use suggest::Suggestion;

/// The index bytes `build.rs` wrote for this build.
#[cfg(feature = "embed")]
pub static EMBEDDED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.sou"));

/// The index embedded at build time, opened once.
#[cfg(feature = "embed")]
pub fn embedded() -> &'static Index<'static> {
    static INDEX: std::sync::OnceLock<Index<'static>> = std::sync::OnceLock::new();
    // The bytes are part of this module: their integrity is the module's, so neither the checksum
    // nor the text's UTF-8 is checked again at every start-up (see `sou_core::format`, "Damaged
    // bytes"; `tests/damaged.rs` checks both of the embedded index).
    // SAFETY: build.rs wrote these bytes with this crate's writer, whose text is a `String`.
    INDEX.get_or_init(|| match unsafe { Index::open_trusted(EMBEDDED_INDEX) } {
        Ok(index) => index,
        // build.rs wrote these bytes with the same format code: this cannot fail.
        Err(e) => panic!("the embedded index does not open: {e}"),
    })
}
