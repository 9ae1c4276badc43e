//! What sou's index writer and reader must agree on.
//!
//! `build.rs` writes the index with `sou-indexer`; the `sou` crate reads it in the browser. Both
//! fold text with [`fold`] and lay out bytes with [`format`], and nothing else is shared: a change to
//! either module changes both sides at once.

pub mod fold;
pub mod format;
pub mod runs;
pub mod varint;

pub use format::{FormatError, IndexFile, PassageKind, Stats};
