//! What sou's index writer and reader must agree on.
//!
//! `build.rs` writes the index with `sou-indexer`; the `sou` crate reads it in the browser. Both
//! fold text with [`fold`], cut it into Latin and other runs with [`runs`], and lay out bytes with
//! [`format`](mod@format); nothing else is shared, so a change to any of them changes both sides.

pub mod fold;
pub mod format;
pub mod readings;
pub mod runs;
pub mod shard;
pub mod varint;

pub use format::{FormatError, IndexFile, PassageKind, Stats};
