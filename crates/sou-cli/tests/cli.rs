//! The `sou` command, run as a user would.

use std::path::Path;
use std::process::Command;

fn sou(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sou")).args(args).output().expect("sou runs");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path).to_string_lossy().into_owned()
}

/// Only meaningful when the embedded index is the seed corpus (SOU_CORPUS unset at build time).
fn embedded_is_seeds() -> bool {
    option_env!("SOU_CORPUS").is_none_or(str::is_empty)
}

#[test]
fn search_prints_json_with_the_library_fields() {
    let (ok, out, err) = sou(&["search", "人工心脏", "--json", "--limit", "2", "--corpus", &repo("seeds")]);
    assert!(ok, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 2);
    let first = &hits[0];
    assert!(first["url"].as_str().unwrap().starts_with("002"));
    assert!(first["title"].is_string() && first["score"].is_number());
    let passage = &first["passages"][0];
    assert!(passage["url"].is_string() && passage.get("anchor").is_some());
    let marks: Vec<&str> = passage["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["hit"] == true)
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(marks[0], "人工心脏");
}

#[test]
fn search_prints_readable_text() {
    if !embedded_is_seeds() {
        return;
    }
    let (ok, out, _) = sou(&["search", "金昌 镍"]);
    assert!(ok);
    assert!(out.contains("documents match") && out.contains("[金昌]") && out.contains("003_"), "{out}");
    let (ok, out, _) = sou(&["search", "   "]);
    assert!(ok && out.starts_with("0 documents match"), "{out}");
}

#[test]
fn stats_names_the_corpus_and_every_part() {
    if !embedded_is_seeds() {
        return;
    }
    let (ok, out, _) = sou(&["stats"]);
    assert!(ok);
    for part in ["corpus      seeds", "documents   5", "text", "term dictionary", "character postings", "whole index"] {
        assert!(out.contains(part), "{part} missing from:\n{out}");
    }
    let (ok, out, _) = sou(&["stats", "--json"]);
    assert!(ok);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["corpus"], "seeds");
    let parts: u64 = stats["parts"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert!(parts > 0 && parts <= stats["bytes"].as_u64().unwrap());
}

#[test]
fn index_then_search_an_index_file() {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-seeds.sou");
    let (ok, out, err) = sou(&["index", &repo("seeds"), "--output", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("5 documents"));
    let (ok, out, _) = sou(&["suggest", "科", "--index", file.to_str().unwrap(), "--limit", "3"]);
    assert!(ok);
    assert!(out.starts_with("科技\t"), "{out}");
    let (ok, out, _) = sou(&["document", "003_be275aa6f035b582", "--index", file.to_str().unwrap()]);
    assert!(ok);
    assert!(out.starts_with("甘肃金昌：创新赋能 传统工业华丽“蝶变”"), "{out}");
}

#[test]
fn index_in_shards_then_search_it() {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-shards");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("site.sou");
    let (ok, out, err) = sou(&["index", &repo("seeds"), "-o", file.to_str().unwrap(), "--shards", "--shard-kib", "8"]);
    assert!(ok, "{err}");
    assert!(out.contains("text shards beside it"), "{out}");
    let mut shards: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site.sou")
        .collect();
    shards.sort();
    assert!(shards.len() >= 5 && shards.iter().all(|n| n.starts_with("site.") && n.ends_with(".sou")), "{shards:?}");
    let (ok, out, _) = sou(&["search", "人工心脏", "--index", file.to_str().unwrap()]);
    assert!(ok && out.contains("[人工心脏]"), "{out}");
    let (ok, out, _) = sou(&["document", "003_be275aa6f035b582", "--index", file.to_str().unwrap()]);
    assert!(ok && out.contains("镍"), "{out}");
    // A shard gone missing: the error names it and says what to do.
    std::fs::remove_file(folder.join(&shards[2])).unwrap();
    let (ok, _, err) = sou(&["search", "人工心脏", "--index", file.to_str().unwrap()]);
    assert!(!ok && err.contains(&shards[2]) && err.contains("beside the index"), "{err}");
}

#[test]
fn mistakes_say_what_to_do() {
    let (ok, _, err) = sou(&["search", "x", "--corpus", "/no/such/folder"]);
    assert!(!ok && err.contains("/no/such/folder") && err.contains("SOU_CORPUS"), "{err}");
    let (ok, _, err) = sou(&["search", "x", "--index", "/no/such/file.sou"]);
    assert!(!ok && err.contains("sou index"), "{err}");
    let (ok, _, err) = sou(&["document", "nowhere", "--corpus", &repo("seeds")]);
    assert!(!ok && err.contains("sou search"), "{err}");
    let bad = Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-an-index.sou");
    std::fs::write(&bad, b"hello").unwrap();
    let (ok, _, err) = sou(&["stats", "--index", bad.to_str().unwrap()]);
    assert!(!ok && err.contains("not a sou index"), "{err}");
}
