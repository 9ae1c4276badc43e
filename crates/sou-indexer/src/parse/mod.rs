//! Corpus files → documents: a title and a list of passages, each with its kind and anchor.
//!
//! A *passage* is the unit that is ranked and shown: a paragraph, a list item, a table row, a
//! code block, a heading. Its text is what a reader sees on the page, markup removed. A passage's
//! *anchor* is the id of the section it belongs to (`computed-caching-vs-methods`), so a result can
//! link straight to it.
//!
//! Each format has its own module; all of them produce a [`ParsedDoc`].

mod front_matter;
mod generators;
mod html;
mod md;
mod text;
mod txt;

pub use sou_core::PassageKind;

/// The kinds of files the indexer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Markdown,
    /// Markdown with JSX (Docusaurus).
    Mdx,
    Html,
}

impl FileKind {
    /// The kind of a file, from its extension (`txt`, `md`/`markdown`, `mdx`, `html`/`htm`, any
    /// case).
    pub fn from_extension(ext: &str) -> Option<FileKind> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" => Some(FileKind::Text),
            "md" | "markdown" => Some(FileKind::Markdown),
            "mdx" => Some(FileKind::Mdx),
            "html" | "htm" => Some(FileKind::Html),
            _ => None,
        }
    }
}

/// One document, as parsed from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedDoc {
    /// The title, when the file names one. It is not repeated among `passages`.
    pub title: Option<String>,
    /// The passages in reading order, without the title.
    pub passages: Vec<ParsedPassage>,
    /// The front matter marks the page a draft (`draft: true`, `published: false`): the site
    /// generator leaves it out, so the index does too.
    pub draft: bool,
}

/// One passage of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPassage {
    /// Text, heading or code (never `Title`: the title is [`ParsedDoc::title`]).
    pub kind: PassageKind,
    /// Heading level 1–6 for headings, 0 otherwise.
    pub level: u8,
    /// The visible text: markup stripped, trimmed, never empty. Code keeps its line breaks and
    /// indentation; other passages are a single line.
    pub text: String,
    /// The id of the section this passage belongs to, if that section has one. A heading carries
    /// its own anchor.
    pub anchor: Option<String>,
}

/// Parses the contents of one file.
pub fn parse(kind: FileKind, source: &str) -> ParsedDoc {
    match kind {
        FileKind::Text => txt::parse(source),
        FileKind::Markdown => md::parse(source),
        FileKind::Mdx => md::parse_mdx(source),
        FileKind::Html => html::parse(source),
    }
}
