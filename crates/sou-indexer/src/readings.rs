//! The pinyin readings table of an index (see `sou_core::readings`): which characters it lists and
//! their readings.
//!
//! It lists every Chinese character of the corpus and the [`COMMON_CHARS`] characters jieba's
//! dictionary sees most, each with its readings in common use (see [`crate::polyphones`]): from
//! `pinyin-data` (through the `pinyin` crate), tones dropped.

use std::collections::{BTreeMap, BTreeSet};

use pinyin::ToPinyinMulti;
use sou_core::fold;
use sou_core::readings;

use crate::polyphones::USUAL;
use crate::segment::Segmenter;

/// How many of the commonest characters are listed besides the corpus's own: a typo's character
/// need not occur in the corpus. 3,000 characters cover over 99% of running Chinese text.
pub const COMMON_CHARS: usize = 3000;

/// The readings of `c` in common use, commonest first: those [`USUAL`] gives, else pinyin-data's
/// first (see [`crate::polyphones`]). `None` for a character pinyin-data does not read.
pub fn usual_readings(c: char) -> Option<Vec<String>> {
    if let Ok(i) = USUAL_SORTED.binary_search_by_key(&c, |e| e.0) {
        return Some(USUAL_SORTED[i].1.split(' ').map(str::to_owned).collect());
    }
    let first = c.to_pinyin_multi()?.into_iter().next()?;
    readings::typed(first.plain()).map(|s| vec![s])
}

/// [`USUAL`], sorted by character once.
static USUAL_SORTED: std::sync::LazyLock<Vec<(char, &str)>> = std::sync::LazyLock::new(|| {
    let mut table = USUAL.to_vec();
    table.sort_unstable_by_key(|e| e.0);
    table
});

/// The `syllables` string and `readings` bytes of an index whose folded text has the characters
/// `alphabet`.
pub fn table(alphabet: &BTreeSet<char>, segmenter: &Segmenter) -> (String, Vec<u8>) {
    let mut common: Vec<(std::cmp::Reverse<usize>, char)> = ('\u{4E00}'..='\u{9FFF}')
        .filter(|&c| fold::is_fixed_point(c) && c.to_pinyin_multi().is_some())
        .map(|c| (std::cmp::Reverse(segmenter.char_frequency(c)), c))
        .collect();
    common.sort_unstable();
    let listed: BTreeSet<char> = common
        .iter()
        .take(COMMON_CHARS)
        .map(|&(_, c)| c)
        .chain(alphabet.iter().copied().filter(|c| !c.is_ascii()))
        .collect();

    let mut by_char: Vec<(char, Vec<String>)> = Vec::new();
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for c in listed {
        let Some(sounds) = usual_readings(c) else { continue };
        for s in &sounds {
            *uses.entry(s.clone()).or_default() += 1;
        }
        by_char.push((c, sounds));
    }
    // The most used syllables get the smallest ids; ties in alphabetical order.
    let mut order: Vec<(&String, &usize)> = uses.iter().collect();
    order.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let id: BTreeMap<&str, u16> = order.iter().enumerate().map(|(i, (s, _))| (s.as_str(), i as u16)).collect();
    let syllables = order.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(" ");
    let entries: Vec<readings::Entry> =
        by_char.iter().map(|(c, sounds)| (*c, sounds.iter().map(|s| id[s.as_str()]).collect())).collect();
    (syllables, readings::encode(&entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_corpus_and_the_common_characters_with_every_reading() {
        let segmenter = Segmenter::new();
        let alphabet: BTreeSet<char> = "嘉峪关a1".chars().collect();
        let (syllables, bytes) = table(&alphabet, &segmenter);
        let table = readings::Readings::decode(&bytes, &syllables).unwrap();
        let sounds = |c: char| -> Vec<&str> { table.of(c).iter().map(|&i| table.syllables()[i as usize]).collect() };
        assert_eq!(sounds('峪'), ["yu"]);
        // Not in the corpus, but common: a typo may bring it.
        assert_eq!(sounds('裕'), ["yu"]);
        assert!(sounds('行').contains(&"xing") && sounds('行').contains(&"hang"));
        assert!(sounds('长').contains(&"chang") && sounds('长').contains(&"zhang"));
        assert_eq!(sounds('绿')[0], "lv");
        assert!(table.len() >= COMMON_CHARS && table.len() < COMMON_CHARS + 10);
        assert!(sounds('a').is_empty());
    }
}
