//! Documents → index bytes, in the layout `sou_core::format` defines.
//!
//! Everything is collected in ordered maps and written in document order, so the same documents
//! always give the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use sou_core::fold;
use sou_core::format::{
    self, passage_flags, BlockRecord, DocRecord, IndexFile, PassageKind, Stats, BLOCK_TARGET_BYTES, PASSAGE_END,
};

use crate::segment::Segmenter;

/// A document ready to be written.
#[derive(Debug, Clone)]
pub struct Document {
    pub url: String,
    pub title: String,
    pub passages: Vec<Passage>,
}

/// A passage ready to be written.
#[derive(Debug, Clone)]
pub struct Passage {
    pub kind: PassageKind,
    pub level: u8,
    pub text: String,
    pub anchor: Option<String>,
}

/// The serialised index and the sizes of its parts.
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    pub stats: Stats,
    pub parts: Vec<(&'static str, usize)>,
}

/// Writes the index of `docs`.
pub fn write(corpus: &str, docs: &[Document], segmenter: &Segmenter) -> Written {
    let mut text = String::new();
    let mut flags = Vec::new();
    let mut urls = String::new();
    let mut anchor_names: Vec<String> = Vec::new();
    let mut doc_records = Vec::new();
    let mut terms: BTreeMap<String, u64> = BTreeMap::new();

    // Where each passage starts in `text`.
    let mut placed: Vec<usize> = Vec::new();

    let title_passages = docs.iter().map(|d| Passage {
        kind: PassageKind::Title,
        level: 0,
        text: d.title.clone(),
        anchor: None,
    });
    for (doc, title) in docs.iter().zip(title_passages) {
        doc_records.push(DocRecord {
            first_passage: placed.len() as u32,
            url_start: urls.len() as u32,
            first_anchor: anchor_names.len() as u32,
        });
        urls.push_str(&doc.url);
        let mut anchor: Option<u32> = None;
        for passage in std::iter::once(&title).chain(&doc.passages) {
            let bits = match (&passage.anchor, anchor) {
                _ if passage.kind == PassageKind::Title => {
                    anchor = None;
                    0
                }
                (Some(name), Some(current)) if *name == anchor_names[current as usize] => 0,
                (Some(name), _) => {
                    let id = anchor_names.len() as u32;
                    anchor_names.push(name.clone());
                    anchor = Some(id);
                    passage_flags::ANCHOR_NEW
                }
                (None, Some(_)) => {
                    anchor = None;
                    passage_flags::ANCHOR_NONE
                }
                (None, None) => 0,
            };
            placed.push(text.len());
            flags.push(passage_flags::encode(passage.kind, passage.level, bits));
            text.push_str(&passage.text);
            text.push(PASSAGE_END);

            let folded = fold::fold(&passage.text);
            segmenter.words(&folded, |w| *terms.entry(w.to_owned()).or_default() += 1);
        }
    }

    // Blocks: runs of whole passages of about BLOCK_TARGET_BYTES.
    let mut block_starts = Vec::new();
    let mut block_bytes = usize::MAX;
    for (i, &p) in placed.iter().enumerate() {
        let len = placed.get(i + 1).map_or(text.len(), |&n| n) - p;
        if block_bytes >= BLOCK_TARGET_BYTES || block_bytes + len > BLOCK_TARGET_BYTES * 5 / 4 {
            block_starts.push(i);
            block_bytes = 0;
        }
        block_bytes += len;
    }
    let block_count = block_starts.len() as u32;
    let mut blocks = Vec::with_capacity((block_starts.len() + 1) * BlockRecord::LEN);
    let mut char_blocks: BTreeMap<char, Vec<u32>> = BTreeMap::new();
    for (b, &first) in block_starts.iter().enumerate() {
        let start = placed[first];
        let end = block_starts.get(b + 1).map_or(text.len(), |&n| placed[n]);
        let block_text = &text[start..end];
        BlockRecord {
            text_start: start as u32,
            first_passage: first as u32,
            flags: if fold::is_simple(block_text) { BlockRecord::SIMPLE } else { 0 },
        }
        .write(&mut blocks);
        let mut seen = BTreeSet::new();
        for c in block_text.chars() {
            fold::fold_char(c, |d| {
                if !d.is_whitespace() && d != PASSAGE_END {
                    seen.insert(d);
                }
            });
        }
        for c in seen {
            char_blocks.entry(c).or_default().push(b as u32);
        }
    }
    BlockRecord {
        text_start: text.len() as u32,
        first_passage: placed.len() as u32,
        flags: 0,
    }
    .write(&mut blocks);

    // Characters → block lists, in character order (the order the fst needs).
    let mut char_postings = Vec::new();
    let mut chars = fst::MapBuilder::memory();
    let mut utf8 = [0u8; 4];
    for (c, list) in &char_blocks {
        chars.insert(c.encode_utf8(&mut utf8).as_bytes(), char_postings.len() as u64).expect("chars are sorted");
        format::write_block_list(&mut char_postings, list, block_count);
    }
    let chars = chars.into_inner().expect("in-memory fst");

    let mut term_map = fst::MapBuilder::memory();
    for (term, &count) in &terms {
        term_map.insert(term, count).expect("terms are sorted");
    }
    let term_map = term_map.into_inner().expect("in-memory fst");

    doc_records.push(DocRecord {
        first_passage: placed.len() as u32,
        url_start: urls.len() as u32,
        first_anchor: anchor_names.len() as u32,
    });
    let mut doc_table = Vec::with_capacity(doc_records.len() * DocRecord::LEN);
    for record in &doc_records {
        record.write(&mut doc_table);
    }
    let mut strings = urls;
    let mut anchor_table = Vec::with_capacity((anchor_names.len() + 1) * 4);
    for name in &anchor_names {
        anchor_table.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        strings.push_str(name);
    }
    anchor_table.extend_from_slice(&(strings.len() as u32).to_le_bytes());

    let stats = Stats {
        documents: docs.len() as u32,
        passages: placed.len() as u32,
        blocks: block_count,
        anchors: anchor_names.len() as u32,
        terms: terms.len() as u32,
        chars: char_blocks.len() as u32,
        term_total: terms.values().sum(),
    };
    let byte_ranks = format::byte_ranks(text.as_bytes());
    let alphabet: BTreeSet<char> = char_blocks.keys().copied().chain(
        // White space is not in the character postings but folds too (to itself).
        [' ', '\n', '\t'],
    ).collect();
    let (fold_ranges, fold_strings) = fold::FoldTable::build(&alphabet);
    let file = IndexFile {
        corpus,
        stats,
        terms: &term_map,
        chars: &chars,
        char_postings: &char_postings,
        blocks: &blocks,
        passage_flags: &flags,
        docs: &doc_table,
        anchors: &anchor_table,
        strings: &strings,
        text: &text,
        byte_ranks: &byte_ranks,
        fold_ranges: &fold_ranges,
        fold_strings: &fold_strings,
    };
    let parts = vec![
        ("text", text.len()),
        ("term dictionary", term_map.len()),
        ("character dictionary", chars.len()),
        ("character postings", char_postings.len()),
        ("tables", blocks.len() + flags.len() + doc_table.len() + anchor_table.len() + strings.len()),
        ("fold table", fold_ranges.len() + fold_strings.len()),
    ];
    Written { bytes: format::encode(&file), stats, parts }
}
