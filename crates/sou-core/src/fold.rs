//! Text normalisation ("folding") shared by the index writer and the query.
//!
//! Matching happens between *folded* text: the corpus is folded when the index is built, the query
//! when it is searched, by the same rule, so the two can never disagree.
//!
//! # The rule (`Unicode`)
//!
//! Folding works one character at a time:
//!
//! * ASCII letters are lowercased (`LED` → `led`).
//! * Letters and digits outside ASCII go through NFKC and are lowercased: full-width `ＬＥＤ６` →
//!   `led6`, CJK compatibility ideographs → their unified form, ligatures and circled digits → plain
//!   letters and digits.
//! * A Traditional Chinese character then becomes its Simplified form: `關` → `关`, `臟` → `脏`,
//!   `計算屬性` → `计算属性`. A Traditional query finds Simplified text and a Simplified query finds
//!   Traditional text.
//! * Everything else — punctuation, symbols, white space — is left as it is. NFKC would turn the
//!   full-width `，：；（）` of Chinese prose into ASCII and change its byte length every few
//!   characters; keeping them lets almost every block of Chinese text fold to itself, which is what
//!   makes the fast path of `is_simple` possible. Queries are split at white space and punctuation
//!   is never needed to find a word, so nothing is lost.
//!
//! Because folding is per character, the fold of a substring is a substring of the fold: anything
//! that occurs in a passage still occurs after both are folded. [`FoldMap`] keeps, for every byte of
//! the folded text, where its character came from, so highlights land on the original text.
//!
//! ## Traditional and Simplified
//!
//! The Traditional → Simplified table is OpenCC's character table `TSCharacters` (OpenCC,
//! Apache-2.0, <https://github.com/BYVoid/OpenCC>, as shipped by the `ferrous-opencc` crate): the
//! first candidate of each entry, for the entries of one character to another in the Basic
//! Multilingual Plane (3,751 of 4,113; the others are rare characters of the Supplementary
//! Ideographic Plane). A chain (`薴` → `苧` → `苎`) is followed to its end, so folding folded text
//! changes nothing.
//!
//! This is folding, not conversion. OpenCC's phrase tables, which pick a character by its context,
//! are not used: a search only needs the two spellings to meet, one character at a time. The price
//! is that the characters simplification merged are merged here too: `乾` (dry) and `幹` (trunk)
//! fold to `干` (to do), `後` (after) to `后` (empress), `髮` (hair) and `發` (to send) to `发`,
//! `麵` (noodles) to `面` (face). A query for one finds the others — `干` finds `乾` and `幹`, `后`
//! finds `後`, and the other way round — and ranking does not tell them apart. It shows most with
//! the few Traditional characters Simplified text keeps in some words: in a Simplified corpus,
//! `乾隆` is also found by `干隆`, and the surname `於` by `于`. Characters OpenCC leaves alone
//! because both scripts use them (`著`, which Simplified writes `着` in one of its senses) stay
//! apart: `看著` does not find `看着`.
//!
//! # The table ([`FoldTable`])
//!
//! The rule needs Unicode's normalisation and case tables and OpenCC's table: a few hundred
//! kilobytes that a wasm module should not carry. They are compiled only with this crate's `rule`
//! feature (on by default), which the index writer uses and the reader (the crate `sou`) leaves off.
//! At run time only some foldings can matter — those of characters whose folded form is made of
//! characters the corpus has (any other character cannot match anything, folded or not). The index
//! writer lists them in a [`FoldTable`] of a few kilobytes: runs of characters that fold alike as
//! ranges, and the scattered one-to-one foldings of Traditional characters as pairs (about three
//! bytes each, see [`FoldTable`]); the reader folds with that.

#[cfg(feature = "rule")]
use unicode_normalization::UnicodeNormalization;

/// A way to fold characters. `Unicode` is the rule; [`FoldTable`] is the rule restricted to what
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

/// The folding rule, from Unicode's and OpenCC's tables. Used where the index is built (feature
/// `rule`).
#[cfg(feature = "rule")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Unicode;

#[cfg(feature = "rule")]
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
                    emit(simplified::of(e).unwrap_or(e));
                }
            }
        }
    }
}

/// True when `c` is known to fold to itself without consulting the normalisation tables.
#[cfg(feature = "rule")]
#[inline]
fn folds_to_itself(c: char) -> bool {
    match c {
        // CJK Unified Ideographs and Extension A: never changed by NFKC, no case; only the
        // Traditional characters among them fold (one bit test).
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => !simplified::is_traditional(c),
        _ => !c.is_alphanumeric(),
    }
}

/// Traditional → Simplified: OpenCC's `TSCharacters`, one character to one, read once.
#[cfg(feature = "rule")]
mod simplified {
    use std::sync::OnceLock;

    use ferrous_opencc::config::BuiltinConfig;
    use ferrous_opencc::OpenCC;

    /// The characters looked up: CJK Unified Ideographs and Extension A, where all but 354 of the
    /// 4,113 entries of `TSCharacters` lie (compatibility ideographs reach them through NFKC). The
    /// other entries are rare characters of the Supplementary Ideographic Plane; looking up its
    /// 90,000 characters too would take three times as long (some 60 ms) at every index build.
    const BLOCKS: [(u32, u32); 2] = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF)];

    pub(super) struct Table {
        /// Every Traditional character and its Simplified form, by code point.
        pub pairs: Vec<(char, char)>,
        /// One bit per code point of the Basic Multilingual Plane (where all of them are): set for
        /// the Traditional ones.
        bmp: Vec<u64>,
    }

    pub(super) fn table() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(build)
    }

    /// True when `c` is a Traditional character that folds.
    #[inline]
    pub(super) fn is_traditional(c: char) -> bool {
        let c = c as usize;
        table().bmp.get(c / 64).is_some_and(|w| w & (1 << (c % 64)) != 0)
    }

    /// The Simplified form of `c`, when it is a Traditional character.
    #[inline]
    pub(super) fn of(c: char) -> Option<char> {
        if !is_traditional(c) {
            return None;
        }
        let pairs = &table().pairs;
        pairs.binary_search_by_key(&c, |p| p.0).ok().map(|i| pairs[i].1)
    }

    /// Converts every character of [`BLOCKS`] with OpenCC's `t2s` configuration, one per line so
    /// that its phrase table never applies, and keeps those that change into one other character.
    fn build() -> Table {
        let opencc = OpenCC::from_config(BuiltinConfig::T2s).expect("OpenCC's t2s configuration is built in");
        let candidates: Vec<char> =
            BLOCKS.iter().flat_map(|&(first, last)| (first..=last).filter_map(char::from_u32)).collect();
        let mut input = String::with_capacity(candidates.len() * 5);
        for &c in &candidates {
            input.push(c);
            input.push('\n');
        }
        let output = opencc.convert(&input);
        let lines: Vec<&str> = output.split_terminator('\n').collect();
        assert_eq!(lines.len(), candidates.len(), "OpenCC kept the line breaks");
        let mut pairs: Vec<(char, char)> = candidates
            .iter()
            .zip(lines)
            .filter_map(|(&c, line)| {
                let mut chars = line.chars();
                match (chars.next(), chars.next()) {
                    (Some(d), None) if d != c => Some((c, d)),
                    _ => None,
                }
            })
            .collect();
        // Follow chains (薴 → 苧 → 苎) to their end, so that folding is idempotent.
        let lookup = |pairs: &[(char, char)], c: char| pairs.binary_search_by_key(&c, |p| p.0).ok().map(|i| pairs[i].1);
        let ends: Vec<char> = pairs
            .iter()
            .map(|&(_, mut d)| {
                for _ in 0..8 {
                    match lookup(&pairs, d) {
                        Some(e) => d = e,
                        None => break,
                    }
                }
                d
            })
            .collect();
        for (pair, end) in pairs.iter_mut().zip(ends) {
            pair.1 = end;
        }
        pairs.retain(|p| p.0 != p.1);
        let mut bmp = vec![0u64; 1024];
        for &(c, _) in &pairs {
            bmp[c as usize / 64] |= 1 << (c as usize % 64);
        }
        Table { pairs, bmp }
    }
}

/// Folds `c` by the rule (see `Unicode`).
#[cfg(feature = "rule")]
pub fn fold_char(c: char, emit: impl FnMut(char)) {
    Unicode.fold_char(c, emit)
}

/// The folded form of `s`, by the rule.
#[cfg(feature = "rule")]
pub fn fold(s: &str) -> String {
    Unicode.fold(s)
}

/// True when `c` folds to exactly itself.
#[cfg(feature = "rule")]
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
/// capitals, compatibility ideographs or Traditional characters is not.
#[cfg(feature = "rule")]
pub fn is_simple(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii() || is_fixed_point(c))
}

/// The foldings of one corpus, as the index stores them.
///
/// A table is a list of records, sorted: `first..=last` (code points) folds to `target..` one for
/// one, or, for a record of one character folding to several, to a slice of `strings`. ASCII is not
/// listed: it is lowercased. Any character not listed folds to itself. The index stores them in
/// three parts ([`Stored`]):
///
/// * `table`: the ranges and strings, three varints each: `first` less the previous record's
///   `first`, `last - first`, and the target — `zigzag(target - first) << 1` for a range,
///   `(offset << 7 | len) << 1 | 1` for a string.
/// * `strings`: the targets of records that fold to several characters.
/// * `pairs`: records of one character folding to one other non-ASCII character, not part of a
///   run — Traditional characters and their Simplified forms, mostly. They are scattered over the
///   CJK blocks and their targets lie tens of thousands of code points away, so each is two
///   varints instead: the character less the previous pair's character, and the *rank* of its
///   target among the non-ASCII characters of the index's `chars` (about three bytes a pair where
///   a record would take four or five).
#[derive(Debug, Clone, Default)]
pub struct FoldTable<'a> {
    records: Vec<(u32, u32, Target)>,
    strings: &'a str,
    /// One bit per code point of the Basic Multilingual Plane, set where a record applies (empty
    /// when none does). Simplified Chinese text is looked up in one step.
    listed: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// `first + i` folds to `start + i`.
    Range(u32),
    /// The character folds to `strings[offset..offset + len]`.
    String(u32, u32),
}

/// A [`FoldTable`] as the index stores it (`fold_table`, `fold_strings` and `fold_pairs` in
/// [`IndexFile`](crate::IndexFile)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored {
    pub table: Vec<u8>,
    pub strings: String,
    pub pairs: Vec<u8>,
}

impl<'a> FoldTable<'a> {
    /// Reads a stored table; `chars` are the non-ASCII characters of the index's `chars`, in order
    /// (their rank is their place). `None` when the bytes are malformed.
    pub fn decode(table: &[u8], strings: &'a str, pairs: &[u8], chars: &[char]) -> Option<FoldTable<'a>> {
        let mut ranges = Vec::new();
        let (mut at, mut first) = (0, 0u32);
        while at < table.len() {
            let mut next = || {
                let (v, n) = crate::varint::read(&table[at..])?;
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
            ranges.push((first, last, target));
        }
        let mut singles = Vec::new();
        let (mut at, mut code) = (0, 0u32);
        while at < pairs.len() {
            let (delta, n) = crate::varint::read(&pairs[at..])?;
            at += n;
            let (rank, n) = crate::varint::read(&pairs[at..])?;
            at += n;
            code = code.checked_add(u32::try_from(delta).ok()?)?;
            let target = *chars.get(usize::try_from(rank).ok()?)?;
            singles.push((code, code, Target::Range(target as u32)));
        }
        // One list, by code point; records must not overlap (nor repeat).
        let mut records = Vec::with_capacity(ranges.len() + singles.len());
        let (mut r, mut s) = (ranges.into_iter().peekable(), singles.into_iter().peekable());
        loop {
            let next = match (r.peek(), s.peek()) {
                (Some(a), Some(b)) if a.0 <= b.0 => r.next(),
                (Some(_), None) => r.next(),
                _ => s.next(),
            };
            let Some(record) = next else { break };
            if records.last().is_some_and(|previous: &(u32, u32, Target)| previous.1 >= record.0) {
                return None;
            }
            records.push(record);
        }
        let mut listed = if records.first().is_some_and(|r| r.0 < 0x10000) { vec![0u64; 1024] } else { Vec::new() };
        for &(first, last, _) in records.iter().take_while(|r| r.0 < 0x10000) {
            for code in first..=last.min(0xFFFF) {
                listed[code as usize / 64] |= 1 << (code % 64);
            }
        }
        Some(FoldTable { records, strings, listed })
    }

    /// How many records the table has (pairs included).
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

#[cfg(feature = "rule")]
impl FoldTable<'_> {
    /// The stored table for a corpus whose folded text uses `chars` (the index's `chars`: every
    /// character but white space, ASCII first) and ASCII white space: every character that folds
    /// to something else made only of those characters.
    pub fn build(chars: &str) -> Stored {
        // White space is not in `chars` but may be folded too (to itself).
        let alphabet: std::collections::BTreeSet<char> = chars.chars().chain([' ', '\n', '\t']).collect();
        let rank: std::collections::HashMap<char, u32> =
            chars.chars().filter(|c| !c.is_ascii()).enumerate().map(|(r, c)| (c, r as u32)).collect();
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
        let mut stored = Stored { strings, ..Stored::default() };
        let (mut previous, mut previous_pair) = (0, 0);
        for (first, last, target) in records {
            let ranked = match target {
                Target::Range(d) if first == last => char::from_u32(d).and_then(|d| rank.get(&d)),
                _ => None,
            };
            if let Some(&rank) = ranked {
                crate::varint::write(&mut stored.pairs, u64::from(first - previous_pair));
                crate::varint::write(&mut stored.pairs, u64::from(rank));
                previous_pair = first;
                continue;
            }
            crate::varint::write(&mut stored.table, u64::from(first - previous));
            crate::varint::write(&mut stored.table, u64::from(last - first));
            let target = match target {
                Target::Range(start) => {
                    let delta = i64::from(start) - i64::from(first);
                    let zigzag = if delta >= 0 { (delta as u64) << 1 } else { (((-delta - 1) as u64) << 1) | 1 };
                    zigzag << 1
                }
                Target::String(offset, len) => ((u64::from(offset) << 7 | u64::from(len)) << 1) | 1,
            };
            crate::varint::write(&mut stored.table, target);
            previous = first;
        }
        stored
    }
}

impl Fold for FoldTable<'_> {
    #[inline]
    fn fold_char(&self, c: char, mut emit: impl FnMut(char)) {
        if c.is_ascii() {
            return emit(c.to_ascii_lowercase());
        }
        let code = c as u32;
        if code < 0x10000 && self.listed.get(code as usize / 64).is_none_or(|w| w & (1 << (code % 64)) == 0) {
            return emit(c);
        }
        // The last record that starts at or before `c`.
        let at = self.records.partition_point(|r| r.0 <= code);
        match at.checked_sub(1).map(|i| self.records[i]) {
            Some((first, last, Target::Range(start))) if code <= last => {
                emit(start.checked_add(code - first).and_then(char::from_u32).unwrap_or(c))
            }
            Some((_, last, Target::String(offset, len))) if code <= last => {
                match self.strings.get(offset as usize..offset as usize + len as usize) {
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

#[cfg(all(test, feature = "rule"))]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The index's `chars` for `text`: its folded characters but white space, ASCII first.
    fn chars_of(text: &str) -> String {
        let set: BTreeSet<char> = fold(text).chars().filter(|c| !c.is_whitespace()).collect();
        set.into_iter().collect()
    }

    /// The table a corpus of `text` stores, decoded as a reader does.
    fn table_for(text: &str) -> (Stored, FoldTable<'static>) {
        let chars = chars_of(text);
        let stored = FoldTable::build(&chars);
        let strings: &'static str = Box::leak(stored.strings.clone().into_boxed_str());
        let ranked: Vec<char> = chars.chars().filter(|c| !c.is_ascii()).collect();
        let table = FoldTable::decode(&stored.table, strings, &stored.pairs, &ranked).expect("decodes");
        (stored, table)
    }

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
        // A compatibility ideograph becomes its unified form, which then is simplified like any.
        assert_eq!(fold("\u{F900}"), fold("\u{8C48}"));
        assert_eq!(fold("\u{F900}"), "岂");
        assert_eq!(fold("Éa"), "éa");
        assert!(!is_simple("ＬＥＤ"));
        assert!(!is_simple("É"));
    }

    #[test]
    fn traditional_characters_fold_to_simplified() {
        assert_eq!(fold("臟關衛聯計屬乾後髮麵"), "脏关卫联计属干后发面");
        assert_eq!(fold("嘉峪關的衛星互聯網，馬鈴薯。"), "嘉峪关的卫星互联网，马铃薯。");
        assert_eq!(fold("計算屬性 Computed"), "计算属性 computed");
        // A chain is followed to its end; an entry that keeps its character does nothing.
        assert_eq!(fold("薴苧"), "苎苎");
        assert_eq!(fold("覆"), "覆");
        for c in "臟關乾後髮".chars() {
            assert!(!is_fixed_point(c), "{c}");
        }
        for c in "脏关干后发覆".chars() {
            assert!(is_fixed_point(c), "{c}");
        }
        assert!(!is_simple("嘉峪關"));
        assert!(is_simple("嘉峪关"));
        // Several thousand characters, one to one.
        let pairs = &simplified::table().pairs;
        assert!((3500..4113).contains(&pairs.len()), "{}", pairs.len());
        assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn folding_folded_text_changes_nothing() {
        let ideographs = ('\u{3400}'..='\u{9FFF}')
            .chain('\u{F900}'..='\u{FAFF}')
            .chain('\u{20000}'..='\u{2B73F}')
            .chain('\u{2F800}'..='\u{2FA1F}');
        for c in ideographs.chain(('\0'..=char::MAX).step_by(11)) {
            let once = fold(&c.to_string());
            assert_eq!(fold(&once), once, "U+{:04X}", c as u32);
            // The fast path agrees with the rule.
            assert_eq!(is_fixed_point(c), once == c.to_string(), "U+{:04X}", c as u32);
        }
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
    fn map_points_back_to_traditional_characters() {
        let original = "位於嘉峪關的衛星";
        let map = FoldMap::new(&Unicode, original);
        assert_eq!(map.text, "位于嘉峪关的卫星");
        let at = map.text.find("峪关").unwrap();
        let (s, e) = map.original_range(at, at + "峪关".len());
        assert_eq!(&original[s..e], "峪關");
        let at = map.text.find("卫星").unwrap();
        let (s, e) = map.original_range(at, map.text.len());
        assert_eq!(&original[s..e], "衛星");
    }

    #[test]
    fn fold_of_a_substring_is_a_substring_of_the_fold() {
        let s = "Ｖｕｅ３的ＡＰＩ①号ﬁle計算屬性";
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
        let corpus = "Vue 3 的 API：甘肃金昌 fi é 豈 1 计算属性 人工心脏 卫星互联网 嘉峪关 干 后 发 面 苎";
        let chars = chars_of(corpus);
        let alphabet: BTreeSet<char> = chars.chars().chain([' ', '\n', '\t']).collect();
        let (stored, table) = table_for(corpus);
        // Full-width and mathematical letters run in ranges, Traditional characters are pairs: the
        // table stays small.
        let pairs = table.len() - table_records(&stored.table);
        assert!(pairs > 20, "{pairs} pairs");
        assert!(stored.pairs.len() <= 3 * pairs, "{} bytes for {pairs} pairs", stored.pairs.len());
        assert!(
            table.len() < 450 && stored.table.len() < 2000,
            "{} records, {} bytes",
            table.len(),
            stored.table.len()
        );
        let ideographs = ('\u{3400}'..='\u{9FFF}').chain('\u{F900}'..='\u{FAFF}').chain('\u{20000}'..='\u{2B73F}');
        for c in ('\0'..=char::MAX).step_by(7).chain(ideographs).chain("ＶｕｅＡＰＩ①ﬁÉ\u{F900}𝐕ⓥ".chars())
        {
            let (by_rule, by_table) = (fold(&c.to_string()), table.fold(&c.to_string()));
            if by_rule.chars().all(|d| alphabet.contains(&d)) {
                assert_eq!(by_table, by_rule, "{c:?} U+{:04X}", c as u32);
            }
        }
        assert_eq!(table.fold("ＶＵＥ①ﬁ𝐕ⓥÉ\u{F900}"), "vue1fivvé岂");
        assert_eq!(
            table.fold("計算屬性，人工心臟、衛星互聯網：嘉峪關乾後髮麵薴"),
            "计算属性，人工心脏、卫星互联网：嘉峪关干后发面苎"
        );
        // What the corpus cannot have stays as it is.
        assert_eq!(table.fold("Ж"), "Ж");
        assert_eq!(table.fold("龍"), "龍"); // 龙 is not in the corpus
    }

    /// How many records the range part of a stored table holds.
    fn table_records(bytes: &[u8]) -> usize {
        let mut at = 0;
        let mut n = 0;
        while at < bytes.len() {
            for _ in 0..3 {
                at += crate::varint::read(&bytes[at..]).unwrap().1;
            }
            n += 1;
        }
        n
    }

    #[test]
    fn a_traditional_query_finds_simplified_text_and_the_other_way_round() {
        // A Simplified corpus: the reader folds a Traditional query with the corpus's table.
        let corpus = "计算属性是 Vue 的核心概念。";
        let (_, table) = table_for(corpus);
        let text = FoldMap::new(&table, corpus);
        let query = table.fold("計算屬性");
        assert_eq!(query, "计算属性");
        assert_eq!(text.text.find(&query), Some(0));

        // A Traditional corpus: its text folds to Simplified, and so do both kinds of query.
        let corpus = "計算屬性是 Vue 的核心概念，位於嘉峪關。";
        let (_, table) = table_for(corpus);
        let text = FoldMap::new(&table, corpus);
        assert_eq!(text.text, fold(corpus));
        for (query, original) in
            [("计算属性", "計算屬性"), ("計算屬性", "計算屬性"), ("嘉峪关", "嘉峪關"), ("于嘉峪", "於嘉峪")]
        {
            let folded = table.fold(query);
            let at = text.text.find(&folded).unwrap_or_else(|| panic!("{query} not found in {}", text.text));
            // The highlight covers the original, Traditional characters.
            let (s, e) = text.original_range(at, at + folded.len());
            assert_eq!(&corpus[s..e], original);
        }
    }

    #[test]
    fn malformed_tables_are_rejected_without_panicking() {
        let (stored, _) = table_for("计算属性 fi é 豈");
        let chars = chars_of("计算属性 fi é 豈");
        let ranked: Vec<char> = chars.chars().filter(|c| !c.is_ascii()).collect();
        let decode = |table: &[u8], pairs: &[u8]| FoldTable::decode(table, "", pairs, &ranked).map(|t| t.len());
        assert!(decode(&stored.table, &stored.pairs).is_some());
        // A rank past the characters, a pair cut short, a pair repeated, records that overlap.
        assert_eq!(decode(b"", &[0x81, 0x01, 100]), None);
        assert_eq!(decode(b"", &[0x81, 0x01]), None);
        assert_eq!(decode(b"", &[0x81, 0x01, 0, 0, 0]), None);
        assert_eq!(decode(&[0x81, 0x01, 5, 0], &[0x83, 0x01, 0]), None);
        assert_eq!(decode(b"", &[0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0]), None);
        // Whatever the bytes, decoding and folding never panic.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len % 23)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect();
            let (a, b) = bytes.split_at(bytes.len() / 2);
            for (table, pairs) in [(a, b), (&bytes[..], &[][..]), (&[][..], &bytes[..])] {
                if let Some(t) = FoldTable::decode(table, "xyz", pairs, &ranked) {
                    t.fold("计算屬性 ＡÉ\u{F900}𝐕");
                }
            }
        }
    }
}
