//! As-you-type completions from the term dictionary.

use fst::{Automaton, IntoStreamer, Streamer};
use serde::Serialize;
use sou_core::fold::Fold;

use crate::index::Index;
use crate::query::lattice::{walk, WalkOptions};

/// A completion and how often it occurs in the corpus.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Suggestion {
    pub term: String,
    pub count: u64,
}

/// Pinyin readings whose completions are offered, at least.
const PINYIN_READINGS: usize = 8;
/// Prefixes longer than this (in characters) have no completions worth looking for.
const MAX_PREFIX_CHARS: usize = 32;

impl Index<'_> {
    /// Completions of the last word of `prefix` (after its last white space), most frequent first.
    ///
    /// Typing `科` offers `科技`, `科技创新`, …. Chinese is typed without spaces, so when no word
    /// starts with the whole last word, its shortest ending that some word starts with is
    /// completed instead, after what comes before it: `甘肃金` offers `甘肃金昌`. Suggestions are
    /// folded (`defineProps` is offered as `defineprops`) and always longer than what was typed.
    /// Pinyin that no word starts with is read as the words it spells: `jiayu` offers `嘉峪关`.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let last = prefix.split(|c: char| c.is_whitespace() || c.is_control()).next_back().unwrap_or("");
        if last.is_empty() || limit == 0 || last.chars().count() > MAX_PREFIX_CHARS {
            return Vec::new();
        }
        let folded = self.folder().fold(last);
        // Pinyin with tones (`xiǎngy`, `xiang3`) is pinyin; beside characters (`响应shi`) it is
        // read with them before it is taken for the start of a Latin word (`shift`).
        if let Some(plain) = self.toneless_pinyin(&folded) {
            return self.pinyin_completions(&plain, limit);
        }
        if !folded.is_ascii() && folded.ends_with(|c: char| c.is_ascii_lowercase()) {
            let found = self.pinyin_completions(&folded, limit);
            if !found.is_empty() {
                return found;
            }
        }
        // Chinese is completed from any character on; a Latin word only whole (`ming` inside
        // `shengming` is no word to complete).
        let starts = folded.char_indices().filter(|&(at, c)| {
            at == 0 || !c.is_ascii() || !folded.get(..at).unwrap_or("").ends_with(|p: char| p.is_ascii_alphanumeric())
        });
        for (at, _) in starts {
            let found = self.completions(folded.get(..at).unwrap_or(""), folded.get(at..).unwrap_or(""), limit);
            if !found.is_empty() {
                return found;
            }
        }
        self.pinyin_completions(&folded, limit)
    }

    /// The words that start with what `typed` spells in pinyin, its last syllable possibly cut short
    /// (`jiayu`, `jiay` → 嘉峪关), or with characters (`响应shi` → 响应式), most frequent first:
    /// those that read the syllables as typed before those that take the last for the start of a
    /// longer one (`xian` offers 现在 before 像, which is `xiang`), each word's count discounted by
    /// what its reading costs besides the words (a rare reading: `tong` offers 通过 and 同时, and
    /// 重新 only far behind).
    fn pinyin_completions(&self, typed: &str, limit: usize) -> Vec<Suggestion> {
        let lattice = if typed.is_ascii() {
            self.sounds().pinyin(typed, false, Some(1))
        } else {
            self.sounds().mixed(self, typed)
        };
        let found = lattice.map(|lattice| self.completions_of(&lattice, limit)).unwrap_or_default();
        // Pinyin that starts no word as typed may with a sound confused (`xiangyinshi` → 响应式,
        // as the search reads it).
        if !found.is_empty() || !typed.is_ascii() {
            return found;
        }
        let lattice = self.sounds().fuzzy_pinyin(typed, Some(1));
        lattice.map(|lattice| self.completions_of(&lattice, limit)).unwrap_or_default()
    }

    /// The words that start with a reading of `lattice` that is one word or the start of one.
    fn completions_of(&self, lattice: &crate::query::lattice::Lattice, limit: usize) -> Vec<Suggestion> {
        // Only a reading that is one word, or the start of one, has completions: the walk looks
        // for no other (a long pinyin string has thousands of readings in words; 1.4 ms → 45 µs
        // for `xiangyinshijichuzujiansijian` on the Vue docs).
        let options = WalkOptions {
            partial_end: true,
            loose: false,
            max_changed: u32::MAX,
            one_word: true,
            // Enough readings that the most frequent words are among their completions whatever
            // the limit: the first few offered do not depend on how many are asked for.
            results: limit.max(PINYIN_READINGS),
            max_steps: 20_000,
        };
        // (the last syllable cut short, the count discounted (its logarithm), suggestion)
        let mut found: Vec<(bool, f64, Suggestion)> = Vec::new();
        for reading in walk(self.terms.as_fst(), self.file.stats.term_total, lattice, options) {
            let Some(text) = self.term_text(&reading.key) else { continue };
            let charged = f64::from(reading.charged);
            let mut offer = |s: Suggestion| found.push((reading.cut, (s.count.max(1) as f64).ln() - charged, s));
            if let Some(count) = self.terms.get(&reading.key).filter(|_| !reading.partial) {
                offer(Suggestion { term: text.clone(), count });
            }
            self.completions("", &text, limit).into_iter().for_each(offer);
        }
        let mut seen = std::collections::BTreeSet::new();
        found.retain(|s| seen.insert(s.2.term.clone()));
        // Ties in the order found: the cheaper reading first.
        let mut found: Vec<(usize, (bool, f64, Suggestion))> = found.into_iter().enumerate().collect();
        crate::sort::sort_by(&mut found, |(i, a), (j, b)| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(i.cmp(j)));
        found.into_iter().take(limit).map(|(_, (_, _, s))| s).collect()
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
        crate::sort::sort_by(&mut found, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
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
