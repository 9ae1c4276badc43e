//! Text normalisation ("folding") shared by the index writer and the query.
//!
//! Matching happens between *folded* text: the corpus is folded when the index is built, the query
//! when it is searched, by the same rule, so the two can never disagree.
//!
//! # The rule ([`Unicode`])
//!
//! Folding works one character at a time:
//!
//! * ASCII letters are lowercased (`LED` → `led`).
//! * Letters and digits outside ASCII go through NFKC and are lowercased: full-width `ＬＥＤ６` →
//!   `led6`, CJK compatibility ideographs → their unified form, ligatures and circled digits → plain
//!   letters and digits.
//! * Everything else — punctuation, symbols, white space — is left as it is. NFKC would turn the
//!   full-width `，：；（）` of Chinese prose into ASCII and change its byte length every few
//!   characters; keeping them lets almost every block of Chinese text fold to itself, which is what
//!   makes the fast path of [`is_simple`] possible. Queries are split at white space and punctuation
//!   is never needed to find a word, so nothing is lost.
//!
//! Because folding is per character, the fold of a substring is a substring of the fold: anything
//! that occurs in a passage still occurs after both are folded. [`FoldMap`] keeps, for every byte of
//! the folded text, where its character came from, so highlights land on the original text.
//!
//! # The table ([`FoldTable`])
//!
//! The rule needs Unicode's normalisation and case tables: about 150 KB that a wasm module should
//! not carry. At run time only a few hundred foldings can matter — those of characters whose folded
//! form is made of characters the corpus has (any other character cannot match anything, folded
//! or not). The index writer lists them, as ranges, in a [`FoldTable`] of a few kilobytes; the
//! reader folds with that.

use unicode_normalization::UnicodeNormalization;

/// A way to fold characters. [`Unicode`] is the rule; [`FoldTable`] is the rule restricted to what
/// one corpus can match.
pub trait Fold {
    /// Calls `emit` with the folded form of `c` (one character, or sometimes several).
    fn fold_char(&self, c: char, emit: impl FnMut(char));

    /// The folded form of `s`.
    fn fold(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            self.fold_char(c, |d| out.push(d));
        }
        out
    }
}

/// The folding rule, from Unicode's tables. Used where the index is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unicode;

impl Fold for Unicode {
    #[inline]
    fn fold_char(&self, c: char, mut emit: impl FnMut(char)) {
        if c.is_ascii() {
            emit(c.to_ascii_lowercase());
        } else if folds_to_itself(c) {
            emit(c);
        } else {
            for d in std::iter::once(c).nfkc() {
                for e in d.to_lowercase() {
                    emit(e);
                }
            }
        }
    }
}

/// True when `c` is known to fold to itself without consulting the normalisation tables.
#[inline]
fn folds_to_itself(c: char) -> bool {
    // CJK Unified Ideographs and Extension A: never changed by NFKC, no case.
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}') || !c.is_alphanumeric()
}

/// Folds `c` by the rule (see [`Unicode`]).
pub fn fold_char(c: char, emit: impl FnMut(char)) {
    Unicode.fold_char(c, emit)
}

/// The folded form of `s`, by the rule.
pub fn fold(s: &str) -> String {
    Unicode.fold(s)
}

/// True when `c` folds to exactly itself.
pub fn is_fixed_point(c: char) -> bool {
    if folds_to_itself(c) {
        return true;
    }
    let mut n = 0;
    let mut same = true;
    fold_char(c, |d| {
        n += 1;
        same &= d == c;
    });
    same && n == 1
}

/// True when folding `s` is the same as lowercasing its ASCII letters, byte for byte.
///
/// For such text a search can lowercase a copy in place (offsets unchanged) instead of folding it
/// character by character. Most Chinese text is simple; text with full-width letters, accented
/// capitals or compatibility ideographs is not.
pub fn is_simple(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii() || is_fixed_point(c))
}

/// The foldings of one corpus, as the index stores them.
///
/// A table is a list of records, sorted: `first..=last` (code points) folds to `target..` one for
/// one, or, for a record of one character folding to several, to a slice of `strings`. ASCII is not
/// listed: it is lowercased. Any character not listed folds to itself. Stored, each record is
/// three varints: `first` less the previous record's `first`, `last - first`, and the target —
/// `zigzag(target - first) << 1` for a range, `(offset << 7 | len) << 1 | 1` for a string.
#[derive(Debug, Clone, Default)]
pub struct FoldTable<'a> {
    records: Vec<(u32, u32, Target)>,
    strings: &'a str,
    /// One bit per 256 code points of the Basic Multilingual Plane: set where some record may
    /// apply. Chinese text folds to itself and its characters are looked up in one step.
    pages: [u64; 4],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// `first + i` folds to `start + i`.
    Range(u32),
    /// The character folds to `strings[offset..offset + len]`.
    String(u32, u32),
}

impl<'a> FoldTable<'a> {
    /// Reads a stored table; `None` when the bytes are malformed.
    pub fn decode(bytes: &[u8], strings: &'a str) -> Option<FoldTable<'a>> {
        let mut records = Vec::new();
        let (mut at, mut first) = (0, 0u32);
        while at < bytes.len() {
            let mut next = || {
                let (v, n) = crate::varint::read(&bytes[at..])?;
                at += n;
                Some(v)
            };
            first = first.checked_add(u32::try_from(next()?).ok()?)?;
            let last = first.checked_add(u32::try_from(next()?).ok()?)?;
            let target = next()?;
            let target = if target & 1 == 0 {
                let delta = (target >> 1) as i64;
                let delta = if delta & 1 == 0 { delta >> 1 } else { -(delta >> 1) - 1 };
                Target::Range(u32::try_from(first as i64 + delta).ok()?)
            } else {
                let packed = target >> 1;
                Target::String(u32::try_from(packed >> 7).ok()?, (packed & 0x7F) as u32)
            };
            records.push((first, last, target));
        }
        let mut pages = [0u64; 4];
        for &(first, last, _) in &records {
            for page in (first >> 8)..=(last >> 8).min(255) {
                pages[page as usize / 64] |= 1 << (page % 64);
            }
        }
        Some(FoldTable { records, strings, pages })
    }

    /// The stored table for a corpus whose folded text uses the characters of `alphabet`: every
    /// character that folds to something else made only of those characters.
    pub fn build(alphabet: &std::collections::BTreeSet<char>) -> (Vec<u8>, String) {
        let mut records: Vec<(u32, u32, Target)> = Vec::new();
        let mut strings = String::new();
        let mut folded = String::new();
        for c in ('\u{80}'..=char::MAX).filter(|&c| !folds_to_itself(c)) {
            folded.clear();
            fold_char(c, |d| folded.push(d));
            let mut chars = folded.chars();
            let single = match (chars.next(), chars.next()) {
                (Some(d), None) => Some(d),
                _ => None,
            };
            if single == Some(c) || !folded.chars().all(|d| alphabet.contains(&d)) {
                continue;
            }
            let c = c as u32;
            match single {
                Some(d) => {
                    let d = d as u32;
                    match records.last_mut() {
                        Some((first, last, Target::Range(start))) if *last + 1 == c && *start + (c - *first) == d => {
                            *last = c
                        }
                        _ => records.push((c, c, Target::Range(d))),
                    }
                }
                None => {
                    let at = strings.find(folded.as_str()).unwrap_or_else(|| {
                        strings.push_str(&folded);
                        strings.len() - folded.len()
                    });
                    records.push((c, c, Target::String(at as u32, folded.len() as u32)));
                }
            }
        }
        let mut bytes = Vec::new();
        let mut previous = 0;
        for (first, last, target) in records {
            crate::varint::write(&mut bytes, u64::from(first - previous));
            crate::varint::write(&mut bytes, u64::from(last - first));
            let target = match target {
                Target::Range(start) => {
                    let delta = i64::from(start) - i64::from(first);
                    let zigzag = if delta >= 0 { (delta as u64) << 1 } else { (((-delta - 1) as u64) << 1) | 1 };
                    zigzag << 1
                }
                Target::String(offset, len) => ((u64::from(offset) << 7 | u64::from(len)) << 1) | 1,
            };
            crate::varint::write(&mut bytes, target);
            previous = first;
        }
        (bytes, strings)
    }

    /// How many records the table has.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl Fold for FoldTable<'_> {
    #[inline]
    fn fold_char(&self, c: char, mut emit: impl FnMut(char)) {
        if c.is_ascii() {
            return emit(c.to_ascii_lowercase());
        }
        let code = c as u32;
        let page = code >> 8;
        if page < 256 && self.pages[page as usize / 64] & (1 << (page % 64)) == 0 {
            return emit(c);
        }
        // The last record that starts at or before `c`.
        let at = self.records.partition_point(|r| r.0 <= code);
        match at.checked_sub(1).map(|i| self.records[i]) {
            Some((first, last, Target::Range(start))) if code <= last => {
                emit(char::from_u32(start + (code - first)).unwrap_or(c))
            }
            Some((_, last, Target::String(offset, len))) if code <= last => {
                match self.strings.get(offset as usize..(offset + len) as usize) {
                    Some(s) => s.chars().for_each(emit),
                    None => emit(c),
                }
            }
            _ => emit(c),
        }
    }
}

/// Folded text together with a map back to the original.
#[derive(Debug, Default, Clone)]
pub struct FoldMap {
    /// The folded text.
    pub text: String,
    /// For every byte of `text` the byte offset in the original text of the character it came
    /// from.
    origin: Vec<u32>,
    /// The original text's length, where a match that ends at the end of `text` ends.
    original_len: u32,
}

impl FoldMap {
    /// Folds `s` into this map, reusing its buffers.
    pub fn fold_from(&mut self, folder: &impl Fold, s: &str) {
        self.text.clear();
        self.origin.clear();
        for (at, c) in s.char_indices() {
            let text = &mut self.text;
            let origin = &mut self.origin;
            folder.fold_char(c, |d| {
                text.push(d);
                origin.resize(text.len(), at as u32);
            });
        }
        self.original_len = s.len() as u32;
    }

    /// Folds `s`.
    pub fn new(folder: &impl Fold, s: &str) -> FoldMap {
        let mut map = FoldMap::default();
        map.fold_from(folder, s);
        map
    }

    /// Maps a byte range of the folded text to the smallest range of whole original characters
    /// that produced it.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let start_at = self.origin.get(start).map_or(self.original_len, |&o| o);
        // The end is where the first character after the range begins, unless that character is
        // the very one the range ends inside (one original character folding to several).
        let mut end_at = self.original_len;
        if let Some(&o) = self.origin.get(end) {
            let last = end.checked_sub(1).and_then(|i| self.origin.get(i)).copied();
            end_at = if Some(o) == last { self.next_origin_after(end) } else { o };
        }
        (start_at as usize, (end_at as usize).max(start_at as usize))
    }

    fn next_origin_after(&self, from: usize) -> u32 {
        let here = self.origin[from];
        self.origin[from..].iter().copied().find(|&o| o != here).unwrap_or(self.original_len)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ascii_is_lowercased() {
        assert_eq!(fold("LED defineProps 6Cr13"), "led defineprops 6cr13");
    }

    #[test]
    fn full_width_letters_and_digits_become_ascii() {
        assert_eq!(fold("ＬＥＤ６Ｃｒ１３"), "led6cr13");
    }

    #[test]
    fn chinese_and_punctuation_are_kept() {
        let s = "甘肃金昌：创新赋能，传统工业（华丽）“蝶变”……";
        assert_eq!(fold(s), s);
        assert!(is_simple(s));
        assert!(is_simple("Vue 3 的 API，很好。"));
    }

    #[test]
    fn compatibility_characters_fold() {
        assert_eq!(fold("①"), "1");
        assert_eq!(fold("ﬁ"), "fi");
        assert_eq!(fold("\u{F900}"), "\u{8C48}");
        assert_eq!(fold("Éa"), "éa");
        assert!(!is_simple("ＬＥＤ"));
        assert!(!is_simple("É"));
    }

    #[test]
    fn map_points_back_to_original_characters() {
        let original = "买ＬＥＤ灯ﬁx";
        let map = FoldMap::new(&Unicode, original);
        assert_eq!(map.text, "买led灯fix");
        let at = map.text.find("led").unwrap();
        let (s, e) = map.original_range(at, at + 3);
        assert_eq!(&original[s..e], "ＬＥＤ");
        // "i" alone lies inside the ligature: the whole original character is highlighted.
        let at = map.text.find('i').unwrap();
        let (s, e) = map.original_range(at, at + 1);
        assert_eq!(&original[s..e], "ﬁ");
        let (s, e) = map.original_range(at, map.text.len());
        assert_eq!(&original[s..e], "ﬁx");
    }

    #[test]
    fn fold_of_a_substring_is_a_substring_of_the_fold() {
        let s = "Ｖｕｅ３的ＡＰＩ①号ﬁle";
        let folded = fold(s);
        let chars: Vec<char> = s.chars().collect();
        for i in 0..chars.len() {
            for j in i + 1..=chars.len() {
                let sub: String = chars[i..j].iter().collect();
                assert!(folded.contains(&fold(&sub)), "{sub}");
            }
        }
    }

    #[test]
    fn the_table_folds_like_the_rule_wherever_it_can_matter() {
        let corpus = "Vue 3 的 API：甘肃金昌 fi é 豈 1";
        let alphabet: BTreeSet<char> = fold(corpus).chars().collect();
        let (bytes, strings) = FoldTable::build(&alphabet);
        let table = FoldTable::decode(&bytes, &strings).unwrap();
        // Full-width and mathematical letters run in ranges: the table stays small.
        assert!(table.len() < 400 && bytes.len() < 2000, "{} records, {} bytes", table.len(), bytes.len());
        for c in ('\0'..=char::MAX).step_by(7).chain("ＶｕｅＡＰＩ①ﬁÉ\u{F900}𝐕ⓥ".chars()) {
            let (by_rule, by_table) = (fold(&c.to_string()), table.fold(&c.to_string()));
            if by_rule.chars().all(|d| alphabet.contains(&d)) {
                assert_eq!(by_table, by_rule, "{c:?} U+{:04X}", c as u32);
            }
        }
        assert_eq!(table.fold("ＶＵＥ①ﬁ𝐕ⓥÉ\u{F900}"), "vue1fivvé\u{8C48}");
        // What the corpus cannot have stays as it is.
        assert_eq!(table.fold("Ж"), "Ж");
    }
}
