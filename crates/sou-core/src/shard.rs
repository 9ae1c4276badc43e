//! An index → a head and text shards, for a site whose index is too large to fetch whole.
//!
//! Here rather than in the writer because it is a transform of the format alone, which the
//! reader's tests (in the browser too) use to make heads of the index they have.
//!
//! The text is 96% of what a reader downloads on a large site (see `docs/scaling.md`), and a query
//! reads only the blocks its characters point at. So the text is cut, at block boundaries, into
//! shards of about [`DEFAULT_SHARD_BYTES`], each its own file; the head keeps the rest, and a
//! reader fetches the shards of the blocks a query needs. Cuts fall where a document starts when
//! one is near, so a document's passages, and the reader pane showing them, need fewer shards.

use crate::format::{self, FormatError, IndexFile, ShardFile, Shards, PASSAGE_END, STRING_END};
use crate::varint;

/// Raw text bytes per shard by default: about 16–20 KB of gzip for Chinese text.
pub const DEFAULT_SHARD_BYTES: usize = 48 * 1024;

/// A sharded index: the head and the shard files to write beside it.
#[derive(Debug, Clone)]
pub struct Sharded {
    pub head: Vec<u8>,
    /// Each shard's file name (`<stem>.<n>.<hash>.sou`) and bytes.
    pub shards: Vec<(String, Vec<u8>)>,
}

/// Splits the index `bytes` into a head and shards of about `shard_bytes` of text each, named
/// after `stem` (the head's file name without `.sou`).
pub fn shard(bytes: &[u8], stem: &str, shard_bytes: usize) -> Result<Sharded, FormatError> {
    let file = format::decode(bytes)?;
    if file.shards.is_some() {
        return Err(FormatError::Corrupt("the index is already sharded"));
    }
    let text = std::str::from_utf8(file.text).map_err(|_| FormatError::Corrupt("the text is not UTF-8"))?;
    let blocks = file.stats.blocks as usize;
    let block_start = |b: usize| (format::u32_le(file.blocks, b) & !format::BLOCK_SIMPLE) as usize;

    // Passage starts, and which of them begin a document (their flags say Title).
    let mut passage_lengths = Vec::new();
    let mut doc_starts = std::collections::BTreeSet::new();
    let mut titles = String::new();
    let mut at = 0;
    for (end, &flags) in text.match_indices(PASSAGE_END).map(|(i, _)| i).zip(file.passage_flags) {
        varint::write(&mut passage_lengths, (end + 1 - at) as u64);
        if format::passage_flags::kind(flags) == format::PassageKind::Title {
            doc_starts.insert(at);
            titles.push_str(&text[at..end]);
            titles.push(PASSAGE_END);
        }
        at = end + 1;
    }

    // Cut at block boundaries: once a shard holds `shard_bytes`, at the next block; from three
    // quarters of it on, at a block where a document starts.
    let mut first_blocks = vec![0u32];
    let mut shard_start = 0;
    for b in 1..blocks {
        let start = block_start(b);
        let size = start - shard_start;
        if size >= shard_bytes || (size >= shard_bytes * 3 / 4 && doc_starts.contains(&start)) {
            first_blocks.push(b as u32);
            shard_start = start;
        }
    }

    let text_id = format::checksum(text.as_bytes());
    let mut shards = Vec::with_capacity(first_blocks.len());
    let mut names = String::new();
    for (n, &first) in first_blocks.iter().enumerate() {
        let next = first_blocks.get(n + 1).map_or(blocks, |&b| b as usize);
        let text = text
            .get(block_start(first as usize)..block_start(next))
            .ok_or(FormatError::Corrupt("a block starts outside the text"))?;
        let bytes = format::encode_shard(&ShardFile { text_id, shard: n as u32, text });
        let name = format!("{stem}.{n}.{:08x}.sou", format::checksum(&bytes));
        names.push_str(&name);
        names.push(STRING_END);
        shards.push((name, bytes));
    }
    let first_blocks: Vec<u8> = first_blocks.iter().flat_map(|b| b.to_le_bytes()).collect();
    let head = IndexFile {
        text: b"",
        shards: Some(Shards {
            text_id,
            first_blocks: &first_blocks,
            names: &names,
            passage_lengths: &passage_lengths,
            titles: &titles,
        }),
        ..file
    };
    Ok(Sharded { head: format::encode(&head), shards })
}
