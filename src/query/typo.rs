//! Latin words typed with a mistake: the vocabulary's words within one edit (words of 4 letters or
//! more) or two (8 or more) of what was typed, `definprops` → `defineprops`.
//!
//! The dictionary is an fst, so this is the classic walk of a trie with one row of the edit
//! distance table per node: a branch is left as soon as every cell of its row is over the budget.
//! Only ASCII keys are walked (the Latin part of the vocabulary).

use fst::raw::{Fst, Node, Output};

/// The most nodes one search visits.
const MAX_STEPS: usize = 20_000;

/// How many edits a word of `len` letters may have: none under 4 letters, then one, two from 8.
pub(crate) fn budget(len: usize) -> u32 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// A word of the vocabulary near the one typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Near {
    pub word: String,
    pub edits: u32,
    pub freq: u64,
}

/// The words of `terms` within `max_edits` of `word` (ASCII, folded), other than `word` itself:
/// fewest edits first, then the most frequent; at most `limit`.
pub(crate) fn near_words(terms: &Fst<&[u8]>, word: &str, max_edits: u32, limit: usize) -> Vec<Near> {
    if max_edits == 0 || !word.is_ascii() || word.is_empty() {
        return Vec::new();
    }
    let mut search = Search {
        terms,
        word: word.as_bytes(),
        max: max_edits,
        path: Vec::new(),
        found: Vec::new(),
        steps: 0,
        rows: (0..=word.len() as u32).collect(),
    };
    search.go(terms.root(), Output::zero(), 0);
    let mut found = search.found;
    crate::sort::sort_by(&mut found, |a, b| {
        a.edits.cmp(&b.edits).then(b.freq.cmp(&a.freq)).then_with(|| a.word.cmp(&b.word))
    });
    found.truncate(limit);
    found
}

struct Search<'s, 'f> {
    terms: &'s Fst<&'f [u8]>,
    word: &'s [u8],
    max: u32,
    path: Vec<u8>,
    found: Vec<Near>,
    steps: usize,
    /// The rows of the edit distance table along the path, one per depth (`word.len() + 1`
    /// cells each): kept from node to node instead of a new row allocated at each.
    rows: Vec<u32>,
}

impl<'s> Search<'s, '_> {
    /// Walks the keys below `node`, whose row is the one at `depth`.
    fn go(&mut self, node: Node<'s>, output: Output, depth: usize) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return;
        }
        let width = self.word.len() + 1;
        let distance = self.rows[depth * width + width - 1];
        if node.is_final() && distance <= self.max && self.path != self.word {
            let freq = output.cat(node.final_output()).value();
            let word = String::from_utf8_lossy(&self.path).into_owned();
            self.found.push(Near { word, edits: distance, freq });
        }
        if self.rows.len() < (depth + 2) * width {
            self.rows.resize((depth + 2) * width, 0);
        }
        for t in node.transitions() {
            if !t.inp.is_ascii() {
                continue;
            }
            let (above, below) = self.rows.split_at_mut((depth + 1) * width);
            let row = &above[depth * width..];
            let next = &mut below[..width];
            next[0] = row[0] + 1;
            let mut least = next[0];
            for j in 1..width {
                let substitute = row[j - 1] + u32::from(self.word[j - 1] != t.inp);
                next[j] = substitute.min(row[j] + 1).min(next[j - 1] + 1);
                least = least.min(next[j]);
            }
            if least <= self.max {
                self.path.push(t.inp);
                self.go(self.terms.node(t.addr), output.cat(t.out), depth + 1);
                self.path.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_within_the_budget() {
        let (fst, _) = crate::query::test_vocabulary(&[
            ("defineprops", 40),
            ("defineemits", 20),
            ("define", 30),
            ("props", 50),
            ("prop", 9),
        ]);
        let fst = Fst::new(fst.as_bytes()).unwrap();
        let near = near_words(&fst, "definprops", budget(10), 5);
        assert_eq!(near[0], Near { word: "defineprops".into(), edits: 1, freq: 40 });
        // `prop` is one edit from `props`, but the word itself is not offered.
        let near = near_words(&fst, "props", budget(5), 5);
        assert_eq!(near.iter().map(|n| n.word.as_str()).collect::<Vec<_>>(), ["prop"]);
        assert!(near_words(&fst, "prp", budget(3), 5).is_empty(), "short words are not corrected");
        assert!(near_words(&fst, "xxxxxxxx", budget(8), 5).is_empty());
    }

    #[test]
    fn budgets() {
        assert_eq!((budget(3), budget(4), budget(7), budget(8)), (0, 1, 1, 2));
    }
}
