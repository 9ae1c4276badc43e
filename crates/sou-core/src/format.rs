//! The index format: the one definition that the writer (`sou-indexer`, run by `build.rs`) and the
//! reader (`sou`, in the browser) share.
//!
//! # Layout
//!
//! An index is `MAGIC`, the format `VERSION` as a little-endian `u32`, then an [`IndexFile`]
//! serialised with postcard. Every large part of `IndexFile` is a borrowed byte slice, so reading an
//! index is a handful of length prefixes: nothing is decoded or copied at start-up.
//!
//! The design follows from two promises: *anything that appears in the corpus is found*, and the
//! whole index, stored text included, stays close to the size of the text itself.
//!
//! * `text` holds every passage's original text, each followed by [`PASSAGE_END`]. It is needed for
//!   snippets anyway, so it doubles as the ground truth that matches are verified against.
//! * Passages are grouped into *blocks* of about [`BLOCK_TARGET_BYTES`] of text. For every folded
//!   character of the corpus, `char_postings` lists the blocks that contain it. A query string can
//!   only occur in a block that holds all of its characters; those candidate blocks are scanned, so
//!   no substring is ever missed, whatever the word segmentation did. Block postings of characters
//!   cost a tenth of the text; positional postings of words or bigrams would cost several times
//!   the text.
//! * `terms` is an fst map from every word the segmenter saw (folded) to its frequency. It is the
//!   dictionary the query is segmented with, so queries are cut the way the corpus was, and the
//!   source of as-you-type suggestions.
//! * Fixed-width little-endian tables (`blocks`, `docs`, `anchors`) and one flag byte per passage
//!   give random access without decoding.

use serde::{Deserialize, Serialize};

use crate::varint;

/// The first bytes of every index.
pub const MAGIC: [u8; 8] = *b"sou-idx\0";
/// The version of this format. Readers reject any other.
pub const VERSION: u32 = 1;
/// Ends every passage in [`IndexFile::text`]. It never occurs in passage text or in a query.
pub const PASSAGE_END: char = '\u{1E}';
/// The size of text the writer aims for in one block. Larger blocks make the character postings
/// smaller and the scans longer.
pub const BLOCK_TARGET_BYTES: usize = 2048;

/// The whole index, as serialised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndexFile<'a> {
    /// What the index was built from, for `info()` and `sou stats`.
    pub corpus: &'a str,
    /// Counts and totals.
    pub stats: Stats,
    /// fst map: folded word → how often the segmenter produced it.
    pub terms: &'a [u8],
    /// fst map: folded character (as UTF-8) → offset of its block list in `char_postings`.
    pub chars: &'a [u8],
    /// Block lists, see [`write_block_list`].
    pub char_postings: &'a [u8],
    /// `stats.blocks + 1` records of [`BlockRecord::LEN`] bytes; the last one is a sentinel.
    pub blocks: &'a [u8],
    /// One byte per passage, see [`passage_flags`].
    pub passage_flags: &'a [u8],
    /// `stats.documents + 1` records of [`DocRecord::LEN`] bytes; the last one is a sentinel.
    pub docs: &'a [u8],
    /// `stats.anchors + 1` little-endian `u32` offsets into `strings`; the last one is a sentinel.
    pub anchors: &'a [u8],
    /// Document URLs then anchor names, back to back, cut by the offsets in `docs` and `anchors`.
    pub strings: &'a str,
    /// The original text of every passage, each followed by [`PASSAGE_END`].
    pub text: &'a str,
    /// 256 bytes: how common each byte value is in `text` (0 rarest, 255 most common). Substring
    /// search looks for a string's rarest bytes first; in UTF-8 Chinese those are not the ones a
    /// ranking made for English text would guess.
    pub byte_ranks: &'a [u8],
    /// The foldings that matter for this corpus: [`crate::fold::FoldTable`] ranges and strings.
    pub fold_ranges: &'a [u8],
    pub fold_strings: &'a str,
}

/// The [`IndexFile::byte_ranks`] of `text`.
pub fn byte_ranks(text: &[u8]) -> Vec<u8> {
    let mut counts = [0u64; 256];
    for &b in text {
        counts[b as usize] += 1;
    }
    let mut order: Vec<u8> = (0..=255).collect();
    order.sort_by_key(|&b| (counts[b as usize], b));
    let mut ranks = vec![0u8; 256];
    for (rank, &b) in order.iter().enumerate() {
        ranks[b as usize] = rank as u8;
    }
    ranks
}

/// Counts and totals over the corpus.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    pub documents: u32,
    pub passages: u32,
    pub blocks: u32,
    pub anchors: u32,
    /// Entries in `terms`.
    pub terms: u32,
    /// Entries in `chars`.
    pub chars: u32,
    /// Sum of all term frequencies (for the segmenter's probabilities).
    pub term_total: u64,
}

/// What a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    /// Body text: a paragraph, a list item, a table row.
    Text,
    /// A code block.
    Code,
    /// A section heading.
    Heading,
    /// The document's title. Every document starts with exactly one.
    Title,
}

/// The flag byte of a passage.
pub mod passage_flags {
    use super::PassageKind;

    const KIND_MASK: u8 = 0b11;
    /// The passage starts a new anchor: the next anchor id, in order.
    pub const ANCHOR_NEW: u8 = 1 << 2;
    /// The passage has no anchor (a heading without one ends the previous anchor's section).
    pub const ANCHOR_NONE: u8 = 1 << 3;
    const LEVEL_SHIFT: u8 = 4;

    pub fn encode(kind: PassageKind, level: u8, anchor_bits: u8) -> u8 {
        let kind = match kind {
            PassageKind::Text => 0,
            PassageKind::Code => 1,
            PassageKind::Heading => 2,
            PassageKind::Title => 3,
        };
        kind | anchor_bits | (level.min(7) << LEVEL_SHIFT)
    }

    pub fn kind(flags: u8) -> PassageKind {
        match flags & KIND_MASK {
            0 => PassageKind::Text,
            1 => PassageKind::Code,
            2 => PassageKind::Heading,
            _ => PassageKind::Title,
        }
    }

    /// Heading level (1–6), 0 for other passages.
    pub fn level(flags: u8) -> u8 {
        flags >> LEVEL_SHIFT
    }
}

/// A row of the block table: where a block's text and passages start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRecord {
    /// Byte offset of the block's first passage in `text`.
    pub text_start: u32,
    /// Index of the block's first passage.
    pub first_passage: u32,
    /// [`BlockRecord::SIMPLE`] when folding the block's text is ASCII lowercasing.
    pub flags: u32,
}

impl BlockRecord {
    pub const LEN: usize = 12;
    pub const SIMPLE: u32 = 1;

    pub fn write(&self, out: &mut Vec<u8>) {
        for v in [self.text_start, self.first_passage, self.flags] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Row `i` of `table`, if there is one.
    #[inline]
    pub fn read(table: &[u8], i: usize) -> Option<BlockRecord> {
        let r = table.get(i.checked_mul(Self::LEN)?..)?.get(..Self::LEN)?;
        Some(BlockRecord { text_start: u32_le(r, 0), first_passage: u32_le(r, 1), flags: u32_le(r, 2) })
    }
}

/// A row of the document table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocRecord {
    /// Index of the document's first passage (its title).
    pub first_passage: u32,
    /// Byte offset of the document's URL in `strings`; it ends where the next row's begins.
    pub url_start: u32,
    /// Id of the first anchor that belongs to this document or a later one.
    pub first_anchor: u32,
}

impl DocRecord {
    pub const LEN: usize = 12;

    pub fn write(&self, out: &mut Vec<u8>) {
        for v in [self.first_passage, self.url_start, self.first_anchor] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    #[inline]
    pub fn read(table: &[u8], i: usize) -> Option<DocRecord> {
        let r = table.get(i.checked_mul(Self::LEN)?..)?.get(..Self::LEN)?;
        Some(DocRecord { first_passage: u32_le(r, 0), url_start: u32_le(r, 1), first_anchor: u32_le(r, 2) })
    }
}

/// The `k`th little-endian `u32` of `bytes`, 0 when out of range.
#[inline]
pub fn u32_le(bytes: &[u8], k: usize) -> u32 {
    match bytes.get(k * 4..k * 4 + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

/// Appends a sorted list of block ids to `out`, as a bitmap or as delta varints, whichever is
/// smaller. The header varint is `count << 1 | is_bitmap`.
pub fn write_block_list(out: &mut Vec<u8>, blocks: &[u32], block_count: u32) {
    let bitmap_len = (block_count as usize).div_ceil(8);
    let mut deltas = Vec::with_capacity(blocks.len());
    let mut prev = 0;
    for (i, &b) in blocks.iter().enumerate() {
        varint::write(&mut deltas, u64::from(if i == 0 { b } else { b - prev }));
        prev = b;
    }
    let count = blocks.len() as u64;
    if bitmap_len < deltas.len() {
        varint::write(out, count << 1 | 1);
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        for &b in blocks {
            out[start + b as usize / 8] |= 1 << (b % 8);
        }
    } else {
        varint::write(out, count << 1);
        out.extend_from_slice(&deltas);
    }
}

/// The number of blocks in the list at `at`, without reading it.
pub fn block_list_len(postings: &[u8], at: usize) -> Option<usize> {
    let (header, _) = varint::read(postings.get(at..)?)?;
    usize::try_from(header >> 1).ok()
}

/// Reads the list of block ids written by [`write_block_list`] at `at` into `out` (cleared
/// first). `None` when the bytes are malformed.
pub fn read_block_list(postings: &[u8], at: usize, block_count: u32, out: &mut Vec<u32>) -> Option<()> {
    out.clear();
    let bytes = postings.get(at..)?;
    let (header, mut pos) = varint::read(bytes)?;
    let count = usize::try_from(header >> 1).ok()?;
    if header & 1 == 1 {
        let bitmap = bytes.get(pos..pos + (block_count as usize).div_ceil(8))?;
        for (i, &byte) in bitmap.iter().enumerate() {
            let mut bits = byte;
            while bits != 0 {
                out.push(i as u32 * 8 + bits.trailing_zeros());
                bits &= bits - 1;
            }
        }
    } else {
        let mut prev = 0u32;
        for i in 0..count {
            let (delta, n) = varint::read(bytes.get(pos..)?)?;
            pos += n;
            let b = if i == 0 { delta } else { u64::from(prev) + delta };
            prev = u32::try_from(b).ok()?;
            out.push(prev);
        }
    }
    (out.len() == count && out.last().is_none_or(|&b| b < block_count)).then_some(())
}

/// Errors in reading an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes do not start with [`MAGIC`]: not a sou index at all.
    NotAnIndex,
    /// A sou index of another format version.
    Version { found: u32, expected: u32 },
    /// The bytes are damaged: a part is missing, too short or inconsistent.
    Corrupt(&'static str),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::NotAnIndex => write!(f, "not a sou index (the file does not start with the sou magic number)"),
            FormatError::Version { found, expected } => write!(
                f,
                "index format version {found}, but this build of sou reads version {expected}; rebuild the index with this version of sou"
            ),
            FormatError::Corrupt(what) => write!(f, "the index is damaged ({what}); rebuild it"),
        }
    }
}

impl std::error::Error for FormatError {}

/// Serialises an index.
pub fn encode(file: &IndexFile<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(file.text.len() * 2);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    postcard::to_extend(file, out).expect("serialising to a Vec cannot fail")
}

/// Reads an index without copying: every slice of the result borrows from `bytes`.
pub fn decode(bytes: &[u8]) -> Result<IndexFile<'_>, FormatError> {
    let body = bytes.strip_prefix(&MAGIC).ok_or(FormatError::NotAnIndex)?;
    let version = body.get(..4).ok_or(FormatError::Corrupt("no version"))?;
    let version = u32::from_le_bytes([version[0], version[1], version[2], version[3]]);
    if version != VERSION {
        return Err(FormatError::Version { found: version, expected: VERSION });
    }
    let (file, rest): (IndexFile<'_>, _) =
        postcard::take_from_bytes(&body[4..]).map_err(|_| FormatError::Corrupt("the body does not parse"))?;
    if !rest.is_empty() {
        return Err(FormatError::Corrupt("trailing bytes after the body"));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_lists_round_trip_in_both_encodings() {
        let mut out = Vec::new();
        let sparse = [3u32, 70, 71, 500];
        let dense: Vec<u32> = (0..600).filter(|b| b % 3 != 0).collect();
        write_block_list(&mut out, &sparse, 600);
        let second = out.len();
        write_block_list(&mut out, &dense, 600);
        // The dense list is a bitmap: 75 bytes and a header, not 400 varints.
        assert!(out.len() - second < 80);
        let mut got = Vec::new();
        read_block_list(&out, 0, 600, &mut got).unwrap();
        assert_eq!(got, sparse);
        assert_eq!(block_list_len(&out, second), Some(dense.len()));
        read_block_list(&out, second, 600, &mut got).unwrap();
        assert_eq!(got, dense);
    }

    #[test]
    fn malformed_block_lists_are_rejected() {
        let mut got = Vec::new();
        assert!(read_block_list(&[], 0, 10, &mut got).is_none());
        assert!(read_block_list(&[4 << 1, 1], 0, 10, &mut got).is_none());
        assert!(read_block_list(&[1 << 1, 20], 0, 10, &mut got).is_none());
    }

    #[test]
    fn encode_decode_round_trip_and_rejections() {
        let file = IndexFile {
            corpus: "t",
            stats: Stats { documents: 1, ..Stats::default() },
            terms: b"ab",
            chars: b"",
            char_postings: b"c",
            blocks: b"",
            passage_flags: b"\x03",
            docs: b"",
            anchors: b"",
            strings: "u",
            text: "标题\u{1E}",
            byte_ranks: &[0; 256],
            fold_ranges: b"",
            fold_strings: "",
        };
        let bytes = encode(&file);
        assert_eq!(decode(&bytes).unwrap(), file);
        assert_eq!(decode(b"nope"), Err(FormatError::NotAnIndex));
        let mut other = bytes.clone();
        other[8] = 99;
        assert_eq!(decode(&other), Err(FormatError::Version { found: 99, expected: VERSION }));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(decode(&longer), Err(FormatError::Corrupt(_))));
        assert!(matches!(decode(&bytes[..bytes.len() - 3]), Err(FormatError::Corrupt(_))));
    }
}
