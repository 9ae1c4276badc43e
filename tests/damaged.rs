//! Index bytes that are not what the writer wrote — truncated, bits flipped, another magic number
//! or version, bytes after the end, counts that promise gigabytes — give a clear error, never a
//! panic or an allocation of what a count claims. And an index whose checksum was made to match
//! after the damage (what only a deliberate edit does) opens or fails, and when it opens, answers
//! every query without a panic.

mod common;

use proptest::prelude::*;
use sou::{FormatError, Index, SearchOptions};
use sou_core::format::{self, HEADER_BYTES, VERSION};

/// Recomputes the checksum, as a deliberate edit would.
fn seal(bytes: &mut [u8]) {
    if bytes.len() >= HEADER_BYTES {
        let sum = format::checksum(&bytes[HEADER_BYTES..]);
        bytes[HEADER_BYTES - 4..HEADER_BYTES].copy_from_slice(&sum.to_le_bytes());
    }
}

/// Uses every reader path: queries of each kind, documents, suggestions.
fn exercise(index: &Index<'_>) {
    for query in ["人工心脏", "金昌 镍", "a", "科技创新 2021", "jiayuguan", "jyg", "嘉裕关", "definProps", "。"]
    {
        let results = index.query(query, &SearchOptions { limit: 3, offset: 0 });
        assert!(results.hits.len() <= 3);
        assert!(results.total >= results.hits.len());
    }
    for summary in index.documents() {
        let _ = index.document(summary.url);
    }
    let _ = index.suggest("科", 5);
    let _ = index.suggest("jia", 5);
    let _ = index.info();
}

/// Where `part` (a slice of a decoded `bytes`) starts in `bytes`.
fn offset_of(bytes: &[u8], part: &[u8]) -> usize {
    part.as_ptr() as usize - bytes.as_ptr() as usize
}

/// Where the term dictionary lies in `bytes`: only the checksum guards its inner structure.
fn terms_range(bytes: &[u8]) -> std::ops::Range<usize> {
    let file = format::decode(bytes).unwrap();
    let at = offset_of(bytes, file.terms);
    at..at + file.terms.len()
}

/// `bytes` changed by `edit`, the checksum made to match: when that opens, it answers every query
/// without a panic.
fn answers_when_resealed(bytes: &[u8], edit: impl FnOnce(&mut [u8])) {
    let mut damaged = bytes.to_vec();
    edit(&mut damaged);
    seal(&mut damaged);
    if let Ok(index) = Index::open(&damaged) {
        exercise(&index);
    }
}

fn message(error: FormatError) -> String {
    error.to_string()
}

#[test]
fn the_seed_index_opens_and_its_checksum_is_checked() {
    let bytes = common::seeds();
    assert!(Index::open(bytes).is_ok());
    assert!(Index::open_without_checksum(bytes).is_ok());
    assert_eq!(&bytes[..8], b"sou-idx\0");
    assert_eq!(&bytes[8..12], &VERSION.to_le_bytes());
}

/// `sou::embedded()` opens its bytes without the two checks that cost start-up time in proportion
/// to the corpus, the checksum and the text's UTF-8: both hold for what build.rs embedded.
#[test]
fn the_embedded_index_passes_the_checks_its_start_up_skips() {
    assert!(Index::open(sou::EMBEDDED_INDEX).is_ok());
    assert_eq!(sou::embedded().info().documents, Index::open(sou::EMBEDDED_INDEX).unwrap().info().documents);
}

/// Text that is not UTF-8 (with the checksum made to match) is refused, checksum or not.
#[test]
fn text_that_is_not_utf8_is_an_error() {
    let bytes = common::seeds();
    let at = offset_of(bytes, format::decode(bytes).unwrap().text);
    let mut damaged = bytes.to_vec();
    damaged[at] = 0xff; // never a byte of UTF-8
    seal(&mut damaged);
    for opened in [Index::open(&damaged), Index::open_without_checksum(&damaged)] {
        let error = message(opened.err().expect("text that is not UTF-8 must not open"));
        assert!(error.contains("not UTF-8"), "{error}");
    }
}

/// Found by `make fuzz` (target `index`): one passage separator of the text turned into a letter,
/// the checksum made to match. Two passages become one, and a block then began before the first
/// passage the tables gave it: a match there underflowed its passage's start. Also a separator
/// added, and block starts moved a few bytes, which put blocks and passages out of step the same way.
#[test]
fn passages_and_blocks_out_of_step_answer_without_a_panic() {
    let bytes = sou::EMBEDDED_INDEX;
    let file = format::decode(bytes).unwrap();
    let (text, text_at, blocks_at) = (file.text, offset_of(bytes, file.text), offset_of(bytes, file.blocks));
    let separators: Vec<usize> = (0..text.len()).filter(|&i| text[i] == format::PASSAGE_END as u8).collect();
    assert!(separators.len() > 100);
    // Every separator that ends a passage, one at a time (about 200 of them).
    for &at in &separators {
        answers_when_resealed(bytes, |b| b[text_at + at] = b'i');
    }
    // A block that starts a few bytes off, inside a passage (or inside a character).
    for entry in 1..file.blocks.len() / 4 - 1 {
        for shift in [-3i64, -1, 1, 2, 5] {
            answers_when_resealed(bytes, |b| {
                let at = blocks_at + entry * 4;
                let value = u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
                let moved =
                    (i64::from(value & !format::BLOCK_SIMPLE) + shift).max(0) as u32 | (value & format::BLOCK_SIMPLE);
                b[at..at + 4].copy_from_slice(&moved.to_le_bytes());
            });
        }
    }
    // And the other way: a letter or digit turned into a separator, at about 200 places.
    let letters: Vec<usize> = (0..text.len()).filter(|&i| text[i].is_ascii_alphanumeric()).collect();
    for &at in letters.iter().step_by(letters.len() / 200 + 1) {
        answers_when_resealed(bytes, |b| b[text_at + at] = format::PASSAGE_END as u8);
    }
}

#[test]
fn not_an_index_and_other_versions() {
    assert!(matches!(Index::open(b""), Err(FormatError::NotAnIndex)));
    assert!(matches!(Index::open(b"hello world"), Err(FormatError::NotAnIndex)));
    let bytes = common::seeds();
    let mut magic = bytes.to_vec();
    magic[0] = b'S';
    assert!(matches!(Index::open(&magic), Err(FormatError::NotAnIndex)));
    assert!(message(Index::open(&magic).err().unwrap()).contains("not a sou index"));
    for version in [0, 1, VERSION - 1, VERSION + 1, u32::MAX] {
        let mut other = bytes.to_vec();
        other[8..12].copy_from_slice(&version.to_le_bytes());
        let error = Index::open(&other).err().unwrap();
        assert_eq!(error, FormatError::Version { found: version, expected: VERSION });
        assert!(message(error).contains("rebuild the index"));
    }
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = common::seeds();
    // Every length up to a few kilobytes (all of the header and the small parts), then a spread.
    let cuts = (0..4096).chain((4096..bytes.len()).step_by(211)).chain([bytes.len() - 1]);
    for cut in cuts {
        let error = Index::open(&bytes[..cut]).err().unwrap_or_else(|| panic!("cut at {cut} opens"));
        if cut >= HEADER_BYTES {
            assert!(message(error).contains("checksum"), "cut at {cut}");
        }
        // Without the checksum, the parser and the checks still refuse it.
        assert!(Index::open_without_checksum(&bytes[..cut]).is_err(), "cut at {cut} opens without the checksum");
    }
}

#[test]
fn every_flipped_bit_is_caught_by_the_checksum() {
    let bytes = common::seeds();
    let mut damaged = bytes.to_vec();
    // Every 101st byte, one bit each (each of the eight in turn), all through the file.
    for (n, at) in (HEADER_BYTES..bytes.len()).step_by(101).enumerate() {
        damaged[at] ^= 1 << (n % 8);
        let error = Index::open(&damaged).err().unwrap_or_else(|| panic!("byte {at} flipped opens"));
        assert!(message(error).contains("checksum does not match"), "byte {at}");
        damaged[at] = bytes[at];
    }
    // Flipping the stored checksum itself.
    damaged[HEADER_BYTES - 1] ^= 0x80;
    assert!(Index::open(&damaged).is_err());
}

#[test]
fn trailing_bytes_are_an_error() {
    let bytes = common::seeds();
    for extra in [&[0u8][..], b"\n", &[0xFF; 100]] {
        let mut longer = bytes.to_vec();
        longer.extend_from_slice(extra);
        assert!(Index::open(&longer).is_err());
        seal(&mut longer);
        assert_eq!(Index::open(&longer).err(), Some(FormatError::Corrupt("trailing bytes after the body")));
    }
}

#[test]
fn counts_that_claim_gigabytes_allocate_nothing_and_fail() {
    let bytes = common::seeds();
    let file = format::decode(bytes).unwrap();
    // Counts of every kind set to u32::MAX, the checksum made to match: the counts are checked
    // against the parts' lengths before anything is allocated for them.
    let mut huge = Vec::new();
    let sets: [fn(&mut sou::Stats); 7] = [
        |s: &mut sou::Stats| s.passages = u32::MAX,
        |s: &mut sou::Stats| s.documents = u32::MAX,
        |s: &mut sou::Stats| s.blocks = u32::MAX,
        |s: &mut sou::Stats| s.anchors = u32::MAX,
        |s: &mut sou::Stats| s.chars = u32::MAX,
        |s: &mut sou::Stats| s.terms = u32::MAX,
        |s: &mut sou::Stats| s.term_total = u64::MAX,
    ];
    for set in sets {
        let mut file = file.clone();
        set(&mut file.stats);
        let encoded = format::encode(&file);
        match Index::open(&encoded) {
            Err(error) => assert!(message(error).contains("damaged")),
            // The vocabulary's counts are only read, never trusted to size anything.
            Ok(index) => {
                exercise(&index);
                huge.push(index.stats());
            }
        }
    }
    assert_eq!(huge.len(), 2, "only terms and term_total may be anything");
    // A length prefix that claims 4 GB for the first part (the corpus name), where postcard reads
    // it: refused by the parser, which checks it against the bytes that are there.
    let mut claim = bytes[..HEADER_BYTES].to_vec();
    claim.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
    claim.extend_from_slice(&bytes[HEADER_BYTES + 1..]);
    seal(&mut claim);
    assert_eq!(Index::open(&claim).err(), Some(FormatError::Corrupt("the body does not parse")));
}

#[test]
fn messages_say_what_is_wrong_and_what_to_do() {
    let bytes = common::seeds();
    let mut flipped = bytes.to_vec();
    flipped[bytes.len() / 2] ^= 0x10;
    assert_eq!(
        message(Index::open(&flipped).err().unwrap()),
        "the index is damaged (its checksum does not match: the bytes were truncated or altered); rebuild it"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any damage, checksum made to match: the index opens or fails, and when it opens, answers
    /// every query without a panic. (The term dictionary is left alone: the `fst` crate trusts its
    /// offsets, and only the checksum guards them.)
    #[test]
    fn damaged_and_resealed_indexes_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..12),
        cut in prop::option::weighted(0.2, any::<prop::sample::Index>()),
    ) {
        let bytes = common::seeds();
        let terms = terms_range(bytes);
        let mut damaged = bytes.to_vec();
        for (at, xor) in &edits {
            let at = HEADER_BYTES + at.index(bytes.len() - HEADER_BYTES);
            if !terms.contains(&at) {
                damaged[at] ^= xor;
            }
        }
        if let Some(cut) = cut {
            damaged.truncate(HEADER_BYTES + cut.index(bytes.len() - HEADER_BYTES));
        }
        // Unsealed: the checksum catches it (unless every edit fell in the dictionary).
        if damaged != bytes {
            prop_assert!(Index::open(&damaged).is_err());
        }
        seal(&mut damaged);
        if let Ok(index) = Index::open(&damaged) {
            exercise(&index);
        }
    }
}
