//! Finding the vocabulary words that fit a *lattice*: what a query could stand for, position by
//! position.
//!
//! Pinyin and homophone typos are both questions of the form "which words of the corpus could the
//! reader have meant here?". A [`Lattice`] says what each stretch of the query may be: `jia` may
//! be any character of the corpus read `jia`; the typed 裕 may be 裕 itself or any character that
//! sounds like it, at a cost. [`walk`] then runs through the term dictionary (an fst, so a
//! character that starts no word of the vocabulary is dropped at once) and returns the cheapest
//! ways to cover the whole query with words, the way the query segmenter picks the most probable
//! cut: a word costs `ln(total / frequency)`, a changed character a fixed amount more.
//!
//! The search is depth-first with a bound (the worst of the best few found so far) and a cap on
//! the steps taken, so it stays within a fraction of a millisecond whatever the query. Between
//! words, a way that enough others reached no dearer is dropped: what follows a word's end does
//! not depend on how the query up to it was read.

use fst::raw::{Fst, Node, Output};

use super::segment::follow;

/// One character the lattice allows at a place: its term key code and what taking it costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Choice {
    pub code: [u8; 3],
    pub code_len: u8,
    pub cost: f32,
    /// Not the character that was typed (a homophone, or any character in pinyin).
    pub changed: bool,
}

impl Choice {
    pub fn new(code: &[u8], cost: f32, changed: bool) -> Choice {
        let mut c = Choice { code: [0; 3], code_len: code.len().min(3) as u8, cost, changed };
        c.code[..c.code_len as usize].copy_from_slice(&code[..c.code_len as usize]);
        c
    }

    pub fn code(&self) -> &[u8] {
        &self.code[..self.code_len as usize]
    }

    /// A number that orders choices as their codes do (the code padded with zeros, then its
    /// length, which breaks the tie a zero byte would leave): one comparison instead of a slice
    /// comparison, in sorts of a few hundred characters (every character a pinyin initial allows).
    pub fn key(&self) -> u32 {
        let mut key = [0u8; 4];
        key[..self.code().len()].copy_from_slice(self.code());
        key[3] = self.code_len;
        u32::from_be_bytes(key)
    }
}

/// A stretch of the query, `from` one position `to` another, and the characters it may be.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    pub to: usize,
    pub choices: Vec<Choice>,
    /// What taking this edge costs besides the character (an initial instead of a full syllable).
    pub cost: f32,
    /// It reads a syllable cut short: a guess at what the reader has yet to type.
    pub cut: bool,
}

/// Positions `0..=len`; `edges[p]` leave position `p`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lattice {
    pub edges: Vec<Vec<Edge>>,
}

impl Lattice {
    pub fn new(len: usize) -> Lattice {
        Lattice { edges: vec![Vec::new(); len] }
    }

    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// `other` after this lattice's end: the lattice of the two stretches of the query one after
    /// the other.
    pub fn append(&mut self, other: Lattice) {
        let at = self.len();
        self.edges.extend(
            other
                .edges
                .into_iter()
                .map(|edges| edges.into_iter().map(|edge| Edge { to: edge.to + at, ..edge }).collect::<Vec<_>>()),
        );
    }
}

/// How a walk may cover the query.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WalkOptions {
    /// The query may end inside a word (typing `jiayu`, the reader is on the way to 嘉峪关).
    pub partial_end: bool,
    /// A character left as typed may stand alone even where no word of the vocabulary is it.
    pub loose: bool,
    /// At most this many changed characters.
    pub max_changed: u32,
    /// Only ways that are one word of the vocabulary (initials: `jyg` spells a word, not a phrase).
    pub one_word: bool,
    /// How many ways to return.
    pub results: usize,
    /// The most steps the walk takes: what bounds its time, whatever the query.
    pub max_steps: usize,
}

/// A way to cover the query: the term keys of its characters, back to back.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub key: Vec<u8>,
    pub cost: f32,
    pub changed: u32,
    /// Ends inside a word.
    pub partial: bool,
    /// Took an [`Edge::cut`]: reads a syllable the reader has not finished typing.
    pub cut: bool,
    /// What the lattice charged on the way, besides the words (`cost` has both): syllables cut
    /// short, initials, rare readings, changed characters.
    pub charged: f32,
    /// One word of the vocabulary, or the start of one: text the corpus has as it is.
    pub one_word: bool,
}

/// Cost of a word seen once; also of a character standing alone.
fn cost_of(term_total: u64, freq: u64) -> f32 {
    ((term_total.max(1) as f64).ln() - (freq.max(1) as f64).ln()).max(0.0) as f32
}

/// What a query ending inside a word costs, besides its characters: about what a rare word costs,
/// so that a reading in whole words wins when there is one.
const PARTIAL: f32 = 8.0;

/// The cheapest ways (at most `options.results`, cheapest first) to cover `lattice` with words of
/// `terms`.
pub(crate) fn walk(terms: &Fst<&[u8]>, term_total: u64, lattice: &Lattice, options: WalkOptions) -> Vec<Found> {
    if lattice.len() == 0 || options.results == 0 {
        return Vec::new();
    }
    let by_code: Vec<Vec<Vec<Choice>>> = lattice
        .edges
        .iter()
        .map(|edges| {
            edges
                .iter()
                .map(|edge| {
                    let mut choices = edge.choices.clone();
                    // A syllable's characters come sorted already (see `Sounds::choices`).
                    if !choices.is_sorted_by_key(Choice::key) {
                        crate::sort::sort_by_key(&mut choices, Choice::key);
                    }
                    choices
                })
                .collect()
        })
        .collect();
    let mut walker = Walker {
        terms,
        lattice,
        options,
        loose_cost: cost_of(term_total, 1),
        term_total,
        key: Vec::new(),
        found: Vec::new(),
        steps: 0,
        words: 0,
        cut: false,
        charged: 0.0,
        by_code: &by_code,
        between: vec![Vec::new(); lattice.len()],
        from_root: lattice.edges.iter().map(|edges| vec![None; edges.len()]).collect(),
    };
    let root = terms.root();
    walker.go(0, root, Output::zero(), Term::Between, 0.0, 0);
    walker.found
}

/// Where a walk stands with respect to words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    /// Between words.
    Between,
    /// Inside a word, after its first character, which was (`true`) or was not changed.
    First(bool),
    /// Inside a word, further on.
    Further,
}

/// Ways on from a node: (index of the choice taken, the node reached, the output on the way).
type Steps<'f> = Vec<(usize, Node<'f>, Output)>;

struct Walker<'w, 'f> {
    terms: &'w Fst<&'f [u8]>,
    lattice: &'w Lattice,
    options: WalkOptions,
    loose_cost: f32,
    term_total: u64,
    key: Vec<u8>,
    found: Vec<Found>,
    steps: usize,
    /// Words completed on the way so far.
    words: u32,
    /// The way so far took an edge that cuts a syllable short.
    cut: bool,
    /// What the lattice charged on the way so far (see [`Found::charged`]).
    charged: f32,
    /// The choices of each edge (`by_code[position][edge]`), sorted by code.
    by_code: &'w [Vec<Vec<Choice>>],
    /// For each position, the ways that reached it between words so far: (key, cost, changed).
    between: Vec<Vec<(Vec<u8>, f32, u32)>>,
    /// For each position and edge, the choices that start a word and where they lead, once
    /// worked out (see `go`).
    from_root: Vec<Vec<Option<Steps<'w>>>>,
}

impl<'w> Walker<'w, '_> {
    /// The cost a way must stay under to be among the best.
    fn bound(&self) -> f32 {
        if self.found.len() < self.options.results {
            f32::INFINITY
        } else {
            self.found.last().map_or(f32::INFINITY, |f| f.cost)
        }
    }

    fn record(&mut self, cost: f32, changed: u32, partial: bool, word_end: bool) {
        let one_word = self.words == 0 && (partial || word_end);
        if cost >= self.bound() {
            return;
        }
        if let Some(i) = self.found.iter().position(|f| f.key == self.key) {
            if self.found[i].cost <= cost {
                return;
            }
            self.found.remove(i);
        }
        let at = self.found.partition_point(|f| f.cost <= cost);
        let (cut, charged) = (self.cut, self.charged);
        self.found.insert(at, Found { key: self.key.clone(), cost, changed, partial, cut, charged, one_word });
        self.found.truncate(self.options.results);
    }

    /// Whether a way that reaches `pos` between words (after one word at least), with the key so
    /// far, `cost` and `changed`, can still be among the best. Everything after such a point
    /// depends only on the position and on the changes left: when as many other keys as there are
    /// results came here no dearer and with no more changes, each way on from here is beaten by
    /// as many distinct ways on from those, and need not be walked; nor need the same key come
    /// here again dearer. Without this, a long query walks the same rest of the lattice once for
    /// every way to read its start (`xiangyinshijichuzujiansijian`: 6.6 ms, now 1.2).
    fn worth_going_on(&mut self, pos: usize, cost: f32, changed: u32) -> bool {
        let Some(seen) = self.between.get_mut(pos) else { return true };
        // The keys in `seen` are distinct: a key is kept the first time it comes.
        let (mut better, mut known) = (0, false);
        for (key, c, n) in seen.iter() {
            let no_worse = *c <= cost && *n <= changed;
            if *key == self.key {
                if no_worse {
                    return false;
                }
                known = true;
            } else if no_worse {
                better += 1;
            }
        }
        if better >= self.options.results {
            return false;
        }
        if !known {
            seen.push((self.key.clone(), cost, changed));
        }
        true
    }

    /// Runs `then` with `choice` of `edge` taken: its code on the key, what the edge and the
    /// choice charge on the way's charges; and takes them back after.
    fn taking(&mut self, edge: &Edge, choice: &Choice, then: impl FnOnce(&mut Self)) {
        let (before, cut, charged) = (self.key.len(), self.cut, self.charged);
        self.key.extend_from_slice(choice.code());
        (self.cut, self.charged) = (cut || edge.cut, charged + edge.cost + choice.cost);
        then(self);
        (self.cut, self.charged) = (cut, charged);
        self.key.truncate(before);
    }

    fn go(&mut self, pos: usize, node: Node<'w>, output: Output, term: Term, cost: f32, changed: u32) {
        self.steps += 1;
        if self.steps > self.options.max_steps || cost >= self.bound() {
            return;
        }
        if term == Term::Between && self.words > 0 && !self.worth_going_on(pos, cost, changed) {
            return;
        }
        let in_word = term != Term::Between;
        let word_cost = node.is_final().then(|| cost_of(self.term_total, output.cat(node.final_output()).value()));
        // A character left as typed, alone where the vocabulary has no word of it.
        let loose = self.options.loose && term == Term::First(false) && word_cost.is_none();
        if pos == self.lattice.len() {
            if !in_word {
                // Just after a character standing alone.
                self.record(cost, changed, false, false);
            } else if let Some(w) = word_cost {
                self.record(cost + w, changed, false, true);
            } else if loose {
                self.record(cost + self.loose_cost, changed, false, false);
            } else if in_word && self.options.partial_end {
                self.record(cost + PARTIAL, changed, true, false);
            }
            return;
        }
        // End the word here and start the next.
        if in_word && !self.options.one_word {
            let ended = match word_cost {
                Some(w) => Some(w),
                None => loose.then_some(self.loose_cost),
            };
            if let Some(w) = ended {
                self.words += 1;
                self.go(pos, self.terms.root(), Output::zero(), Term::Between, cost + w, changed);
                self.words -= 1;
            }
        }
        let lattice = self.lattice;
        for (e, edge) in lattice.edges[pos].iter().enumerate() {
            let choices = &self.by_code[pos][e][..];
            // Between words the walk stands at the dictionary's root: where each edge leads from
            // there is the same every time a way comes to this position, and is worked out once.
            let cached = if in_word { None } else { self.from_root[pos][e].clone() };
            let next = match cached {
                Some(next) => next,
                None => {
                    let mut next: Steps<'w> = Vec::new();
                    continuations(self.terms, node, output, choices, 0, 0, &mut next);
                    // Cheapest first (the typed character before its homophones), so the bound
                    // tightens early; then in code order, as found.
                    crate::sort::sort_by(&mut next, |a, b| {
                        choices[a.0].cost.total_cmp(&choices[b.0].cost).then(a.0.cmp(&b.0))
                    });
                    if !in_word {
                        self.from_root[pos][e] = Some(next.clone());
                    }
                    next
                }
            };
            // Characters as typed that start no word (found above): they may stand alone.
            let alone: Vec<usize> = if self.options.loose && !in_word {
                (0..choices.len()).filter(|&i| !choices[i].changed && !next.iter().any(|n| n.0 == i)).collect()
            } else {
                Vec::new()
            };
            for (i, to, out) in next {
                let choice = choices[i];
                let changed = changed + u32::from(choice.changed);
                if changed > self.options.max_changed {
                    continue;
                }
                let term = if in_word { Term::Further } else { Term::First(choice.changed) };
                self.taking(edge, &choice, |walker| {
                    walker.go(edge.to, to, out, term, cost + edge.cost + choice.cost, changed);
                });
            }
            for i in alone {
                let choice = choices[i];
                let cost = cost + edge.cost + choice.cost + self.loose_cost;
                self.taking(edge, &choice, |walker| {
                    walker.words += 1;
                    let root = walker.terms.root();
                    walker.go(edge.to, root, Output::zero(), Term::Between, cost, changed);
                    walker.words -= 1;
                });
            }
        }
    }
}

/// Into `out`: each of `choices` (sorted by code, all alike in their first `depth` bytes) that
/// continues a key from `node`, as (its index plus `base`, the node reached, the output on the
/// way). When there are many more choices than the node has transitions (a syllable stands for
/// dozens of characters; a node deep in the dictionary has a few ways on), the transitions are
/// walked and the choices looked up, not the other way round.
fn continuations<'f>(
    terms: &'f Fst<&[u8]>,
    node: Node<'f>,
    output: Output,
    choices: &[Choice],
    depth: usize,
    base: usize,
    out: &mut Steps<'f>,
) {
    if choices.len() <= 2 * node.len() {
        for (i, choice) in choices.iter().enumerate() {
            if let Some((to, at)) = follow(terms, node, output, &choice.code()[depth..]) {
                out.push((base + i, to, at));
            }
        }
        return;
    }
    for t in node.transitions() {
        let from = choices.partition_point(|c| c.code()[depth] < t.inp);
        let to = from + choices[from..].partition_point(|c| c.code()[depth] == t.inp);
        if from == to {
            continue;
        }
        let (next, at) = (terms.node(t.addr), output.cat(t.out));
        // Choices of `depth + 1` bytes end here; the longer ones (sorted after) go on.
        let ended = choices[from..to].partition_point(|c| c.code().len() == depth + 1);
        out.extend((from..from + ended).map(|i| (base + i, next, at)));
        continuations(terms, next, at, &choices[from + ended..to], depth + 1, base + from + ended, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_keys_order_as_codes_do() {
        let codes: [&[u8]; 9] = [b"", b"\0", b"\0\0", b"a", b"a\0", b"a\0\x01", b"ab", b"b", b"\xff\xff\xff"];
        for a in codes {
            for b in codes {
                let (ka, kb) = (Choice::new(a, 0.0, false).key(), Choice::new(b, 0.0, false).key());
                assert_eq!(ka.cmp(&kb), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    /// Plain UTF-8 stands in for term keys: test characters are given 3-byte codes.
    fn code(c: char) -> Vec<u8> {
        c.to_string().into_bytes()
    }

    /// A lattice of one position per character; each may be any of its group, changed unless it is
    /// the first.
    fn homophones(groups: &[&str]) -> Lattice {
        let mut lattice = Lattice::new(groups.len());
        for (i, group) in groups.iter().enumerate() {
            let choices = group.chars().enumerate().map(|(k, c)| Choice::new(&code(c), 0.0, k > 0)).collect();
            lattice.edges[i].push(Edge { to: i + 1, choices, cost: 0.0, cut: false });
        }
        lattice
    }

    /// Options for three results: a query that may end inside a word or not, characters that may
    /// stand alone or not, at most `max_changed` changes.
    fn options(partial_end: bool, loose: bool, max_changed: u32) -> WalkOptions {
        WalkOptions { partial_end, loose, max_changed, one_word: false, results: 3, max_steps: 10_000 }
    }

    fn texts(found: &[Found]) -> Vec<String> {
        found.iter().map(|f| String::from_utf8(f.key.clone()).unwrap()).collect()
    }

    const WORDS: [(&str, u64); 6] = [("嘉峪关", 20), ("人工", 30), ("心脏", 10), ("新", 50), ("关", 5), ("加", 5)];

    #[test]
    fn finds_the_word_that_sounds_the_same() {
        let (fst, total) = crate::query::test_vocabulary(&WORDS);
        let fst = Fst::new(fst.as_bytes()).unwrap();
        let options = options(false, true, 1);
        let found = walk(&fst, total, &homophones(&["嘉加", "裕峪", "关"]), options);
        assert_eq!(texts(&found)[0], "嘉峪关");
        assert_eq!(found[0].changed, 1);
        assert!(found[0].one_word);
        // Across words: 人工 + 心脏, one character changed.
        let found = walk(&fst, total, &homophones(&["人", "工", "新心", "脏"]), options);
        assert_eq!(texts(&found)[0], "人工心脏");
        assert!(!found[0].one_word);
    }

    /// Every reading of `lattice` (one position per character) by brute force: each key the
    /// lattice spells with at most `max_changed` changed characters that `words` can cut, at the
    /// cost of its cheapest cut, cheapest first.
    fn all_readings(lattice: &Lattice, words: &[(String, u64)], total: u64, max_changed: u32) -> Vec<(Vec<u8>, f32)> {
        let mut readings: Vec<(Vec<u8>, f32)> = Vec::new();
        let mut paths: Vec<(Vec<char>, f32, u32)> = vec![(Vec::new(), 0.0, 0)];
        for edges in &lattice.edges {
            let edge = &edges[0];
            paths = paths
                .iter()
                .flat_map(|(chars, cost, changed)| {
                    edge.choices.iter().map(move |choice| {
                        let c = std::str::from_utf8(choice.code()).unwrap().chars().next().unwrap();
                        let changed = changed + u32::from(choice.changed);
                        ([chars.clone(), vec![c]].concat(), cost + edge.cost + choice.cost, changed)
                    })
                })
                .collect();
        }
        for (chars, cost, _) in paths.into_iter().filter(|p| p.2 <= max_changed) {
            // cut[i]: the cheapest cut of chars[..i] into words.
            let mut cut = vec![f32::INFINITY; chars.len() + 1];
            cut[0] = 0.0;
            for end in 1..=chars.len() {
                for start in 0..end {
                    let text: String = chars[start..end].iter().collect();
                    if let Some(&(_, freq)) = words.iter().find(|(w, _)| *w == text) {
                        cut[end] = cut[end].min(cut[start] + cost_of(total, freq));
                    }
                }
            }
            let key = chars.iter().collect::<String>().into_bytes();
            let cost = cost + cut[chars.len()];
            if cost.is_finite() {
                match readings.iter_mut().find(|r| r.0 == key) {
                    Some(r) => r.1 = r.1.min(cost),
                    None => readings.push((key, cost)),
                }
            }
        }
        readings.sort_by(|a, b| a.1.total_cmp(&b.1));
        readings
    }

    proptest::proptest! {
        /// The walk leaves out ways that cannot be among the best (see `Walker::worth_going_on`):
        /// what it returns is what trying every way returns.
        #[test]
        fn finds_the_cheapest_readings_that_trying_every_way_finds(
            words in proptest::collection::btree_map("[甲乙丙丁戊]{1,3}", 1u64..200, 1..14),
            positions in proptest::collection::vec(
                (proptest::sample::subsequence(vec!['甲', '乙', '丙', '丁', '戊'], 1..=3), proptest::collection::vec(0u8..4, 3)),
                1..7,
            ),
            results in 1usize..5,
            max_changed in proptest::sample::select(vec![0, 1, 2, u32::MAX]),
        ) {
            let words: Vec<(String, u64)> = words.into_iter().collect();
            let vocabulary: Vec<(&str, u64)> = words.iter().map(|(w, f)| (w.as_str(), *f)).collect();
            let (fst, total) = crate::query::test_vocabulary(&vocabulary);
            let fst = Fst::new(fst.as_bytes()).unwrap();
            let mut lattice = Lattice::new(positions.len());
            for (i, (chars, costs)) in positions.iter().enumerate() {
                let choices = chars
                    .iter()
                    .zip(costs)
                    .enumerate()
                    .map(|(k, (&c, &cost))| Choice::new(&code(c), f32::from(cost) * 0.75, k > 0))
                    .collect();
                lattice.edges[i].push(Edge { to: i + 1, choices, cost: 0.0, cut: false });
            }
            let options = WalkOptions {
                partial_end: false,
                loose: false,
                max_changed,
                one_word: false,
                results,
                max_steps: usize::MAX,
            };
            let found = walk(&fst, total, &lattice, options);
            let every = all_readings(&lattice, &words, total, max_changed);
            proptest::prop_assert_eq!(found.len(), every.len().min(results));
            for (f, e) in found.iter().zip(&every) {
                proptest::prop_assert!((f.cost - e.1).abs() < 1e-3, "{} vs {}", f.cost, e.1);
                let own = every.iter().find(|r| r.0 == f.key).map(|r| r.1);
                proptest::prop_assert!(own.is_some_and(|c| (c - f.cost).abs() < 1e-3), "{:?}: {} vs {:?}", f.key, f.cost, own);
            }
        }
    }

    #[test]
    fn respects_the_change_budget_and_partial_ends() {
        let (fst, total) = crate::query::test_vocabulary(&WORDS);
        let fst = Fst::new(fst.as_bytes()).unwrap();
        let strict = options(false, false, 0);
        assert!(walk(&fst, total, &homophones(&["嘉加", "裕峪", "关"]), strict).is_empty());
        let typing = options(true, false, 2);
        let found = walk(&fst, total, &homophones(&["加嘉", "裕峪"]), typing);
        assert_eq!(texts(&found), ["嘉峪"]);
        assert!(found[0].partial);
    }

    #[test]
    fn a_query_may_end_inside_a_later_word_and_cut_syllables_are_marked() {
        let (fst, total) = crate::query::test_vocabulary(&WORDS);
        let fst = Fst::new(fst.as_bytes()).unwrap();
        let typing = options(true, false, 0);
        let found = walk(&fst, total, &homophones(&["人", "工", "心"]), typing);
        assert_eq!(texts(&found), ["人工心"]);
        assert!(found[0].partial && !found[0].cut && !found[0].one_word);
        // Whole words, unless a way took an edge that cuts a syllable short.
        let found = walk(&fst, total, &homophones(&["人", "工"]), typing);
        assert_eq!(texts(&found), ["人工"]);
        assert!(!found[0].cut);
        let mut lattice = homophones(&["人", "工"]);
        lattice.edges[1][0].cut = true;
        let found = walk(&fst, total, &lattice, typing);
        assert_eq!(texts(&found), ["人工"]);
        assert!(!found[0].partial && found[0].cut);
    }
}
