//! Finding and reading the corpus: every `.txt`, `.md`, `.mdx` and `.html` file below a folder, in
//! a stable order, as UTF-8 text.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::parse::FileKind;

/// One corpus file, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the corpus folder, with `/` separators (`guide/essentials/computed.md`).
    pub relative: String,
    pub kind: FileKind,
    pub text: String,
}

/// The corpus files below `root`, and the paths of the files that were skipped because of their
/// type.
#[derive(Debug, Default)]
pub struct Corpus {
    pub files: Vec<SourceFile>,
    pub skipped: Vec<String>,
}

/// Reads every corpus file below `root`, recursively, sorted by relative path so the same folder
/// always gives the same order. Hidden entries (`.git`, `.vitepress`) are not entered.
pub fn read(root: &Path) -> Result<Corpus> {
    let meta = fs::metadata(root).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::CorpusMissing { path: root.to_path_buf() },
        _ => Error::Unreadable { path: root.to_path_buf(), source },
    })?;
    if !meta.is_dir() {
        return Err(Error::CorpusNotAFolder { path: root.to_path_buf() });
    }
    let mut paths = Vec::new();
    walk(root, root, &mut paths)?;
    paths.sort();
    let mut corpus = Corpus::default();
    for (relative, path) in paths {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let Some(kind) = FileKind::from_extension(extension) else {
            corpus.skipped.push(relative);
            continue;
        };
        let bytes = fs::read(&path).map_err(|source| Error::Unreadable { path: path.clone(), source })?;
        let text = decode(&path, bytes)?;
        corpus.files.push(SourceFile { relative, kind, text });
    }
    Ok(corpus)
}

/// Collects `(relative path, path)` of the files below `dir`.
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let unreadable = |source| Error::Unreadable { path: dir.to_path_buf(), source };
    for entry in fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Folders are entered only when they are real folders (a link to one could loop). Files
        // and links to anything else are listed: a broken link then fails the build by name.
        let file_type = entry.file_type().map_err(|source| Error::Unreadable { path: path.clone(), source })?;
        if file_type.is_dir() {
            walk(root, &path, out)?;
        } else if file_type.is_file() || (file_type.is_symlink() && !path.is_dir()) {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let relative: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push((relative.join("/"), path));
        }
    }
    Ok(())
}

/// The text of a file: UTF-8, without a byte-order mark.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let mut text = String::from_utf8(bytes)
        .map_err(|e| Error::NotUtf8 { path: path.to_path_buf(), offset: e.utf8_error().valid_up_to() })?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..3);
    }
    Ok(text)
}

/// A document's URL: its path without the extension, with a prefix and a suffix. A folder's
/// `index` page is the folder's own address (`posts/hello/index.html` → `posts/hello/`), as
/// static hosts serve it and as Hugo, Hexo and VitePress link to it; so is Hugo's `_index.md`,
/// the source of a section's own page.
pub fn url(relative: &str, base: &str, suffix: &str) -> String {
    let stem = match relative.rfind('.') {
        Some(dot) if !relative[dot..].contains('/') => &relative[..dot],
        _ => relative,
    };
    let folder_page = stem.strip_suffix("_index").or_else(|| stem.strip_suffix("index"));
    if let Some(folder) = folder_page.filter(|f| f.is_empty() || f.ends_with('/')) {
        let url = format!("{base}{folder}");
        // The corpus's own index page with no base: the folder the page is in.
        return if url.is_empty() { "./".to_owned() } else { url };
    }
    format!("{base}{stem}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_drops_the_extension_and_adds_base_and_suffix() {
        assert_eq!(url("guide/essentials/computed.md", "", ""), "guide/essentials/computed");
        assert_eq!(url("000_ff56.txt", "/docs/", ".html"), "/docs/000_ff56.html");
        assert_eq!(url("v1.2/readme", "", ""), "v1.2/readme");
        assert_eq!(url("posts/hello/index.html", "/blog/", ".html"), "/blog/posts/hello/");
        assert_eq!(url("index.md", "/docs/", ".html"), "/docs/");
        assert_eq!(url("index.html", "", ""), "./");
        assert_eq!(url("guide/reindex.md", "", ".html"), "guide/reindex.html");
        assert_eq!(url("posts/_index.md", "/", "/"), "/posts/");
        assert_eq!(url("posts/my_index.md", "", ""), "posts/my_index");
    }
}
