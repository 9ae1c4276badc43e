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
    /// Completions of the last word of `prefix` (after its last white space), most frequent first.
    ///
    /// Typing `科` offers `科技`, `科技创新`, …. Chinese is typed without spaces, so when no word
    /// starts with the whole last word, its shortest ending that some word starts with is
    /// completed instead, after what comes before it: `甘肃金` offers `甘肃金昌`. Suggestions are
    /// folded (`defineProps` is offered as `defineprops`) and always longer than what was typed.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let last = prefix.split(|c: char| c.is_whitespace() || c.is_control()).next_back().unwrap_or("");
        if last.is_empty() || limit == 0 || last.chars().count() > MAX_PREFIX_CHARS {
            return Vec::new();
        }
        let folded = self.folder().fold(last);
        for (at, _) in folded.char_indices() {
            let found = self.completions(&folded[..at], &folded[at..], limit);
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// The words that start with `word` and are longer, each after `before`, most frequent first.
    fn completions(&self, before: &str, word: &str, limit: usize) -> Vec<Suggestion> {
        let Some(key) = self.term_key(word) else { return Vec::new() };
        let mut found: Vec<(u64, Vec<u8>)> = Vec::new();
        let mut stream = self.terms.search(Prefix(&key)).into_stream();
        while let Some((term, count)) = stream.next() {
            if term.len() > key.len() {
                found.push((count, term.to_vec()));
            }
        }
        // Most frequent first; ties in key order, so the result never depends on anything else.
        found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found
            .into_iter()
            .take(limit)
            .filter_map(|(count, key)| Some(Suggestion { term: format!("{before}{}", self.term_text(&key)?), count }))
            .collect()
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
