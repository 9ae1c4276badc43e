//! What static site generators add to Markdown that is not text on the page: Hugo's shortcodes
//! (`{{< figure … >}}`, `{{% notice %}}`), Liquid tags (`{% note info %}` in Hexo, `{% include %}`
//! in Jekyll) and MDX's `import`/`export` lines and `{/* comments */}` (Docusaurus). The
//! generator replaces them with HTML or nothing; left in, they would be searchable "words" shown
//! in snippets.
//!
//! Each pass rewrites the source before pulldown-cmark reads it, outside code: what a code
//! block or an inline code span shows is kept as written (a page about Hugo shows `{{< ref >}}`).
//! A tag is removed in place, so a line that held only a tag is left blank and ends the
//! paragraph, as the HTML the generator puts there would. What a tag shows as text stays: a
//! Hugo figure's title and caption, the content between paired tags, everything inside Liquid's
//! `{% raw %}`, and the shortcode that Hugo's `{{</* … */>}}` displays literally.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// The byte ranges of the code of `source` (code blocks and the front matter, and with `inline`
/// the inline code spans as well), in document order, as pulldown-cmark reads them.
pub(super) fn code_ranges(source: &str, options: pulldown_cmark::Options, inline: bool) -> Vec<Range<usize>> {
    Parser::new_ext(source, options)
        .into_offset_iter()
        .filter(|(event, _)| match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => true,
            Event::Code(_) => inline,
            _ => false,
        })
        .map(|(_, range)| range)
        .collect()
}

/// Whether `offset` lies in one of `ranges` (sorted, not overlapping).
pub(super) fn within(ranges: &[Range<usize>], offset: usize) -> bool {
    let after = ranges.partition_point(|range| range.start <= offset);
    after > 0 && ranges[after - 1].contains(&offset)
}

/// Removes Hugo shortcodes and Liquid tags outside code.
pub(super) fn strip_template_tags(source: &str, options: pulldown_cmark::Options) -> Cow<'_, str> {
    if !source.contains("{{<") && !source.contains("{{%") && !source.contains("{%") {
        return Cow::Borrowed(source);
    }
    let code = code_ranges(source, options, true);
    let mut out = String::with_capacity(source.len());
    // `source[copied..]` is still to be copied; `at` is where the search for the next tag goes on.
    let (mut copied, mut at) = (0, 0);
    // Inside `{% raw %}` (nothing is a tag until `{% endraw %}`) or `{% comment %}` (nothing is text).
    let mut raw = false;
    let mut comment = false;
    while let Some(found) = source[at..].find('{') {
        let start = at + found;
        at = start + 1;
        if within(&code, start) {
            continue;
        }
        let rest = &source[start..];
        let (close, shortcode) = if rest.starts_with("{{<") {
            (">}}", true)
        } else if rest.starts_with("{{%") {
            ("%}}", true)
        } else if rest.starts_with("{%") {
            ("%}", false)
        } else {
            continue;
        };
        // The closing delimiter is looked for after the opening one (`{%}` is not a tag).
        let open = if shortcode { 3 } else { 2 };
        let Some(len) = rest[open..].find(close).map(|i| open + i) else {
            break;
        };
        let tag = &rest[..len + close.len()];
        let inner = &tag[open..len];
        let words = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
        let name = words.split_whitespace().next().unwrap_or("");
        // Inside `{% raw %}` only its end is a tag.
        if raw && (shortcode || name != "endraw") {
            continue;
        }
        // Whether the text before this tag is inside a comment.
        let hidden = comment;
        let shown: Cow<'_, str> = if shortcode {
            shortcode_text(&tag[2..3], inner)
        } else {
            match name {
                "raw" => raw = true,
                "endraw" => raw = false,
                "comment" => comment = true,
                "endcomment" => comment = false,
                _ => {}
            }
            Cow::Borrowed("")
        };
        if !hidden {
            out.push_str(&source[copied..start]);
        }
        // What a tag alone on its line shows is a paragraph of its own (a figure's caption).
        // Only the blanks beside the tag are looked at: a long line of many tags stays linear.
        let before = source[..start].trim_end_matches([' ', '\t']);
        let after = source[start + tag.len()..].trim_start_matches([' ', '\t', '\r']);
        let alone = (before.is_empty() || before.ends_with('\n')) && (after.is_empty() || after.starts_with('\n'));
        if alone && !shown.is_empty() {
            out.push('\n');
            out.push_str(&shown);
            out.push('\n');
        } else {
            out.push_str(&shown);
        }
        copied = start + tag.len();
        at = copied;
    }
    out.push_str(&source[copied..]);
    Cow::Owned(out)
}

/// What a Hugo shortcode shows as text: `{{</* x */>}}` shows `{{< x >}}`; a figure its title
/// and caption; the others nothing (their content, between an opening and a closing tag, stays).
fn shortcode_text<'a>(delimiter: &str, inner: &'a str) -> Cow<'a, str> {
    let mut words = inner.trim();
    if let Some(literal) = words.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")) {
        let close = if delimiter == "<" { ">" } else { delimiter };
        return Cow::Owned(format!("{{{{{delimiter}{literal}{close}}}}}"));
    }
    let name_end = words.find(char::is_whitespace).unwrap_or(words.len());
    if &words[..name_end] != "figure" {
        return Cow::Borrowed("");
    }
    words = &words[name_end..];
    let mut shown = Vec::new();
    for key in ["title", "caption"] {
        if let Some(value) = param(words, key) {
            shown.push(value);
        }
    }
    Cow::Owned(shown.join(" "))
}

/// The value of `key="…"` (or with backquotes) among a shortcode's parameters.
fn param<'a>(params: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = params;
    while let Some(at) = rest.find(key) {
        let before_ok = rest[..at].ends_with(char::is_whitespace) || at == 0;
        let after = rest[at + key.len()..].trim_start();
        rest = &rest[at + key.len()..];
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let quote = value.chars().next().filter(|c| matches!(c, '"' | '`'))?;
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// Removes MDX's ESM blocks (lines from an `import` or `export` at the start of a block to the
/// next blank line) and `{/* comments */}`, outside code.
pub(super) fn strip_mdx(source: &str, options: pulldown_cmark::Options) -> Cow<'_, str> {
    if !source.contains("import ") && !source.contains("export ") && !source.contains("{/*") {
        return Cow::Borrowed(source);
    }
    let code = code_ranges(source, options, true);
    let mut out = String::with_capacity(source.len());
    let mut offset = 0;
    let mut block_start = true;
    let mut in_esm = false;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let blank = line.trim().is_empty();
        if !in_esm
            && block_start
            && (line.starts_with("import ") || line.starts_with("export "))
            && !within(&code, start)
        {
            in_esm = true;
        }
        // After a blank line, the front matter or a code block, a line starts a block.
        block_start = blank || within(&code, start);
        if in_esm {
            in_esm = !blank;
            out.push('\n');
            continue;
        }
        out.push_str(line);
    }
    if !out.contains("{/*") {
        return Cow::Owned(out);
    }
    // Offsets have moved: the code is found again in what is left.
    let code = code_ranges(&out, options, true);
    let mut kept = String::with_capacity(out.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(found) = out[at..].find("{/*") {
        let start = at + found;
        at = start + 1;
        if within(&code, start) {
            continue;
        }
        let Some(len) = out[start + 3..].find("*/}").map(|i| 3 + i) else {
            break;
        };
        kept.push_str(&out[copied..start]);
        copied = start + len + 3;
        at = copied;
    }
    kept.push_str(&out[copied..]);
    Cow::Owned(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(source: &str) -> String {
        strip_template_tags(source, pulldown_cmark::Options::empty()).into_owned()
    }

    fn mdx(source: &str) -> String {
        strip_mdx(source, pulldown_cmark::Options::empty()).into_owned()
    }

    #[test]
    fn hugo_shortcodes_leave_what_the_page_shows() {
        assert_eq!(tags("a\n\n{{< youtube id=\"x\" >}}\n\nb\n"), "a\n\n\n\nb\n");
        assert_eq!(tags("{{% notice tip %}}\n提示\n{{% /notice %}}\n"), "\n提示\n\n");
        assert_eq!(
            tags("{{< figure src=\"a.png\" title=\"标题\" caption=\"一张图片的说明\" >}}\n下一行\n"),
            "\n标题 一张图片的说明\n\n下一行\n"
        );
        assert_eq!(tags("见 [文档]({{< ref \"docs/a.md\" >}})。"), "见 [文档]()。");
        // Hugo's own documentation writes a shortcode to show it.
        assert_eq!(tags("写 {{</* figure src=\"x\" */>}} 即可"), "写 {{< figure src=\"x\" >}} 即可");
        assert_eq!(tags("{{%/* notice */%}}"), "\n{{% notice %}}\n");
    }

    #[test]
    fn liquid_tags_of_hexo_and_jekyll() {
        assert_eq!(tags("{% note info %}\n信息\n{% endnote %}\n"), "\n信息\n\n");
        assert_eq!(tags("{%- include x.html -%}文字"), "文字");
        assert_eq!(tags("{% raw %}{{ 原样 }} {% if %}{% endraw %}"), "{{ 原样 }} {% if %}");
        assert_eq!(tags("前{% comment %}不显示{% endcomment %}后"), "前后");
        // Unclosed: the rest is left as written.
        assert_eq!(tags("a {% b"), "a {% b");
        assert_eq!(tags("{%}{{%}}{{<>}}"), "}");
        assert_eq!(tags("{%}"), "{%}");
        assert_eq!(tags("{{ 变量 }} {x}"), "{{ 变量 }} {x}");
    }

    #[test]
    fn code_shows_tags_as_written() {
        let source = "用 `{{< ref >}}` 和\n\n```\n{% raw %}\n```\n\n    {{% indented %}}\n";
        assert_eq!(tags(source), source);
    }

    #[test]
    fn mdx_esm_and_comments() {
        assert_eq!(
            mdx("import Tabs from '@theme/Tabs';\nimport {\n  A,\n} from 'b';\n\n# 标题\n\nexport const x = 1;\n\n正文 import 不动\n"),
            "\n\n\n\n\n# 标题\n\n\n\n正文 import 不动\n"
        );
        assert_eq!(mdx("文字\nimport x from 'y'\n"), "文字\nimport x from 'y'\n");
        // Docusaurus puts the imports right under the front matter.
        assert_eq!(
            strip_mdx(
                "---\ntitle: 简介\n---\nimport A from 'a';\n\n正文\n",
                pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            ),
            "---\ntitle: 简介\n---\n\n\n正文\n"
        );
        assert_eq!(mdx("前{/* 注释 */}后 {/*\n多行\n*/}"), "前后 ");
        assert_eq!(mdx("{/*/}"), "{/*/}");
        assert_eq!(mdx("```\nimport a from 'b'\n{/* c */}\n```\n"), "```\nimport a from 'b'\n{/* c */}\n```\n");
    }

    /// Sources made of the delimiters these passes look for, in any order, with code around
    /// them: never a panic, and what the passes leave is read as Markdown and MDX.
    fn tangled() -> impl proptest::strategy::Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "{{<",
            ">}}",
            "{{%",
            "%}}",
            "{%",
            "%}",
            "{/*",
            "*/}",
            "/*",
            "*/",
            " raw ",
            " endraw ",
            " comment ",
            " endcomment ",
            "figure",
            " caption=\"",
            "\"",
            "`",
            "\n",
            " ",
            "import ",
            "export ",
            "中文",
            "```\n",
            "---\n",
            "+++\n",
            "    ",
            "> ",
            "- ",
            "<div>",
            "</div>",
            "-",
            "{",
            "}",
            "%",
            "<",
            ">",
        ];
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn any_tangle_of_delimiters_is_read(source in tangled()) {
            let options = crate::parse::md::options();
            let stripped = strip_template_tags(&source, options);
            let _ = strip_mdx(&source, options);
            let _ = crate::parse::md::parse(&source);
            let _ = crate::parse::md::parse_mdx(&source);
            // Nothing is ever added but line breaks and what a figure or `{{</* */>}}` shows.
            if !source.contains("figure") && !source.contains("/*") {
                prop_assert!(stripped.chars().filter(|&c| c != '\n').count() <= source.chars().count());
            }
        }
    }
}
