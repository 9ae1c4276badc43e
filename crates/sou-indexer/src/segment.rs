//! Cutting folded text into words, for the index's vocabulary.
//!
//! Chinese runs go through jieba's search mode with HMM (`cut_for_search`: the words and the
//! dictionary words inside them, `科技创新` → `科技`, `创新`, `科技创新`). Runs of ASCII letters and
//! digits are cut by rule instead and kept whole (`6cr13`, `led`, `v-model`, `defineprops`), with
//! the parts of a joined run as words of their own (`v-model` → `model`).
//!
//! The words only make the vocabulary (see [`crate::vocabulary`]): the dictionary that queries are
//! segmented with and that suggestions come from. Finding text never depends on them (see
//! `sou_core::format`).

use jieba_rs::Jieba;
use sou_core::runs::{is_connector, runs, Run};

/// Words longer than this (in bytes) are left out of the vocabulary: hashes, base64, minified code.
pub const MAX_WORD_BYTES: usize = 64;

/// Cuts text into words. Creating one loads jieba's dictionary (a few hundred milliseconds), so
/// make one and reuse it.
pub struct Segmenter {
    jieba: Jieba,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    pub fn new() -> Segmenter {
        Segmenter { jieba: Jieba::new() }
    }

    /// Calls `emit` with every word of `folded` (text already folded by `sou_core::fold`), in search
    /// mode: long words and the words inside them.
    pub fn words<'t>(&self, folded: &'t str, mut emit: impl FnMut(&'t str)) {
        let mut emit = |w: &'t str| {
            if w.len() <= MAX_WORD_BYTES && w.chars().any(char::is_alphanumeric) {
                emit(w);
            }
        };
        for run in runs(folded) {
            match run {
                Run::Latin(run) => {
                    // `v-model` and `my_var` are words; `count.value` is two (member access).
                    if !run.contains('.') {
                        emit(run);
                    }
                    if run.contains(is_connector) {
                        for part in run.split(is_connector) {
                            if part.len() >= 2 && part.bytes().any(|b| b.is_ascii_alphabetic()) {
                                emit(part);
                            }
                        }
                    }
                }
                Run::Other(run) => {
                    for token in self.jieba.cut_for_search(run, true) {
                        emit(token.word);
                    }
                }
            }
        }
    }

    /// How often jieba's dictionary has seen `c` as a word of its own (1 when never): how common
    /// the character is.
    pub fn char_frequency(&self, c: char) -> usize {
        let mut buf = [0u8; 4];
        self.jieba.suggest_freq(c.encode_utf8(&mut buf)).saturating_sub(1).max(1)
    }

    /// Calls `emit` with the words of each Chinese run of `folded` in reading order, as jieba cuts
    /// it (no sub-words), one slice per run: the sequence that phrases are found in.
    pub fn sequences(&self, folded: &str, mut emit: impl FnMut(&[&str])) {
        let mut words = Vec::new();
        for run in runs(folded) {
            if let Run::Other(run) = run {
                words.clear();
                words.extend(self.jieba.cut(run, true).into_iter().map(|t| t.word));
                emit(&words);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_latin_whole_and_cut_chinese_for_search() {
        let segmenter = Segmenter::new();
        let mut words = Vec::new();
        segmenter.words("中华人民共和国用 v-model 和 defineprops，6cr13 led count.value", |w| words.push(w));
        // Search mode: the long word and the dictionary words inside it.
        for expected in
            ["中华人民共和国", "共和国", "人民", "v-model", "model", "defineprops", "6cr13", "led", "count", "value"]
        {
            assert!(words.contains(&expected), "{expected} missing from {words:?}");
        }
        assert!(!words.contains(&"count.value"));
        assert!(!words.iter().any(|w| w.contains('，') || w.trim().is_empty()));
    }
}
