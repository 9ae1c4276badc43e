//! Which documents match, and in what order.
//!
//! **Matching.** A document matches when it *satisfies* every chunk of the query: it holds the chunk
//! literally, or all of the chunk's terms somewhere (`长治人工心脏生产线` is satisfied by a page that
//! has 长治, 人工心脏 and 生产线 apart). A chunk the corpus cannot satisfy at all (a word it lacks) is
//! left out of that requirement. If no document satisfies every chunk, every document that holds any
//! part of the query matches, ranked by how much of it it holds.
//!
//! **Order.** First by how much of the query a document holds, then by its score:
//!
//! 1. the whole query as typed: as the reader wrote it, case and all, when its case says something
//!    (3: `DOM` finds the pages with `DOM` before those with only `dom`), or every chunk folded, in
//!    order, with the same white space between (2), or with any white space between (1);
//! 2. how many chunks it satisfies;
//! 3. how many distinct terms it holds;
//! 4. the score: BM25 over passages (title ×3, headings ×2, code ×0.7), plus a reward for each
//!    multi-word chunk found whole and for terms standing close together; a document scores its
//!    best passage plus a fraction of the others, so a page *about* the query beats a page that
//!    mentions it once; and the more of its title the query covers, the more it scores (a page
//!    titled `生命周期钩子` is *the* page for that query, more than one titled `组合式 API：生命周期钩子`),
//!    and of pages with that title, a longer one more (the guide's `列表渲染` before the tutorial's).
//!
//! The first key is what makes "the top result contains the query" hold whenever any document does.
//!
//! **What is not searched.** A one-character chunk found in most blocks (`的`, `t`), or a chunk of
//! punctuation (`-`), is neither searched for nor counted when the query has something better to go
//! on: the whole query is still verified around the occurrences of its rarest chunk, so nothing is
//! lost but the cost. A *term* found in most blocks (`组件` inside `单文件组件`) is not searched either:
//! the documents whose blocks may hold it count as holding it, and it adds nothing to scores (its
//! weight would be small); a Latin word of three letters or more only when the vocabulary counts it
//! twice a block, as its letter pairs are in nearly every block whether it is or not.
//! Chunks themselves are always searched: what was typed is always found.
//! Only the blocks of documents that may satisfy every chunk are searched at all.
//!
//! **Questions.** A question word (`什么`, `怎么`, `如何`, `为什么`, …) beside what it asks about
//! (`什么是生命周期`, `插槽怎么用`) is not required of a page either: it counts as present in every
//! document, so the page about 生命周期 matches though it never says 什么.

use sou_core::fold::{Fold, FoldTable};
use sou_core::PassageKind;

use super::plan::{Plan, MAX_NEEDLES};
use super::scan::{Haystack, Occurrence, Scratch, Searcher};
use crate::index::{Index, PassageRef};

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Weight of an occurrence of a Latin needle inside a longer word (`led` in `called`).
const PARTIAL_WORD: f32 = 0.3;
/// Reward for a chunk of several terms found whole, relative to its terms.
const PHRASE: f32 = 1.0;
/// Reward for terms of a passage found right next to each other, relative to their score.
const PROXIMITY: f32 = 0.5;
/// Share of a document's other passages' scores added to its best one.
const OTHER_PASSAGES: f32 = 0.3;
/// A document whose title the query covers entirely scores this much more (in proportion when it
/// covers part of it).
const TITLE_COVERED: f32 = 1.5;
/// Of two pages with the title the query names, the longer is the one about it: the guide's
/// `列表渲染`, not the tutorial's step of the same title that links to it. A page scores this
/// much more per e-fold of its passages, in proportion to the share of its title covered.
const TITLE_SIZE: f32 = 0.1;
/// A one-character needle in more than this share of blocks is a stop needle.
const STOP_BLOCKS: f32 = 0.5;
/// Words that ask rather than name (folded: Traditional `什麼` is `什么` here). Beside other terms
/// they are not required of a page (see `Index::strategy`).
const QUESTION_WORDS: &[&str] =
    &["什么", "怎么", "怎样", "怎么样", "如何", "为什么", "为何", "哪些", "哪个", "哪里", "是否", "吗", "呢"];
/// The phrase level of the whole query as the reader wrote it, not only folded (see
/// [`Plan::written`]).
const AS_WRITTEN: u8 = 3;

fn kind_weight(kind: PassageKind) -> f32 {
    match kind {
        PassageKind::Title => 3.0,
        PassageKind::Heading => 2.0,
        PassageKind::Text => 1.0,
        PassageKind::Code => 0.7,
    }
}

/// A passage and its score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScoredPassage {
    pub passage: PassageRef,
    pub score: f32,
    /// Its occurrences: a range of [`Ranking::occurrences`].
    pub occurrences: (u32, u32),
}

/// The documents that match, best first, and the occurrences their passages point into.
pub(crate) struct Ranking {
    pub docs: Vec<RankedDoc>,
    pub occurrences: Vec<Occurrence>,
    /// For each chunk: it was searched for and occurs in none of the documents that could match.
    pub missing: Vec<bool>,
}

/// A matching document: its rank keys and its best passages.
#[derive(Debug, Clone)]
pub(crate) struct RankedDoc {
    pub doc: u32,
    pub phrase: u8,
    pub chunks: u32,
    pub terms: u32,
    pub score: f32,
    pub passages: Vec<ScoredPassage>,
    present: u64,
    best: f32,
    sum: f32,
    /// The title, when it matches.
    title: Option<ScoredPassage>,
}

/// What the scan learned about one passage that holds a needle.
struct Matched {
    passage: PassageRef,
    occurrences: (u32, u32),
    present: u64,
    /// 0..=1: how tightly the passage's terms stand together.
    closeness: f32,
    phrase: u8,
}

/// Which needles are searched for, and how the query is verified whole.
struct Strategy {
    searched: Vec<bool>,
    /// For a term in most blocks, which is not searched: the documents it may occur in, taken as
    /// those it occurs in. Such a term adds nothing to scores (its weight would be small anyway).
    approximate: Vec<Option<Vec<u64>>>,
    /// Candidate blocks of each needle, one bitmap row per needle.
    bitmaps: Vec<u64>,
    words: usize,
    /// The chunk whose occurrences the whole query is verified around, when it has several chunks.
    anchor: Option<usize>,
    /// How many candidate blocks each needle has.
    candidates: Vec<usize>,
    /// Approximated for its letter pairs only: a Latin word the vocabulary counts less than twice
    /// a block (see `strategy`), searched on a second pass when its chunk occurs nowhere.
    by_pairs: Vec<bool>,
}

impl Strategy {
    /// Whether the needle counts at all: searched for, or approximated.
    fn looked_for(&self, needle: usize) -> bool {
        self.searched[needle] || self.approximate[needle].is_some()
    }
}

impl Index<'_> {
    /// The documents that match `plan`, best first.
    pub(crate) fn rank(&self, plan: &Plan, searchers: &[Searcher]) -> Ranking {
        let (ranking, retry) = self.rank_with(plan, searchers, false);
        if retry {
            self.rank_with(plan, searchers, true).0
        } else {
            ranking
        }
    }

    /// [`Index::rank`]; `search_common` searches the terms of chunks made of common terms only,
    /// and Latin words approximated for their letter pairs only.
    /// Also says whether that would find more: a chunk of common terms only (`vue组件`) that does
    /// not occur as typed has, with its terms taken as present wherever they may be, no passage
    /// to show for its words apart.
    fn rank_with(&self, plan: &Plan, searchers: &[Searcher], search_common: bool) -> (Ranking, bool) {
        let n = plan.needles.len();
        let mut scratch = Scratch::default();
        let strategy = self.strategy(plan, &mut scratch, search_common);
        let terms: Vec<usize> = plan.terms.iter().copied().filter(|&t| strategy.searched[t]).collect();
        let approximated: Vec<usize> =
            plan.terms.iter().copied().filter(|&t| strategy.approximate[t].is_some()).collect();

        // Scan each candidate block once for all its needles; keep, per matching passage, the
        // weighted count of each needle.
        // Sized for a few matching passages per candidate block, so they rarely grow.
        let candidates: usize = strategy.bitmaps.iter().map(|w| w.count_ones() as usize).sum();
        let mut matched: Vec<Matched> = Vec::with_capacity(candidates * 4);
        let mut all: Vec<Occurrence> = Vec::with_capacity(candidates * 8);
        let mut tf: Vec<f32> = Vec::with_capacity(candidates * 4 * n);
        let mut df = vec![0u32; n];
        let mut active: Vec<(u32, &Searcher)> = Vec::with_capacity(n);
        let words = strategy.words;
        // A passage's phrase level can rise no higher than this; the chunk of a one-chunk query
        // whose occurrences are looked at as written.
        let best_phrase = if plan.written.is_some() { AS_WRITTEN } else { 2 };
        let single = (plan.chunks.len() == 1 && plan.written.is_some()).then(|| plan.chunks[0].needle);
        let as_written = |(text, base): (&str, usize), o: &Occurrence| {
            let (Some(s), Some(e)) = ((o.start as usize).checked_sub(base), (o.end as usize).checked_sub(base)) else {
                return false;
            };
            plan.written.as_deref().is_some_and(|w| text.as_bytes().get(s..e) == Some(w.as_bytes()))
        };
        // Runs of consecutive candidate blocks with the same needles and the same folding are
        // searched as one stretch of text: one search call instead of one per block.
        let mut runs: Vec<(u32, u32, u64, bool)> = Vec::new();
        for word in 0..words {
            let mut any: u64 = (0..n).fold(0, |acc, i| acc | strategy.bitmaps[i * words + word]);
            while any != 0 {
                let bit = any.trailing_zeros();
                any &= any - 1;
                let block = (word * 64) as u32 + bit;
                let mask = (0..n)
                    .filter(|&i| strategy.bitmaps[i * words + word] & (1 << bit) != 0)
                    .fold(0u64, |m, i| m | 1 << i);
                let (_, _, simple) = self.block_range(block);
                match runs.last_mut() {
                    Some((_, last, m, s))
                        if *last + 1 == block
                            && *m == mask
                            && *s == simple
                            && self.text.part_of_block(*last) == self.text.part_of_block(block) =>
                    {
                        *last = block
                    }
                    _ => runs.push((block, block, mask, simple)),
                }
            }
        }
        for &(first_block, last_block, mask, simple) in &runs {
            active.clear();
            active.extend(searchers.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(i, s)| (i as u32, s)));
            self.scan_blocks(first_block, last_block, &active, &mut scratch);
            let (text, base) = match scratch.occurrences.first() {
                Some(o) => self.text.span(o.start as usize).unwrap_or(("", 0)),
                None => continue,
            };
            let shard = (text, base);
            let text = (text.as_bytes(), base);
            for group in scratch.occurrences.chunk_by(|a, b| a.passage == b.passage) {
                let Some(passage) = self.passage_in_block(group[0].passage, simple) else { continue };
                let row = tf.len();
                tf.resize(row + n, 0.0);
                let mut present = 0u64;
                let mut phrase = 0;
                for o in group {
                    let needle = o.needle as usize;
                    tf[row + needle] += occurrence_weight(plan, text, o);
                    present |= 1 << needle;
                    if phrase >= best_phrase {
                        continue;
                    }
                    if let Some(k) = strategy.anchor.filter(|&k| plan.chunks[k].needle == needle) {
                        phrase = phrase.max(self.phrase_at(plan, k, shard, o.start as usize, o.end as usize));
                    } else if single == Some(needle) && as_written(shard, o) {
                        phrase = AS_WRITTEN;
                    }
                }
                if phrase > 0 {
                    // The whole query is there: so is every chunk.
                    for chunk in &plan.chunks {
                        present |= 1 << chunk.needle;
                    }
                }
                for (i, d) in df.iter_mut().enumerate() {
                    *d += (present >> i & 1) as u32;
                }
                let closeness = if present.count_ones() > 1 { closeness(plan, &terms, group) } else { 0.0 };
                let occurrences = (all.len() as u32, (all.len() + group.len()) as u32);
                all.extend_from_slice(group);
                matched.push(Matched { passage, occurrences, present, closeness, phrase });
            }
        }

        // Score the passages (now that document frequencies are known) and gather documents.
        let stats = self.stats();
        let passages = stats.passages.max(1) as f32;
        let average_len = (self.text.len() as f32 / passages - 1.0).max(1.0);
        let idf: Vec<f32> =
            df.iter().map(|&df| (1.0 + (passages - df as f32 + 0.5) / (df as f32 + 0.5)).ln()).collect();
        // What passages are scored on: the terms searched for, and each chunk of several terms, of
        // none, or of one not searched for (`<script`, whose `script` is in most blocks: without
        // it, nothing would score).
        let mut scored: Vec<(usize, f32)> = terms.iter().map(|&t| (t, 1.0)).collect();
        for chunk in &plan.chunks {
            let one_searched_term = matches!(chunk.terms[..], [t] if strategy.searched[t]);
            if strategy.searched[chunk.needle] && !one_searched_term && !scored.iter().any(|&(i, _)| i == chunk.needle)
            {
                scored.push((chunk.needle, if chunk.terms.len() > 1 { PHRASE } else { 1.0 }));
            }
        }
        let terms_idf: f32 = terms.iter().map(|&t| idf[t]).sum();
        let mut docs: Vec<RankedDoc> = Vec::new();
        for (m, tf) in matched.iter().zip(tf.chunks_exact(n.max(1))) {
            let len = (m.passage.end - m.passage.start) as f32;
            let norm = K1 * (1.0 - B + B * len / average_len);
            let mut score: f32 = scored
                .iter()
                .filter(|&&(needle, _)| tf[needle] > 0.0)
                .map(|&(needle, w)| w * idf[needle] * tf[needle] * (K1 + 1.0) / (tf[needle] + norm))
                .sum();
            score += PROXIMITY * m.closeness * terms_idf;
            score *= kind_weight(m.passage.kind);
            if docs.last().is_none_or(|d| d.doc != m.passage.doc) {
                docs.push(RankedDoc {
                    doc: m.passage.doc,
                    phrase: 0,
                    chunks: 0,
                    terms: 0,
                    score: 0.0,
                    passages: Vec::new(),
                    present: 0,
                    best: 0.0,
                    sum: 0.0,
                    title: None,
                });
            }
            let doc = docs.last_mut().expect("pushed above");
            doc.phrase = doc.phrase.max(m.phrase);
            doc.present |= m.present;
            doc.best = doc.best.max(score);
            doc.sum += score;
            let scored = ScoredPassage { passage: m.passage, score, occurrences: m.occurrences };
            if m.passage.kind == PassageKind::Title {
                // The title is shown anyway: it is a passage to show only when nothing else matches.
                doc.title = Some(scored);
            } else {
                let at = doc.passages.partition_point(|p| p.score >= score);
                if at < super::PASSAGES_PER_HIT {
                    doc.passages.insert(at, scored);
                    doc.passages.truncate(super::PASSAGES_PER_HIT);
                }
            }
        }

        // Which chunks can be satisfied at all, and by which documents.
        for doc in &mut docs {
            for &t in &approximated {
                let set = strategy.approximate[t].as_deref().unwrap_or(&[]);
                if set.get(doc.doc as usize / 64).is_some_and(|w| w >> (doc.doc % 64) & 1 == 1) {
                    doc.present |= 1 << t;
                    df[t] += 1;
                }
            }
        }
        // A stop chunk (neither it nor its terms searched) is never required.
        let found = |needle: usize| strategy.looked_for(needle) && df[needle] > 0;
        let satisfiable: Vec<bool> = plan
            .chunks
            .iter()
            .map(|c| found(c.needle) || (!c.terms.is_empty() && c.terms.iter().all(|&t| found(t))))
            .collect();
        let required = satisfiable.iter().filter(|&&s| s).count() as u32;
        // The needles a title is looked at for: all that were searched for or approximated.
        let title_needles: Vec<(u32, &Searcher)> =
            (0..n).filter(|&i| strategy.looked_for(i)).map(|i| (i as u32, &searchers[i])).collect();
        for doc in &mut docs {
            let has = |needle: usize| doc.present & (1 << needle) != 0;
            doc.chunks = plan
                .chunks
                .iter()
                .zip(&satisfiable)
                .filter(|&(c, &s)| s && (has(c.needle) || (!c.terms.is_empty() && c.terms.iter().all(|&t| has(t)))))
                .count() as u32;
            doc.terms = terms.iter().chain(&approximated).filter(|&&t| has(t)).count() as u32;
            if plan.chunks.len() == 1 && has(plan.chunks[0].needle) {
                doc.phrase = doc.phrase.max(2);
            }
        }
        if docs.iter().any(|d| d.chunks == required) {
            docs.retain(|d| d.chunks == required);
        }
        // Scores only for the documents kept: the title coverage searches each one's title. A
        // title the scan found none of the needles in has none (when every needle was searched
        // for and all the text is there): most of the documents a common fragment matches.
        let whole = approximated.is_empty() && self.text.parts().0 == 1;
        for doc in &mut docs {
            let title_covered = if whole && doc.title.is_none() {
                0.0
            } else {
                self.title_covered(doc.doc, &title_needles, &mut scratch)
            };
            let (first, next) = self.doc_passages(doc.doc);
            let size = 1.0 + TITLE_SIZE * title_covered * ((next - first).max(1) as f32).ln();
            doc.score =
                (doc.best + OTHER_PASSAGES * (doc.sum - doc.best)) * (1.0 + TITLE_COVERED * title_covered) * size;
            if doc.passages.is_empty() {
                doc.passages.extend(doc.title.take());
            }
        }
        // The document id breaks every tie.
        crate::sort::sort_by(&mut docs, |a, b| {
            (b.phrase, b.chunks, b.terms)
                .cmp(&(a.phrase, a.chunks, a.terms))
                .then(b.score.total_cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
        // Searched for and not found, or with a character the corpus lacks (a stop chunk is neither).
        let missing = plan
            .chunks
            .iter()
            .map(|c| df[c.needle] == 0 && (strategy.searched[c.needle] || strategy.candidates[c.needle] == 0))
            .collect::<Vec<bool>>();
        let retry = !search_common
            && plan.chunks.iter().zip(&missing).any(|(c, &missing)| {
                let approximated = |t: &usize| strategy.approximate[*t].is_some();
                missing
                    && c.terms.len() > 1
                    && (c.terms.iter().all(approximated) || c.terms.iter().any(|&t| strategy.by_pairs[t]))
            });
        (Ranking { docs, occurrences: all, missing }, retry)
    }

    /// Decides which needles to search for (see "Stop needles" above) and where.
    fn strategy(&self, plan: &Plan, scratch: &mut Scratch, search_common: bool) -> Strategy {
        let n = plan.needles.len();
        let blocks = self.file.stats.blocks as usize;
        let words = blocks.div_ceil(64);
        let mut bitmaps = vec![0u64; n * words];
        let mut counts = vec![0usize; n];
        let mut list = Vec::new();
        for (i, needle) in plan.needles.iter().enumerate() {
            self.candidate_blocks(&needle.text, scratch, &mut list);
            counts[i] = list.len();
            for &b in &list {
                bitmaps[i * words + b as usize / 64] |= 1 << (b % 64);
            }
        }
        let is_chunk = |i: usize| plan.chunks.iter().any(|c| c.needle == i);
        let in_most_blocks = |i: usize| counts[i] as f32 > STOP_BLOCKS * blocks as f32;
        // A term taken as being where it may be, unsearched. The letter pairs of a Latin word of
        // three letters or more say little of where it is (those of `props` are in 343 of the 347
        // blocks of the Vue docs, the word in far fewer): a word of the vocabulary is common only
        // when the vocabulary counts it twice a block. Taken so all the same on a first pass, as
        // long as its chunk occurs as typed (`defineProps`: what holds the words apart only comes
        // after, and searching them took a third longer); see `rank_with`.
        let by_pairs: Vec<bool> = (0..n)
            .map(|i| {
                let needle = &plan.needles[i];
                let frequency = || self.term_key(&needle.text).and_then(|k| self.terms.get(&k));
                in_most_blocks(i)
                    && needle.text.is_ascii()
                    && needle.chars > 2
                    && frequency().is_some_and(|f| f < 2 * blocks as u64)
            })
            .collect();
        let common_term = |i: usize| in_most_blocks(i) && !(search_common && by_pairs[i]);
        let chunk_stop = |c: &super::plan::Chunk| {
            (plan.needles[c.needle].chars == 1 && in_most_blocks(c.needle))
                || !plan.needles[c.needle].text.chars().any(char::is_alphanumeric)
        };
        let all_stop = plan.chunks.iter().all(chunk_stop);
        // The chunk the whole query is verified around: the rarest one worth searching.
        let anchor = (plan.chunks.len() > 1)
            .then(|| {
                (0..plan.chunks.len())
                    .filter(|&k| counts[plan.chunks[k].needle] > 0 && (all_stop || !chunk_stop(&plan.chunks[k])))
                    .min_by_key(|&k| counts[plan.chunks[k].needle])
            })
            .flatten();
        let mut searched: Vec<bool> = (0..n)
            .map(|i| {
                counts[i] > 0
                    && if is_chunk(i) {
                        !plan.chunks.iter().any(|c| c.needle == i && chunk_stop(c))
                            || (all_stop && plan.chunks.len() == 1)
                    } else {
                        // A term in most blocks is not searched: where it may occur stands in for
                        // where it does (see `Strategy::approximate`).
                        !common_term(i)
                    }
            })
            .collect();
        if all_stop && plan.chunks.len() > 1 {
            // Only punctuation and common characters: verify the whole query around the rarest.
            searched.fill(false);
            if let Some(k) = anchor {
                searched[plan.chunks[k].needle] = true;
            }
        }
        // A question word beside what is asked about (`什么` in `什么是生命周期`, `怎么` in
        // `插槽怎么用`) names nothing a page must hold: the page about 生命周期 need not say 什么.
        // Like a term in most blocks, it is taken as present, here in every document. Beside
        // single characters only (`的是什么`), it is what the query has to go on, and stays.
        // So is a word that starts with one (`如何使用` in `如何使用v-model`, one word to jieba).
        let question = |t: usize| {
            let text = plan.needles[t].text.as_str();
            QUESTION_WORDS.iter().any(|&q| text == q || (q.chars().count() > 1 && text.starts_with(q)))
        };
        let asked_about = |t: usize| !question(t) && (plan.needles[t].chars > 1 || searched[t]);
        let asking: Vec<bool> = (0..n)
            .map(|i| {
                !is_chunk(i)
                    && question(i)
                    && plan.chunks.iter().any(|c| c.terms.contains(&i) && c.terms.iter().any(|&t| asked_about(t)))
            })
            .collect();
        for i in (0..n).filter(|&i| asking[i]) {
            searched[i] = false;
        }
        // A chunk of common terms only that does not occur as typed (see `rank_with`): its
        // rarest term is searched after all.
        for chunk in plan.chunks.iter().filter(|_| search_common) {
            if chunk.terms.len() > 1 && searched[chunk.needle] && chunk.terms.iter().all(|&t| !searched[t]) {
                if let Some(&t) =
                    chunk.terms.iter().filter(|&&t| counts[t] > 0 && !asking[t]).min_by_key(|&&t| counts[t])
                {
                    searched[t] = true;
                }
            }
        }
        let approximate: Vec<bool> = (0..n)
            .map(|i| asking[i] || (!is_chunk(i) && !searched[i] && counts[i] > 0 && common_term(i) && !all_stop))
            .collect();
        for i in (0..n).filter(|&i| !searched[i] && !approximate[i]) {
            bitmaps[i * words..(i + 1) * words].fill(0);
        }

        // Documents that may satisfy every chunk, judging by candidate blocks alone; only their
        // blocks are searched. When none may, nothing is pruned and partial matches are ranked.
        let docs = self.file.stats.documents as usize;
        let doc_words = docs.div_ceil(64);
        let doc_sets: Vec<Vec<u64>> = (0..n)
            .map(|i| {
                let mut set = vec![0u64; doc_words];
                if asking[i] {
                    for d in 0..docs {
                        set[d / 64] |= 1 << (d % 64);
                    }
                } else if searched[i] || approximate[i] {
                    for (w, &bits) in bitmaps[i * words..(i + 1) * words].iter().enumerate() {
                        let mut bits = bits;
                        while bits != 0 {
                            let (first, last) = self.block_docs((w * 64) as u32 + bits.trailing_zeros());
                            bits &= bits - 1;
                            for d in first..=last {
                                set[d as usize / 64] |= 1 << (d % 64);
                            }
                        }
                    }
                }
                set
            })
            .collect();
        let mut possible: Option<Vec<u64>> = None;
        for chunk in &plan.chunks {
            if !searched[chunk.needle] {
                continue;
            }
            let mut set = doc_sets[chunk.needle].clone();
            let usable: Vec<usize> = chunk.terms.iter().copied().filter(|&t| searched[t] || approximate[t]).collect();
            if !usable.is_empty() && usable.len() == chunk.terms.len() {
                let mut apart = doc_sets[usable[0]].clone();
                for &t in &usable[1..] {
                    apart.iter_mut().zip(&doc_sets[t]).for_each(|(a, b)| *a &= b);
                }
                set.iter_mut().zip(&apart).for_each(|(a, b)| *a |= b);
            }
            if set.iter().any(|&w| w != 0) {
                match &mut possible {
                    Some(p) => p.iter_mut().zip(&set).for_each(|(a, b)| *a &= b),
                    None => possible = Some(set),
                }
            }
        }
        if let Some(possible) = possible.filter(|p| p.iter().any(|&w| w != 0)) {
            let mut keep = vec![0u64; words];
            for (w, &bits) in possible.iter().enumerate() {
                let mut bits = bits;
                while bits != 0 {
                    let (first, last) = self.doc_blocks((w * 64) as u32 + bits.trailing_zeros());
                    bits &= bits - 1;
                    for b in first..=last {
                        keep[b as usize / 64] |= 1 << (b % 64);
                    }
                }
            }
            for i in 0..n {
                bitmaps[i * words..(i + 1) * words].iter_mut().zip(&keep).for_each(|(a, b)| *a &= b);
            }
        }
        for i in (0..n).filter(|&i| approximate[i]) {
            bitmaps[i * words..(i + 1) * words].fill(0);
        }
        Strategy {
            searched,
            approximate: doc_sets.into_iter().zip(&approximate).map(|(set, &a)| a.then_some(set)).collect(),
            bitmaps,
            words,
            anchor,
            candidates: counts,
            by_pairs,
        }
    }

    /// The share of a document's title that the needles searched for (or approximated) cover.
    pub(crate) fn title_covered(&self, doc: u32, needles: &[(u32, &Searcher)], scratch: &mut Scratch) -> f32 {
        let Some(title) = self.passage(self.doc_passages(doc).0) else { return 0.0 };
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let haystack = Haystack { text: self.doc_title(doc), simple: title.simple, ascii: None };
        super::scan::find(haystack, needles, self.folder(), &mut scratch.folded, |_, s, e| ranges.push((s, e)));
        let covered: usize = super::merge_overlapping(ranges).iter().map(|(s, e)| e - s).sum();
        covered as f32 / (title.end - title.start).max(1) as f32
    }

    /// Whether the whole query stands around an occurrence `start..end` of chunk `k`:
    /// [`AS_WRITTEN`] as the reader wrote it, 2 folded with the query's own white space between
    /// chunks, 1 with other white space, 0 if not at all. `text`
    /// is the shard that holds the occurrence (a passage, and so a phrase, never spans two) and
    /// where it starts in the whole text.
    fn phrase_at(&self, plan: &Plan, k: usize, (text, base): (&str, usize), start: usize, end: usize) -> u8 {
        let (Some(start), Some(end)) = (start.checked_sub(base), end.checked_sub(base)) else { return 0 };
        // Most occurrences of a common chunk (`ue` in `value`) have a letter or a sign right
        // beside them: that alone rules the phrase out, without folding the text around.
        let needle = |j: usize| plan.needles[plan.chunks[j].needle].text.as_bytes();
        let bytes = text.as_bytes();
        if k + 1 < plan.chunks.len() && rules_out(bytes.get(end), needle(k + 1).first())
            || k > 0 && rules_out(start.checked_sub(1).and_then(|i| bytes.get(i)), needle(k - 1).last())
        {
            return 0;
        }
        let mut exact = true;
        let (mut first, mut at) = (start, end);
        for j in k + 1..plan.chunks.len() {
            let after = text.get(at..).unwrap_or("");
            let gap = after.len() - after.trim_start_matches(char::is_whitespace).len();
            exact &= text.get(at..at + gap) == Some(plan.gaps[j - 1].as_str());
            match matches_forward(self.folder(), text, at + gap, &plan.needles[plan.chunks[j].needle].text) {
                Some(e) => at = e,
                None => return 0,
            }
        }
        let last = at;
        for j in (0..k).rev() {
            let gap = first - text.get(..first).unwrap_or("").trim_end_matches(char::is_whitespace).len();
            exact &= text.get(first - gap..first) == Some(plan.gaps[j].as_str());
            match matches_backward(self.folder(), text, first - gap, &plan.needles[plan.chunks[j].needle].text) {
                Some(s) => first = s,
                None => return 0,
            }
        }
        if !exact {
            1
        } else if plan.written.as_deref().is_some_and(|w| text.get(first..last) == Some(w)) {
            AS_WRITTEN
        } else {
            2
        }
    }
}

/// Whether text byte `beside` rules out a chunk whose folded text has `edge` as its byte on that
/// side: an ASCII character folds to itself lowercased, so one that is not white space must be
/// that byte.
fn rules_out(beside: Option<&u8>, edge: Option<&u8>) -> bool {
    match beside {
        Some(&b) if b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r') => edge != Some(&b.to_ascii_lowercase()),
        _ => false,
    }
}

/// The end of `needle` (folded) if it occurs in `text` starting at byte `at`.
fn matches_forward(folder: &FoldTable, text: &str, at: usize, needle: &str) -> Option<usize> {
    let mut rest = needle.as_bytes();
    for (i, c) in text.get(at..).unwrap_or("").char_indices() {
        let mut ok = true;
        folder.fold_char(c, |d| {
            let mut buf = [0u8; 4];
            let d = d.encode_utf8(&mut buf).as_bytes();
            match rest.strip_prefix(d) {
                Some(r) if ok => rest = r,
                _ => ok = false,
            }
        });
        if !ok {
            return None;
        }
        if rest.is_empty() {
            return Some(at + i + c.len_utf8());
        }
    }
    None
}

/// The start of `needle` (folded) if it occurs in `text` ending at byte `at`.
fn matches_backward(folder: &FoldTable, text: &str, at: usize, needle: &str) -> Option<usize> {
    // Take characters back from `at` until their fold is at least as long as the needle.
    let mut start = at;
    let mut len = 0;
    for c in text.get(..at).unwrap_or("").chars().rev() {
        start -= c.len_utf8();
        folder.fold_char(c, |d| len += d.len_utf8());
        if len >= needle.len() {
            break;
        }
    }
    (len == needle.len() && matches_forward(folder, text, start, needle) == Some(at)).then_some(start)
}

/// Weight of one occurrence: partial when a Latin needle stands inside a longer word.
/// `text` is the shard that holds the occurrence and where it starts in the whole text.
fn occurrence_weight(plan: &Plan, (text, base): (&[u8], usize), o: &Occurrence) -> f32 {
    let (left, right) = plan.needles[o.needle as usize].latin_edges;
    let alnum = |i: Option<usize>| {
        i.and_then(|i| i.checked_sub(base)).and_then(|i| text.get(i)).is_some_and(u8::is_ascii_alphanumeric)
    };
    if (left && alnum((o.start as usize).checked_sub(1))) || (right && alnum(Some(o.end as usize))) {
        PARTIAL_WORD
    } else {
        1.0
    }
}

/// How tightly the terms of a passage stand together: the length of the terms over the shortest
/// stretch of text that holds one occurrence of each term the passage has (0 with fewer than two).
fn closeness(plan: &Plan, terms: &[usize], group: &[Occurrence]) -> f32 {
    // Slot of each needle among the terms present, and the last occurrence seen of each.
    let mut slot = [usize::MAX; MAX_NEEDLES];
    let mut present = 0;
    let mut ideal = 0u32;
    for &t in terms {
        if group.iter().any(|o| o.needle as usize == t) {
            slot[t] = present;
            present += 1;
            ideal += plan.needles[t].text.len() as u32;
        }
    }
    if present < 2 {
        return 0.0;
    }
    let mut last = [(0u32, 0u32); MAX_NEEDLES];
    let mut seen = 0u64;
    let mut best = u32::MAX;
    for o in group {
        let s = slot[o.needle as usize];
        if s == usize::MAX {
            continue;
        }
        last[s] = (o.start, o.end);
        seen |= 1 << s;
        if seen.count_ones() as usize == present {
            let start = last[..present].iter().map(|r| r.0).min().unwrap_or(0);
            let end = last[..present].iter().map(|r| r.1).max().unwrap_or(0);
            best = best.min(end.saturating_sub(start));
        }
    }
    ideal as f32 / best.max(ideal).max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_or_letter_beside_an_occurrence_rules_out_only_a_chunk_that_cannot_start_there() {
        let first = |needle: &'static str| needle.as_bytes().first();
        // `value 的`: after `ue` comes a space, which the phrase may have: no verdict.
        assert!(!rules_out(Some(&b' '), first("的")));
        assert!(!rules_out(Some(&b'\n'), first("的")));
        // `ue.` or `ues`: nothing but `.`/`s` (folded) can start the next chunk there.
        assert!(rules_out(Some(&b'.'), first("的")));
        assert!(rules_out(Some(&b's'), first("co")));
        assert!(!rules_out(Some(&b'C'), first("co")), "C folds to c");
        assert!(!rules_out(Some(&b'.'), first(".vue")));
        // Not ASCII (一, or a full-width Ｃ that folds to c): left to the full comparison.
        assert!(!rules_out("一".as_bytes().first(), first("co")));
        assert!(!rules_out("Ｃ".as_bytes().first(), first("co")));
        // The end of the text.
        assert!(!rules_out(None, first("co")));
    }

    #[test]
    fn matches_fold_the_text_as_they_go() {
        let text = "买 ＬＥＤ灯 和 ﬁle 計算屬性";
        let chars: std::collections::BTreeSet<char> =
            sou_core::fold::fold(text).chars().filter(|c| !c.is_whitespace()).collect();
        let chars: String = chars.into_iter().collect();
        let stored = FoldTable::build(&chars);
        let ranked: Vec<char> = chars.chars().filter(|c| !c.is_ascii()).collect();
        let t = &FoldTable::decode(&stored.table, &stored.strings, &stored.pairs, &ranked).unwrap();
        let at = text.find('Ｌ').unwrap();
        assert_eq!(matches_forward(t, text, at, "led"), Some(at + "ＬＥＤ".len()));
        assert_eq!(matches_forward(t, text, at, "lex"), None);
        let end = at + "ＬＥＤ".len();
        assert_eq!(matches_backward(t, text, end, "led"), Some(at));
        assert_eq!(matches_backward(t, text, end, "ed"), Some(at + "Ｌ".len()));
        let end = text.find(" 計").unwrap();
        assert_eq!(matches_backward(t, text, end, "file"), Some(text.find('ﬁ').unwrap()));
        // "ile" ends inside the ligature: no match on a character boundary.
        assert_eq!(matches_backward(t, text, end, "ile"), None);
        // Traditional text matches its Simplified form, byte offsets those of the original.
        let at = text.find('計').unwrap();
        assert_eq!(matches_forward(t, text, at, "计算属"), Some(at + "計算屬".len()));
        assert_eq!(matches_backward(t, text, text.len(), "属性"), Some(text.find('屬').unwrap()));
        assert_eq!(matches_forward(t, text, text.len(), "x"), None);
        assert_eq!(matches_backward(t, text, 0, "x"), None);
    }
}
