mod common;
use sou::{Index, SearchOptions};
use std::time::Instant;
#[test]
fn timing() {
    let head = std::fs::read("/tmp/shsite/pkg/index.sou").unwrap();
    let mut shards = vec![];
    for e in std::fs::read_dir("/tmp/shsite/pkg").unwrap() { let p = e.unwrap().path(); let n = p.file_name().unwrap().to_string_lossy().to_string(); if n.starts_with("index.") && n != "index.sou" { shards.push((n, std::fs::read(&p).unwrap())); } }
    let t = Instant::now();
    let index = Index::open(&head).unwrap();
    eprintln!("open {:?}", t.elapsed());
    let o = SearchOptions::default();
    for q in ["响应式基础", "响应式基础", "组件", "Teleport"] {
        let t = Instant::now();
        let r = index.query(q, &o);
        eprintln!("{q} head-only {:?} missing {} total {}", t.elapsed(), r.missing.len(), r.total);
    }
    let r = index.query("响应式基础", &o);
    for name in r.missing.iter().take(4) { index.add_shard(&shards.iter().find(|s| &s.0 == name).unwrap().1).unwrap(); }
    for _ in 0..2 { let t = Instant::now(); let r = index.query("响应式基础", &o); eprintln!("after 4: {:?} missing {} total {} alts {:?}", t.elapsed(), r.missing.len(), r.total, r.alternatives); }
}
