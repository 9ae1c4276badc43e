//! As-you-type completions from the term dictionary.

use fst::{Automaton, IntoStreamer, Streamer};
use serde::Serialize;
use sou_core::fold::Fold;

use crate::index::Index;

/// A completion and how often it occurs in the corpus.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Suggestion {
    pub term: String,
    pub count: u64,
}

/// Prefixes longer than this (in characters) have no completions worth looking for.
const MAX_PREFIX_CHARS: usize = 32;

impl Index<'_> {
    /// Words of the corpus that complete the last word of `prefix`, most frequent first.
    ///
    /// Typing `科` offers `科技`, `科技创新`, …; the completed word is folded (`defineProps` is
    /// offered as `defineprops`). Only words longer than what was typed are offered.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let last = prefix.split(|c: char| c.is_whitespace() || c.is_control()).next_back().unwrap_or("");
        if last.is_empty() || limit == 0 || last.chars().count() > MAX_PREFIX_CHARS {
            return Vec::new();
        }
        let folded = self.folder.fold(last);
        let typed = folded.chars().count();
        let mut found: Vec<Suggestion> = Vec::new();
        let mut stream = self.terms.search(fst::automaton::Str::new(&folded).starts_with()).into_stream();
        while let Some((term, count)) = stream.next() {
            let Ok(term) = std::str::from_utf8(term) else { continue };
            if term.chars().count() > typed {
                found.push(Suggestion { term: term.to_owned(), count });
            }
        }
        found.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
        found.truncate(limit);
        found
    }
}
