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
    /// Each part with ASCII letters lowercased, made on first need.
    lowered: Vec<OnceLock<Vec<u8>>>,
}

impl<'a> Text<'a> {
    /// Text that is all there.
    pub fn whole(text: &'a str) -> Text<'a> {
        Text {
            starts: vec![0, text.len()],
            first_blocks: vec![0],
            parts: vec![OnceLock::from(text)],
            lowered: vec![OnceLock::new()],
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
            lowered: (0..n).map(|_| OnceLock::new()).collect(),
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

    /// [`Text::get`] with ASCII letters lowercased.
    pub fn lowered(&self, start: usize, end: usize) -> Option<&[u8]> {
        let (text, base) = self.span(start)?;
        let part = self.part_at(start);
        let lowered = self.lowered[part].get_or_init(|| text.as_bytes().to_ascii_lowercase());
        lowered.get(start.checked_sub(base)?..end.checked_sub(base)?)
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
