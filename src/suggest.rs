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
        let folded = self.folder().fold(last);
        let Some(key) = self.term_key(&folded) else { return Vec::new() };
        let mut found: Vec<Suggestion> = Vec::new();
        let mut stream = self.terms.search(Prefix(&key)).into_stream();
        while let Some((term, count)) = stream.next() {
            if term.len() > key.len() {
                if let Some(term) = self.term_text(term) {
                    found.push(Suggestion { term, count });
                }
            }
        }
        found.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
        found.truncate(limit);
        found
    }
}

/// Matches the keys that start with these bytes (fst's `Str` automaton wants UTF-8).
struct Prefix<'k>(&'k [u8]);

impl Automaton for Prefix<'_> {
    /// How many bytes of the prefix have matched, or `None` once a byte did not.
    type State = Option<usize>;

    fn start(&self) -> Option<usize> {
        Some(0)
    }

    fn is_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn can_match(&self, state: &Option<usize>) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn accept(&self, state: &Option<usize>, byte: u8) -> Option<usize> {
        match *state {
            Some(i) if i == self.0.len() => Some(i),
            Some(i) if self.0[i] == byte => Some(i + 1),
            _ => None,
        }
    }
}
