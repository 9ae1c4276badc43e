//! Text normalisation ("folding") shared by the index writer and the query.
//!
//! Matching happens between *folded* text: the corpus is folded when the index is built, the query
//! when it is searched, with this one function, so the two can never disagree.
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

use unicode_normalization::UnicodeNormalization;

/// Calls `emit` with the folded form of `c` (usually one character, sometimes none or several).
#[inline]
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
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

/// True when `c` is known to fold to itself without consulting the normalisation tables.
#[inline]
fn folds_to_itself(c: char) -> bool {
    // CJK Unified Ideographs and Extension A: never changed by NFKC, no case.
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}') || !c.is_alphanumeric()
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

/// The folded form of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, |d| out.push(d));
    }
    out
}

/// True when folding `s` is the same as lowercasing its ASCII letters, byte for byte.
///
/// For such text a search can lowercase a copy in place (offsets unchanged) instead of folding it
/// character by character. Most Chinese text is simple; text with full-width letters, accented
/// capitals or compatibility ideographs is not.
pub fn is_simple(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii() || is_fixed_point(c))
}

/// Folded text together with a map back to the original.
#[derive(Debug, Default, Clone)]
pub struct FoldMap {
    /// The folded text.
    pub text: String,
    /// For every byte of `text`, plus one past the end, the byte offset in the original text of the
    /// character it came from.
    origin: Vec<u32>,
    /// The original text's length, where a match that ends at the end of `text` ends.
    original_len: u32,
}

impl FoldMap {
    /// Folds `s` into this map, reusing its buffers.
    pub fn fold_from(&mut self, s: &str) {
        self.text.clear();
        self.origin.clear();
        for (at, c) in s.char_indices() {
            let text = &mut self.text;
            let origin = &mut self.origin;
            fold_char(c, |d| {
                text.push(d);
                origin.resize(text.len(), at as u32);
            });
        }
        self.original_len = s.len() as u32;
    }

    /// Folds `s`.
    pub fn new(s: &str) -> FoldMap {
        let mut map = FoldMap::default();
        map.fold_from(s);
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
        let map = FoldMap::new(original);
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
}
