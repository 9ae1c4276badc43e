//! The index's vocabulary: the words a query is segmented with and suggestions are drawn from,
//! each with how often it occurs.
//!
//! It starts as every word the segmenter produced, and is then shaped for its two uses:
//!
//! * **Phrases the corpus repeats are words.** jieba's dictionary is general; a corpus has its own
//!   compounds (`科技创新` in the seed articles, cut by jieba as `科技` + `创新`). Two words that stand
//!   side by side often enough — at least [`MIN_PHRASE_COUNT`] times, and in at least a tenth of the
//!   occurrences of the rarer one — become a word too, so typing `科` offers `科技创新` and a query
//!   is cut along the corpus's own phrases.
//! * **Words seen once are dropped** (Latin words seen twice too), and so are numbers. They make
//!   up about half of all words, would cost a third of the index's dictionary, and neither help a
//!   query's segmentation (a word missing from the vocabulary is still found, letter for letter)
//!   nor make a useful suggestion.

use std::collections::BTreeMap;

use crate::segment::Segmenter;

/// Adjacent words must stand together at least this often to become a phrase.
pub const MIN_PHRASE_COUNT: u64 = 3;
/// A Latin word must occur at least this often to be kept.
pub const MIN_LATIN_COUNT: u64 = 3;
/// A phrase is at most this many characters long.
const MAX_PHRASE_CHARS: usize = 8;

/// Collects words and phrases from folded text.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: BTreeMap<String, u64>,
    pairs: BTreeMap<(String, String), u64>,
}

impl Vocabulary {
    /// Adds the words of `folded` (text folded by `sou_core::fold`).
    pub fn add(&mut self, segmenter: &Segmenter, folded: &str) {
        segmenter.words(folded, |w| *self.words.entry(w.to_owned()).or_default() += 1);
        segmenter.sequences(folded, |words| {
            for pair in words.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let chars = a.chars().count() + b.chars().count();
                let is_word = |w: &str| w.chars().count() >= 2 && w.chars().all(char::is_alphanumeric);
                if is_word(a) && is_word(b) && chars <= MAX_PHRASE_CHARS {
                    *self.pairs.entry((a.to_owned(), b.to_owned())).or_default() += 1;
                }
            }
        });
    }

    /// The words and phrases worth keeping, with their counts, in order.
    pub fn finish(mut self) -> BTreeMap<String, u64> {
        for ((a, b), count) in std::mem::take(&mut self.pairs) {
            let rarer = self.words.get(&a).copied().unwrap_or(0).min(self.words.get(&b).copied().unwrap_or(0));
            if count >= MIN_PHRASE_COUNT && count * 10 >= rarer {
                let phrase = a + &b;
                let known = self.words.entry(phrase).or_default();
                *known = (*known).max(count);
            }
        }
        self.words.retain(|word, &mut count| {
            // Latin words seen twice are mostly identifiers of one code sample shown two ways.
            let enough = if word.is_ascii() { MIN_LATIN_COUNT } else { 2 };
            count >= enough && word.chars().any(char::is_alphabetic)
        });
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_neighbours_become_phrases_and_rare_words_go() {
        let segmenter = Segmenter::new();
        let mut vocabulary = Vocabulary::default();
        for _ in 0..3 {
            vocabulary.add(&segmenter, "推动科技创新，发展科技创新。");
        }
        vocabulary.add(&segmenter, "一次性的词语 2023 年");
        let words = vocabulary.finish();
        assert!(words["科技创新"] >= 3, "{words:?}");
        assert!(words.contains_key("科技") && words.contains_key("创新"));
        assert!(!words.contains_key("词语"), "seen once");
        assert!(!words.contains_key("2023"), "a number");
    }
}
