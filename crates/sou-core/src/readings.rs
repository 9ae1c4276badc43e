//! Pinyin readings of characters: the table behind pinyin queries and homophone typos.
//!
//! The index stores, for every Chinese character of the corpus and for the few thousand
//! characters people type most, its toneless pinyin readings in common use (every one of a
//! polyphonic character: 行 is `xing` and `hang`). A reader inverts it once into "which
//! characters of the corpus sound like this syllable", which is all that pinyin (`jiayuguan` →
//! 嘉峪关) and homophone typos (`嘉裕关` → 嘉峪关) need: the words themselves come from the term
//! dictionary.
//!
//! The common characters are there for typos: the character someone typed by mistake need not
//! occur in the corpus, but the input method offered it, so it is a common one.
//!
//! # Layout
//!
//! * `syllables`: the syllables used, separated by spaces; a syllable's *id* is its place. The
//!   writer puts the most used first, so most ids fit in one byte. `ü` is written `v` (`lv`, `nve`),
//!   as pinyin is typed.
//! * `readings`: one record per character, in code point order: the code point less the previous
//!   one's, as a varint, then each reading as a varint `id << 1 | more`, `more` set on all but the
//!   last. The readings are the ones in common use, commonest first (the indexer's
//!   `polyphones`): a reader may take a character's third reading and later ones for the least
//!   common (和 as `hu`).

use crate::varint;

/// The readings of one character, as the writer gives them.
pub type Entry = (char, Vec<u16>);

/// Writes the `readings` bytes for `entries` (sorted by character, each with at least one reading).
pub fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 3);
    let mut previous = 0u32;
    for (c, ids) in entries {
        let code = *c as u32;
        varint::write(&mut out, u64::from(code - previous));
        previous = code;
        for (i, &id) in ids.iter().enumerate() {
            varint::write(&mut out, u64::from(id) << 1 | u64::from(i + 1 < ids.len()));
        }
    }
    out
}

/// The table, decoded.
#[derive(Debug, Clone, Default)]
pub struct Readings<'a> {
    syllables: Vec<&'a str>,
    /// (character, first reading in `ids`), in character order, and one past the last.
    chars: Vec<(char, u32)>,
    ids: Vec<u16>,
}

impl<'a> Readings<'a> {
    /// Reads the stored table; `None` when the bytes are malformed (an id without a syllable, code
    /// points out of order or out of range).
    pub fn decode(bytes: &[u8], syllables: &'a str) -> Option<Readings<'a>> {
        let syllables: Vec<&str> = syllables.split(' ').filter(|s| !s.is_empty()).collect();
        let mut chars = Vec::new();
        let mut ids = Vec::new();
        let (mut at, mut code) = (0usize, 0u32);
        while at < bytes.len() {
            let (delta, n) = varint::read(&bytes[at..])?;
            at += n;
            if delta == 0 && !chars.is_empty() {
                return None;
            }
            code = code.checked_add(u32::try_from(delta).ok()?)?;
            chars.push((char::from_u32(code)?, ids.len() as u32));
            loop {
                let (v, n) = varint::read(bytes.get(at..)?)?;
                at += n;
                let id = u16::try_from(v >> 1).ok().filter(|&id| usize::from(id) < syllables.len())?;
                ids.push(id);
                if v & 1 == 0 {
                    break;
                }
            }
        }
        chars.push(('\0', ids.len() as u32));
        Some(Readings { syllables, chars, ids })
    }

    /// The syllables, by id.
    pub fn syllables(&self) -> &[&'a str] {
        &self.syllables
    }

    /// The reading ids of `c` (empty when the table does not have it).
    pub fn of(&self, c: char) -> &[u16] {
        let listed = &self.chars[..self.chars.len().saturating_sub(1)];
        match listed.binary_search_by_key(&c, |e| e.0) {
            Ok(i) => &self.ids[self.chars[i].1 as usize..self.chars[i + 1].1 as usize],
            Err(_) => &[],
        }
    }

    /// Every character of the table with its reading ids, in character order.
    pub fn iter(&self) -> impl Iterator<Item = (char, &[u16])> + '_ {
        self.chars.windows(2).map(|w| (w[0].0, &self.ids[w[0].1 as usize..w[1].1 as usize]))
    }

    /// How many characters the table has.
    pub fn len(&self) -> usize {
        self.chars.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A toneless pinyin reading as typed: `ü` becomes `v`; `None` for anything that is not a plain
/// lowercase syllable.
pub fn typed(plain: &str) -> Option<String> {
    let s: String = plain.chars().map(|c| if c == 'ü' { 'v' } else { c }).collect();
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let entries: Vec<Entry> = vec![('行', vec![1, 3, 4]), ('长', vec![0, 2]), ('𠀀', vec![200])];
        let mut names: Vec<String> = (0..201).map(|i| format!("s{i}")).collect();
        names[0] = "chang".into();
        let syllables = names.join(" ");
        let bytes = encode(&entries);
        let table = Readings::decode(&bytes, &syllables).unwrap();
        assert_eq!(table.len(), 3);
        assert_eq!(table.of('长'), &[0, 2]);
        assert_eq!(table.of('行'), &[1, 3, 4]);
        assert_eq!(table.of('𠀀'), &[200]);
        assert!(table.of('人').is_empty());
        assert_eq!(table.syllables()[0], "chang");
        let listed: Vec<(char, Vec<u16>)> = table.iter().map(|(c, ids)| (c, ids.to_vec())).collect();
        assert_eq!(listed, entries);
    }

    #[test]
    fn malformed_tables_are_rejected() {
        let bytes = encode(&[('长', vec![5])]);
        assert!(Readings::decode(&bytes, "a b").is_none(), "id without a syllable");
        assert!(Readings::decode(&bytes[..bytes.len() - 1], "a b c d e f").is_none(), "cut short");
        let mut twice = encode(&[('长', vec![0])]);
        twice.extend_from_slice(&[0, 0]);
        assert!(Readings::decode(&twice, "a").is_none(), "the same character twice");
        assert!(Readings::decode(&[], "").unwrap().is_empty());
    }

    #[test]
    fn typed_form() {
        assert_eq!(typed("lü").as_deref(), Some("lv"));
        assert_eq!(typed("zhong").as_deref(), Some("zhong"));
        assert_eq!(typed("zhōng"), None);
        assert_eq!(typed(""), None);
    }
}
