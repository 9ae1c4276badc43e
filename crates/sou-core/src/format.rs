//! The index format: the one definition that the writer (`sou-indexer`, run by `build.rs`) and the
//! reader (`sou`, in the browser) share.
//!
//! # Layout
//!
//! An index is `MAGIC`, the format `VERSION` as a little-endian `u32`, the CRC-32 (IEEE, as zlib
//! and PNG compute it) of the body as a little-endian `u32`, then the body: an [`IndexFile`]
//! serialised with postcard. Every part of `IndexFile` is a borrowed slice, so opening an index is
//! reading a handful of length prefixes: nothing large is decoded or copied at start-up.
//!
//! A large site's index can be split ([`crate::shard`]) into a *head*, an `IndexFile` whose
//! `text` is empty and whose [`Shards`] say where the text went, and shard files ([`ShardFile`],
//! with their own magic number) that each hold the text of a run of blocks. The reader fetches
//! the shards a query needs; everything else is as described here.
//!
//! # Damaged bytes
//!
//! An index that arrives at run time (fetched, cached, proxied, read from disk) may be truncated
//! or altered. [`decode`] rejects, with a [`FormatError`] that says which: bytes that are not an
//! index (no magic), another format version, a checksum that does not match the body (any
//! truncation, any burst of flipped bits up to 32 long, and all but one in 4 billion other
//! changes), a body that does not parse, and trailing bytes. No length field is trusted: postcard
//! checks each against the bytes that remain before borrowing, and nothing is allocated from a
//! length or count read from the index before the reader has checked it against the parts'
//! actual lengths (`sou::Index::open`). Every offset read from the index afterwards is looked up
//! with `get`, so even an index that passes every check and is still inconsistent gives wrong
//! results at worst, never a panic or an out-of-bounds read.
//!
//! [`decode_without_checksum`] skips the checksum and nothing else. `sou::embedded()` uses it for
//! the index embedded in the wasm module or binary: those bytes are part of the module, whose
//! integrity is the module's (a module that arrives damaged does not compile), so checking them
//! again at every start-up would cost time and the CRC code's bytes in the module for nothing.
//! (Measured on the seeds module: checking it costs 1.6 KB, 1.4 KB gzip, with this CRC's 1 KB
//! table; 18 KB, 18.5 KB gzip, with `crc32fast`'s 16 KB of tables.)
//! The checksum also covers what no cheap check can: the internal structure of the `terms` fst,
//! which the `fst` crate reads trusting its offsets. The passages' text is stored as bytes
//! ([`IndexFile::text`]) so that decoding does not walk it for UTF-8: `sou::Index::open` checks
//! it, and `sou::embedded()` takes it as UTF-8 on the same ground as it skips the checksum.
//!
//! The design follows from two promises: *anything that appears in the corpus is found*, and the
//! whole index, stored text included, stays close to the size of the text itself (gzip-compressed,
//! as a browser fetches it, about 1.3× the text on a documentation site).
//!
//! * `text` holds every passage's original text, each followed by [`PASSAGE_END`]. It is needed for
//!   snippets anyway, so it doubles as the ground truth that matches are verified against.
//! * Passages are grouped into *blocks* of about [`BLOCK_TARGET_BYTES`] of text. For every folded
//!   character of the corpus, `char_postings` lists the blocks that contain it. A query string can
//!   only occur in a block that holds all of its characters; those candidate blocks are scanned, so
//!   no substring is ever missed, whatever the word segmentation did. Block postings of characters
//!   cost a tenth of the text; positional postings of words or bigrams would cost several times
//!   the text.
//! * Latin letters and digits are in nearly every block of a site with code in it, so their
//!   character postings rule out almost nothing: `teleport` has every one of its letters in 97%
//!   of the Vue docs' blocks, and is in 3% of them. `pair_postings` lists, for each pair of
//!   letters or digits that stand next to each other in the folded text (`te`, `el`, …), the
//!   blocks that hold it; a Latin string can only occur where all its pairs do. A pair in more
//!   than [`COMMON_PAIR_SHARE`] of the blocks is listed without blocks (it would rule out little),
//!   which keeps the part at about 3% of the text on the Vue docs.
//! * `terms` is an fst map from every word of the vocabulary (folded) to its frequency. It is the
//!   dictionary the query is segmented with, so queries are cut the way the corpus was, and the
//!   source of as-you-type suggestions. Its keys are not UTF-8 but [`term_key`]s: each Chinese
//!   character is one or two bytes instead of three, which makes the dictionary 15% smaller.
//! * `fold_table`, `fold_strings` and `fold_pairs` are how this corpus folds (see
//!   [`crate::fold`]): only the characters whose folded form the corpus has — full-width letters,
//!   compatibility characters, the Traditional forms of its Simplified characters — in a few
//!   kilobytes, instead of the Unicode and OpenCC tables the rule is made from.
//! * `syllables` and `readings` give the pinyin readings of the corpus's Chinese characters and of
//!   the commonest ones (see [`crate::readings`]): a few kilobytes that let a reader take pinyin
//!   and homophone typos to the vocabulary's words.
//! * Everything else is as small as it can be and still be read in one pass: one flag byte per
//!   passage (its kind, whether it starts a new section anchor), the block starts, the URLs and
//!   anchor names one per line. Where each passage starts, which document and anchor it belongs
//!   to, where each character's block list starts: a reader works these out once, in one pass of
//!   well under a millisecond, the first time it searches. Stored, they would cost more bytes than
//!   the character postings.

use serde::{Deserialize, Serialize};

use crate::varint;

/// The first bytes of every index.
pub const MAGIC: [u8; 8] = *b"sou-idx\0";
/// The version of this format. Readers reject any other.
pub const VERSION: u32 = 5;
/// Ends every passage in [`IndexFile::text`]. It never occurs in passage text or in a query.
pub const PASSAGE_END: char = '\u{1E}';
/// Ends every URL and anchor name in [`IndexFile::strings`]. The writer keeps it out of them.
pub const STRING_END: char = '\n';
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
    /// fst map: folded word → how often it occurs.
    pub terms: &'a [u8],
    /// Every folded character of the text except white space, once each: ASCII first, in order,
    /// then the others from the most common in the vocabulary to the least (their [`term_key`]
    /// rank is their place in this order).
    pub chars: &'a str,
    /// The block list of each character of `chars`, in the same order, back to back; see
    /// [`write_block_list`].
    pub char_postings: &'a [u8],
    /// Each pair of ASCII letters and digits (folded) that stands in the text, in byte order: its
    /// two bytes, then its block list (see [`write_block_list`]); an empty list when the pair is
    /// in more than [`COMMON_PAIR_SHARE`] of the blocks.
    pub pair_postings: &'a [u8],
    /// `stats.blocks + 1` little-endian `u32`: the byte offset in `text` where each block starts
    /// (the last: the end of `text`), with [`BLOCK_SIMPLE`] set on blocks whose folding is ASCII
    /// lowercasing.
    pub blocks: &'a [u8],
    /// One byte per passage, see [`passage_flags`].
    pub passage_flags: &'a [u8],
    /// Each document's URL, then each anchor name (in the order the passages introduce them), each
    /// followed by [`STRING_END`].
    pub strings: &'a str,
    /// The original text of every passage, each followed by [`PASSAGE_END`]: UTF-8, kept as bytes
    /// so that decoding does not validate it. The reader validates it when it opens an index file
    /// and trusts it only in the index embedded in its own module, which start-up would otherwise
    /// walk whole (a few milliseconds a megabyte in a browser's first-tier wasm code).
    pub text: &'a [u8],
    /// 256 bytes: how common each byte value is in `text` (0 rarest, 255 most common). Substring
    /// search looks for a string's rarest bytes first; in UTF-8 Chinese those are not the ones a
    /// ranking made for English text would guess.
    pub byte_ranks: &'a [u8],
    /// How this corpus folds, in three parts (see [`crate::fold::FoldTable`]). This one: runs of
    /// characters that fold alike, and characters that fold to several.
    pub fold_table: &'a [u8],
    /// The folded forms of the characters of `fold_table` that fold to several.
    pub fold_strings: &'a str,
    /// Single characters that fold to one other (Traditional to Simplified, mostly), each with its
    /// target's rank among the non-ASCII characters of `chars`.
    pub fold_pairs: &'a [u8],
    /// Pinyin syllables, separated by spaces, and the readings of the corpus's Chinese characters
    /// and of the commonest ones; see [`crate::readings`].
    pub syllables: &'a str,
    pub readings: &'a [u8],
    /// How the text is split into shard files (see [`Shards`]); `None` when `text` holds it all.
    pub shards: Option<Shards<'a>>,
}

/// A *head*: an index whose text lives in shard files beside it, fetched as queries need them.
///
/// The text is cut at block boundaries into runs of about the same size, each written to its own
/// file ([`ShardFile`]). The head keeps everything a query needs before it reads text (the
/// dictionary, the character postings, the block starts), so which shards a query reads is known
/// from the head alone; it also keeps what the reader cannot work out without the text: where
/// each passage ends and each document's title.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Shards<'a> {
    /// Ties the shard files to this head: the CRC-32 of the whole text. A shard carries it too.
    pub text_id: u32,
    /// The first block of each shard, little-endian `u32`; the first is 0.
    pub first_blocks: &'a [u8],
    /// The file name of each shard, each followed by [`STRING_END`]. Names carry a hash of the
    /// content, so a host can serve them as immutable.
    pub names: &'a str,
    /// The length of every passage in the text, its separator included, as varints.
    pub passage_lengths: &'a [u8],
    /// Every document's title, each followed by [`PASSAGE_END`].
    pub titles: &'a str,
}

/// One shard of a sharded index's text: the text of blocks `first_block..` up to the next
/// shard's, as it would stand in [`IndexFile::text`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ShardFile<'a> {
    /// [`Shards::text_id`] of the head it belongs to.
    pub text_id: u32,
    /// Its place among the head's shards.
    pub shard: u32,
    pub text: &'a str,
}

/// The first bytes of every shard file.
pub const SHARD_MAGIC: [u8; 8] = *b"sou-txt\0";

/// Keys of the term dictionary: a word with each ASCII character as itself and each other
/// character as its *rank* (its place among the non-ASCII characters of [`IndexFile::chars`])
/// coded in one to three bytes. The first byte tells the length, so keys of words concatenate
/// and prefixes stay prefixes:
///
/// | first byte  | bytes | ranks                 |
/// |-------------|-------|-----------------------|
/// | `00`–`7F`   | 1     | (ASCII itself)        |
/// | `80`–`BF`   | 1     | 0–63                  |
/// | `C0`–`EF`   | 2     | 64–12,351             |
/// | `F0`–`FF`   | 3     | 12,352–1,060,927      |
pub mod term_key {
    const ONE: u32 = 64;
    const TWO: u32 = 48 * 256;

    /// Appends the code of the non-ASCII character of rank `rank`.
    pub fn push_rank(rank: u32, out: &mut Vec<u8>) {
        if rank < ONE {
            out.push(0x80 + rank as u8);
        } else if rank < ONE + TWO {
            let r = rank - ONE;
            out.extend_from_slice(&[0xC0 + (r >> 8) as u8, r as u8]);
        } else {
            let r = (rank - ONE - TWO).min((16 << 16) - 1);
            out.extend_from_slice(&[0xF0 + (r >> 16) as u8, (r >> 8) as u8, r as u8]);
        }
    }

    /// A code read from a key.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Code {
        Ascii(u8),
        Rank(u32),
    }

    /// The code at the front of `key` and its length; `None` when `key` ends inside one.
    pub fn read(key: &[u8]) -> Option<(Code, usize)> {
        let &lead = key.first()?;
        Some(match lead {
            0x00..=0x7F => (Code::Ascii(lead), 1),
            0x80..=0xBF => (Code::Rank(u32::from(lead - 0x80)), 1),
            0xC0..=0xEF => (Code::Rank(ONE + (u32::from(lead - 0xC0) << 8 | u32::from(*key.get(1)?))), 2),
            _ => {
                let r = u32::from(lead - 0xF0) << 16 | u32::from(*key.get(1)?) << 8 | u32::from(*key.get(2)?);
                (Code::Rank(ONE + TWO + r), 3)
            }
        })
    }
}

/// A pair of letters or digits in more than this share of the blocks has no block list in
/// [`IndexFile::pair_postings`]: a string with it may be in any block, as far as that pair tells.
pub const COMMON_PAIR_SHARE: f32 = 0.3;

/// Whether `byte` is one of the characters [`IndexFile::pair_postings`] pairs: an ASCII
/// lowercase letter or a digit (the text is folded, so there are no capitals).
pub fn is_pair_byte(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit()
}

/// Set in a [`IndexFile::blocks`] entry when folding the block's text is ASCII lowercasing.
pub const BLOCK_SIMPLE: u32 = 1 << 31;

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
    /// Anchor names in `strings` (after the URLs).
    pub anchors: u32,
    /// Entries in `terms`.
    pub terms: u32,
    /// Characters in `chars`.
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

/// The number of bytes the list at `at` takes, header included.
pub fn block_list_bytes(postings: &[u8], at: usize, block_count: u32) -> Option<usize> {
    let bytes = postings.get(at..)?;
    let (header, mut pos) = varint::read(bytes)?;
    if header & 1 == 1 {
        pos += (block_count as usize).div_ceil(8);
    } else {
        for _ in 0..header >> 1 {
            pos += varint::read(bytes.get(pos..)?)?.1;
        }
    }
    (pos <= bytes.len()).then_some(pos)
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
    /// The bytes do not start with [`SHARD_MAGIC`]: not a shard of a sou index.
    NotAShard,
    /// A shard of another build of the index than the head it was given to.
    OtherBuild,
    /// A sou index of another format version.
    Version { found: u32, expected: u32 },
    /// The bytes are damaged: a part is missing, too short or inconsistent.
    Corrupt(&'static str),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::NotAnIndex => write!(f, "not a sou index (the file does not start with the sou magic number)"),
            FormatError::NotAShard => {
                write!(f, "not a shard of a sou index (the file does not start with the sou shard magic number)")
            }
            FormatError::OtherBuild => write!(
                f,
                "this shard belongs to another build of the index; upload the index file and all its shards from the same `sou index` run"
            ),
            FormatError::Version { found, expected } => write!(
                f,
                "index format version {found}, but this build of sou reads version {expected}; rebuild the index with this version of sou"
            ),
            FormatError::Corrupt(what) => write!(f, "the index is damaged ({what}); rebuild it"),
        }
    }
}

impl std::error::Error for FormatError {}

/// The length of the header: [`MAGIC`], [`VERSION`] and the body's CRC-32.
pub const HEADER_BYTES: usize = MAGIC.len() + 4 + 4;

/// The CRC-32 of an index body. A table of 256 entries (1 KB) rather than the usual 16 × 256: a
/// reader that checks a megabyte of index once at start-up does not need the speed, and the
/// bytes would be in every wasm module that checks.
pub fn checksum(body: &[u8]) -> u32 {
    const CRC: crc::Crc<u32, crc::Table<1>> = crc::Crc::<u32, crc::Table<1>>::new(&crc::CRC_32_ISO_HDLC);
    CRC.checksum(body)
}

/// Serialises an index.
pub fn encode(file: &IndexFile<'_>) -> Vec<u8> {
    framed(&MAGIC, file)
}

/// `magic`, the version, the CRC-32 of the body, the body.
fn framed(magic: &[u8; 8], body: &impl Serialize) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(magic);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    let mut out = postcard::to_extend(body, out).expect("serialising to a Vec cannot fail");
    let sum = checksum(&out[HEADER_BYTES..]);
    out[HEADER_BYTES - 4..HEADER_BYTES].copy_from_slice(&sum.to_le_bytes());
    out
}

/// Serialises a shard file: [`SHARD_MAGIC`], [`VERSION`], the body's CRC-32, the body.
pub fn encode_shard(shard: &ShardFile<'_>) -> Vec<u8> {
    framed(&SHARD_MAGIC, shard)
}

/// Reads a shard file without copying, checking its magic number, version and checksum.
pub fn decode_shard(bytes: &[u8]) -> Result<ShardFile<'_>, FormatError> {
    let (stored, body) = header(bytes, &SHARD_MAGIC)?;
    if checksum(body) != stored {
        return Err(FormatError::Corrupt("its checksum does not match: the bytes were truncated or altered"));
    }
    parse(body)
}

/// Reads an index without copying: every slice of the result borrows from `bytes`. The magic
/// number, the version and the checksum are checked, then the body is parsed; see the module
/// documentation for what each rejects.
pub fn decode(bytes: &[u8]) -> Result<IndexFile<'_>, FormatError> {
    let (stored, body) = header(bytes, &MAGIC)?;
    if checksum(body) != stored {
        return Err(FormatError::Corrupt("its checksum does not match: the bytes were truncated or altered"));
    }
    parse(body)
}

/// [`decode`] without the checksum, for bytes whose integrity is already known (an index
/// embedded in the module that reads it). Everything else is checked as by [`decode`].
pub fn decode_without_checksum(bytes: &[u8]) -> Result<IndexFile<'_>, FormatError> {
    parse(header(bytes, &MAGIC)?.1)
}

/// The stored checksum and the body, once the magic number and the version are right.
fn header<'b>(bytes: &'b [u8], magic: &[u8; 8]) -> Result<(u32, &'b [u8]), FormatError> {
    let le = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let body = bytes.strip_prefix(magic).ok_or(if magic == &MAGIC {
        FormatError::NotAnIndex
    } else {
        FormatError::NotAShard
    })?;
    let version = le(body.get(..4).ok_or(FormatError::Corrupt("it ends inside the header"))?);
    if version != VERSION {
        return Err(FormatError::Version { found: version, expected: VERSION });
    }
    let stored = le(body.get(4..8).ok_or(FormatError::Corrupt("it ends inside the header"))?);
    Ok((stored, &body[8..]))
}

fn parse<'b, T: Deserialize<'b>>(body: &'b [u8]) -> Result<T, FormatError> {
    let (file, rest): (T, _) =
        postcard::take_from_bytes(body).map_err(|_| FormatError::Corrupt("the body does not parse"))?;
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
        assert_eq!(block_list_bytes(&out, 0, 600), Some(second));
        assert_eq!(block_list_bytes(&out, second, 600), Some(out.len() - second));
        let mut got = Vec::new();
        read_block_list(&out, 0, 600, &mut got).unwrap();
        assert_eq!(got, sparse);
        assert_eq!(block_list_len(&out, second), Some(dense.len()));
        read_block_list(&out, second, 600, &mut got).unwrap();
        assert_eq!(got, dense);
    }

    #[test]
    fn term_key_codes_round_trip() {
        for rank in [0, 63, 64, 300, 12_351, 12_352, 100_000, 1_060_927] {
            let mut key = vec![b'a'];
            term_key::push_rank(rank, &mut key);
            let (code, n) = term_key::read(&key[1..]).unwrap();
            assert_eq!((code, n), (term_key::Code::Rank(rank), key.len() - 1), "{rank}");
        }
        assert_eq!(term_key::read(b"x"), Some((term_key::Code::Ascii(b'x'), 1)));
        assert_eq!(term_key::read(&[0xC1]), None);
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
            chars: "题标",
            char_postings: b"c",
            pair_postings: b"",
            blocks: b"",
            passage_flags: b"\x03",
            strings: "u\n",
            text: "标题\u{1E}".as_bytes(),
            byte_ranks: &[0; 256],
            fold_table: b"",
            fold_strings: "",
            fold_pairs: b"",
            syllables: "",
            readings: b"",
            shards: None,
        };
        let bytes = encode(&file);
        assert_eq!(decode(&bytes).unwrap(), file);
        assert_eq!(decode(b"nope"), Err(FormatError::NotAnIndex));
        let mut other = bytes.clone();
        other[8] = 99;
        assert_eq!(decode(&other), Err(FormatError::Version { found: 99, expected: VERSION }));
        // The checksum catches what the parser would not: a flipped bit inside a part (the byte
        // ranks, 256 zeros).
        let mut flipped = bytes.clone();
        let ranks = bytes.windows(256).position(|w| w.iter().all(|&b| b == 0)).unwrap();
        flipped[ranks + 100] ^= 0x02;
        assert!(matches!(decode(&flipped), Err(FormatError::Corrupt(m)) if m.contains("checksum")));
        assert!(decode_without_checksum(&flipped).is_ok());
        // Trailing bytes: caught by the checksum, and by the parser when the checksum is skipped
        // (or made to match).
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(decode(&longer), Err(FormatError::Corrupt(_))));
        assert_eq!(decode_without_checksum(&longer), Err(FormatError::Corrupt("trailing bytes after the body")));
        let sum = checksum(&longer[HEADER_BYTES..]);
        longer[HEADER_BYTES - 4..HEADER_BYTES].copy_from_slice(&sum.to_le_bytes());
        assert_eq!(decode(&longer), Err(FormatError::Corrupt("trailing bytes after the body")));
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(matches!(decode(&bytes[..bytes.len() - 3]), Err(FormatError::Corrupt(_))));
        assert_eq!(decode(&bytes[..14]), Err(FormatError::Corrupt("it ends inside the header")));
        // The CRC-32 of zlib and PNG.
        assert_eq!(checksum(b"123456789"), 0xCBF4_3926);
    }
}
