//! Finding every occurrence of the query's strings in the corpus.
//!
//! A string can only occur in a block whose character postings hold every one of its characters:
//! those are its *candidate blocks*. Each candidate block's text is then searched, once for all the
//! strings that have it as a candidate. A block whose text is *simple* (folding it is ASCII
//! lowercasing) is searched as it is, or as a lowercased copy when a string has ASCII letters, so
//! byte offsets stay those of the original; a string all of ASCII is searched in the block's ASCII
//! alone, lowercased, with each run of other characters cut to one byte (`crate::text::Ascii`):
//! on the Vue docs that is a third of the bytes, and Latin fragments are most of the slow
//! queries. Any other block is folded character by character into a
//! buffer that remembers where each byte came from.
//!
//! The substring search itself is `memchr::memmem`, told how common each byte is in this corpus
//! (the index stores the ranking): its prefilter then looks for the rarest bytes of the string, which
//! for UTF-8 Chinese are not the ones its default, English-trained ranking would pick.

use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem::{Finder, FinderBuilder};
use sou_core::fold::{Fold, FoldMap, FoldTable};
use sou_core::format;

use super::lattice::Lattice;
use crate::index::{Index, Pair};
use crate::text::Ascii;

/// One occurrence: the passage, the byte range in the original text, and the needle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Occurrence {
    pub passage: u32,
    pub start: u32,
    pub end: u32,
    pub needle: u32,
}

/// Byte frequencies of the corpus, for the substring search's prefilter.
#[derive(Clone, Copy)]
struct CorpusRank<'a>(&'a [u8]);

impl HeuristicFrequencyRank for CorpusRank<'_> {
    fn rank(&self, byte: u8) -> u8 {
        self.0.get(byte as usize).copied().unwrap_or(0)
    }
}

/// Buffers reused from block to block.
#[derive(Default)]
pub(crate) struct Scratch {
    list: Vec<u32>,
    pub folded: FoldMap,
    pub occurrences: Vec<Occurrence>,
    /// Where each needle's occurrences start in `occurrences` before they are merged, the runs'
    /// read positions and ends while they are, and the merged list.
    runs: Vec<usize>,
    heads: Vec<(usize, usize)>,
    merged: Vec<Occurrence>,
}

/// A needle ready to be searched for.
pub(crate) struct Searcher<'n> {
    finder: Finder<'n>,
    len: usize,
    needs_lowering: bool,
    /// All ASCII: in a simple block it is searched in the block's ASCII alone.
    ascii: bool,
}

impl<'a> Index<'a> {
    pub(crate) fn searcher<'n>(&self, needle: &'n str) -> Searcher<'n> {
        Searcher {
            finder: FinderBuilder::new().build_forward_with_ranker(CorpusRank(self.file.byte_ranks), needle.as_bytes()),
            len: needle.len(),
            needs_lowering: needle.bytes().any(|b| b.is_ascii_alphabetic()),
            ascii: needle.is_ascii(),
        }
    }

    /// Which of `texts` (folded) occur anywhere in the text.
    ///
    /// Texts that differ only in their last character are looked for together: their shared start
    /// once, then the character after each of its occurrences. The readings of a pinyin query
    /// are such texts (响应式, 响应时, 响应是 for `xiangyingshi`), and a reading that occurs nowhere
    /// would otherwise cost a scan of all its candidate blocks, each.
    pub(crate) fn occurring(&self, texts: &[&str]) -> Vec<bool> {
        let mut found = vec![false; texts.len()];
        let mut checked = vec![false; texts.len()];
        for i in 0..texts.len() {
            if checked[i] {
                continue;
            }
            let start = without_last_char(texts[i]);
            let group: Vec<usize> =
                (i..texts.len()).filter(|&j| !checked[j] && without_last_char(texts[j]) == start).collect();
            // A start of one character is in most blocks: those texts are looked for each whole.
            if group.len() > 1 && start.chars().nth(1).is_some() {
                let next: Vec<char> = group.iter().filter_map(|&j| texts[j].chars().next_back()).collect();
                for (&j, followed) in group.iter().zip(self.followed_by(start, &next)) {
                    (found[j], checked[j]) = (followed, true);
                }
            } else {
                (found[i], checked[i]) = (self.occurs(texts[i]), true);
            }
        }
        found
    }

    /// Whether `needle` (folded) occurs anywhere in the text; stops at the first block that has it.
    fn occurs(&self, needle: &str) -> bool {
        let mut found = false;
        self.scan_until(needle, |occurrences| {
            found = !occurrences.is_empty();
            found
        });
        found
    }

    /// For each character of `next`, whether `start` (folded) occurs followed by it, folded; stops
    /// at the first block where all have been seen.
    fn followed_by(&self, start: &str, next: &[char]) -> Vec<bool> {
        let mut found = vec![false; next.len()];
        self.scan_until(start, |occurrences| {
            for o in occurrences {
                let Some((text, base)) = self.text.span(o.end as usize) else { continue };
                let Some(after) = text.get(o.end as usize - base..).and_then(|t| t.chars().next()) else { continue };
                let mut folded = None;
                self.folder().fold_char(after, |d| {
                    folded.get_or_insert(d);
                });
                found.iter_mut().zip(next).for_each(|(f, &c)| *f |= folded == Some(c));
            }
            found.iter().all(|&f| f)
        });
        found
    }

    /// Searches the candidate blocks of `needle` one at a time, handing `seen` each block's
    /// occurrences, until it says it has what it wanted.
    fn scan_until(&self, needle: &str, mut seen: impl FnMut(&[Occurrence]) -> bool) {
        let mut scratch = Scratch::default();
        let mut blocks = Vec::new();
        self.candidate_blocks(needle, &mut scratch, &mut blocks);
        let searcher = self.searcher(needle);
        for &b in &blocks {
            self.scan_blocks(b, b, &[(0, &searcher)], &mut scratch);
            if seen(&scratch.occurrences) {
                return;
            }
        }
    }

    /// The blocks that contain every character of `needle`, in order, into `out` (cleared first).
    /// Those that hold every pair of letters or digits of it, too (`te`, `el`, … of `teleport`).
    pub(crate) fn candidate_blocks(&self, needle: &str, scratch: &mut Scratch, out: &mut Vec<u32>) {
        out.clear();
        // (length, offset, in the pair postings) of each character's and pair's block list.
        let mut lists: Vec<(usize, usize, bool)> = Vec::new();
        for c in needle.chars() {
            let Some(at) = self.char_postings(c) else { return };
            if !lists.iter().any(|&(_, a, pair)| a == at && !pair) {
                lists.push((format::block_list_len(self.file.char_postings, at).unwrap_or(0), at, false));
            }
        }
        for pair in needle.as_bytes().windows(2) {
            if !(format::is_pair_byte(pair[0]) && format::is_pair_byte(pair[1])) {
                continue;
            }
            match self.pair_postings([pair[0], pair[1]]) {
                Pair::Nowhere => return,
                Pair::Anywhere => {}
                Pair::In(at) => {
                    if !lists.iter().any(|&(_, a, pair)| a == at && pair) {
                        lists.push((format::block_list_len(self.file.pair_postings, at).unwrap_or(0), at, true));
                    }
                }
            }
        }
        // Shortest list first: the intersection can only shrink.
        crate::sort::sort(&mut lists);
        let blocks = self.file.stats.blocks;
        for (i, &(_, at, pair)) in lists.iter().enumerate() {
            let target = if i == 0 { &mut *out } else { &mut scratch.list };
            let postings = if pair { self.file.pair_postings } else { self.file.char_postings };
            if format::read_block_list(postings, at, blocks, target).is_none() {
                out.clear();
                return;
            }
            if i > 0 {
                let mut others = scratch.list.iter().peekable();
                out.retain(|&b| {
                    while others.next_if(|&&o| o < b).is_some() {}
                    others.peek() == Some(&&b)
                });
            }
            if out.is_empty() {
                return;
            }
        }
    }

    /// Searches blocks `first_block..=last_block` (all simple or all not) for each of `needles`
    /// (needle id, searcher); the occurrences go to `scratch.occurrences`, sorted by passage and
    /// start.
    pub(crate) fn scan_blocks(
        &self,
        first_block: u32,
        last_block: u32,
        needles: &[(u32, &Searcher)],
        scratch: &mut Scratch,
    ) {
        scratch.occurrences.clear();
        let (start, _, simple) = self.block_range(first_block);
        let (_, end, _) = self.block_range(last_block);
        // A range across two shards, or in one not loaded, is not searched (see `crate::text`).
        let Some(block_text) = self.text.get(start, end) else { return };
        let (first, _) = self.block_passages(first_block);
        let (_, last) = self.block_passages(last_block);
        let ascii = if simple && needles.iter().any(|(_, s)| s.ascii) {
            self.text.ascii(start, end).map(|(ascii, base)| AsciiSpan::new(ascii, start - base, end - base))
        } else {
            None
        };
        let occurrences = &mut scratch.occurrences;
        let runs = &mut scratch.runs;
        runs.clear();
        let text = Haystack { text: block_text, simple, ascii };
        // Where the block's passages start; each needle's matches come in order, so a cursor finds
        // the passage of each. A match never spans a separator: neither folded text nor a needle
        // contains one.
        let starts = self.passage_starts(first, last);
        // Only in a damaged index (a passage separator lost, the checksum made to match) can a
        // block's text begin before its first passage: what stands there belongs to no passage
        // this block knows, and is left out rather than given a passage that starts after it.
        let Some(&first_start) = starts.first() else { return };
        let mut cursor = (u32::MAX, 0usize);
        find(text, needles, self.folder(), &mut scratch.folded, |needle, s, e| {
            let (s, e) = ((start + s) as u32, (start + e) as u32);
            if s < first_start {
                return;
            }
            if cursor.0 != needle {
                cursor = (needle, 0);
                runs.push(occurrences.len());
            }
            while starts.get(cursor.1 + 1).is_some_and(|&next| next <= s) {
                cursor.1 += 1;
            }
            occurrences.push(Occurrence { passage: first + cursor.1 as u32, start: s, end: e, needle });
        });
        if scratch.runs.len() > 1 {
            merge_runs(&mut scratch.occurrences, &scratch.runs, &mut scratch.heads, &mut scratch.merged);
        }
    }
}

/// `text` without its last character.
fn without_last_char(text: &str) -> &str {
    text.char_indices().last().map_or("", |(at, _)| text.get(..at).unwrap_or(""))
}

/// Sorts `occurrences`, made of sorted runs that start at `runs`, by merging the runs: one
/// comparison per run and occurrence, where sorting them afresh took a heapsort's n log n (a
/// tenth of a two-word query's time). There are a few runs, one a needle.
fn merge_runs(
    occurrences: &mut Vec<Occurrence>,
    runs: &[usize],
    heads: &mut Vec<(usize, usize)>,
    merged: &mut Vec<Occurrence>,
) {
    heads.clear();
    heads.extend(
        runs.iter().enumerate().map(|(k, &start)| (start, runs.get(k + 1).copied().unwrap_or(occurrences.len()))),
    );
    merged.clear();
    merged.reserve(occurrences.len());
    loop {
        let mut best: Option<usize> = None;
        for (k, &(at, end)) in heads.iter().enumerate() {
            if at < end && best.is_none_or(|b| occurrences[at] < occurrences[heads[b].0]) {
                best = Some(k);
            }
        }
        let Some(k) = best else { break };
        merged.push(occurrences[heads[k].0]);
        heads[k].0 += 1;
    }
    std::mem::swap(occurrences, merged);
}

/// Text to search, in the forms a search may need.
pub(crate) struct Haystack<'t> {
    /// As written.
    pub text: &'t str,
    /// Folding `text` is ASCII lowercasing.
    pub simple: bool,
    /// The ASCII of `text` (a simple text), when at hand.
    pub ascii: Option<AsciiSpan<'t>>,
}

/// The stretch of a part's [`Ascii`] that a haystack's text is.
pub(crate) struct AsciiSpan<'t> {
    ascii: &'t Ascii,
    /// Where the text starts in the part; where it starts and ends in the ASCII, and how many
    /// runs were cut before it.
    offset: usize,
    start: usize,
    end: usize,
    runs_before: usize,
}

impl<'t> AsciiSpan<'t> {
    /// The ASCII of bytes `start..end` of the part `ascii` was made of.
    fn new(ascii: &'t Ascii, start: usize, end: usize) -> AsciiSpan<'t> {
        let ((from, runs_before), (to, _)) = (ascii.in_ascii(start), ascii.in_ascii(end));
        AsciiSpan { ascii, offset: start, start: from, end: to, runs_before }
    }
}

/// Calls `found(needle, start, end)` for every occurrence of each needle in `haystack`, with
/// byte offsets into its text as written.
pub(crate) fn find(
    haystack: Haystack,
    needles: &[(u32, &Searcher)],
    folder: &FoldTable,
    folded: &mut FoldMap,
    mut found: impl FnMut(u32, usize, usize),
) {
    let mut lowered_here = Vec::new();
    if !haystack.simple {
        folded.fold_from(folder, haystack.text);
    }
    for &(id, searcher) in needles {
        let ascii = haystack.ascii.as_ref().filter(|_| haystack.simple && searcher.ascii);
        let bytes = if let Some(span) = ascii {
            span.ascii.bytes.get(span.start..span.end).unwrap_or(&[])
        } else if !haystack.simple {
            folded.text.as_bytes()
        } else if !searcher.needs_lowering {
            haystack.text.as_bytes()
        } else {
            // Letters and other characters (`vue组件`): rare, and in few blocks.
            if lowered_here.is_empty() {
                lowered_here = haystack.text.as_bytes().to_ascii_lowercase();
            }
            &lowered_here[..]
        };
        // Runs cut before the match (they come in order: see `Ascii::in_part`).
        let mut runs = ascii.map_or(0, |span| span.runs_before);
        for at in searcher.finder.find_iter(bytes) {
            let (s, e) = if let Some(span) = ascii {
                let s = span.ascii.in_part(span.start + at, &mut runs).saturating_sub(span.offset);
                (s, s + searcher.len)
            } else if haystack.simple {
                (at, at + searcher.len)
            } else {
                folded.original_range(at, at + searcher.len)
            };
            // One call site for `found`, so that it is inlined into this loop.
            found(id, s, e);
        }
    }
}

/// Blocks a [`Index::spelled_in_text`] scan reads at most (about 2 KB each): past that the reading
/// is too vague to be worth the time.
const MAX_SPELLED_BLOCKS: usize = 64;

impl Index<'_> {
    /// The strings of the text that `lattice` spells, one character an edge (pinyin read a
    /// character a syllable: `tangjinie` → 羰基镍), most frequent first, at most `limit`.
    ///
    /// Where the vocabulary cannot help — a word seen once is not in it — the text itself is read:
    /// only the blocks that hold a character of the first syllable and one of the last.
    pub(crate) fn spelled_in_text(&self, lattice: &Lattice, limit: usize) -> Vec<String> {
        let n = lattice.len();
        if n == 0 || limit == 0 {
            return Vec::new();
        }
        // The characters each edge allows, sorted: (from, to, characters).
        let mut edges: Vec<(usize, usize, Vec<char>)> = Vec::new();
        for (from, out) in lattice.edges.iter().enumerate() {
            for edge in out {
                let mut chars: Vec<char> = edge
                    .choices
                    .iter()
                    .filter_map(|c| self.term_text(c.code()))
                    .filter_map(|t| t.chars().next())
                    .collect();
                crate::sort::sort(&mut chars);
                chars.dedup();
                edges.push((from, edge.to, chars));
            }
        }
        // The blocks with a character of the first syllable, and those with one of the last, as
        // bitmaps: a syllable stands for dozens of characters, each with its block list.
        let block_count = self.file.stats.blocks;
        let blocks_of = |at_end: bool| {
            let mut bitmap = vec![0u64; (block_count as usize).div_ceil(64)];
            let mut list = Vec::new();
            for (_, _, chars) in edges.iter().filter(|e| if at_end { e.1 == n } else { e.0 == 0 }) {
                for &c in chars {
                    if let Some(at) = self.char_postings(c) {
                        if format::read_block_list(self.file.char_postings, at, block_count, &mut list).is_some() {
                            list.iter().for_each(|&b| bitmap[b as usize / 64] |= 1 << (b % 64));
                        }
                    }
                }
            }
            bitmap
        };
        let (first, last) = (blocks_of(false), blocks_of(true));
        let blocks: Vec<u32> = (0..block_count)
            .filter(|&b| (first[b as usize / 64] & last[b as usize / 64]) >> (b % 64) & 1 == 1)
            .collect();
        if blocks.len() > MAX_SPELLED_BLOCKS {
            return Vec::new();
        }
        let mut found: Vec<(String, usize)> = Vec::new();
        let mut folded = FoldMap::default();
        let mut chars: Vec<char> = Vec::new();
        for block in blocks {
            let (start, end, simple) = self.block_range(block);
            let Some(text) = self.text.get(start, end) else { continue };
            chars.clear();
            if simple {
                chars.extend(text.chars());
            } else {
                folded.fold_from(self.folder(), text);
                chars.extend(folded.text.chars());
            }
            for i in 0..chars.len() {
                spelled_from(&edges, &chars, i, 0, n, &mut |end| {
                    let text: String = chars[i..end].iter().collect();
                    match found.iter_mut().find(|f| f.0 == text) {
                        Some(f) => f.1 += 1,
                        None => found.push((text, 1)),
                    }
                });
            }
        }
        // Most frequent first; the order found (the text's) among equals.
        let mut order: Vec<usize> = (0..found.len()).collect();
        crate::sort::sort_by_key(&mut order, |&i| (std::cmp::Reverse(found[i].1), i));
        order.into_iter().take(limit).map(|i| std::mem::take(&mut found[i].0)).collect()
    }
}

/// Calls `matched(end)` for each way the characters from `chars[i]` on read the lattice from
/// position `pos` to its end `n`.
fn spelled_from(
    edges: &[(usize, usize, Vec<char>)],
    chars: &[char],
    i: usize,
    pos: usize,
    n: usize,
    matched: &mut impl FnMut(usize),
) {
    if pos == n {
        matched(i);
        return;
    }
    let Some(&c) = chars.get(i) else { return };
    for (_, to, allowed) in edges.iter().filter(|e| e.0 == pos) {
        if allowed.binary_search(&c).is_ok() {
            spelled_from(edges, chars, i + 1, *to, n, matched);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index of a folder of `files` (name, text), built with jieba.
    fn built(name: &str, files: &[(String, String)]) -> Vec<u8> {
        let dir = std::env::temp_dir().join(format!("sou-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        let segmenter = sou_indexer::segment::Segmenter::new();
        let built = sou_indexer::build_with(&sou_indexer::Options::new(&dir), &segmenter).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        built.bytes
    }

    proptest::proptest! {
        /// An ASCII needle in a simple text finds the same in the text's ASCII as in the text
        /// lowercased.
        #[test]
        fn ascii_needles_find_in_the_ascii_what_they_find_in_the_text(
            before in "[a-zA-Z {}人工é]{0,20}",
            text in "[a-zA-Z {}人工é]{0,80}",
            needle in "[a-z {}]{1,3}",
        ) {
            // The text in the middle of its part, as a block is.
            let part = format!("{before}{text}{before}");
            let (start, end) = (before.len(), before.len() + text.len());
            let ascii = crate::text::Ascii::new(part.as_bytes());
            // Not used: a simple text is only lowercased.
            let folder = FoldTable::decode(&[], "", &[], &[]).unwrap();
            let searcher = Searcher {
                finder: FinderBuilder::new().build_forward(needle.as_bytes()),
                len: needle.len(),
                needs_lowering: true,
                ascii: true,
            };
            let found = |span: Option<AsciiSpan>| {
                let mut out = Vec::new();
                let haystack = Haystack { text: &part[start..end], simple: true, ascii: span };
                find(haystack, &[(0, &searcher)], &folder, &mut FoldMap::default(), |_, s, e| out.push((s, e)));
                out
            };
            let expected = found(None);
            proptest::prop_assert_eq!(found(Some(AsciiSpan::new(&ascii, start, end))), expected);
        }
    }

    #[test]
    fn texts_that_share_their_start_are_looked_for_together() {
        let bytes = built(
            "occurring",
            &[
                ("a.txt".into(), "响应式\n响应式基础。响应时间很短。ＬＥＤ灯\n".into()),
                ("b.txt".into(), "相应\n相应地，我们先看响应。\n".into()),
            ],
        );
        let index = Index::open(&bytes).unwrap();
        let texts = ["响应式", "响应使", "响应时", "相应式", "相应地", "响应。", "led灯", "led泡", "式"];
        assert_eq!(index.occurring(&texts), [true, false, true, false, true, true, true, false, true], "{texts:?}");
        assert!(index.occurring(&[]).is_empty());
    }

    #[test]
    fn a_latin_word_is_scanned_only_where_its_letter_pairs_are() {
        // Forty pages of about a block each, every one with all the letters of `teleport` in
        // other words (`tree`, `polo`); one page has the word itself.
        let filler = "tree polo lore trope\n".repeat(100);
        let mut files: Vec<(String, String)> =
            (0..40).map(|page| (format!("{page:02}.txt"), format!("Page {page}\n{filler}"))).collect();
        files.push(("40.txt".into(), format!("Portals\nA Teleport moves its children.\n{filler}")));
        let bytes = built("pairs", &files);
        let index = Index::open(&bytes).unwrap();
        let blocks = index.stats().blocks;
        assert!(blocks >= 40, "{blocks} blocks");

        let (mut scratch, mut found) = (Scratch::default(), Vec::new());
        // Each letter alone is in every block: the character postings rule nothing out.
        for c in ["t", "e", "l", "p", "o", "r"] {
            index.candidate_blocks(c, &mut scratch, &mut found);
            assert_eq!(found.len(), blocks as usize, "{c}");
        }
        // `ep` is in one block only.
        index.candidate_blocks("teleport", &mut scratch, &mut found);
        assert_eq!(found.len(), 1, "{found:?}");
        let hits = index.search("teleport", &crate::SearchOptions::default());
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].title, "Portals");
        // A pair the text lacks rules the string out before any scan.
        index.candidate_blocks("trez", &mut scratch, &mut found);
        assert!(found.is_empty());
        // Letters and digits only: `o-r` is looked for by its characters.
        index.candidate_blocks("o-r", &mut scratch, &mut found);
        assert!(found.is_empty(), "no `-` in the text");
    }
}
