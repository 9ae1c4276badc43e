//! Markdown, as written for VitePress, Hugo, Hexo, Jekyll and Docusaurus: CommonMark with GitHub
//! extensions, YAML or TOML front matter, heading anchors (`{#id}`), raw HTML and Vue or JSX
//! components, `:::` containers, and (in [`generators`](super::generators)) shortcodes, Liquid
//! tags and MDX's `import`/`export` lines.
//!
//! pulldown-cmark does the parsing; this module turns its event stream into passages. What it
//! does not know about is handled around it:
//!
//! - VitePress containers (`::: tip 注意` … `:::`) are not CommonMark: left alone, a fence line
//!   would be glued to the paragraph below it. Before parsing, each fence line outside a code
//!   block is replaced by blank lines (and its custom title, if any, by a paragraph of its own), and
//!   `[[toc]]` lines are dropped. Code blocks are found by a first pass of pulldown-cmark itself,
//!   so a `:::` shown inside a code sample is kept as written.
//! - HTML blocks are parsed as HTML fragments by the HTML module's walker: their visible text
//!   becomes passages, `<script>`/`<style>` (VitePress pages often start with `<script setup>`)
//!   disappear, and Vue components contribute nothing but the text between their tags.
//!
//! - Front matter gives the title and marks drafts ([`front_matter`](super::front_matter)).
//! - MDX has no indented code blocks (indentation inside JSX is layout): in an `.mdx` file an
//!   indented block is text.
//!
//! Inline HTML tags are dropped (the text between them stays). Headings get the explicit `{#id}`
//! as anchor, else a GitHub-style slug of their text, made unique within the document.

use std::borrow::Cow;
use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::front_matter::FrontMatter;
use super::generators::{code_ranges, strip_mdx, strip_template_tags, within};
use super::html::extract_fragment;
use super::text::{one_line, slug, Passages};
use super::ParsedDoc;

/// The Markdown dialect: what GitHub and VitePress accept.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        // Hugo's TOML front matter, between `+++` lines.
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        // GitHub alerts (`> [!NOTE]`): the marker is syntax, not text.
        | Options::ENABLE_GFM
}

/// Parses a Markdown file.
pub fn parse(source: &str) -> ParsedDoc {
    parse_dialect(source, false)
}

/// Parses an MDX file (Docusaurus): Markdown with ESM lines, JSX and `{/* comments */}`.
pub fn parse_mdx(source: &str) -> ParsedDoc {
    parse_dialect(source, true)
}

fn parse_dialect(source: &str, mdx: bool) -> ParsedDoc {
    // A byte-order mark would hide the front matter's opening `---`.
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let source = if mdx { strip_mdx(source, options()) } else { Cow::Borrowed(source) };
    let source = then(source, |s| strip_template_tags(s, options()));
    let source = then(source, strip_vitepress_syntax);
    let mut collector = Collector { mdx, ..Collector::default() };
    for event in Parser::new_ext(&source, options()) {
        collector.event(event);
    }
    collector.finish()
}

/// `source` after `pass`, which borrows it back when it changes nothing.
fn then<'s>(source: Cow<'s, str>, pass: impl Fn(&str) -> Cow<'_, str>) -> Cow<'s, str> {
    match pass(&source) {
        Cow::Borrowed(_) => source,
        Cow::Owned(changed) => Cow::Owned(changed),
    }
}

/// Replaces VitePress container fences and `[[toc]]` lines, outside code blocks, by blank lines;
/// a container's custom title (`::: warning 注意`) becomes a paragraph of its own.
///
/// The blank lines end the paragraph (or HTML block) around the fence, as the fence does for
/// VitePress. A line's prefix of indentation and `>` markers is kept on the replacement lines, so
/// a container inside a list item or a block quote stays inside it.
fn strip_vitepress_syntax(source: &str) -> Cow<'_, str> {
    if !source.contains(":::") && !source.contains("[[") {
        return Cow::Borrowed(source);
    }
    let code = code_ranges(source, options(), false);
    let in_code = |offset: usize| within(&code, offset);

    let mut out = String::with_capacity(source.len());
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let body_at = content.len() - content.trim_start_matches([' ', '\t', '>']).len();
        let (prefix, body) = content.split_at(body_at);
        let body = body.trim_end();
        let is_fence = body.starts_with(":::");
        if !(is_fence || body.eq_ignore_ascii_case("[[toc]]")) || in_code(start) {
            out.push_str(line);
            continue;
        }
        let blank = prefix.trim_end();
        out.push_str(blank);
        out.push('\n');
        if is_fence {
            if let Some(title) = container_title(body) {
                out.push_str(prefix);
                out.push_str(title);
                out.push('\n');
                out.push_str(blank);
                out.push('\n');
            }
        }
    }
    Cow::Owned(out)
}

/// The custom title of a container fence: `::: warning 注意` → `注意`; `::: tip`, `:::` → none.
/// A trailing attribute block (`::: details 展开 {open}`) is not part of the title.
fn container_title(fence: &str) -> Option<&str> {
    let rest = fence.trim_start_matches(':').trim_start();
    // The first word is the container type.
    let after_type = rest.find(char::is_whitespace).map_or("", |i| &rest[i..]);
    let mut title = after_type.trim();
    if title.ends_with('}') {
        if let Some(open) = title.rfind('{') {
            title = title[..open].trim_end();
        }
    }
    (!title.is_empty()).then_some(title)
}

/// Removes `{#id .class key=value}` attribute syntax that pulldown-cmark left in a heading's text
/// (it only recognises a block at the very end). Returns the text and the `#id` found, if any.
fn strip_heading_attributes(text: &str) -> (String, Option<String>) {
    let mut out = String::with_capacity(text.len());
    let mut id = None;
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        let inner = rest[open + 1..open + len].trim();
        let is_attributes = inner.starts_with(['#', '.'])
            && inner.split_whitespace().all(|token| token.starts_with(['#', '.']) || token.contains('='));
        out.push_str(&rest[..open]);
        if is_attributes {
            id = id.or_else(|| {
                inner
                    .split_whitespace()
                    .find_map(|token| token.strip_prefix('#'))
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
            });
        } else {
            out.push_str(&rest[open..=open + len]);
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    (one_line(&out), id)
}

/// Turns pulldown-cmark events into passages.
#[derive(Default)]
struct Collector {
    out: Passages,
    /// The inline text of the block being read (paragraph, list item, heading, table cell).
    inline: String,
    /// Inside a heading: its level and explicit id.
    heading: Option<(u8, Option<String>)>,
    /// Inside a code block: its text.
    code: Option<String>,
    /// Inside an HTML block: its source.
    html: Option<String>,
    /// Inside the front matter: its kind and source.
    front_matter: Option<(MetadataBlockKind, String)>,
    /// The front matter marks the page a draft.
    draft: bool,
    /// An `.mdx` file: an indented block is text, not code.
    mdx: bool,
    /// Inside an indented block of an `.mdx` file.
    mdx_indented: bool,
    /// Inside a table row (or the header row): the texts of its cells so far.
    row: Option<Vec<String>>,
    /// Depth of inline `<script>`/`<style>` tags: their content is not text.
    raw_html_depth: usize,
    /// Anchors given so far, to make slugs unique.
    anchors: HashSet<String>,
}

impl Collector {
    /// Ends the passage being collected (at a block boundary).
    fn end_passage(&mut self) {
        if !self.inline.is_empty() {
            self.out.text(&self.inline);
            self.inline.clear();
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(&text);
                } else if let Some((_, source)) = &mut self.front_matter {
                    source.push_str(&text);
                } else if self.raw_html_depth == 0 {
                    self.inline.push_str(&text);
                }
            }
            Event::Code(text) | Event::InlineMath(text) => self.inline.push_str(&text),
            Event::DisplayMath(text) => {
                self.end_passage();
                self.out.code(&text);
            }
            Event::Html(html) => match &mut self.html {
                Some(block) => block.push_str(&html),
                None => self.inline_html(&html),
            },
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::SoftBreak | Event::HardBreak => self.inline.push('\n'),
            Event::Rule => self.end_passage(),
            // Footnote markers and checkboxes are not words.
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    /// An inline HTML tag: dropped, except that `<br>` breaks the line and `<script>`/`<style>`
    /// hide what follows until they close.
    fn inline_html(&mut self, tag: &str) {
        let tag = tag.trim_start_matches('<').to_ascii_lowercase();
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
        match name.as_str() {
            "br" | "br/" => self.inline.push('\n'),
            "script" | "style" if !tag.trim_end().ends_with("/>") => self.raw_html_depth += 1,
            "/script" | "/style" => self.raw_html_depth = self.raw_html_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, id, .. } => {
                self.end_passage();
                self.heading = Some((level as u8, id.map(|id| id.to_string())));
            }
            Tag::CodeBlock(CodeBlockKind::Indented) if self.mdx => {
                self.end_passage();
                self.mdx_indented = true;
            }
            Tag::CodeBlock(_) => {
                self.end_passage();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.end_passage();
                self.html = Some(String::new());
            }
            // Front matter is not content; its title and draft flag are read at its end.
            Tag::MetadataBlock(kind) => self.front_matter = Some((kind, String::new())),
            Tag::TableHead | Tag::TableRow => {
                self.end_passage();
                self.row = Some(Vec::new());
            }
            Tag::TableCell => self.inline.clear(),
            // Inline containers: their text is read as it comes (a link's text, an image's alt).
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => {}
            // Every other tag is a block: it cuts the passage.
            Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_) => self.end_passage(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, id)) = self.heading.take() {
                    self.end_heading(level, id);
                }
                self.inline.clear();
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.out.code(&code);
                }
                if std::mem::take(&mut self.mdx_indented) {
                    self.end_passage();
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    extract_fragment(&html, &mut self.out);
                }
            }
            TagEnd::MetadataBlock(_) => {
                if let Some((kind, source)) = self.front_matter.take() {
                    let front = FrontMatter::read(kind, &source);
                    if let Some(title) = front.title {
                        self.out.set_title_if_none(&title);
                    }
                    self.draft |= front.draft;
                }
            }
            TagEnd::TableCell => {
                if let Some(row) = &mut self.row {
                    row.push(one_line(&self.inline));
                }
                self.inline.clear();
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(row) = self.row.take() {
                    let cells: Vec<String> = row.into_iter().filter(|c| !c.is_empty()).collect();
                    self.out.text(&cells.join(" | "));
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {}
            TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table => self.end_passage(),
        }
    }

    /// A heading has been read: give it an anchor and hand it over (the first `# ` may turn out
    /// to be the title; see [`Passages::heading`]).
    fn end_heading(&mut self, level: u8, id: Option<String>) {
        let (text, stray_id) = strip_heading_attributes(&self.inline);
        let explicit = id.or(stray_id).map(|id| id.trim().to_owned()).filter(|id| !id.is_empty());
        let anchor = match explicit {
            Some(id) => {
                self.anchors.insert(id.clone());
                Some(id)
            }
            None => self.unique_slug(&text),
        };
        self.out.heading(level, &text, anchor);
    }

    /// The slug of a heading's text, suffixed `-1`, `-2`, … if already used in this document.
    fn unique_slug(&mut self, text: &str) -> Option<String> {
        let base = slug(text);
        if base.is_empty() {
            return None;
        }
        let mut candidate = base.clone();
        let mut n = 0;
        while self.anchors.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.anchors.insert(candidate.clone());
        Some(candidate)
    }

    fn finish(mut self) -> ParsedDoc {
        self.end_passage();
        ParsedDoc { draft: self.draft, ..self.out.finish() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{ParsedPassage, PassageKind};
    use std::path::{Path, PathBuf};

    fn texts(doc: &ParsedDoc) -> Vec<&str> {
        doc.passages.iter().map(|p| p.text.as_str()).collect()
    }

    fn passage(kind: PassageKind, level: u8, text: &str, anchor: Option<&str>) -> ParsedPassage {
        ParsedPassage { kind, level, text: text.into(), anchor: anchor.map(Into::into) }
    }

    /// Whether `pattern` occurs inside an inline code span of `source` (after an odd number of
    /// backticks on its line): there it is text the page shows, like `` `<script setup>` ``.
    fn in_inline_code(source: &str, pattern: &str) -> bool {
        source.lines().any(|line| line.match_indices(pattern).any(|(at, _)| line[..at].matches('`').count() % 2 == 1))
    }

    /// The rules every passage of every document parsed from `source` must follow.
    fn assert_clean(doc: &ParsedDoc, source: &str, context: &str) {
        for p in &doc.passages {
            assert!(!p.text.is_empty(), "{context}: empty passage");
            assert_eq!(p.text, p.text.trim(), "{context}: untrimmed {:?}", p.text);
            assert_ne!(p.kind, PassageKind::Title, "{context}");
            assert_eq!(p.level == 0, p.kind != PassageKind::Heading, "{context}: level of {p:?}");
            if p.kind != PassageKind::Code {
                assert!(!p.text.contains(['\n', '\t']), "{context}: not one line: {:?}", p.text);
                assert!(!p.text.contains("  "), "{context}: double space: {:?}", p.text);
            }
            assert!(
                !p.text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{context}: control character in {:?}",
                p.text
            );
            // Markup must not leak into what a reader sees. Code is exempt: a Vue sample's
            // `<script setup>` or a Markdown sample's `{#id}` is what the code block shows; so is
            // inline code (`` `<script setup>` `` in a sentence).
            if p.kind != PassageKind::Code {
                for bad in ["<div", "<script", ":::", "{#"] {
                    assert!(!p.text.contains(bad) || in_inline_code(source, bad), "{context}: {bad:?} in {:?}", p.text);
                }
            }
            if let Some(title) = &doc.title {
                assert!(
                    !(p.kind == PassageKind::Heading && p.level == 1 && p.text == *title),
                    "{context}: title repeated"
                );
            }
        }
    }

    #[test]
    fn title_from_front_matter_or_first_h1() {
        let doc = parse("---\ntitle: \"引号 标题\"\nsidebar: false\n---\n\n# 引号 标题\n\n正文\n");
        assert_eq!(doc.title.as_deref(), Some("引号 标题"));
        assert_eq!(texts(&doc), ["正文"]);

        let doc = parse("---\ntitle: 'It''s here' # comment inside quotes stays\n---\n# Different {#different}\n\nx\n");
        assert_eq!(doc.title.as_deref(), Some("It's here"));
        assert_eq!(doc.passages[0], passage(PassageKind::Heading, 1, "Different", Some("different")));
        // An h1 anchor starts no section.
        assert_eq!(doc.passages[1], passage(PassageKind::Text, 0, "x", None));

        let doc = parse("intro\n\n# First *H1*\n\n# Second H1\n");
        assert_eq!(doc.title.as_deref(), Some("First H1"));
        assert_eq!(texts(&doc), ["intro", "Second H1"]);

        // The scalar styles of a title are front_matter.rs's tests.
        assert_eq!(parse("---\npage: true\n---\n\n## Not a title\n").title, None);
    }

    #[test]
    fn hugo_hexo_and_docusaurus_sources() {
        let doc =
            parse("+++\ntitle = \"标题\"\ndraft = true\n+++\n{{< figure caption=\"说明\" >}}\n正文 `{{< ref >}}`\n");
        assert_eq!((doc.title.as_deref(), doc.draft), (Some("标题"), true));
        assert_eq!(texts(&doc), ["说明", "正文 {{< ref >}}"]);
        let doc = parse("---\ntitle: 海克索\n---\n{% note %}\n内容\n{% endnote %}\n\n    缩进的代码\n");
        assert_eq!((doc.title.as_deref(), doc.draft), (Some("海克索"), false));
        assert_eq!(doc.passages[1], passage(PassageKind::Code, 0, "缩进的代码", None));
        let doc = parse_mdx("import A from 'a';\n\n<A>\n\n    缩进的文字\n\n</A>\n{/* 注释 */}\n");
        assert_eq!(doc.passages, [passage(PassageKind::Text, 0, "缩进的文字", None)]);
    }

    #[test]
    fn heading_anchors() {
        let doc = parse(
            "# Title {#title}\n\nbefore\n\n## 基础示例 {#basic-example}\n\na\n\n### Computed Caching vs. Methods\n\nb\n\n\
             ## Basic Example\n\n## Basic Example\n\n## Styled {.red #styled-id}\n\n## ???\n\nc\n\n## 中文 标题\n",
        );
        assert_eq!(doc.title.as_deref(), Some("Title"));
        assert_eq!(
            doc.passages,
            vec![
                passage(PassageKind::Text, 0, "before", None),
                passage(PassageKind::Heading, 2, "基础示例", Some("basic-example")),
                passage(PassageKind::Text, 0, "a", Some("basic-example")),
                passage(PassageKind::Heading, 3, "Computed Caching vs. Methods", Some("computed-caching-vs-methods")),
                passage(PassageKind::Text, 0, "b", Some("computed-caching-vs-methods")),
                // The explicit id `basic-example` is taken: the slug gets a suffix.
                passage(PassageKind::Heading, 2, "Basic Example", Some("basic-example-1")),
                passage(PassageKind::Heading, 2, "Basic Example", Some("basic-example-2")),
                passage(PassageKind::Heading, 2, "Styled", Some("styled-id")),
                // No letters, no slug, no anchor: the section has none either.
                passage(PassageKind::Heading, 2, "???", None),
                passage(PassageKind::Text, 0, "c", None),
                passage(PassageKind::Heading, 2, "中文 标题", Some("中文-标题")),
            ]
        );
    }

    #[test]
    fn attribute_syntax_left_in_heading_text_is_removed() {
        let (text, id) = strip_heading_attributes("defineModel() {#definemodel} <sup/>");
        assert_eq!((text.as_str(), id.as_deref()), ("defineModel() <sup/>", Some("definemodel")));
        let (text, id) = strip_heading_attributes("Set {a, b} {.cls}");
        assert_eq!((text.as_str(), id), ("Set {a, b}", None));
        let (text, _) = strip_heading_attributes("unclosed {#x");
        assert_eq!(text, "unclosed {#x");
    }

    #[test]
    fn blocks_become_passages() {
        let doc = parse(
            "第一行\n第二行 and\nmore **bold** _em_ ~~del~~ `code()` [link](https://x.y) ![替代文字](a.png)\n\n\
             hard  \nbreak\n\n\
             - item one\n  - nested **item**\n- [x] done task\n\n\
             1. ordered\n\n   second paragraph\n\n\
             > quoted\n> text\n\n\
             | 名称 | 说明 |\n|---|---|\n| `a` | 第一 |\n| | only |\n\n\
             Footnote[^1] here.\n\n[^1]: The note.\n\n---\n\nend\n",
        );
        assert_eq!(
            texts(&doc),
            [
                "第一行第二行 and more bold em del code() link 替代文字",
                "hard break",
                "item one",
                "nested item",
                "done task",
                "ordered",
                "second paragraph",
                "quoted text",
                "名称 | 说明",
                "a | 第一",
                "only",
                "Footnote here.",
                "The note.",
                "end",
            ]
        );
        assert!(doc.passages.iter().all(|p| p.kind == PassageKind::Text));
    }

    #[test]
    fn code_blocks_keep_their_layout() {
        let doc = parse("text\n\n```js\nfunction f() {\n  return 1\n}\n\n```\n\n    indented\n      more\n\n~~~\n::: tip\n[[toc]]\n~~~\n");
        assert_eq!(
            doc.passages[1..],
            [
                passage(PassageKind::Code, 0, "function f() {\n  return 1\n}", None),
                passage(PassageKind::Code, 0, "indented\n  more", None),
                // Container and toc syntax inside code is code.
                passage(PassageKind::Code, 0, "::: tip\n[[toc]]", None),
            ]
        );
    }

    #[test]
    fn html_is_reduced_to_its_visible_text() {
        let doc = parse(
            "<script setup>\nimport { ref } from 'vue'\nconst a = ref(1)\n</script>\n\n\
             <style scoped>\n.a { color: red }\n</style>\n\n\
             # 标题\n\n\
             <div class=\"options-api\">\n  <VueSchoolLink href=\"https://x\" title=\"课程\"/>\n</div>\n\n\
             Press <kbd>Ctrl</kbd> + <kbd>C</kbd><br>now <span class=\"x\">inline</span><script>bad()</script> ok\n\n\
             <div class=\"box\">\n  <p>块 &amp; 文本</p>\n  <p>second</p>\n</div>\n\n\
             <!-- a comment -->\n\n<ClientOnly>\n  <Repl />\n</ClientOnly>\n",
        );
        assert_eq!(doc.title.as_deref(), Some("标题"));
        assert_eq!(texts(&doc), ["Press Ctrl + C now inline ok", "块 & 文本", "second"]);
    }

    #[test]
    fn vitepress_containers_and_toc() {
        let doc = parse(
            "[[toc]]\n\n[[TOC]]\n::: tip\n提示内容\n:::\n\n:::warning 注意\n警告内容\n:::\n\n\
             ::: details 展开看看 {open}\n细节\n:::\n\n:::: code-group\n```js\ncode\n```\n::::\n\n\
             - 列表\n\n  :::tip 备注\n  列表里的容器\n  :::\n\n> ::: info 引用\n> 引用里的容器\n> :::\n",
        );
        assert_eq!(
            texts(&doc),
            [
                "提示内容",
                "注意",
                "警告内容",
                "展开看看",
                "细节",
                "code",
                "列表",
                "备注",
                "列表里的容器",
                "引用",
                "引用里的容器"
            ]
        );
        assert_eq!(container_title("::: warning 注意"), Some("注意"));
        assert_eq!(container_title(":::tip"), None);
        assert_eq!(container_title(":::"), None);
    }

    #[test]
    fn control_characters_never_survive() {
        let doc = parse("---\ntitle: a\u{1E}b\n---\n\nx\u{1E}y\n\n```\nc\u{1E}d\n```\n\n## h\u{1E}i\n");
        assert_eq!(doc.title.as_deref(), Some("ab"));
        assert_eq!(texts(&doc), ["xy", "cd", "hi"]);
        assert_eq!(doc.passages[2].anchor.as_deref(), Some("hi"));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert_eq!(parse(""), ParsedDoc::default());
        assert_eq!(
            parse("---\ntitle: 只有前言\n---\n"),
            ParsedDoc { title: Some("只有前言".into()), ..ParsedDoc::default() }
        );
        assert_eq!(parse("---\n---"), ParsedDoc::default());
        for source in [
            "---\ntitle: unterminated front matter\n",
            "\u{FEFF}# BOM\n",
            "<div><p>unclosed <b>tags\n\ntext after",
            "```\nunclosed fence",
            ":::\n:::\n::::::::\n",
            "# \n## \n###### {#only-id}\n####### seven",
            "| a |\n|---|\n| b | c | d |\n",
            "[^x]: [^x]\n\n[^x]",
            "\r\n\r\n\u{0}\u{1E}\r",
            "<script>never closed",
        ] {
            let doc = parse(source);
            assert_clean(&doc, source, source);
        }
        let deep_lists: String = (0..500).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect();
        let doc = parse(&deep_lists);
        assert_clean(&doc, &deep_lists, "deep lists");
        let deep_quotes = ">".repeat(5_000) + " deep";
        assert_eq!(texts(&parse(&deep_quotes)), ["deep"]);
        let long_line = "长 ".repeat(50_000);
        assert_eq!(parse(&long_line).passages[0].text.chars().count(), 100_000 - 1);
    }

    fn corpus_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpora/vue-docs-zh")
    }

    #[test]
    fn vue_docs_computed_page() {
        let path = corpus_dir().join("guide/essentials/computed.md");
        let source = std::fs::read_to_string(&path).expect("the Vue docs corpus is in the repository");
        let doc = parse(&source);
        assert_eq!(doc.title.as_deref(), Some("计算属性"));
        assert!(doc.passages.contains(&passage(PassageKind::Heading, 2, "基础示例", Some("basic-example"))));
        assert!(doc.passages.iter().any(|p| p.kind == PassageKind::Code && p.text.contains("publishedBooksMessage")));
        for p in &doc.passages {
            for bad in ["<div", ":::", "{#", "\u{1E}"] {
                assert!(!p.text.contains(bad), "{bad:?} in {:?}", p.text);
            }
        }
        assert_clean(&doc, &source, "computed.md");
    }

    #[test]
    fn vue_docs_corpus() {
        let mut files = Vec::new();
        let mut dirs = vec![corpus_dir()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable corpus directory") {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 100, "corpus not found: {} files", files.len());
        let mut untitled = Vec::new();
        for path in &files {
            let source = std::fs::read_to_string(path).expect("UTF-8 Markdown");
            let doc = parse(&source);
            let context = path.display().to_string();
            assert_clean(&doc, &source, &context);
            if doc.title.is_none() {
                // Only pages that are a bare Vue component (no title, no text) may lack a title.
                assert!(doc.passages.is_empty(), "{context}: passages but no title");
                untitled.push(context);
            }
        }
        // `ecosystem/themes.md`, `partners/all.md` and `partners/[partnerId].md`.
        assert!(untitled.len() <= 3, "untitled pages: {untitled:?}");
    }
}
