//! The stored text, whole or in shards that arrive as queries need them.
//!
//! An index either holds its text (one part, always there) or is a *head* whose text is cut into
//! shards at block boundaries (see `sou_core::shard`). Everything that reads text asks for a
//! byte range of the whole text, by the offsets the index stores; the range is served from the
//! part that holds it, or not at all when that part has not been added yet. A miss is noted, per
//! thread, so that a query can say which shards it needed: the caller fetches them, adds them,
//! and asks again. Nothing else in the reader knows that shards exist, apart from keeping runs of
//! blocks that are searched as one inside one part.

use std::cell::RefCell;
use std::sync::OnceLock;

thread_local! {
    /// Parts that reads on this thread needed and did not find: (part, how many reads).
    static WANTED: RefCell<Vec<(u32, u32)>> = const { RefCell::new(Vec::new()) };
}

pub(crate) struct Text<'a> {
    /// Where each part starts in the whole text, then where the text ends.
    starts: Vec<usize>,
    /// The first block of each part.
    first_blocks: Vec<u32>,
    parts: Vec<OnceLock<&'a str>>,
    /// Each part's ASCII, lowercased, made on first need.
    ascii: Vec<OnceLock<Ascii>>,
}

/// A part's ASCII bytes with letters lowercased, each run of other bytes (characters that are not
/// ASCII) cut to the one byte 0x80. In a simple block (see `crate::query::scan`) a needle made of
/// ASCII can match nothing else, and this is a third of the bytes to search on the Vue docs.
pub(crate) struct Ascii {
    pub bytes: Vec<u8>,
    /// Each run cut: where its 0x80 stands in `bytes`, and where the run ends in the part.
    runs: Vec<(u32, u32)>,
}

impl Ascii {
    /// The ASCII of `part` (whose length fits in a u32, as every offset of an index does).
    pub fn new(part: &[u8]) -> Ascii {
        let mut bytes = Vec::with_capacity(part.len() / 2);
        let mut runs = Vec::new();
        let mut at = 0;
        while let Some(&b) = part.get(at) {
            if b.is_ascii() {
                bytes.push(b.to_ascii_lowercase());
                at += 1;
            } else {
                let run = part[at..].iter().position(u8::is_ascii).unwrap_or(part.len() - at);
                runs.push((bytes.len() as u32, (at + run) as u32));
                bytes.push(0x80);
                at += run;
            }
        }
        Ascii { bytes, runs }
    }

    /// Where byte `at` of the part stands in `bytes`, and how many runs were cut before it. A
    /// byte inside a run (never a block's start or end: those follow a passage's end, which is
    /// ASCII; but a damaged index may say otherwise) stands where the run's 0x80 does.
    pub fn in_ascii(&self, at: usize) -> (usize, usize) {
        let k = self.runs.partition_point(|&(_, end)| end as usize <= at);
        let index = at - self.shift(k);
        (self.runs.get(k).map_or(index, |&(cut, _)| index.min(cut as usize)), k)
    }

    /// Where byte `at` of `bytes` (not a cut run's 0x80) stands in the part. `runs` counts the
    /// runs cut before it: a count for an earlier byte is a place to start from, so that bytes
    /// taken in order cost a step each, not a search.
    pub fn in_part(&self, at: usize, runs: &mut usize) -> usize {
        while self.runs.get(*runs).is_some_and(|&(cut, _)| (cut as usize) < at) {
            *runs += 1;
        }
        at + self.shift(*runs)
    }

    /// How much shorter `bytes` is than the part after the first `k` runs cut.
    fn shift(&self, k: usize) -> usize {
        k.checked_sub(1).and_then(|k| self.runs.get(k)).map_or(0, |&(cut, end)| end as usize - cut as usize - 1)
    }
}

impl<'a> Text<'a> {
    /// Text that is all there.
    pub fn whole(text: &'a str) -> Text<'a> {
        Text {
            starts: vec![0, text.len()],
            first_blocks: vec![0],
            parts: vec![OnceLock::from(text)],
            ascii: vec![OnceLock::new()],
        }
    }

    /// Text in parts that start at `starts` (byte offsets; then the text's length) and at blocks
    /// `first_blocks`, none of them loaded yet.
    pub fn sharded(starts: Vec<usize>, first_blocks: Vec<u32>) -> Text<'a> {
        let n = first_blocks.len();
        Text {
            starts,
            first_blocks,
            parts: (0..n).map(|_| OnceLock::new()).collect(),
            ascii: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The length of the whole text.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// How many parts there are, and how many are loaded.
    pub fn parts(&self) -> (usize, usize) {
        (self.parts.len(), self.parts.iter().filter(|p| p.get().is_some()).count())
    }

    /// The byte length part `part` must have.
    pub fn part_len(&self, part: usize) -> Option<usize> {
        Some(self.starts.get(part + 1)? - self.starts.get(part)?)
    }

    /// Gives part `part` its text (already checked to be of [`Text::part_len`]). A part given
    /// twice keeps the first.
    pub fn add(&self, part: usize, text: &'a str) {
        if let Some(slot) = self.parts.get(part) {
            let _ = slot.set(text);
        }
    }

    /// Whether part `part` is loaded.
    pub fn is_loaded(&self, part: usize) -> bool {
        self.parts.get(part).is_some_and(|p| p.get().is_some())
    }

    /// The part that holds byte `at`.
    fn part_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1).min(self.parts.len() - 1)
    }

    /// The part that holds block `block`.
    pub fn part_of_block(&self, block: u32) -> usize {
        self.first_blocks.partition_point(|&b| b <= block).saturating_sub(1)
    }

    /// The loaded part holding byte `at` and where it starts; `None` (the part noted as wanted)
    /// when it is not loaded.
    pub fn span(&self, at: usize) -> Option<(&'a str, usize)> {
        let part = self.part_at(at);
        match self.parts[part].get() {
            Some(text) => Some((text, self.starts[part])),
            None => {
                want(part as u32);
                None
            }
        }
    }

    /// Bytes `start..end` of the text, when they lie in one loaded part (else `None`, and the
    /// part noted as wanted when it is not loaded).
    pub fn get(&self, start: usize, end: usize) -> Option<&'a str> {
        let (text, base) = self.span(start)?;
        text.get(start.checked_sub(base)?..end.checked_sub(base)?)
    }

    /// The [`Ascii`] of the part holding bytes `start..end`, with where that part starts in the
    /// whole text, when they lie in one loaded part.
    pub fn ascii(&self, start: usize, end: usize) -> Option<(&Ascii, usize)> {
        let (text, base) = self.span(start)?;
        text.get(start.checked_sub(base)?..end.checked_sub(base)?)?;
        let part = self.part_at(start);
        Some((self.ascii[part].get_or_init(|| Ascii::new(text.as_bytes())), base))
    }
}

fn want(part: u32) {
    WANTED.with_borrow_mut(|wanted| match wanted.iter_mut().find(|w| w.0 == part) {
        Some(w) => w.1 += 1,
        None => wanted.push((part, 1)),
    });
}

/// The parts that reads on this thread wanted since the last call, with how many reads wanted
/// each, the most wanted first; and forgets them.
pub(crate) fn take_wanted() -> Vec<(u32, u32)> {
    let mut wanted = WANTED.with_borrow_mut(std::mem::take);
    crate::sort::sort_by_key(&mut wanted, |&(part, reads)| (std::cmp::Reverse(reads), part));
    wanted
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Ascii;

    proptest! {
        /// Every ASCII byte of a part is in its `Ascii`, lowercased, and maps back to where it
        /// was; every run of other bytes is one 0x80.
        #[test]
        fn ascii_maps_back_to_the_part(text in "[a-zA-Z0-9 {}\u{1E}人工心脏é😀]{0,80}") {
            let part = text.as_bytes();
            let ascii = Ascii::new(part);
            let mut runs = 0;
            let mut expected = Vec::new();
            for (at, &b) in part.iter().enumerate() {
                let (index, _) = ascii.in_ascii(at);
                if b.is_ascii() {
                    prop_assert_eq!(ascii.bytes[index], b.to_ascii_lowercase());
                    prop_assert_eq!(ascii.in_part(index, &mut runs), at);
                    expected.push(b.to_ascii_lowercase());
                } else if at == 0 || part[at - 1].is_ascii() {
                    prop_assert_eq!(ascii.bytes[index], 0x80);
                    expected.push(0x80);
                }
            }
            prop_assert_eq!(&ascii.bytes, &expected);
            prop_assert_eq!(ascii.in_ascii(part.len()).0, ascii.bytes.len());
            // Inside a run too: in order, within the ASCII.
            let places: Vec<usize> = (0..=part.len()).map(|at| ascii.in_ascii(at).0).collect();
            prop_assert!(places.windows(2).all(|w| w[0] <= w[1]) && places.iter().all(|&p| p <= ascii.bytes.len()));
        }
    }
}
