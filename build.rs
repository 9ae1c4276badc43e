//! Builds the search index of the corpus at compile time and leaves it in `OUT_DIR/index.sou`,
//! where `src/lib.rs` embeds it with `include_bytes!`.
//!
//! The corpus is `seeds/` unless `SOU_CORPUS` names another folder (relative paths are relative to
//! this crate). `SOU_BASE_URL` and `SOU_URL_SUFFIX` are put before and after every document URL.
//! Without the `embed` feature there is nothing to build: the library then serves an index loaded
//! at run time.

#[cfg(not(feature = "embed"))]
fn main() {}

#[cfg(feature = "embed")]
fn main() {
    use std::path::PathBuf;
    for var in ["SOU_CORPUS", "SOU_BASE_URL", "SOU_URL_SUFFIX"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let corpus = match std::env::var_os("SOU_CORPUS") {
        Some(path) if !path.is_empty() => manifest_dir.join(path),
        _ => manifest_dir.join("seeds"),
    };
    // A folder: cargo re-runs this script when any file below it changes.
    println!("cargo:rerun-if-changed={}", corpus.display());

    let mut options = sou_indexer::Options::new(&corpus);
    options.base_url = std::env::var("SOU_BASE_URL").unwrap_or_default();
    options.url_suffix = std::env::var("SOU_URL_SUFFIX").unwrap_or_default();
    let built = match sou_indexer::build(&options) {
        Ok(built) => built,
        Err(error) => {
            eprintln!("error: cannot build the search index: {error}");
            std::process::exit(1);
        }
    };
    for line in built.warnings() {
        println!("cargo:warning={line}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("index.sou");
    if let Err(error) = std::fs::write(&out, &built.bytes) {
        eprintln!("error: cannot write the search index to {}: {error}", out.display());
        std::process::exit(1);
    }
}
