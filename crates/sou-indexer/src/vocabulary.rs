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
/// Adjacent words must stand together in at least one of this many occurrences of the rarer.
const PHRASE_SHARE: u64 = 10;
/// A word and one character after it: in at least one of this many occurrences of the word.
const SUFFIX_SHARE: u64 = 2;
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
                let is_word =
                    |w: &str, least: usize| w.chars().count() >= least && w.chars().all(char::is_alphanumeric);
                if is_word(a, 2) && is_word(b, 1) && chars <= MAX_PHRASE_CHARS {
                    *self.pairs.entry((a.to_owned(), b.to_owned())).or_default() += 1;
                }
            }
        });
    }

    /// The words and phrases worth keeping, with their counts, in order.
    pub fn finish(mut self) -> BTreeMap<String, u64> {
        for ((a, b), count) in std::mem::take(&mut self.pairs) {
            let count_of = |w: &str| self.words.get(w).copied().unwrap_or(0);
            // A word and a character after it (`响应` `式`, jieba's cut of 响应式) make a word only
            // when the word mostly stands so: `式` or `的` stand after many words, and a character
            // seen rarely alone (`确` of `声明确保`, cut 声明 确保… and so 声明 确) says nothing.
            let enough = if b.chars().count() == 1 {
                count * SUFFIX_SHARE >= count_of(&a)
            } else {
                count * PHRASE_SHARE >= count_of(&a).min(count_of(&b))
            };
            if count >= MIN_PHRASE_COUNT && enough {
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

    #[test]
    fn a_word_and_the_character_it_mostly_stands_before_are_a_word() {
        let segmenter = Segmenter::new();
        let mut vocabulary = Vocabulary::default();
        // jieba cuts 响应式 as 响应 式; 的 follows 数据 once in four.
        for _ in 0..3 {
            vocabulary.add(&segmenter, "响应式系统，响应式数据，数据的来源，数据结构，数据类型，数据流。");
        }
        let words = vocabulary.finish();
        assert!(words.get("响应式").is_some_and(|&n| n >= 3), "{words:?}");
        assert!(!words.contains_key("数据的"), "{words:?}");
    }
}
