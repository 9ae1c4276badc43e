//! Documents → index bytes, in the layout `sou_core::format` defines.
//!
//! Everything is collected in ordered maps and written in document order, so the same documents
//! always give the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use sou_core::fold;
use sou_core::format::{
    self, passage_flags, IndexFile, PassageKind, Stats, BLOCK_SIMPLE, BLOCK_TARGET_BYTES, PASSAGE_END, STRING_END,
};

use crate::segment::Segmenter;
use crate::vocabulary::Vocabulary;

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

/// The serialised index and its counts.
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    pub stats: Stats,
}

/// The most text one index can hold: block offsets are 31 bits.
pub const MAX_TEXT_BYTES: usize = 1 << 31;

/// Writes the index of `docs` (whose text must be under [`MAX_TEXT_BYTES`]).
pub fn write(corpus: &str, docs: &[Document], segmenter: &Segmenter) -> Written {
    let mut text = String::new();
    let mut flags = Vec::new();
    let mut urls = String::new();
    let mut anchor_names: Vec<String> = Vec::new();
    let mut vocabulary = Vocabulary::default();
    // Where each passage starts in `text`.
    let mut placed: Vec<usize> = Vec::new();

    for doc in docs {
        push_string(&mut urls, &doc.url);
        let title = Passage { kind: PassageKind::Title, level: 0, text: doc.title.clone(), anchor: None };
        let mut anchor: Option<u32> = None;
        for passage in std::iter::once(&title).chain(&doc.passages) {
            let bits = match (&passage.anchor, anchor) {
                _ if passage.kind == PassageKind::Title => 0,
                (Some(name), Some(current)) if *name == anchor_names[current as usize] => 0,
                (Some(name), _) => {
                    anchor = Some(anchor_names.len() as u32);
                    anchor_names.push(name.clone());
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
            vocabulary.add(segmenter, &fold::fold(&passage.text));
        }
    }

    // Blocks: runs of whole passages of about BLOCK_TARGET_BYTES.
    let mut block_starts = Vec::new();
    let mut block_bytes = usize::MAX;
    for (i, &p) in placed.iter().enumerate() {
        let len = placed.get(i + 1).map_or(text.len(), |&n| n) - p;
        if block_bytes >= BLOCK_TARGET_BYTES || block_bytes + len > BLOCK_TARGET_BYTES * 5 / 4 {
            block_starts.push(p);
            block_bytes = 0;
        }
        block_bytes += len;
    }
    let block_count = block_starts.len() as u32;
    let mut blocks = Vec::with_capacity((block_starts.len() + 1) * 4);
    let mut char_blocks: BTreeMap<char, Vec<u32>> = BTreeMap::new();
    let mut pair_blocks: BTreeMap<[u8; 2], Vec<u32>> = BTreeMap::new();
    for (b, &start) in block_starts.iter().enumerate() {
        let end = block_starts.get(b + 1).copied().unwrap_or(text.len());
        let block_text = &text[start..end];
        let simple = if fold::is_simple(block_text) { BLOCK_SIMPLE } else { 0 };
        blocks.extend_from_slice(&(start as u32 | simple).to_le_bytes());
        let mut seen = BTreeSet::new();
        let mut pairs = BTreeSet::new();
        // The folded character before, as the scan sees the folded text.
        let mut previous = ' ';
        for c in block_text.chars() {
            fold::fold_char(c, |d| {
                if !d.is_whitespace() && d != PASSAGE_END {
                    seen.insert(d);
                }
                if d.is_ascii()
                    && previous.is_ascii()
                    && format::is_pair_byte(d as u8)
                    && format::is_pair_byte(previous as u8)
                {
                    pairs.insert([previous as u8, d as u8]);
                }
                previous = d;
            });
        }
        for c in seen {
            char_blocks.entry(c).or_default().push(b as u32);
        }
        for pair in pairs {
            pair_blocks.entry(pair).or_default().push(b as u32);
        }
    }
    blocks.extend_from_slice(&(text.len() as u32).to_le_bytes());

    // Characters and their block lists: ASCII first, then the others from the most common in the
    // vocabulary, whose rank makes their term key code (see `format::term_key`).
    let terms = vocabulary.finish();
    let mut in_terms: BTreeMap<char, u32> = BTreeMap::new();
    for term in terms.keys() {
        for c in term.chars().collect::<BTreeSet<char>>() {
            *in_terms.entry(c).or_default() += 1;
        }
    }
    let mut order: Vec<char> = char_blocks.keys().copied().collect();
    order.sort_by_key(|&c| (!c.is_ascii(), std::cmp::Reverse(in_terms.get(&c).copied().unwrap_or(0)), c));
    let chars: String = order.iter().collect();
    let mut char_postings = Vec::new();
    for c in &order {
        format::write_block_list(&mut char_postings, &char_blocks[c], block_count);
    }
    let mut pair_postings = Vec::new();
    for (pair, blocks) in &pair_blocks {
        pair_postings.extend_from_slice(pair);
        let common = blocks.len() as f32 > format::COMMON_PAIR_SHARE * block_count as f32;
        format::write_block_list(&mut pair_postings, if common { &[] } else { blocks }, block_count);
    }
    let rank: BTreeMap<char, u32> =
        order.iter().filter(|c| !c.is_ascii()).enumerate().map(|(r, &c)| (c, r as u32)).collect();
    let mut keyed: Vec<(Vec<u8>, u64)> = terms
        .iter()
        .filter_map(|(term, &count)| {
            let mut key = Vec::with_capacity(term.len());
            for c in term.chars() {
                match rank.get(&c) {
                    Some(&r) => format::term_key::push_rank(r, &mut key),
                    None if c.is_ascii() => key.push(c as u8),
                    // A word the segmenter made from text it was not given: cannot happen, skip.
                    None => return None,
                }
            }
            Some((key, count))
        })
        .collect();
    keyed.sort();
    let mut term_map = fst::MapBuilder::memory();
    for (key, count) in &keyed {
        term_map.insert(key, *count).expect("keys are sorted and distinct");
    }
    let term_map = term_map.into_inner().expect("in-memory fst");

    let mut strings = urls;
    for name in &anchor_names {
        push_string(&mut strings, name);
    }
    let byte_ranks = format::byte_ranks(text.as_bytes());
    let folds = fold::FoldTable::build(&chars);
    // White space is not in the character postings but may be read too (as itself).
    let alphabet: BTreeSet<char> = char_blocks.keys().copied().chain([' ', '\n', '\t']).collect();
    let (syllables, readings) = crate::readings::table(&alphabet, segmenter);

    let stats = Stats {
        documents: docs.len() as u32,
        passages: placed.len() as u32,
        blocks: block_count,
        anchors: anchor_names.len() as u32,
        terms: terms.len() as u32,
        chars: char_blocks.len() as u32,
        term_total: terms.values().sum(),
    };
    let file = IndexFile {
        corpus,
        stats,
        terms: &term_map,
        chars: &chars,
        char_postings: &char_postings,
        pair_postings: &pair_postings,
        blocks: &blocks,
        passage_flags: &flags,
        strings: &strings,
        text: text.as_bytes(),
        byte_ranks: &byte_ranks,
        fold_table: &folds.table,
        fold_strings: &folds.strings,
        fold_pairs: &folds.pairs,
        syllables: &syllables,
        readings: &readings,
        shards: None,
    };
    Written { bytes: format::encode(&file), stats }
}

/// Appends a URL or anchor name and its end mark; a line break inside one (only a strange file
/// name could hold one) is percent-encoded so it cannot end it early.
fn push_string(strings: &mut String, s: &str) {
    strings.push_str(&s.replace(STRING_END, "%0A"));
    strings.push(STRING_END);
}
