//! The reader: an index opened over its bytes, without copying them.
//!
//! [`Index::open`] checks the magic number, the version, the checksum and that every part has the
//! length its counts promise; the text, the postings and the dictionary are then read where they
//! lie, every offset taken from them looked up with `get`. The embedded index of a wasm module
//! skips the checksum (its bytes are the module's) and opens in microseconds, whatever the corpus
//! size.
//!
//! A *head* (an index written with `sou index --shards`, see `sou_core::shard`) is opened the same
//! way, with its text still to come: [`Index::add_shard`] adds each text shard as it arrives, and
//! answers name the shards they needed and lacked (`missing`; see `crate::text`).
//!
//! A few small tables are worked out rather than stored (see `sou_core::format`): where each
//! passage starts and whom it belongs to, where each document's passages start, where each
//! character's block list starts, how this corpus folds. The first search builds them in one pass
//! (about half a millisecond for a megabyte of text) and keeps them.

use std::sync::OnceLock;

use fst::Map;
use serde::Serialize;
use sou_core::fold::FoldTable;
use sou_core::format::{self, passage_flags, IndexFile, PassageKind, BLOCK_SIMPLE, PASSAGE_END, STRING_END};
use sou_core::{varint, FormatError, Stats};

use crate::text::Text;

/// Whether opening an index validates its text as UTF-8 (see [`Index::open_trusted`]).
#[derive(Clone, Copy)]
enum Utf8 {
    Check,
    #[cfg(feature = "embed")]
    Trusted,
}

/// A search index over a corpus. Every result borrows from it.
pub struct Index<'a> {
    pub(crate) file: IndexFile<'a>,
    pub(crate) terms: Map<&'a [u8]>,
    /// The text, whole or in shards (see [`crate::text`]).
    pub(crate) text: Text<'a>,
    size: usize,
    tables: OnceLock<Tables<'a>>,
    sounds: OnceLock<crate::query::Sounds<'a>>,
}

/// What a reader works out from the index once, on first need.
struct Tables<'a> {
    /// Start of each passage in the text, and one past the end of the text.
    passage_start: Vec<u32>,
    passage_doc: Vec<u32>,
    /// Anchor id, or [`NONE`].
    passage_anchor: Vec<u32>,
    /// First passage (the title) of each document, and the number of passages.
    doc_first: Vec<u32>,
    /// First passage of each block, and the number of passages.
    block_first: Vec<u32>,
    /// Byte ranges in `strings`: each document's URL, then each anchor's name.
    strings: Vec<(u32, u32)>,
    /// Each character of the corpus, where its block list starts and its term key rank (none for
    /// ASCII), in code point order.
    chars: Vec<(char, u32, u32)>,
    /// The non-ASCII characters by term key rank.
    by_rank: Vec<char>,
    /// Each pair of letters or digits of the text and where its block list starts in the pair
    /// postings, in byte order; `None` when that part does not read (a damaged index: every pair
    /// then may be anywhere, so nothing is lost).
    pairs: Option<Vec<([u8; 2], u32)>>,
    /// How this corpus folds.
    folder: FoldTable<'a>,
    /// Byte ranges of each document's title in a head's `titles` (empty for a whole index).
    titles: Vec<(u32, u32)>,
}

const NONE: u32 = u32::MAX;

/// Where a pair of letters or digits stands, as far as the pair postings tell.
pub(crate) enum Pair {
    /// Not in the text at all.
    Nowhere,
    /// In too many blocks to be listed (or the postings do not read).
    Anywhere,
    /// In the blocks of the list at this offset of the pair postings.
    In(usize),
}

/// One passage as the reader walks a block: which document and anchor it belongs to and where its
/// text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PassageRef {
    pub id: u32,
    pub doc: u32,
    pub anchor: Option<u32>,
    pub kind: PassageKind,
    pub level: u8,
    /// Byte range of the passage's text in `file.text`, without the separator.
    pub start: u32,
    pub end: u32,
    /// Folding the passage's text is ASCII lowercasing (its block is simple).
    pub simple: bool,
}

/// A whole document, for a reader pane.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Document<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub passages: Vec<DocumentPassage<'a>>,
    /// The text shards this document's passages lie in that are not loaded (see
    /// [`Index::add_shard`]); empty when every passage has its text.
    pub missing: Vec<&'a str>,
}

/// One passage of a [`Document`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentPassage<'a> {
    pub anchor: Option<&'a str>,
    pub kind: PassageKind,
    /// Heading level 1–6 for headings, 0 otherwise.
    pub level: u8,
    pub text: &'a str,
}

/// A document's URL and title, for a list of all documents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentSummary<'a> {
    pub url: &'a str,
    pub title: &'a str,
}

/// What an index holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Info<'a> {
    pub documents: u32,
    pub passages: u32,
    pub terms: u32,
    /// Size of the index in bytes.
    pub bytes: usize,
    /// What it was built from.
    pub corpus: &'a str,
    /// Text shards: how many the index has (0 when its text is in it) and how many are loaded.
    pub shards: usize,
    pub shards_loaded: usize,
}

impl<'a> Index<'a> {
    /// Opens an index over `bytes` (as written by `sou-indexer`): checks the magic number, the
    /// version, the checksum, and that every part has the length its counts promise. Damaged
    /// bytes of any kind give an error, never a panic.
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, FormatError> {
        Index::checked(format::decode(bytes)?, bytes.len(), Utf8::Check)
    }

    /// [`Index::open`] without the checksum, for bytes whose integrity is known: [`crate::embedded`]
    /// opens the index embedded in the module with it (see `sou_core::format`, "Damaged bytes").
    /// Every other check is made, and no offset is used unchecked; but the term dictionary's
    /// internal structure is only covered by the checksum.
    pub fn open_without_checksum(bytes: &'a [u8]) -> Result<Index<'a>, FormatError> {
        Index::checked(format::decode_without_checksum(bytes)?, bytes.len(), Utf8::Check)
    }

    /// [`Index::open_without_checksum`] that also takes the text to be UTF-8 without walking it:
    /// for the index embedded in this module, whose start-up would otherwise validate the whole
    /// text (a megabyte costs a few milliseconds in a browser's first-tier wasm code, before the
    /// first result).
    ///
    /// # Safety
    /// The text part of `bytes` must be UTF-8: true of every index the writer produces (its text
    /// is a Rust `String`), so of the bytes `build.rs` wrote into this build, which are part of
    /// the module like its code. Never for bytes from elsewhere.
    #[cfg(feature = "embed")]
    pub(crate) unsafe fn open_trusted(bytes: &'a [u8]) -> Result<Index<'a>, FormatError> {
        Index::checked(format::decode_without_checksum(bytes)?, bytes.len(), Utf8::Trusted)
    }

    fn checked(file: IndexFile<'a>, size: usize, utf8: Utf8) -> Result<Index<'a>, FormatError> {
        let corrupt = FormatError::Corrupt;
        let s = file.stats;
        // In u64: on wasm32, `usize` arithmetic on counts near u32::MAX would overflow.
        if file.blocks.len() as u64 != (u64::from(s.blocks) + 1) * 4
            || file.passage_flags.len() as u64 != u64::from(s.passages)
            || file.byte_ranks.len() != 256
            || file.chars.chars().count() as u64 != u64::from(s.chars)
            || s.documents == 0
            || s.blocks == 0
        {
            return Err(corrupt("a part's length does not match the counts"));
        }
        let text_len = format::u32_le(file.blocks, s.blocks as usize) as usize;
        if file.strings.matches(STRING_END).count() as u64 != u64::from(s.documents) + u64::from(s.anchors)
            || file.text.len() > u32::MAX as usize
        {
            return Err(corrupt("a table's end does not match the data"));
        }
        let text = match &file.shards {
            None if text_len == file.text.len() => Text::whole(match utf8 {
                Utf8::Check => std::str::from_utf8(file.text).map_err(|_| corrupt("the text is not UTF-8"))?,
                // SAFETY: the caller of `open_trusted` vouches for it.
                #[cfg(feature = "embed")]
                Utf8::Trusted => unsafe { std::str::from_utf8_unchecked(file.text) },
            }),
            None => return Err(corrupt("a table's end does not match the data")),
            Some(shards) => Index::checked_shards(&file, shards, text_len)?,
        };
        let terms = Map::new(file.terms).map_err(|_| corrupt("term dictionary"))?;
        Ok(Index { file, terms, text, size, tables: OnceLock::new(), sounds: OnceLock::new() })
    }

    /// The text of a head, none of it loaded, once its shard table, passage lengths and titles
    /// agree with its counts.
    fn checked_shards(
        file: &IndexFile<'a>,
        shards: &format::Shards<'a>,
        text_len: usize,
    ) -> Result<Text<'a>, FormatError> {
        let corrupt = FormatError::Corrupt;
        let s = file.stats;
        if !file.text.is_empty()
            || shards.first_blocks.is_empty()
            || shards.first_blocks.len() % 4 != 0
            || shards.titles.matches(PASSAGE_END).count() as u64 != u64::from(s.documents)
        {
            return Err(corrupt("the shard table does not match the counts"));
        }
        let first_blocks: Vec<u32> =
            (0..shards.first_blocks.len() / 4).map(|k| format::u32_le(shards.first_blocks, k)).collect();
        if first_blocks[0] != 0
            || first_blocks.windows(2).any(|w| w[0] >= w[1])
            || first_blocks.last().is_some_and(|&b| b >= s.blocks)
            || shards.names.matches(STRING_END).count() != first_blocks.len()
        {
            return Err(corrupt("the shard table does not match the counts"));
        }
        let (mut passages, mut total, mut at) = (0u64, 0u64, 0);
        while at < shards.passage_lengths.len() {
            let (len, n) = varint::read(&shards.passage_lengths[at..]).ok_or(corrupt("passage lengths"))?;
            (passages, total, at) = (passages + 1, total.saturating_add(len), at + n);
        }
        if passages != u64::from(s.passages) || total != text_len as u64 {
            return Err(corrupt("the passage lengths do not match the text"));
        }
        let block_start = |b: u32| (format::u32_le(file.blocks, b as usize) & !BLOCK_SIMPLE) as usize;
        let mut starts: Vec<usize> = first_blocks.iter().map(|&b| block_start(b)).collect();
        starts.push(text_len);
        if starts.windows(2).any(|w| w[0] > w[1]) {
            return Err(corrupt("the shard table does not match the block starts"));
        }
        Ok(Text::sharded(starts, first_blocks))
    }

    /// Adds a text shard to a head (see `sou_core::shard`): checks its magic number, version
    /// and checksum, that it belongs to this head's build and has the length the head expects.
    /// Returns its number. A shard added again is ignored.
    pub fn add_shard(&self, bytes: &'a [u8]) -> Result<u32, FormatError> {
        let (number, text) = self.check_shard(bytes)?;
        self.text.add(number as usize, text);
        Ok(number)
    }

    /// What [`Index::add_shard`] checks, without adding: the shard's number and text.
    pub fn check_shard<'b>(&self, bytes: &'b [u8]) -> Result<(u32, &'b str), FormatError> {
        let shard = format::decode_shard(bytes)?;
        let Some(shards) = &self.file.shards else {
            return Err(FormatError::Corrupt("this index has its text in it and takes no shards"));
        };
        if shard.text_id != shards.text_id {
            return Err(FormatError::OtherBuild);
        }
        if self.text.part_len(shard.shard as usize) != Some(shard.text.len()) {
            return Err(FormatError::Corrupt("the shard's length does not match the head's table"));
        }
        Ok((shard.shard, shard.text))
    }

    /// Whether text shard `number` is loaded.
    pub fn has_shard(&self, number: u32) -> bool {
        self.text.is_loaded(number as usize)
    }

    /// The file name of each text shard, in order (none when the text is in the index).
    pub fn shard_names(&self) -> Vec<&'a str> {
        self.file.shards.as_ref().map_or_else(Vec::new, |s| s.names.split_terminator(STRING_END).collect())
    }

    /// The names of the shards that reads on this thread needed since the last call and did not
    /// find, most needed first; and forgets them.
    pub(crate) fn take_missing(&self) -> Vec<&'a str> {
        let wanted = crate::text::take_wanted();
        if wanted.is_empty() {
            return Vec::new();
        }
        let names = self.shard_names();
        wanted.into_iter().filter_map(|w| names.get(w.0 as usize).copied()).collect()
    }

    /// Counts and totals.
    pub fn stats(&self) -> Stats {
        self.file.stats
    }

    /// What the index was built from (the corpus folder's name).
    pub fn corpus(&self) -> &'a str {
        self.file.corpus
    }

    /// A summary of the index.
    pub fn info(&self) -> Info<'a> {
        let s = self.file.stats;
        Info {
            documents: s.documents,
            passages: s.passages,
            terms: s.terms,
            bytes: self.size,
            corpus: self.file.corpus,
            shards: if self.file.shards.is_some() { self.text.parts().0 } else { 0 },
            shards_loaded: if self.file.shards.is_some() { self.text.parts().1 } else { 0 },
        }
    }

    /// Size in bytes of each part of the index file (a head's text is in its shards: 0 here).
    pub fn sizes(&self) -> Vec<(&'static str, usize)> {
        let f = &self.file;
        vec![
            ("text", f.text.len()),
            ("term dictionary", f.terms.len()),
            ("characters", f.chars.len()),
            ("character postings", f.char_postings.len()),
            ("letter pair postings", f.pair_postings.len()),
            ("block starts", f.blocks.len()),
            ("passage flags", f.passage_flags.len()),
            ("urls and anchors", f.strings.len()),
            ("fold table", f.fold_table.len() + f.fold_strings.len() + f.fold_pairs.len()),
            ("pinyin readings", f.readings.len() + f.syllables.len()),
            ("byte ranks", f.byte_ranks.len()),
            ("shard table", f.shards.as_ref().map_or(0, |s| s.first_blocks.len() + s.names.len())),
            ("passage ends, titles", f.shards.as_ref().map_or(0, |s| s.passage_lengths.len() + s.titles.len())),
        ]
    }

    /// The URL of every document, in corpus order.
    pub fn urls(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.file.stats.documents).map(|d| self.doc_url(d))
    }

    /// The URL and title of every document, in corpus order.
    pub fn documents(&self) -> Vec<DocumentSummary<'a>> {
        (0..self.file.stats.documents)
            .map(|d| DocumentSummary { url: self.doc_url(d), title: self.doc_title(d) })
            .collect()
    }

    /// The whole document at `url` (an anchor after `#` is ignored).
    ///
    /// From a head, passages whose shard is not loaded come with empty text, and `missing` names
    /// the shards to add before asking again.
    pub fn document(&self, url: &str) -> Option<Document<'a>> {
        let url = url.split_once('#').map_or(url, |(u, _)| u);
        let doc = (0..self.file.stats.documents).find(|&d| self.doc_url(d) == url)?;
        let (first, next) = self.doc_passages(doc);
        let _ = self.take_missing();
        let passages = (first + 1..next)
            .filter_map(|id| self.passage(id))
            .map(|p| DocumentPassage {
                anchor: p.anchor.map(|a| self.anchor_name(a)),
                kind: p.kind,
                level: p.level,
                text: self.passage_text(&p),
            })
            .collect();
        Some(Document { url: self.doc_url(doc), title: self.doc_title(doc), passages, missing: self.take_missing() })
    }

    // ---- table access, for the query modules ----

    fn tables(&self) -> &Tables<'a> {
        self.tables.get_or_init(|| Tables::new(&self.file))
    }

    /// How queries and text are folded, for this corpus.
    pub(crate) fn folder(&self) -> &FoldTable<'a> {
        &self.tables().folder
    }

    fn char_entry(&self, c: char) -> Option<(char, u32, u32)> {
        let chars = &self.tables().chars;
        chars.binary_search_by_key(&c, |e| e.0).ok().map(|i| chars[i])
    }

    /// The term key rank of `c`, when the corpus has it and it is not ASCII.
    pub(crate) fn char_rank(&self, c: char) -> Option<u32> {
        self.char_entry(c).map(|e| e.2).filter(|&r| r != NONE)
    }

    /// The pinyin readings and what sounds like what, worked out on first need.
    pub(crate) fn sounds(&self) -> &crate::query::Sounds<'a> {
        self.sounds.get_or_init(|| crate::query::Sounds::new(self))
    }

    /// What the pair postings say of the letters or digits `pair` (see
    /// `sou_core::format::IndexFile::pair_postings`).
    pub(crate) fn pair_postings(&self, pair: [u8; 2]) -> Pair {
        let Some(pairs) = &self.tables().pairs else { return Pair::Anywhere };
        match pairs.binary_search_by_key(&pair, |e| e.0) {
            Err(_) => Pair::Nowhere,
            Ok(i) if format::block_list_len(self.file.pair_postings, pairs[i].1 as usize) == Some(0) => Pair::Anywhere,
            Ok(i) => Pair::In(pairs[i].1 as usize),
        }
    }

    /// Where the block list of `c` starts in the character postings.
    pub(crate) fn char_postings(&self, c: char) -> Option<usize> {
        self.char_entry(c).map(|e| e.1 as usize)
    }

    /// Appends the term key code of `c` (see `sou_core::format::term_key`); false when the corpus
    /// does not have `c`, so no word of the vocabulary does either.
    pub(crate) fn push_term_code(&self, c: char, key: &mut Vec<u8>) -> bool {
        if c.is_ascii() {
            key.push(c as u8);
            return true;
        }
        match self.char_entry(c) {
            Some((_, _, rank)) if rank != NONE => {
                format::term_key::push_rank(rank, key);
                true
            }
            _ => false,
        }
    }

    /// The term key of `word`, if every character of it is in the corpus.
    pub(crate) fn term_key(&self, word: &str) -> Option<Vec<u8>> {
        let mut key = Vec::with_capacity(word.len());
        word.chars().all(|c| self.push_term_code(c, &mut key)).then_some(key)
    }

    /// The word a term key stands for.
    pub(crate) fn term_text(&self, mut key: &[u8]) -> Option<String> {
        let by_rank = &self.tables().by_rank;
        let mut word = String::with_capacity(key.len() * 2);
        while !key.is_empty() {
            let (code, n) = format::term_key::read(key)?;
            word.push(match code {
                format::term_key::Code::Ascii(b) => b as char,
                format::term_key::Code::Rank(r) => *by_rank.get(r as usize)?,
            });
            key = &key[n..];
        }
        Some(word)
    }

    /// Where block `block`'s text starts, and whether folding it is ASCII lowercasing.
    #[inline]
    fn block_start(&self, block: u32) -> (usize, bool) {
        let entry = format::u32_le(self.file.blocks, block as usize);
        ((entry & !BLOCK_SIMPLE) as usize, entry & BLOCK_SIMPLE != 0)
    }

    /// Byte range of a block's text (separators included), and whether it is simple.
    pub(crate) fn block_range(&self, block: u32) -> (usize, usize, bool) {
        let (start, simple) = self.block_start(block);
        let (end, _) = self.block_start(block + 1);
        let len = self.text.len();
        (start.min(len), end.clamp(start.min(len), len), simple)
    }

    /// The passages of block `block`: the first and one past the last.
    pub(crate) fn block_passages(&self, block: u32) -> (u32, u32) {
        let first = &self.tables().block_first;
        let at = |b: u32| first.get(b as usize).copied().unwrap_or(self.file.stats.passages);
        (at(block), at(block + 1).max(at(block)))
    }

    /// The block that holds passage `passage`.
    pub(crate) fn block_of_passage(&self, passage: u32) -> u32 {
        let first = &self.tables().block_first;
        first
            .partition_point(|&p| p <= passage)
            .saturating_sub(1)
            .min(self.file.stats.blocks.saturating_sub(1) as usize) as u32
    }

    /// Where passages `first..last` start, and where the last of them ends (plus one).
    pub(crate) fn passage_starts(&self, first: u32, last: u32) -> &[u32] {
        self.tables().passage_start.get(first as usize..=last as usize).unwrap_or(&[])
    }

    /// The first and last document with a passage in `block`.
    pub(crate) fn block_docs(&self, block: u32) -> (u32, u32) {
        let (first, next) = self.block_passages(block);
        let doc = |p: u32| self.tables().passage_doc.get(p as usize).copied().unwrap_or(0);
        (doc(first), doc(next.max(first + 1) - 1).max(doc(first)))
    }

    /// The first and last block with a passage of `doc`.
    pub(crate) fn doc_blocks(&self, doc: u32) -> (u32, u32) {
        let (first, next) = self.doc_passages(doc);
        (self.block_of_passage(first), self.block_of_passage(next.max(first + 1) - 1))
    }

    /// The passages of document `doc`: its title, and one past its last.
    pub(crate) fn doc_passages(&self, doc: u32) -> (u32, u32) {
        let first = &self.tables().doc_first;
        let at = |d: u32| first.get(d as usize).copied().unwrap_or(self.file.stats.passages);
        (at(doc), at(doc + 1).max(at(doc)))
    }

    /// The passage `id`.
    pub(crate) fn passage(&self, id: u32) -> Option<PassageRef> {
        let (_, _, simple) = self.block_range(self.block_of_passage(id));
        self.passage_in_block(id, simple)
    }

    /// The passage `id`, when whether its block is simple is already known.
    #[inline]
    pub(crate) fn passage_in_block(&self, id: u32, simple: bool) -> Option<PassageRef> {
        let tables = self.tables();
        let i = id as usize;
        let flags = *self.file.passage_flags.get(i)?;
        let start = *tables.passage_start.get(i)?;
        let end = tables.passage_start.get(i + 1)?.saturating_sub(1).max(start);
        Some(PassageRef {
            id,
            doc: tables.passage_doc[i],
            anchor: (tables.passage_anchor[i] != NONE).then_some(tables.passage_anchor[i]),
            kind: passage_flags::kind(flags),
            level: passage_flags::level(flags),
            start,
            end,
            simple,
        })
    }

    pub(crate) fn passage_text(&self, p: &PassageRef) -> &'a str {
        self.text.get(p.start as usize, p.end as usize).unwrap_or("")
    }

    fn string(&self, i: usize) -> &'a str {
        let (start, end) = self.tables().strings.get(i).copied().unwrap_or((0, 0));
        self.file.strings.get(start as usize..end as usize).unwrap_or("")
    }

    pub(crate) fn doc_url(&self, doc: u32) -> &'a str {
        self.string(doc as usize)
    }

    pub(crate) fn doc_title(&self, doc: u32) -> &'a str {
        if let Some(shards) = &self.file.shards {
            let (start, end) = self.tables().titles.get(doc as usize).copied().unwrap_or((0, 0));
            return shards.titles.get(start as usize..end as usize).unwrap_or("");
        }
        self.passage(self.doc_passages(doc).0).map_or("", |p| self.passage_text(&p))
    }

    pub(crate) fn anchor_name(&self, anchor: u32) -> &'a str {
        self.string(self.file.stats.documents as usize + anchor as usize)
    }
}

impl<'a> Tables<'a> {
    /// Works the tables out in one pass over the separators, flags, strings and postings. On a
    /// damaged index the tables come out short or empty, never a panic.
    fn new(file: &IndexFile<'a>) -> Tables<'a> {
        let n = file.stats.passages as usize;
        let mut t = Tables {
            passage_start: Vec::with_capacity(n + 1),
            passage_doc: Vec::with_capacity(n),
            passage_anchor: Vec::with_capacity(n),
            doc_first: Vec::with_capacity(file.stats.documents as usize + 1),
            block_first: Vec::with_capacity(file.stats.blocks as usize + 1),
            strings: Vec::new(),
            chars: Vec::with_capacity(file.stats.chars as usize),
            by_rank: Vec::new(),
            pairs: None,
            folder: FoldTable::default(),
            titles: Vec::new(),
        };
        let (mut doc, mut anchor, mut next_anchor) = (0u32, NONE, 0u32);
        let mut start = 0usize;
        let mut block = 0u32;
        let block_start = |b: u32| (format::u32_le(file.blocks, b as usize) & !BLOCK_SIMPLE) as usize;
        // Where passages end: found in the text, or summed from a head's passage lengths.
        let ends: Box<dyn Iterator<Item = usize> + '_> = match &file.shards {
            None => Box::new(memchr::memchr_iter(PASSAGE_END as u8, file.text)),
            Some(shards) => Box::new(passage_ends(shards.passage_lengths)),
        };
        for (i, (&flags, end)) in file.passage_flags.iter().zip(ends).enumerate() {
            if passage_flags::kind(flags) == PassageKind::Title {
                doc += u32::from(i > 0);
                anchor = NONE;
                t.doc_first.push(i as u32);
            }
            if flags & passage_flags::ANCHOR_NEW != 0 {
                anchor = next_anchor;
                next_anchor += 1;
            } else if flags & passage_flags::ANCHOR_NONE != 0 {
                anchor = NONE;
            }
            while block < file.stats.blocks && block_start(block) <= start {
                t.block_first.push(i as u32);
                block += 1;
            }
            t.passage_start.push(start as u32);
            t.passage_doc.push(doc);
            t.passage_anchor.push(anchor);
            start = end + 1;
        }
        t.passage_start.push(start as u32);
        let found = t.passage_doc.len() as u32;
        t.doc_first.push(found);
        t.block_first.resize(file.stats.blocks as usize + 1, found);
        let mut at = 0u32;
        for line in file.strings.split_terminator(STRING_END) {
            t.strings.push((at, at + line.len() as u32));
            at += line.len() as u32 + 1;
        }
        let mut offset = 0usize;
        for c in file.chars.chars() {
            let rank = if c.is_ascii() { NONE } else { t.by_rank.len() as u32 };
            if !c.is_ascii() {
                t.by_rank.push(c);
            }
            t.chars.push((c, offset as u32, rank));
            match format::block_list_bytes(file.char_postings, offset, file.stats.blocks) {
                Some(len) => offset += len,
                None => break,
            }
        }
        crate::sort::sort_by_key(&mut t.chars, |e| e.0);
        t.pairs = pair_table(file.pair_postings, file.stats.blocks);
        if let Some(shards) = &file.shards {
            let mut at = 0u32;
            for title in shards.titles.split_terminator(PASSAGE_END) {
                t.titles.push((at, at + title.len() as u32));
                at += title.len() as u32 + PASSAGE_END.len_utf8() as u32;
            }
        }
        // Pairs of the fold table name their targets by rank.
        t.folder =
            FoldTable::decode(file.fold_table, file.fold_strings, file.fold_pairs, &t.by_rank).unwrap_or_default();
        t
    }
}

/// Where the block list of each pair of the pair postings starts; `None` when they do not read.
fn pair_table(postings: &[u8], blocks: u32) -> Option<Vec<([u8; 2], u32)>> {
    // Written so: with the key order checked inside the loop and the offset cast with `as`,
    // rustc 1.95 at opt-level 1, 3 and "s" stored every offset 32,767 too high.
    let mut pairs: Vec<([u8; 2], u32)> = Vec::new();
    let mut at = 0usize;
    while at < postings.len() {
        let key = [*postings.get(at)?, *postings.get(at + 1)?];
        let list = at + 2;
        pairs.push((key, u32::try_from(list).ok()?));
        at = list + format::block_list_bytes(postings, list, blocks)?;
    }
    pairs.windows(2).all(|w| w[0].0 < w[1].0).then_some(pairs)
}

/// Where each passage's separator stands, from a head's passage lengths.
fn passage_ends(mut lengths: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut end = 0usize;
    std::iter::from_fn(move || {
        let (len, n) = varint::read(lengths)?;
        lengths = &lengths[n..];
        end = end.checked_add(usize::try_from(len).ok()?)?;
        end.checked_sub(1)
    })
}

#[cfg(test)]
mod tests {
    use super::pair_table;
    use sou_core::format::write_block_list;

    #[test]
    fn the_pair_table_reads_what_the_writer_wrote_and_refuses_the_rest() {
        let mut postings = b"ab".to_vec();
        write_block_list(&mut postings, &[1, 5], 10);
        postings.extend_from_slice(b"ac");
        write_block_list(&mut postings, &[], 10);
        postings.extend_from_slice(b"zz");
        write_block_list(&mut postings, &(0..10).collect::<Vec<u32>>(), 10);
        assert_eq!(pair_table(&postings, 10), Some(vec![(*b"ab", 2), (*b"ac", 7), (*b"zz", 10)]));
        assert_eq!(pair_table(&[], 10), Some(vec![]));
        // Cut inside a list, or inside a key; keys out of order.
        assert_eq!(pair_table(&postings[..4], 10), None);
        assert_eq!(pair_table(&postings[..postings.len() - 1], 10), None);
        assert_eq!(pair_table(&postings[..7], 10), None);
        let mut swapped = b"ac".to_vec();
        write_block_list(&mut swapped, &[], 10);
        swapped.extend_from_slice(b"ab");
        write_block_list(&mut swapped, &[], 10);
        assert_eq!(pair_table(&swapped, 10), None);
    }
}
