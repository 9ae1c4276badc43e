//! Cutting a query into words with the index's own vocabulary.
//!
//! The index stores every word jieba produced from the corpus, with its frequency. A query is cut
//! the way jieba cuts text with its dictionary: among all ways to cover the query with words of
//! that vocabulary, take the most probable, where a word's probability is its share of all word
//! occurrences and a character outside the vocabulary counts as a word seen once. Because the
//! vocabulary is the corpus's, the query is cut the way the corpus was.
//!
//! The words only shape ranking (which parts of the query must appear, how close together);
//! finding text never depends on them.

use fst::raw::{Fst, Node, Output};

/// Words longer than this many characters are not looked for.
const MAX_WORD_CHARS: usize = 16;

/// Byte ranges of the words of `run` (a run of non-ASCII text without white space), in order,
/// covering it exactly.
///
/// `code` appends a character's term key code (see `sou_core::format::term_key`) and says whether
/// the vocabulary can have it at all.
pub(crate) fn segment(
    terms: &Fst<&[u8]>,
    term_total: u64,
    run: &str,
    mut code: impl FnMut(char, &mut Vec<u8>) -> bool,
) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).chain(std::iter::once(run.len())).collect();
    let n = starts.len() - 1;
    // The key bytes of every character, back to back; `codes[i]..codes[i + 1]` is character i's, empty
    // for one the vocabulary cannot have.
    let mut bytes = Vec::with_capacity(run.len());
    let mut codes = Vec::with_capacity(n + 1);
    for c in run.chars() {
        codes.push(bytes.len());
        let before = bytes.len();
        if !code(c, &mut bytes) {
            bytes.truncate(before);
        }
    }
    codes.push(bytes.len());
    if n == 0 {
        return Vec::new();
    }
    let log_total = (term_total.max(1) as f64).ln();
    // best[i]: log-probability of the best cut of run[starts[i]..], and the end (char index) of its
    // first word.
    let mut best = vec![(0.0f64, n); n + 1];
    let mut ends = Vec::with_capacity(MAX_WORD_CHARS);
    for i in (0..n).rev() {
        words_at(terms, &bytes, &codes, i, &mut ends);
        let mut choice = (best[i + 1].0 - log_total, i + 1);
        for &(j, freq) in &ends {
            let score = (freq.max(1) as f64).ln() - log_total + best[j].0;
            if score > choice.0 {
                choice = (score, j);
            }
        }
        best[i] = choice;
    }
    let mut words = Vec::new();
    let mut i = 0;
    while i < n {
        let j = best[i].1;
        words.push((starts[i], starts[j]));
        i = j;
    }
    words
}

/// The vocabulary words that start at char `i`: their end (char index) and frequency. `bytes` and
/// `codes` are the characters' term key codes.
fn words_at(terms: &Fst<&[u8]>, bytes: &[u8], codes: &[usize], i: usize, out: &mut Vec<(usize, u64)>) {
    out.clear();
    let mut node = terms.root();
    let mut output = Output::zero();
    for j in i + 1..codes.len().min(i + 1 + MAX_WORD_CHARS) {
        if codes[j - 1] == codes[j] {
            return;
        }
        let Some(next) = follow(terms, node, output, &bytes[codes[j - 1]..codes[j]]) else { return };
        (node, output) = next;
        if node.is_final() {
            out.push((j, output.cat(node.final_output()).value()));
        }
    }
}

/// The node reached from `node` by the key bytes `bytes`, and the output on the way; `None` when no
/// key continues so.
pub(crate) fn follow<'f>(
    terms: &'f Fst<&[u8]>,
    mut node: Node<'f>,
    mut output: Output,
    bytes: &[u8],
) -> Option<(Node<'f>, Output)> {
    for &b in bytes {
        let t = node.transition(node.find_input(b)?);
        output = output.cat(t.out);
        node = terms.node(t.addr);
    }
    Some((node, output))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(words: &[(&str, u64)], text: &str) -> Vec<String> {
        let (fst, total) = crate::query::test_vocabulary(words);
        let fst = Fst::new(fst.as_bytes()).unwrap();
        // Plain UTF-8 keys stand in for term keys here.
        let utf8 = |c: char, key: &mut Vec<u8>| {
            key.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            true
        };
        segment(&fst, total, text, utf8).into_iter().map(|(s, e)| text[s..e].to_owned()).collect()
    }

    #[test]
    fn takes_the_most_probable_cut() {
        let words =
            [("长治", 20), ("人工", 10), ("心脏", 10), ("人工心脏", 8), ("生产线", 5), ("生产", 9), ("产线", 1)];
        assert_eq!(cut(&words, "长治人工心脏生产线"), ["长治", "人工心脏", "生产线"]);
    }

    #[test]
    fn unknown_characters_stand_alone() {
        let words = [("科技", 50)];
        assert_eq!(cut(&words, "技创"), ["技", "创"]);
        assert_eq!(cut(&words, "科技㐀"), ["科技", "㐀"]);
        assert!(cut(&words, "").is_empty());
    }
}
