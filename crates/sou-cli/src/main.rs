//! `sou`: search the embedded index (or any folder) from the command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use sou::{Index, SearchOptions};

#[derive(Parser)]
#[command(name = "sou", version, about = "Chinese full-text search over an index built at compile time")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Search and print the best documents with their snippets.
    Search {
        /// What to look for.
        query: String,
        /// How many documents to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Skip this many documents first.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print JSON, with the same fields the library returns.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Print completions of a word, most frequent first.
    Suggest {
        prefix: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Print a whole document by its URL.
    Document {
        url: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Print the index's size by part and the corpus it was built from.
    Stats {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Build an index over a folder and write it to a file, for `--index` here and for a page's
    /// `<sou-search index="site.sou">`.
    #[command(visible_alias = "build")]
    Index {
        /// Folder of .txt, .md, .mdx and .html files.
        corpus: PathBuf,
        /// Where to write the index.
        #[arg(long, short)]
        output: PathBuf,
        /// Put before every document URL, e.g. /docs/.
        #[arg(long, default_value = "")]
        base_url: String,
        /// Put after every document URL, e.g. .html.
        #[arg(long, default_value = "")]
        url_suffix: String,
        /// Write the text in shards beside the index (`site.<n>.<hash>.sou`), for a large site:
        /// the page then fetches only the shards a query needs. Upload them all with the index.
        #[arg(long)]
        shards: bool,
        /// Text per shard, in KiB (with --shards).
        #[arg(long, default_value_t = 48, requires = "shards", value_parser = clap::value_parser!(u32).range(1..))]
        shard_kib: u32,
    },
}

/// Which index to use: the embedded one unless told otherwise.
#[derive(Args)]
struct Source {
    /// Build an index over this folder first, instead of using the embedded one.
    #[arg(long, conflicts_with = "index")]
    corpus: Option<PathBuf>,
    /// Read the index from this file (written by `sou index`; its shards, if it has any, from
    /// the same folder).
    #[arg(long)]
    index: Option<PathBuf>,
}

impl Source {
    /// The index bytes, when they are not the embedded ones.
    fn load(&self) -> Result<Option<Vec<u8>>, String> {
        if let Some(corpus) = &self.corpus {
            return sou_indexer::build(&sou_indexer::Options::new(corpus))
                .map(|b| Some(b.bytes))
                .map_err(|e| e.to_string());
        }
        if let Some(path) = &self.index {
            return std::fs::read(path).map(Some).map_err(|e| {
                format!("cannot read {}: {e}; give the path of a file written by `sou index`", path.display())
            });
        }
        Ok(None)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sou: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if let Command::Index { corpus, output, base_url, url_suffix, shards, shard_kib } = &cli.command {
        let mut options = sou_indexer::Options::new(corpus);
        options.base_url.clone_from(base_url);
        options.url_suffix.clone_from(url_suffix);
        let built = sou_indexer::build(&options).map_err(|e| e.to_string())?;
        for line in built.warnings() {
            eprintln!("sou: {line}");
        }
        let write = |path: &Path, bytes: &[u8]| {
            std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        if !shards {
            write(output, &built.bytes)?;
            println!("wrote {} ({} bytes, {} documents)", output.display(), built.bytes.len(), built.stats.documents);
            return Ok(());
        }
        let stem = output.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        let stem = stem.strip_suffix(".sou").unwrap_or(&stem);
        let sharded = sou_indexer::shard::shard(&built.bytes, stem, *shard_kib as usize * 1024)
            .map_err(|e| format!("cannot split the index into shards: {e}"))?;
        write(output, &sharded.head)?;
        let folder = output.parent().unwrap_or(Path::new(""));
        for (name, bytes) in &sharded.shards {
            write(&folder.join(name), bytes)?;
        }
        println!(
            "wrote {} ({} bytes, {} documents) and {} text shards beside it ({} bytes); upload them together",
            output.display(),
            sharded.head.len(),
            built.stats.documents,
            sharded.shards.len(),
            sharded.shards.iter().map(|s| s.1.len()).sum::<usize>()
        );
        return Ok(());
    }
    let source = match &cli.command {
        Command::Search { source, .. }
        | Command::Suggest { source, .. }
        | Command::Document { source, .. }
        | Command::Stats { source, .. } => source,
        Command::Index { .. } => unreachable!("handled above"),
    };
    match source.load()? {
        Some(bytes) => {
            let index = Index::open(&bytes).map_err(|e| e.to_string())?;
            let folder = source.index.as_deref().and_then(Path::parent).unwrap_or(Path::new(""));
            let shards = index
                .shard_names()
                .into_iter()
                .map(|name| {
                    let path = folder.join(name);
                    std::fs::read(&path).map_err(|e| {
                        format!("cannot read the shard {}: {e}; keep the shards `sou index --shards` wrote beside the index", path.display())
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            for (bytes, name) in shards.iter().zip(index.shard_names()) {
                index.add_shard(bytes).map_err(|e| format!("cannot use the shard {name}: {e}"))?;
            }
            execute(&index, cli.command)
        }
        None => execute(sou::embedded(), cli.command),
    }
}

/// Runs a command other than `index` on `index`.
fn execute(index: &Index, command: Command) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    let result = match command {
        Command::Search { query, limit, offset, json, .. } => {
            let results = index.query(&query, &SearchOptions { limit, offset });
            if json {
                print_json(&mut out, &results.hits)
            } else {
                print_hits(&mut out, &results)
            }
        }
        Command::Suggest { prefix, limit, json, .. } => {
            let suggestions = index.suggest(&prefix, limit);
            if json {
                print_json(&mut out, &suggestions)
            } else {
                suggestions.iter().try_for_each(|s| writeln!(out, "{}\t{}", s.term, s.count))
            }
        }
        Command::Document { url, json, .. } => {
            let document = index
                .document(&url)
                .ok_or_else(|| format!("no document has the URL {url:?}; `sou search` prints the URLs"))?;
            if json {
                print_json(&mut out, &document)
            } else {
                writeln!(out, "{}\n", document.title).and_then(|()| {
                    document.passages.iter().try_for_each(|p| match p.anchor {
                        Some(anchor) => writeln!(out, "{}  #{anchor}", p.text),
                        None => writeln!(out, "{}", p.text),
                    })
                })
            }
        }
        Command::Stats { json, .. } => print_stats(&mut out, index, json),
        Command::Index { .. } => unreachable!("handled above"),
    };
    match result {
        Ok(()) => Ok(()),
        // A closed pipe (`sou search x | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}

fn print_json(out: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn print_hits(out: &mut impl Write, results: &sou::Results) -> std::io::Result<()> {
    let (mark, unmark) = if std::io::stdout().is_terminal() { ("\x1b[1;33m", "\x1b[0m") } else { ("[", "]") };
    match results.total {
        1 => writeln!(out, "1 document matches")?,
        n => writeln!(out, "{n} documents match")?,
    }
    if !results.alternatives.is_empty() {
        writeln!(out, "also searched for: {}", results.alternatives.join(", "))?;
    }
    if let Some(near) = &results.did_you_mean {
        writeln!(out, "did you mean: {near}  (sou search {near})")?;
    }
    for hit in &results.hits {
        writeln!(out, "\n{}  ({:.2})\n  {}", hit.title, hit.score, hit.url)?;
        for passage in &hit.passages {
            let mut line = String::from(if passage.cut_start { "  …" } else { "  " });
            for segment in &passage.snippet {
                let text = segment.text.replace('\n', " ");
                if segment.hit {
                    line.push_str(&format!("{mark}{text}{unmark}"));
                } else {
                    line.push_str(&text);
                }
            }
            if passage.cut_end {
                line.push('…');
            }
            writeln!(out, "{line}")?;
            if passage.anchor.is_some() {
                writeln!(out, "    → {}", passage.url)?;
            }
        }
    }
    Ok(())
}

fn print_stats(out: &mut impl Write, index: &Index, json: bool) -> std::io::Result<()> {
    let info = index.info();
    let stats = index.stats();
    let sizes = index.sizes();
    if json {
        let parts: serde_json::Map<String, serde_json::Value> =
            sizes.iter().map(|&(name, size)| (name.to_owned(), size.into())).collect();
        return print_json(
            out,
            &serde_json::json!({
                "corpus": info.corpus,
                "documents": stats.documents,
                "passages": stats.passages,
                "blocks": stats.blocks,
                "terms": stats.terms,
                "characters": stats.chars,
                "bytes": info.bytes,
                "parts": parts,
            }),
        );
    }
    writeln!(out, "corpus      {}", info.corpus)?;
    writeln!(out, "documents   {}", stats.documents)?;
    writeln!(out, "passages    {}", stats.passages)?;
    writeln!(out, "blocks      {}", stats.blocks)?;
    writeln!(out, "terms       {}", stats.terms)?;
    writeln!(out, "characters  {}", stats.chars)?;
    writeln!(out, "\n{:<22}{:>10}", "part", "bytes")?;
    for (name, size) in sizes {
        writeln!(out, "{name:<22}{size:>10}  {:>5.1}%", 100.0 * size as f64 / info.bytes as f64)?;
    }
    writeln!(out, "{:<22}{:>10}", "whole index", info.bytes)
}
