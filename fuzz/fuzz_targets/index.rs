//! Index bytes that are not what the writer wrote: opening them gives an error or an index, never a
//! panic, and an index that opens answers queries, documents and suggestions without a panic or an
//! out-of-bounds read.
//!
//! Even first byte: the rest is opened as it is, checksum and all. Odd first byte: the rest is a
//! list of edits to the embedded index (5 bytes each: where, little-endian `u32`, and a byte to
//! XOR there; the first byte's upper bits cut the index short), and the checksum is made to match,
//! so the edits reach every structural check and the reader behind it. The term dictionary (an
//! fst, which the `fst` crate reads trusting its offsets) is left alone: only the checksum guards
//! it (see `sou_core::format`, "Damaged bytes").
#![no_main]

use libfuzzer_sys::fuzz_target;
use sou::{Index, SearchOptions};
use sou_core::format;

fn exercise(index: &Index<'_>) {
    for query in ["人工心脏", "金昌 镍", "a", "科技创新 2021", "jiayuguan", "嘉裕关", "definProps"] {
        let results = index.query(query, &SearchOptions { limit: 3, offset: 0 });
        assert!(results.hits.len() <= 3);
    }
    for summary in index.documents().into_iter().take(3) {
        let _ = index.document(summary.url);
    }
    let _ = index.suggest("科", 5);
    let _ = index.suggest("jia", 5);
    let _ = index.info();
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode & 1 == 0 {
        if let Ok(index) = Index::open(rest) {
            exercise(&index);
        }
        return;
    }
    let original = sou::EMBEDDED_INDEX;
    let file = format::decode(original).expect("the embedded index is sound");
    let terms_at = file.terms.as_ptr() as usize - original.as_ptr() as usize;
    let terms = terms_at..terms_at + file.terms.len();
    let mut bytes = original.to_vec();
    for edit in rest.chunks_exact(5) {
        let at = u32::from_le_bytes([edit[0], edit[1], edit[2], edit[3]]) as usize % bytes.len();
        if at >= format::HEADER_BYTES && !terms.contains(&at) {
            bytes[at] ^= edit[4];
        }
    }
    let cut = usize::from(mode >> 1);
    if cut > 0 {
        bytes.truncate(bytes.len() - cut.min(bytes.len()));
    }
    if bytes.len() >= format::HEADER_BYTES {
        let sum = format::checksum(&bytes[format::HEADER_BYTES..]);
        bytes[format::HEADER_BYTES - 4..format::HEADER_BYTES].copy_from_slice(&sum.to_le_bytes());
    }
    if let Ok(index) = Index::open(&bytes) {
        exercise(&index);
    }
});
