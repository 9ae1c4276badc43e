//! Small text helpers shared by the three parsers: cleaning a passage's text, slugging a heading,
//! and collecting passages with their section anchors.
//!
//! Every parser funnels its output through [`Passages`], so the rules that are the same for all
//! formats (never empty, trimmed, one line unless code, no control characters, which anchor a
//! passage carries) live in one place.

use super::{ParsedDoc, ParsedPassage, PassageKind};

/// Whether `c` is a control character that must not reach the index.
///
/// Tabs and newlines are layout, kept (and later collapsed outside code). Everything else in the
/// C0/C1 ranges is dropped, in particular U+001E which the index format uses as a separator.
/// Invisible characters that only split words for the tokenizer are dropped with them: the
/// byte-order mark, the zero-width space (VitePress puts one in every heading's permalink) and
/// the soft hyphen. Zero-width joiners stay: emoji and some scripts need them.
fn is_unwanted_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{AD}')
}

/// CJK ideographs and kana: scripts written without spaces between words.
///
/// Hangul is deliberately absent: Korean separates words with spaces, so a line break there
/// reads as a space.
fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B–H
    )
}

/// Full-width punctuation that only occurs in CJK text: 、。「」（）：，… the CJK symbols block and
/// the full-width forms.
fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'     // CJK symbols and punctuation
        | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'   // Half-width and full-width forms
    )
}

/// Punctuation shared with Western text (curly quotes, ellipsis, dashes, middle dot): it joins a
/// line break only when the other side is CJK.
fn is_shared_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Whether a line break between `before` and `after` disappears instead of becoming a space.
///
/// Chinese and Japanese text is written without spaces; a line break inside a sentence is only a
/// layout artefact, and turning it into a space would split a word for the reader (and the
/// tokenizer). At least one side must be a CJK character proper or full-width punctuation.
fn joins_across_line_break(before: char, after: char) -> bool {
    let cjk = |c: char| is_cjk_letter(c) || is_cjk_punct(c);
    (cjk(before) && (cjk(after) || is_shared_punct(after))) || (is_shared_punct(before) && cjk(after))
}

/// Cleans the text of a non-code passage: drops control characters, collapses every run of
/// whitespace to one space (or to nothing when it holds a line break between two CJK characters),
/// and trims. The result is one line.
pub(super) fn one_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // The pending whitespace run: has one been seen since the last visible character, and did it
    // contain a line break?
    let mut pending_space = false;
    let mut pending_break = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            pending_space = true;
            // '\r', U+2028 and U+2029 are line breaks as well; '\r' alone is old Mac line endings.
            pending_break |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
            continue;
        }
        if is_unwanted_control(c) {
            continue;
        }
        if pending_space {
            // Leading whitespace is trimmed: nothing is emitted before the first visible character.
            if let Some(prev) = out.chars().next_back() {
                if !(pending_break && joins_across_line_break(prev, c)) {
                    out.push(' ');
                }
            }
            pending_space = false;
            pending_break = false;
        }
        out.push(c);
    }
    out
}

/// Cleans the text of a code passage: drops control characters (line endings become `\n`),
/// removes blank lines before and after the code and trailing whitespace at its end, keeps
/// everything else, indentation included.
pub(super) fn code_block(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A CRLF pair becomes one '\n'; a lone CR is a line break too.
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if is_unwanted_control(c) => {}
            c => out.push(c),
        }
    }
    // Leading blank lines: drop whole lines only, so the first line keeps its indentation.
    let first_visible_line = out
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| out[..i].rfind('\n').map_or(0, |nl| nl + 1))
        .unwrap_or(out.len());
    out.drain(..first_visible_line);
    let end = out.trim_end().len();
    out.truncate(end);
    out
}

/// A GitHub/VitePress-style slug of a heading's text: lowercase; letters and digits of any script
/// kept, and `-` and `_`; whitespace becomes `-`; other punctuation dropped; runs of `-` collapsed
/// and `-` trimmed at both ends. May be empty (a heading made only of punctuation).
pub(super) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if (c == '-' || c.is_whitespace()) && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let end = out.trim_end_matches('-').len();
    out.truncate(end);
    out
}

/// Collects the title and passages of one document and gives each passage the anchor of the
/// section it is in.
///
/// A heading of level 2 or deeper starts a section: its anchor (or `None`, when it has none)
/// applies to everything up to the next such heading. Level-1 headings carry their own anchor but
/// start no section: a page's `<h1>` is its title, not a part of it.
///
/// The first non-empty level-1 heading is where the title is settled, the same way for Markdown
/// and HTML: it becomes the title when none is known yet (no front matter `title:`, no `<title>`),
/// disappears when it repeats the known title, and is an ordinary heading otherwise.
#[derive(Debug, Default)]
pub(super) struct Passages {
    title: Option<String>,
    first_h1_seen: bool,
    passages: Vec<ParsedPassage>,
    section: Option<String>,
}

impl Passages {
    /// Starts a document whose title, if already known, is `title` (cleaned here).
    pub(super) fn with_title(title: Option<&str>) -> Self {
        Passages { title: title.map(one_line).filter(|t| !t.is_empty()), ..Self::default() }
    }

    /// The title known so far.
    pub(super) fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// Sets the title if none is known yet.
    pub(super) fn set_title_if_none(&mut self, raw: &str) {
        if self.title.is_none() {
            let title = one_line(raw);
            if !title.is_empty() {
                self.title = Some(title);
            }
        }
    }

    /// Adds a body-text passage, if anything is left once cleaned.
    pub(super) fn text(&mut self, raw: &str) {
        let text = one_line(raw);
        self.push(PassageKind::Text, 0, text, self.section.clone());
    }

    /// Adds a code passage, if anything is left once cleaned.
    pub(super) fn code(&mut self, raw: &str) {
        let text = code_block(raw);
        self.push(PassageKind::Code, 0, text, self.section.clone());
    }

    /// Adds a heading (level clamped to 1–6). The section changes even when the heading's text is
    /// empty: the page still has the section boundary (and its id), only there is nothing to show.
    pub(super) fn heading(&mut self, level: u8, raw: &str, anchor: Option<String>) {
        let level = level.clamp(1, 6);
        // An id is not text, but it is stored and shown in links all the same: the same characters
        // must not reach the index through it.
        let anchor = anchor
            .map(|a| a.chars().filter(|&c| !is_unwanted_control(c)).collect::<String>())
            .filter(|a| !a.is_empty());
        if level >= 2 {
            self.section.clone_from(&anchor);
        }
        let text = one_line(raw);
        if level == 1 && !self.first_h1_seen && !text.is_empty() {
            self.first_h1_seen = true;
            match &self.title {
                None => {
                    self.title = Some(text);
                    return;
                }
                Some(title) if *title == text => return,
                Some(_) => {}
            }
        }
        self.push(PassageKind::Heading, level, text, anchor);
    }

    fn push(&mut self, kind: PassageKind, level: u8, text: String, anchor: Option<String>) {
        if !text.is_empty() {
            self.passages.push(ParsedPassage { kind, level, text, anchor });
        }
    }

    /// The finished document.
    pub(super) fn finish(self) -> ParsedDoc {
        ParsedDoc { title: self.title, passages: self.passages, draft: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  a \t b\n\n c  "), "a b c");
        assert_eq!(one_line(""), "");
        assert_eq!(one_line(" \n\t "), "");
    }

    #[test]
    fn one_line_joins_cjk_across_line_breaks_only() {
        assert_eq!(one_line("中文\n句子"), "中文句子");
        assert_eq!(one_line("中文 句子"), "中文 句子");
        assert_eq!(one_line("句子，\n  继续"), "句子，继续");
        assert_eq!(one_line("他说：\n“好”"), "他说：“好”");
        assert_eq!(one_line("中文\nEnglish"), "中文 English");
        assert_eq!(one_line("word\nword"), "word word");
        assert_eq!(one_line("“quoted”\n“again”"), "“quoted” “again”");
        assert_eq!(one_line("中文\r\n句子"), "中文句子");
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(one_line("a\u{1E}b\u{0}c\u{7F}\u{FEFF}"), "abc");
        assert_eq!(code_block("x\u{1E}\r\n\ty\u{0}"), "x\n\ty");
    }

    #[test]
    fn code_keeps_indentation_and_drops_blank_edges() {
        assert_eq!(code_block("\n  \n  fn a() {\n    b\n  }\n\n  \n"), "  fn a() {\n    b\n  }");
        assert_eq!(code_block("a\rb"), "a\nb");
        assert_eq!(code_block(" \n \n"), "");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Basic Example"), "basic-example");
        assert_eq!(slug("计算属性 vs. 方法"), "计算属性-vs-方法");
        assert_eq!(slug("  --a -- b--  "), "a-b");
        assert_eq!(slug("snake_case()"), "snake_case");
        assert_eq!(slug("!!!"), "");
        assert_eq!(slug("Ünïcode ÀB"), "ünïcode-àb");
    }

    #[test]
    fn sections() {
        let mut p = Passages::with_title(Some("T"));
        p.text("before");
        p.heading(2, "A", Some("a".into()));
        p.text("in a");
        p.heading(1, "T", Some("t".into())); // repeats the title: dropped
        p.heading(1, "Top", Some("top".into()));
        p.text("still in a");
        p.heading(3, "No id", None);
        p.text("in none");
        p.heading(2, "Only control", Some("\u{1E}".into()));
        p.text("in none");
        p.text("   ");
        let got: Vec<_> = p.finish().passages.into_iter().map(|p| (p.text, p.anchor)).collect();
        assert_eq!(
            got,
            vec![
                ("before".into(), None),
                ("A".into(), Some("a".into())),
                ("in a".into(), Some("a".into())),
                ("Top".into(), Some("top".into())),
                ("still in a".into(), Some("a".into())),
                ("No id".into(), None),
                ("in none".into(), None),
                ("Only control".into(), None),
                ("in none".into(), None),
            ]
        );
    }

    #[test]
    fn first_h1_settles_the_title() {
        let mut p = Passages::with_title(None);
        p.heading(1, " ", None); // empty: ignored
        p.heading(1, "Title", Some("title".into()));
        p.heading(1, "Title", None); // a second h1 is an ordinary heading
        let doc = p.finish();
        assert_eq!(doc.title.as_deref(), Some("Title"));
        assert_eq!(doc.passages.len(), 1);

        let mut p = Passages::with_title(Some("Front matter"));
        p.heading(1, "Other", None);
        let doc = p.finish();
        assert_eq!(doc.title.as_deref(), Some("Front matter"));
        assert_eq!((doc.passages[0].kind, doc.passages[0].level), (PassageKind::Heading, 1));
    }
}
