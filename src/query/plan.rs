//! A query string → what to look for.
//!
//! The query is folded like the corpus and split at white space into *chunks*, each of which is
//! looked for literally (so anything copied from a page is found), and each chunk is cut into
//! *terms* with the index's vocabulary (so `长治人工心脏生产线` also finds a page that has the words
//! apart). Every distinct string to look for — chunk or term — is a [`Needle`].

use sou_core::fold::Fold;
use sou_core::runs::{runs, Run};

use crate::index::Index;

/// The longest query considered, in characters; the rest is ignored (cut, not rejected). It bounds
/// the work a query can cause whatever its length.
pub const MAX_QUERY_CHARS: usize = 256;
/// At most this many chunks (white-space separated parts) are looked for.
pub const MAX_CHUNKS: usize = 12;
/// At most this many distinct strings are looked for.
pub(crate) const MAX_NEEDLES: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Needle {
    /// Folded, without white space, never empty.
    pub text: String,
    /// Starts or ends with an ASCII letter or digit, so where it stands inside a longer word it is
    /// only a partial match.
    pub latin_edges: (bool, bool),
    /// Length in characters.
    pub chars: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chunk {
    /// The needle of the whole chunk.
    pub needle: usize,
    /// The needles of its terms, in order (empty for a chunk of punctuation).
    pub terms: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Plan {
    pub needles: Vec<Needle>,
    pub chunks: Vec<Chunk>,
    /// Needles that are terms (each once), in query order.
    pub terms: Vec<usize>,
    /// The white space between chunk `k` and chunk `k + 1`, as typed (folded).
    pub gaps: Vec<String>,
    /// The query as the reader typed it, without white space around, when its case says
    /// something (an uppercase letter after a letter: `DOM`, `onMounted`): a document that has it
    /// so comes before one that has it only in another case. A capital that starts a word says
    /// nothing (a phone's keyboard puts it there), nor does lowercase. A rewriting of the query,
    /// made of folded text, never has one.
    pub written: Option<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    fn needle(&mut self, text: &str) -> Option<usize> {
        if let Some(i) = self.needles.iter().position(|n| n.text == text) {
            return Some(i);
        }
        if self.needles.len() >= MAX_NEEDLES {
            return None;
        }
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        self.needles.push(Needle {
            text: text.to_owned(),
            latin_edges: (edge(text.chars().next()), edge(text.chars().next_back())),
            chars: text.chars().count(),
        });
        Some(self.needles.len() - 1)
    }
}

impl Index<'_> {
    /// Plans the search for `query`.
    pub(crate) fn plan(&self, query: &str) -> Plan {
        let mut plan = Plan::default();
        let truncated: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let is_space = |c: char| c.is_whitespace() || c.is_control();
        let folded = self.folder().fold(&truncated);
        let written = truncated.trim_matches(is_space);
        if written.as_bytes().windows(2).any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_uppercase()) {
            plan.written = Some(written.to_owned());
        }
        let humps = camel_case_parts(&truncated);
        let mut rest = folded.trim_start_matches(is_space);
        while !rest.is_empty() && plan.chunks.len() < MAX_CHUNKS {
            let piece = rest.get(..rest.find(is_space).unwrap_or(rest.len())).unwrap_or("");
            rest = rest.get(piece.len()..).unwrap_or("");
            let gap = rest.get(..rest.len() - rest.trim_start_matches(is_space).len()).unwrap_or("");
            rest = rest.get(gap.len()..).unwrap_or("");
            let Some(needle) = plan.needle(piece) else { break };
            if !rest.is_empty() {
                plan.gaps.push(gap.to_owned());
            }
            let mut terms = Vec::new();
            for run in runs(piece) {
                match run {
                    Run::Latin(word) => match humps.iter().find(|(whole, _)| whole == word) {
                        // `defineProps`: its parts are its terms, as jieba offers the words inside
                        // a Chinese compound; the whole still counts as the chunk.
                        Some((_, parts)) => {
                            // Beside other text (`nextTick作用`) the word is no chunk of its own:
                            // it is a term too, so that it is found and marked whole.
                            if word != piece {
                                terms.extend(plan.needle(word));
                            }
                            for part in parts {
                                terms.extend(plan.needle(part));
                            }
                        }
                        None => terms.extend(plan.needle(word)),
                    },
                    Run::Other(text) => {
                        let code = |c: char, key: &mut Vec<u8>| self.push_term_code(c, key);
                        for (s, e) in
                            super::segment::segment(self.terms.as_fst(), self.file.stats.term_total, text, code)
                        {
                            let word = text.get(s..e).unwrap_or("");
                            if word.chars().any(char::is_alphanumeric) {
                                terms.extend(plan.needle(word));
                            }
                        }
                    }
                }
            }
            terms.dedup();
            for &t in &terms {
                if !plan.terms.contains(&t) {
                    plan.terms.push(t);
                }
            }
            plan.chunks.push(Chunk { needle, terms });
        }
        plan
    }
}

/// The camel-case words of a query, folded, each with its parts of two letters or more:
/// `defineProps` → (`defineprops`, [`define`, `props`]). The case is only visible before folding.
fn camel_case_parts(query: &str) -> Vec<(String, Vec<String>)> {
    let mut words = Vec::new();
    for word in query.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = word.as_bytes();
        let mut parts = Vec::new();
        let mut start = 0;
        for i in 1..bytes.len() {
            if bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() {
                parts.push(word.get(start..i).unwrap_or(""));
                start = i;
            }
        }
        if start > 0 {
            parts.push(word.get(start..).unwrap_or(""));
            let parts: Vec<String> = parts.into_iter().filter(|p| p.len() >= 2).map(str::to_ascii_lowercase).collect();
            if parts.len() >= 2 {
                words.push((word.to_ascii_lowercase(), parts));
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::camel_case_parts;

    #[test]
    fn camel_case_words_are_split() {
        assert_eq!(
            camel_case_parts("defineProps 和 onMounted, useSSRContext x"),
            vec![
                ("defineprops".to_owned(), vec!["define".to_owned(), "props".to_owned()]),
                ("onmounted".to_owned(), vec!["on".to_owned(), "mounted".to_owned()]),
                ("usessrcontext".to_owned(), vec!["use".to_owned(), "ssrcontext".to_owned()]),
            ]
        );
        assert!(camel_case_parts("LED v-model Teleport 6Cr13").is_empty());
    }
}
