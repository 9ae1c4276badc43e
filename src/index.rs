//! The reader: an index opened over its bytes, without copying or decoding them.
//!
//! [`Index::open`] checks the magic number, the version and that every table has the length its
//! counts promise; after that, every lookup reads straight from the bytes. The embedded index of a
//! wasm module is opened in microseconds, whatever the corpus size.
//!
//! One table is worked out rather than stored: where each passage starts, and which document and
//! anchor it belongs to. The first search builds it in one pass over the passage separators
//! (about 0.3 ms for a megabyte of text) and keeps it: stored, it would cost more bytes than the
//! character postings.

use std::sync::OnceLock;

use fst::Map;
use serde::Serialize;
use sou_core::fold::FoldTable;
use sou_core::format::{self, passage_flags, BlockRecord, DocRecord, IndexFile, PassageKind, PASSAGE_END};
use sou_core::{FormatError, Stats};

/// A search index over a corpus. Cheap to copy around by reference; every result borrows from it.
pub struct Index<'a> {
    pub(crate) file: IndexFile<'a>,
    pub(crate) terms: Map<&'a [u8]>,
    pub(crate) chars: Map<&'a [u8]>,
    /// How queries and text are folded, for this corpus.
    pub(crate) folder: FoldTable<'a>,
    size: usize,
    passages: OnceLock<PassageTable>,
    lowered: OnceLock<Vec<u8>>,
}

/// Where each passage is and whom it belongs to, worked out on first need.
struct PassageTable {
    /// Start of each passage in the text, and one past the end of the text.
    start: Vec<u32>,
    doc: Vec<u32>,
    /// Anchor id, or `u32::MAX` for none.
    anchor: Vec<u32>,
}

const NONE: u32 = u32::MAX;

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
}

impl<'a> Index<'a> {
    /// Opens an index over `bytes` (as written by `sou-indexer`).
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, FormatError> {
        let file = format::decode(bytes)?;
        let corrupt = FormatError::Corrupt;
        let s = file.stats;
        let len_ok = |table: &[u8], rows: u32, width: usize| table.len() == (rows as usize + 1) * width;
        if !len_ok(file.blocks, s.blocks, BlockRecord::LEN)
            || !len_ok(file.docs, s.documents, DocRecord::LEN)
            || !len_ok(file.anchors, s.anchors, 4)
            || file.passage_flags.len() != s.passages as usize
            || file.byte_ranks.len() != 256
            || s.documents == 0
        {
            return Err(corrupt("a table's length does not match the counts"));
        }
        let last_block = BlockRecord::read(file.blocks, s.blocks as usize).ok_or(corrupt("block table"))?;
        let last_doc = DocRecord::read(file.docs, s.documents as usize).ok_or(corrupt("document table"))?;
        if last_block.text_start as usize != file.text.len()
            || last_block.first_passage != s.passages
            || last_doc.first_passage != s.passages
            || format::u32_le(file.anchors, s.anchors as usize) as usize != file.strings.len()
        {
            return Err(corrupt("a table's end does not match the data"));
        }
        let terms = Map::new(file.terms).map_err(|_| corrupt("term dictionary"))?;
        let chars = Map::new(file.chars).map_err(|_| corrupt("character dictionary"))?;
        let folder = FoldTable::new(file.fold_ranges, file.fold_strings).ok_or(corrupt("fold table"))?;
        Ok(Index { file, terms, chars, folder, size: bytes.len(), passages: OnceLock::new(), lowered: OnceLock::new() })
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
        Info { documents: s.documents, passages: s.passages, terms: s.terms, bytes: self.size, corpus: self.file.corpus }
    }

    /// Size in bytes of each part of the index.
    pub fn sizes(&self) -> Vec<(&'static str, usize)> {
        let f = &self.file;
        vec![
            ("text", f.text.len()),
            ("term dictionary", f.terms.len()),
            ("character dictionary", f.chars.len()),
            ("character postings", f.char_postings.len()),
            ("block table", f.blocks.len()),
            ("passage flags", f.passage_flags.len()),
            ("document table", f.docs.len()),
            ("anchor table", f.anchors.len()),
            ("urls and anchors", f.strings.len()),
            ("fold table", f.fold_ranges.len() + f.fold_strings.len()),
            ("byte ranks", f.byte_ranks.len()),
        ]
    }

    /// The URL of every document, in corpus order.
    pub fn urls(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.file.stats.documents).map(|d| self.doc_url(d))
    }

    /// The URL and title of every document, in corpus order.
    pub fn documents(&self) -> Vec<DocumentSummary<'a>> {
        (0..self.file.stats.documents).map(|d| DocumentSummary { url: self.doc_url(d), title: self.doc_title(d) }).collect()
    }

    /// The whole document at `url` (an anchor after `#` is ignored).
    pub fn document(&self, url: &str) -> Option<Document<'a>> {
        let url = url.split_once('#').map_or(url, |(u, _)| u);
        let doc = (0..self.file.stats.documents).find(|&d| self.doc_url(d) == url)?;
        let record = DocRecord::read(self.file.docs, doc as usize)?;
        let next = DocRecord::read(self.file.docs, doc as usize + 1)?;
        let passages = (record.first_passage + 1..next.first_passage)
            .filter_map(|id| self.passage(id))
            .map(|p| DocumentPassage {
                anchor: p.anchor.map(|a| self.anchor_name(a)),
                kind: p.kind,
                level: p.level,
                text: self.passage_text(&p),
            })
            .collect();
        Some(Document { url: self.doc_url(doc), title: self.doc_title(doc), passages })
    }

    // ---- table access, for the query modules ----

    #[inline]
    pub(crate) fn block(&self, block: u32) -> BlockRecord {
        BlockRecord::read(self.file.blocks, block as usize).unwrap_or(BlockRecord { text_start: 0, first_passage: 0, flags: 0 })
    }

    /// Byte range of a block's text (separators included).
    pub(crate) fn block_range(&self, block: u32) -> (usize, usize) {
        let start = self.block(block).text_start as usize;
        let end = self.block(block + 1).text_start as usize;
        (start.min(self.file.text.len()), end.clamp(start, self.file.text.len()))
    }

    /// The block that holds passage `passage`.
    pub(crate) fn block_of_passage(&self, passage: u32) -> u32 {
        // The last block whose first passage is at or before it.
        let (mut lo, mut hi) = (0u32, self.file.stats.blocks);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.block(mid).first_passage <= passage {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn table(&self) -> &PassageTable {
        self.passages.get_or_init(|| {
            let n = self.file.stats.passages as usize;
            let mut table =
                PassageTable { start: Vec::with_capacity(n + 1), doc: Vec::with_capacity(n), anchor: Vec::with_capacity(n) };
            let (mut doc, mut anchor, mut next_anchor) = (0u32, NONE, 0u32);
            let mut start = 0usize;
            let ends = memchr::memchr_iter(PASSAGE_END as u8, self.file.text.as_bytes());
            for (i, (&flags, end)) in self.file.passage_flags.iter().zip(ends).enumerate() {
                if passage_flags::kind(flags) == PassageKind::Title {
                    doc += u32::from(i > 0);
                    anchor = NONE;
                }
                if flags & passage_flags::ANCHOR_NEW != 0 {
                    anchor = next_anchor;
                    next_anchor += 1;
                } else if flags & passage_flags::ANCHOR_NONE != 0 {
                    anchor = NONE;
                }
                table.start.push(start as u32);
                table.doc.push(doc);
                table.anchor.push(anchor);
                start = end + 1;
            }
            // A damaged index may have fewer separators than flags: the missing passages are empty.
            table.start.resize(n + 1, start as u32);
            table.doc.resize(n, doc);
            table.anchor.resize(n, NONE);
            table
        })
    }

    /// The text with ASCII letters lowercased, for searching blocks whose folding is just that.
    /// Made on first need.
    pub(crate) fn lowered_text(&self) -> &[u8] {
        self.lowered.get_or_init(|| self.file.text.as_bytes().to_ascii_lowercase())
    }

    /// The first and last document with a passage in `block`.
    pub(crate) fn block_docs(&self, block: u32) -> (u32, u32) {
        let table = self.table();
        let first = self.block(block).first_passage as usize;
        let last = (self.block(block + 1).first_passage as usize).max(first + 1) - 1;
        let doc = |p: usize| table.doc.get(p).copied().unwrap_or(0);
        (doc(first), doc(last).max(doc(first)))
    }

    /// The first and last block with a passage of `doc`.
    pub(crate) fn doc_blocks(&self, doc: u32) -> (u32, u32) {
        let first = DocRecord::read(self.file.docs, doc as usize).map_or(0, |r| r.first_passage);
        let next = DocRecord::read(self.file.docs, doc as usize + 1).map_or(first + 1, |r| r.first_passage);
        let last = next.max(first + 1) - 1;
        (self.block_of_passage(first), self.block_of_passage(last))
    }

    /// Where passages `first..last` start, and where the last of them ends (plus one).
    pub(crate) fn passage_starts(&self, first: u32, last: u32) -> &[u32] {
        self.table().start.get(first as usize..=last as usize).unwrap_or(&[])
    }

    /// The passage `id`.
    pub(crate) fn passage(&self, id: u32) -> Option<PassageRef> {
        let simple = self.block(self.block_of_passage(id)).flags & BlockRecord::SIMPLE != 0;
        self.passage_in_block(id, simple)
    }

    /// The passage `id`, when whether its block is simple is already known.
    #[inline]
    pub(crate) fn passage_in_block(&self, id: u32, simple: bool) -> Option<PassageRef> {
        let table = self.table();
        let i = id as usize;
        let flags = *self.file.passage_flags.get(i)?;
        let start = *table.start.get(i)?;
        let end = table.start.get(i + 1)?.saturating_sub(1).max(start);
        Some(PassageRef {
            id,
            doc: table.doc[i],
            anchor: (table.anchor[i] != NONE).then_some(table.anchor[i]),
            kind: passage_flags::kind(flags),
            level: passage_flags::level(flags),
            start,
            end,
            simple,
        })
    }

    pub(crate) fn passage_text(&self, p: &PassageRef) -> &'a str {
        self.file.text.get(p.start as usize..p.end as usize).unwrap_or("")
    }

    pub(crate) fn doc_url(&self, doc: u32) -> &'a str {
        let start = DocRecord::read(self.file.docs, doc as usize).map_or(0, |r| r.url_start as usize);
        let end = DocRecord::read(self.file.docs, doc as usize + 1).map_or(0, |r| r.url_start as usize);
        self.file.strings.get(start..end).unwrap_or("")
    }

    pub(crate) fn doc_title(&self, doc: u32) -> &'a str {
        let Some(record) = DocRecord::read(self.file.docs, doc as usize) else { return "" };
        self.passage(record.first_passage).map_or("", |p| self.passage_text(&p))
    }

    pub(crate) fn anchor_name(&self, anchor: u32) -> &'a str {
        let start = format::u32_le(self.file.anchors, anchor as usize) as usize;
        let end = format::u32_le(self.file.anchors, anchor as usize + 1) as usize;
        self.file.strings.get(start..end).unwrap_or("")
    }
}

