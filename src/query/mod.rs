//! Query time: plan → find → rank → snippets.
//!
//! 1. [`plan`]: the query is folded, split at white space into chunks, and each chunk cut into terms
//!    with the index's vocabulary ([`segment`]).
//! 2. [`scan`]: every occurrence of every chunk and term is found in the stored text, through the
//!    character postings. Nothing that occurs in the corpus can be missed.
//! 3. [`rank`]: documents are ordered first by how much of the query they hold — the whole query as
//!    it was typed, then every chunk, then every term — and then by a BM25 score over passages,
//!    with titles and headings weighted up and terms that stand close together rewarded.
//! 4. The best passages of each document on the page get a snippet ([`crate::snippet`]).

mod alternates;
pub(crate) mod lattice;
mod plan;
mod rank;
mod scan;
mod segment;
mod sounds;
mod typo;

pub use plan::{MAX_CHUNKS, MAX_QUERY_CHARS};
pub(crate) use sounds::Sounds;

/// A small vocabulary for the query modules' tests: an fst of `words` (plain UTF-8 keys standing
/// in for term keys) with their frequencies, and the frequencies' total.
#[cfg(test)]
pub(crate) fn test_vocabulary(words: &[(&str, u64)]) -> (fst::raw::Fst<Vec<u8>>, u64) {
    let mut sorted = words.to_vec();
    sorted.sort();
    let map = fst::Map::from_iter(sorted).expect("distinct test words");
    (map.into_fst(), words.iter().map(|w| w.1).sum())
}

use serde::Serialize;

use crate::index::Index;
use crate::snippet::{self, Segment};

/// How many results to return, and from where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// At most this many documents (default 10).
    pub limit: usize,
    /// Skip this many of the best documents first (default 0), for paging.
    pub offset: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, offset: 0 }
    }
}

/// A document that matches, with its best passages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub score: f32,
    /// The best passages, best first (at most [`PASSAGES_PER_HIT`]); the title only when nothing
    /// else matches (it is shown anyway).
    pub passages: Vec<PassageHit<'a>>,
}

/// A passage of a [`Hit`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PassageHit<'a> {
    /// The section's anchor, when it has one.
    pub anchor: Option<&'a str>,
    /// The document's URL, with `#anchor` when there is one.
    pub url: String,
    /// About 80–120 characters of the passage around the matches, cut into plain and matching
    /// segments; concatenated, the segments are a piece of the passage text as written.
    pub snippet: Vec<Segment<'a>>,
    /// The snippet starts after the passage's beginning.
    pub cut_start: bool,
    /// The snippet ends before the passage's end.
    pub cut_end: bool,
}

/// One page of results, and how many documents match in all.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Results<'a> {
    pub total: usize,
    pub hits: Vec<Hit<'a>>,
    /// What the query was also read as, when that found more: pinyin as Chinese (`jiayuguan` →
    /// `嘉峪关`), a typo corrected (`嘉裕关` → `嘉峪关`, `definprops` → `defineprops`). Their
    /// matches come after those of the query as typed, or first when part of the query as typed
    /// occurs nowhere.
    pub alternatives: Vec<String>,
    /// When part of the query occurs nowhere and no rewriting found it: a query near it that
    /// finds everything it asks for ("did you mean"), not searched. Chunks that occur nowhere are
    /// read with a looser budget (`新藏` → `心脏`, `defnPrps` → `defineprops`), or left
    /// out when nothing matched at all.
    pub did_you_mean: Option<String>,
    /// For an index whose text is in shards: the shards this query needed that are not loaded,
    /// most needed first (see [`Index::add_shard`]). While there are any, the results cover only
    /// the loaded text; add them and ask again. Always empty for an index that holds its text.
    pub missing: Vec<&'a str>,
}

/// Passages shown per document at most.
pub const PASSAGES_PER_HIT: usize = 3;

impl<'a> Index<'a> {
    /// The documents that match `query`, best first.
    ///
    /// Never fails: an empty query, or one with nothing in the corpus, gives no hits. Any string is
    /// a valid query; only its first 256 characters are looked at.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Vec<Hit<'a>> {
        self.query(query, options).hits
    }

    /// Like [`Index::search`], with the number of matching documents.
    pub fn query(&self, query: &str, options: &SearchOptions) -> Results<'a> {
        let _ = self.take_missing();
        let plan = self.plan(query);
        if plan.is_empty() {
            return Results::default();
        }
        let ranking = self.rank_plan(&plan);
        let alternates = self.alternates(&plan, &ranking.missing);
        // Every search that contributes: the query as typed, then its rewritings.
        let mut searches = vec![(plan, ranking)];
        let mut used = Vec::new();
        for text in alternates.queries {
            let plan = self.plan(&text);
            let ranking = self.rank_plan(&plan);
            if !ranking.docs.is_empty() {
                used.push(text);
                searches.push((plan, ranking));
            }
        }
        // Documents in order: what was typed first, unless part of it occurs nowhere and a
        // rewriting does (then the rewritings first, best first, and what was typed after).
        let mut order: Vec<(usize, usize)> = Vec::new();
        let docs = searches.iter().flat_map(|(_, r)| &r.docs).map(|d| d.doc as usize + 1).max().unwrap_or(0);
        let mut seen = vec![false; docs];
        let mut take = |s: usize| {
            for (d, doc) in searches[s].1.docs.iter().enumerate() {
                if !std::mem::replace(&mut seen[doc.doc as usize], true) {
                    order.push((s, d));
                }
            }
        };
        if alternates.replace_missing && searches.len() > 1 {
            (1..searches.len()).for_each(&mut take);
            take(0);
        } else {
            (0..searches.len()).for_each(&mut take);
        }
        // Scores from different searches do not compare: each is capped by the one before, so the
        // list reads best first.
        let mut cap = f32::INFINITY;
        let hits = order
            .iter()
            .map(|&(s, d)| {
                let (plan, ranking) = &searches[s];
                let doc = &ranking.docs[d];
                cap = cap.min(doc.score);
                (plan, ranking, doc, cap)
            })
            .skip(options.offset)
            .take(options.limit)
            .map(|(plan, ranking, doc, score)| self.hit(plan, ranking, doc, score))
            .collect();
        let did_you_mean = if used.is_empty() {
            self.did_you_mean(&searches[0].0, &searches[0].1.missing, !order.is_empty())
        } else {
            None
        };
        let missing = self.missing_for(&searches[0].0);
        Results { total: order.len(), hits, alternatives: used, did_you_mean, missing }
    }

    /// The shards the query needed and did not find, those that hold a document whose title has
    /// the query's words first (they rank high, so the first page is right sooner), then those
    /// read the most.
    fn missing_for(&self, plan: &plan::Plan) -> Vec<&'a str> {
        let wanted = crate::text::take_wanted();
        if wanted.is_empty() {
            return Vec::new();
        }
        let searchers: Vec<scan::Searcher> = plan.needles.iter().map(|n| self.searcher(&n.text)).collect();
        let needles: Vec<(u32, &scan::Searcher)> = plan
            .terms
            .iter()
            .chain(plan.chunks.iter().map(|c| &c.needle))
            .map(|&t| (t as u32, &searchers[t]))
            .collect();
        let mut scratch = scan::Scratch::default();
        let mut titled = vec![0f32; wanted.iter().map(|w| w.0 as usize + 1).max().unwrap_or(0)];
        for doc in 0..self.stats().documents {
            let covered = self.title_covered(doc, &needles, &mut scratch);
            if covered > 0.0 {
                let (first, last) = self.doc_blocks(doc);
                let (first, last) = (self.text.part_of_block(first), self.text.part_of_block(last));
                for part in titled.iter_mut().take(last + 1).skip(first) {
                    *part += covered;
                }
            }
        }
        let mut wanted = wanted;
        crate::sort::sort_by(&mut wanted, |a, b| {
            titled[b.0 as usize].total_cmp(&titled[a.0 as usize]).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0))
        });
        let names = self.shard_names();
        wanted.into_iter().filter_map(|w| names.get(w.0 as usize).copied()).collect()
    }

    fn rank_plan(&self, plan: &plan::Plan) -> rank::Ranking {
        let searchers: Vec<scan::Searcher> = plan.needles.iter().map(|n| self.searcher(&n.text)).collect();
        self.rank(plan, &searchers)
    }

    /// A ranked document, with a snippet of each of its best passages.
    fn hit(&self, plan: &plan::Plan, ranking: &rank::Ranking, doc: &rank::RankedDoc, score: f32) -> Hit<'a> {
        let passages = doc
            .passages
            .iter()
            .map(|p| {
                let anchor = p.passage.anchor.map(|a| self.anchor_name(a));
                let text = self.passage_text(&p.passage);
                let (from, to) = p.occurrences;
                let found = ranking.occurrences.get(from as usize..to as usize).unwrap_or(&[]);
                let cut = snippet::snippet(text, &highlights(plan, found, p.passage.start));
                PassageHit {
                    anchor,
                    url: match anchor {
                        Some(a) => format!("{}#{a}", self.doc_url(doc.doc)),
                        None => self.doc_url(doc.doc).to_owned(),
                    },
                    snippet: cut.segments,
                    cut_start: cut.cut_start,
                    cut_end: cut.cut_end,
                }
            })
            .collect();
        Hit { url: self.doc_url(doc.doc), title: self.doc_title(doc.doc), score, passages }
    }
}

/// Byte ranges, within its passage, to highlight among a passage's occurrences (`found`; the
/// passage starts at byte `offset` of the text): those of each chunk, or of its terms where the
/// chunk itself does not occur (so `技创` lights up as a whole, not every 技 and 创 around it).
/// Sorted and merged.
fn highlights(plan: &plan::Plan, found: &[scan::Occurrence], offset: u32) -> Vec<(usize, usize)> {
    let has = |needle: usize| found.iter().any(|o| o.needle as usize == needle);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for chunk in &plan.chunks {
        let wanted: &[usize] = if has(chunk.needle) { std::slice::from_ref(&chunk.needle) } else { &chunk.terms };
        ranges.extend(
            found
                .iter()
                .filter(|o| wanted.contains(&(o.needle as usize)))
                .map(|o| ((o.start - offset) as usize, (o.end - offset) as usize)),
        );
    }
    merge_overlapping(ranges)
}

/// `ranges` sorted, with overlapping ones merged (touching ones stay apart: each is a match of its
/// own).
pub(crate) fn merge_overlapping(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    crate::sort::sort(&mut ranges);
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}
