use std::fmt;
use std::path::PathBuf;

/// Why an index could not be built. Every message names the file or folder at fault and says
/// what to do about it.
#[derive(Debug)]
pub enum Error {
    /// The corpus folder does not exist.
    CorpusMissing { path: PathBuf },
    /// The corpus path exists but is not a folder.
    CorpusNotAFolder { path: PathBuf },
    /// A file or folder could not be read.
    Unreadable { path: PathBuf, source: std::io::Error },
    /// A corpus file is not valid UTF-8.
    NotUtf8 { path: PathBuf, offset: usize },
    /// The folder holds no `.txt`, `.md`, `.mdx` or `.html` file with any text that is not a draft.
    EmptyCorpus { path: PathBuf, skipped: usize, drafts: usize },
    /// More text than one index can hold (2 GiB; a browser could not load it anyway).
    CorpusTooLarge { path: PathBuf, bytes: usize },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::CorpusMissing { path } => write!(
                f,
                "corpus folder {} does not exist; set SOU_CORPUS to a folder of .txt, .md, .mdx or .html files",
                path.display()
            ),
            Error::CorpusNotAFolder { path } => write!(
                f,
                "corpus path {} is not a folder; set SOU_CORPUS to the folder that holds the files",
                path.display()
            ),
            Error::Unreadable { path, source } => {
                write!(f, "cannot read {}: {source}; check that it exists and is readable", path.display())
            }
            Error::NotUtf8 { path, offset } => write!(
                f,
                "{} is not valid UTF-8 (invalid byte at offset {offset}); save it as UTF-8 or move it out of the corpus",
                path.display()
            ),
            Error::CorpusTooLarge { path, bytes } => write!(
                f,
                "corpus folder {} holds {bytes} bytes of text, more than one index can hold (2 GiB); index a part of it",
                path.display()
            ),
            Error::EmptyCorpus { path, skipped, drafts } => write!(
                f,
                "corpus folder {} has no .txt, .md, .mdx or .html file with any text ({skipped} other file(s) skipped{}); add some or point SOU_CORPUS elsewhere",
                path.display(),
                match drafts {
                    0 => String::new(),
                    n => format!(", {n} draft(s) left out: set `draft: false` to publish one"),
                }
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Unreadable { source, .. } => Some(source),
            _ => None,
        }
    }
}
