//! The engine benchmark: index size by part (raw and gzip), build time, and query latency.
//!
//! `cargo bench --bench engine` prints, for the seed corpus and the Vue docs:
//! - the bytes of each part of the index, raw and gzip-compressed, and the whole index's gzip size
//!   against the gzip size of its plain text (the target is at most 1.3× on the Vue docs);
//! - the build time (jieba's dictionary load, then the build itself);
//! - query latency p50/p95/max over the judged queries and over random substrings of the corpus.
//!
//! It prints numbers and asserts nothing about them: timings belong here, not in tests.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use flate2::write::GzEncoder;
use flate2::Compression;
use sou::{Index, SearchOptions};

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Times each query `rounds` times (after one warm-up run): all the samples, sorted, and the
/// slowest queries by median.
fn time_queries(index: &Index, queries: &[String], rounds: usize) -> (Vec<Duration>, Vec<(Duration, String)>) {
    let options = SearchOptions::default();
    let mut samples = Vec::with_capacity(queries.len() * rounds);
    let mut medians = Vec::with_capacity(queries.len());
    for query in queries {
        black_box(index.query(query, &options));
        let mut mine = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let start = Instant::now();
            black_box(index.query(black_box(query), &options));
            mine.push(start.elapsed());
        }
        mine.sort();
        medians.push((percentile(&mine, 0.5), query.clone()));
        samples.extend(mine);
    }
    samples.sort();
    medians.sort_by(|a, b| b.cmp(a));
    medians.truncate(3);
    (samples, medians)
}

fn report_queries(label: &str, (samples, slowest): (Vec<Duration>, Vec<(Duration, String)>)) {
    report_latency(label, &samples);
    let slowest: Vec<String> = slowest.iter().map(|(d, q)| format!("{q:?} {:.0} µs", d.as_secs_f64() * 1e6)).collect();
    println!("  {:<34} slowest medians: {}", "", slowest.join(", "));
}

fn report_latency(label: &str, samples: &[Duration]) {
    println!(
        "  {label:<34} p50 {:>8.1} µs   p95 {:>8.1} µs   max {:>8.1} µs   ({} samples)",
        percentile(samples, 0.50).as_secs_f64() * 1e6,
        percentile(samples, 0.95).as_secs_f64() * 1e6,
        samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
        samples.len()
    );
}

/// What a page waits for before its first result, beside the module's download and compilation:
/// opening the index, then a first query (which makes the tables built on first need), then the
/// same query again.
fn report_start_up(bytes: &[u8], query: &str) {
    let options = SearchOptions::default();
    let mut steps = [Duration::ZERO; 3];
    const RUNS: usize = 20;
    let mut runs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let index = Index::open(black_box(bytes)).expect("the index opens");
        let opened = start.elapsed();
        black_box(index.query(query, &options));
        let first = start.elapsed();
        black_box(index.query(query, &options));
        runs.push([opened, first - opened, start.elapsed() - first]);
    }
    for (step, slot) in steps.iter_mut().enumerate() {
        let mut samples: Vec<Duration> = runs.iter().map(|r| r[step]).collect();
        samples.sort();
        *slot = percentile(&samples, 0.5);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  start-up (median of {RUNS}): open {:.2} ms, first query {query:?} {:.2} ms, again {:.3} ms",
        ms(steps[0]),
        ms(steps[1]),
        ms(steps[2])
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument picks corpora by name.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let start = Instant::now();
    let segmenter = common::segmenter();
    println!("jieba dictionary loaded in {:.0} ms", start.elapsed().as_secs_f64() * 1e3);

    for (name, folder, queries) in
        [("seeds", "seeds", "seeds"), ("vue-docs-zh", "tests/corpora/vue-docs-zh", "vue-docs-zh")]
    {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        println!("\n== {name} ==");
        let options = sou_indexer::Options::new(common::repo(folder));
        let start = Instant::now();
        let built = sou_indexer::build_with(&options, segmenter).expect("the corpus builds");
        let build_time = start.elapsed();
        let index = Index::open(&built.bytes).expect("the index opens");
        let stats = index.stats();
        println!(
            "  build: {:.0} ms ({} files, {} documents, {} passages, {} blocks, {} terms, {} characters)",
            build_time.as_secs_f64() * 1e3,
            built.files,
            stats.documents,
            stats.passages,
            stats.blocks,
            stats.terms,
            stats.chars
        );

        // The plain text: every passage, as a reader sees it (the stored text without separators).
        let plain: String = common::all_documents(&index)
            .iter()
            .flat_map(|d| std::iter::once(d.title).chain(d.passages.iter().map(|p| p.text)))
            .collect::<Vec<_>>()
            .join("\n");
        let plain_gz = gzip(plain.as_bytes());
        println!("  {:<24}{:>10}{:>10}", "part", "bytes", "gzip");
        let file = sou_core::format::decode(&built.bytes).expect("decodes");
        let parts: [(&str, &[u8]); 14] = [
            ("text", file.text),
            ("term dictionary", file.terms),
            ("characters", file.chars.as_bytes()),
            ("character postings", file.char_postings),
            ("letter pair postings", file.pair_postings),
            ("block starts", file.blocks),
            ("passage flags", file.passage_flags),
            ("urls and anchors", file.strings.as_bytes()),
            ("fold table", file.fold_table),
            ("fold strings", file.fold_strings.as_bytes()),
            ("fold pairs", file.fold_pairs),
            ("byte ranks", file.byte_ranks),
            ("pinyin syllables", file.syllables.as_bytes()),
            ("pinyin readings", file.readings),
        ];
        for (part, bytes) in parts {
            println!("  {part:<24}{:>10}{:>10}", bytes.len(), gzip(bytes));
        }
        let index_gz = gzip(&built.bytes);
        println!("  {:<24}{:>10}{:>10}", "whole index", built.bytes.len(), index_gz);
        println!("  {:<24}{:>10}{:>10}", "plain text", plain.len(), plain_gz);
        println!("  index gzip / plain text gzip = {:.3}", index_gz as f64 / plain_gz as f64);

        let all_judged = common::judged(queries);
        let judged: Vec<String> = all_judged.iter().map(|j| j.query.clone()).collect();
        report_start_up(&built.bytes, &judged[0]);
        report_queries("judged queries", time_queries(&index, &judged, 200));
        // What reading pinyin and typos costs: the judged queries of those kinds on their own.
        let sounds: Vec<String> = all_judged
            .iter()
            .filter(|j| matches!(j.kind.as_str(), "pinyin" | "homophone" | "trad"))
            .map(|j| j.query.clone())
            .collect();
        if !sounds.is_empty() {
            report_queries("judged pinyin/homophone/trad", time_queries(&index, &sounds, 200));
        }
        let random: Vec<String> = common::random_substrings(&index, 500, 7).into_iter().map(|(q, _)| q).collect();
        report_queries("random substrings (2-8 chars)", time_queries(&index, &random, 20));
        let prefixes: Vec<String> = judged.iter().filter_map(|q| q.chars().next().map(String::from)).collect();
        let mut samples = Vec::new();
        for prefix in &prefixes {
            for _ in 0..50 {
                let start = Instant::now();
                black_box(index.suggest(black_box(prefix), 8));
                samples.push(start.elapsed());
            }
        }
        samples.sort();
        report_latency("suggest (first character)", &samples);
    }
}
