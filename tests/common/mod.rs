//! Helpers shared by the integration tests and the benchmark.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sou_indexer::segment::Segmenter;

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// One segmenter for the whole test binary: loading jieba's dictionary takes a moment.
pub fn segmenter() -> &'static Segmenter {
    static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
    SEGMENTER.get_or_init(Segmenter::new)
}

/// Builds the index of a folder of the repository (or any folder).
pub fn build(corpus: impl AsRef<Path>) -> sou_indexer::Built {
    let corpus = corpus.as_ref();
    let path = if corpus.is_absolute() { corpus.to_path_buf() } else { repo(&corpus.to_string_lossy()) };
    sou_indexer::build_with(&sou_indexer::Options::new(path), segmenter()).expect("the corpus builds")
}

/// The seed corpus's index bytes, built once.
pub fn seeds() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| build("seeds").bytes)
}

/// The Vue docs' index bytes, built once.
pub fn vue() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| build("tests/corpora/vue-docs-zh").bytes)
}

/// A judged query: the query, the documents expected (most relevant first), and its kind.
#[derive(Debug, Clone)]
pub struct Judged {
    pub query: String,
    pub expected: Vec<String>,
    pub kind: String,
}

/// The judged queries of `tests/queries/<name>.tsv`.
pub fn judged(name: &str) -> Vec<Judged> {
    let path = repo(&format!("tests/queries/{name}.tsv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "{}: bad line {line:?}", path.display());
            Judged {
                query: cols[0].to_owned(),
                expected: cols[1].split(',').map(str::to_owned).collect(),
                kind: cols[2].to_owned(),
            }
        })
        .collect()
}

/// True when a result URL is the judged document `expected`: a seed is named by its file's first
/// three characters (`003`), a page by its path without extension.
pub fn is_doc(url: &str, expected: &str) -> bool {
    url == expected || (url.starts_with(expected) && url[expected.len()..].starts_with('_'))
}

/// A small deterministic random number generator (xorshift64*), so drawn samples are the same on
/// every run and every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `count` random substrings of 2–8 characters of the passages of `index`, each with its
/// passage's document URL. Substrings made only of white space and punctuation are skipped.
pub fn random_substrings(index: &sou::Index, count: usize, seed: u64) -> Vec<(String, String)> {
    let mut passages: Vec<(String, Vec<char>)> = Vec::new();
    for doc in all_documents(index) {
        let title = doc.title.chars().collect();
        passages.push((doc.url.to_owned(), title));
        for p in &doc.passages {
            passages.push((doc.url.to_owned(), p.text.chars().collect()));
        }
    }
    let total: usize = passages.iter().map(|p| p.1.len()).sum();
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        // Weighted by length, so every character of the corpus is equally likely to start one.
        let mut at = rng.below(total);
        let (url, chars) = passages
            .iter()
            .find(|p| {
                if at < p.1.len() {
                    true
                } else {
                    at -= p.1.len();
                    false
                }
            })
            .unwrap();
        let len = 2 + rng.below(7);
        if at + len > chars.len() {
            continue;
        }
        let query: String = chars[at..at + len].iter().collect();
        if !query.chars().any(char::is_alphanumeric) {
            continue;
        }
        out.push((query, url.clone()));
    }
    out
}

/// Every document of an index, through its public API.
pub fn all_documents<'a>(index: &sou::Index<'a>) -> Vec<sou::Document<'a>> {
    index.urls().filter_map(|url| index.document(url)).collect()
}
