//! Front matter: the metadata block at the top of a Markdown file. Two fields matter to search:
//! the page's `title`, and whether it is a draft the site does not publish.
//!
//! - YAML (`---`: VitePress, Hexo, Jekyll, Docusaurus, Hugo) is read by hand: only top-level
//!   scalars of a flat mapping are looked at, which is all a title or a flag ever is, and no YAML
//!   library is worth its weight for two fields.
//! - TOML (`+++`: Hugo) is read with the `toml` crate: its strings have four syntaxes.
//!
//! A draft is `draft: true` (Hugo, Jekyll, Docusaurus, Hexo's `_drafts` aside) or
//! `published: false` (Jekyll, Hexo): the generator leaves such a page out of the site, so a
//! result for it would lead nowhere.

use pulldown_cmark::MetadataBlockKind;

/// What the front matter says about its page.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FrontMatter {
    pub title: Option<String>,
    pub draft: bool,
}

impl FrontMatter {
    /// Reads a front matter block's source (without its fences).
    pub fn read(kind: MetadataBlockKind, source: &str) -> FrontMatter {
        match kind {
            MetadataBlockKind::YamlStyle => FrontMatter {
                title: yaml_scalar(source, "title"),
                draft: yaml_scalar(source, "draft").is_some_and(|v| yaml_bool(&v) == Some(true))
                    || yaml_scalar(source, "published").is_some_and(|v| yaml_bool(&v) == Some(false)),
            },
            MetadataBlockKind::PlusesStyle => {
                // Malformed TOML names nothing: the first `# ` heading may still title the page.
                let Ok(table) = source.parse::<toml::Table>() else {
                    return FrontMatter::default();
                };
                FrontMatter {
                    title: table.get("title").and_then(|v| v.as_str()).map(str::to_owned),
                    draft: table.get("draft").and_then(|v| v.as_bool()) == Some(true)
                        || table.get("published").and_then(|v| v.as_bool()) == Some(false),
                }
            }
        }
    }
}

/// A YAML boolean as YAML 1.1 (which Hugo's and Jekyll's parsers follow) spells it.
fn yaml_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The value of a top-level `key:` of a YAML mapping, unquoted. Block scalars (`|`, `>`) are
/// joined into one line: a passage is one line anyway.
fn yaml_scalar(yaml: &str, key: &str) -> Option<String> {
    let mut lines = yaml.lines();
    let value = lines.by_ref().find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))?.trim();
    let value = if value.starts_with(['|', '>']) {
        lines
            .take_while(|line| line.is_empty() || line.starts_with([' ', '\t']))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    } else if let Some(quoted) = value.strip_prefix('"') {
        // Double-quoted: backslash escapes, up to the first unescaped quote.
        let mut out = String::new();
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => out.extend(chars.next()),
                c => out.push(c),
            }
        }
        out
    } else if let Some(quoted) = value.strip_prefix('\'') {
        // Single-quoted: `''` is a quote, a lone `'` ends the string.
        let mut out = String::new();
        let mut chars = quoted.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' && chars.next_if_eq(&'\'').is_none() {
                break;
            }
            out.push(c);
        }
        out
    } else {
        // A plain scalar ends at a comment.
        value.split(" #").next().unwrap_or(value).trim_end().to_owned()
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(source: &str) -> FrontMatter {
        FrontMatter::read(MetadataBlockKind::YamlStyle, source)
    }

    fn toml(source: &str) -> FrontMatter {
        FrontMatter::read(MetadataBlockKind::PlusesStyle, source)
    }

    #[test]
    fn yaml_titles_in_every_scalar_style() {
        assert_eq!(yaml("title: plain # comment\n").title.as_deref(), Some("plain"));
        assert_eq!(yaml("title: \"a \\\"b\\\" # c\" # d\n").title.as_deref(), Some("a \"b\" # c"));
        assert_eq!(yaml("title: 'It''s here' # x\n").title.as_deref(), Some("It's here"));
        assert_eq!(yaml("title: >-\n  folded\n  title\nnext: 1\n").title.as_deref(), Some("folded title"));
        // Only a top-level key: not `subtitle:`, not an indented `title:` of a nested mapping.
        assert_eq!(yaml("subtitle: no\nseo:\n  title: no\n").title, None);
    }

    #[test]
    fn drafts_are_what_the_generators_leave_out() {
        assert!(yaml("title: x\ndraft: true\n").draft);
        assert!(yaml("draft: yes # not ready\n").draft);
        assert!(yaml("published: false\n").draft);
        assert!(!yaml("draft: false\npublished: true\n").draft);
        assert!(!yaml("title: draft: true\n").draft);
        assert!(!yaml("draftsman: true\n").draft);
        assert!(toml("title = \"x\"\ndraft = true\n").draft);
        assert!(toml("published = false\n").draft);
        assert!(!toml("draft = false\n").draft);
        // A table's own `draft` key is not the page's.
        assert!(!toml("[params]\ndraft = true\n").draft);
    }

    #[test]
    fn toml_titles_and_malformed_toml() {
        assert_eq!(
            toml("title = \"雨果的\\\"第一篇\\\"文章\"\ndate = 2024-01-01\ntags = [\"a\"]\n"),
            FrontMatter { title: Some("雨果的\"第一篇\"文章".into()), draft: false }
        );
        assert_eq!(toml("title = 'C:\\path'\n").title.as_deref(), Some("C:\\path"));
        assert_eq!(toml("title = \"\"\"\n多行\"\"\"\n").title.as_deref(), Some("多行"));
        assert_eq!(toml("title = 3\n").title, None);
        assert_eq!(toml("title = \"unterminated\ndraft = true\n"), FrontMatter::default());
    }
}
