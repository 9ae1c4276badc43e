//! HTML: the visible text of a page's content, cut into passages at block elements.
//!
//! The content is what the page marks `data-sou-body` if it marks anything, else its `<main>`
//! if it has one (where every common site theme puts the page itself, away from menus, sidebars
//! of recent posts and tag clouds), else its `<body>`.
//!
//! The document is parsed by html5ever (through scraper), so malformed markup is repaired the way
//! a browser would repair it and entities are decoded: `&lt;img&gt;` is the text `<img>`, never a
//! tag. The tree is then walked once, in document order, with `ego_tree`'s iterative traversal
//! (no recursion, so no stack overflow on absurdly deep nesting):
//!
//! - page furniture and invisible content (`script`, `style`, `nav`, `aside`, `footer`,
//!   `template`, `[hidden]`, `[data-sou-ignore]`, …) is skipped with everything inside it; so is
//!   a `header` outside `article` and `section`, and outside `main` or with a menu in it (else
//!   it is the page's own heading: Docusaurus and Hugo themes put the `<h1>` there), an `aside`
//!   outside `article` (inside one it is a note of the article), and a list of nothing but links
//!   within the page (a table of contents: it repeats the headings);
//! - block elements (`p`, `li`, `div`, `blockquote`, …) end the passage being collected and start
//!   a new one, so text directly in a `div` and text in its nested `p` are separate passages;
//! - inline elements (`a`, `em`, `code`, `span`, …) just contribute their text; `<br>` is a line
//!   break, which the common rule turns into a space (or nothing between CJK characters);
//! - `<pre>` is a code passage, whitespace kept; `h1`–`h6` are headings whose anchor is their
//!   `id` (or the `id` of an `<a>` directly inside); each table row is one passage, its cells
//!   joined with ` | `. Inside a heading or a row, nested blocks only separate words.
//!
//! The title is the first visible `<h1>`, else `<title>`, else an `<h1>` in a skipped part. Markdown files reuse the walker for their HTML
//! blocks ([`extract_fragment`]).

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::text::{one_line, Passages};
use super::ParsedDoc;

/// Parses an HTML document.
pub fn parse(source: &str) -> ParsedDoc {
    let document = Html::parse_document(source);
    let root = document.tree.root();

    // The first visible `<h1>` names the page (the walker takes it); `<title>` usually carries
    // the site's name too (`文章 · 站点`), which every result would repeat.
    let mut out = Passages::with_title(None);
    // A frameset document has no body: then everything is walked (and mostly skipped).
    let body = root.descendants().find(|node| is_element(node, "body")).unwrap_or(root);
    let mut walker = Walker::new(&mut out);
    for content in content_roots(body) {
        walker.walk(content);
    }

    if out.title().is_none() {
        if let Some(title) = root
            .descendants()
            .find(|node| is_element(node, "title") && !node.ancestors().any(|a| is_element(&a, "svg")))
        {
            out.set_title_if_none(&text_content(title));
        }
    }
    // No `<h1>` in the visible part and no `<title>`: an `<h1>` in a skipped part (a site
    // header, say) still names the page better than nothing.
    if out.title().is_none() {
        if let Some(h1) = body.descendants().find(|node| is_element(node, "h1")) {
            out.set_title_if_none(&text_content(h1));
        }
    }
    out.finish()
}

/// Adds the passages of an HTML fragment (a Markdown HTML block) to `out`.
pub(super) fn extract_fragment(source: &str, out: &mut Passages) {
    let fragment = Html::parse_fragment(source);
    Walker::new(out).walk(fragment.tree.root());
}

/// The parts of `body` that are the page's content, in document order: the outermost elements
/// marked `data-sou-body`, else the outermost visible `<main>` elements (or `role="main"`, as
/// themes written before `<main>` mark it), else `body` itself.
fn content_roots(body: NodeRef<'_, Node>) -> Vec<NodeRef<'_, Node>> {
    let outermost = |test: &dyn Fn(&NodeRef<'_, Node>) -> bool| -> Vec<NodeRef<'_, Node>> {
        body.descendants()
            .filter(|node| test(node) && !node.ancestors().take_while(|a| a.id() != body.id()).any(|a| test(&a)))
            .collect()
    };
    let marked = outermost(&|node| node.value().as_element().is_some_and(|e| e.attr("data-sou-body").is_some()));
    if !marked.is_empty() {
        return marked;
    }
    let visible = |node: &NodeRef<'_, Node>| {
        !node.ancestors().chain(std::iter::once(*node)).any(|a| a.value().as_element().is_some_and(is_skipped))
    };
    let is_main = |node: &NodeRef<'_, Node>| {
        node.value().as_element().is_some_and(|e| e.name() == "main" || e.attr("role") == Some("main"))
    };
    let mains: Vec<_> = outermost(&is_main).into_iter().filter(visible).collect();
    if mains.is_empty() {
        vec![body]
    } else {
        mains
    }
}

/// Whether `node` is a `header` or an `aside` of the site rather than of the page's content: a
/// header not inside `article` or `section`, nor inside `main` without a menu of its own (the
/// site's banner, which Hexo's NexT puts inside `main`, not the article's heading), an aside not
/// inside `article` (a sidebar of other pages, not a note).
fn is_furniture(node: NodeRef<'_, Node>) -> bool {
    let within = |names: &[&str]| node.ancestors().any(|a| names.iter().any(|name| is_element(&a, name)));
    let marked = node.value().as_element().is_some_and(|e| e.attr("data-sou-body").is_some());
    let has_menu = || node.descendants().any(|d| is_element(&d, "nav"));
    !marked
        && ((is_element(&node, "header") && !within(&["article", "section"]) && (!within(&["main"]) || has_menu()))
            || (is_element(&node, "aside") && !within(&["article"])))
}

/// Whether `node` is a list of nothing but links to anchors of the page (a table of contents):
/// all its text is inside `<a href="#…">`.
fn is_in_page_link_list(node: NodeRef<'_, Node>) -> bool {
    if !(is_element(&node, "ul") || is_element(&node, "ol")) {
        return false;
    }
    let in_page_link = |n: NodeRef<'_, Node>| {
        n.value().as_element().is_some_and(|e| e.name() == "a" && e.attr("href").is_some_and(|h| h.starts_with('#')))
    };
    // One walk of the list (nested lists are walked again, but a list found to be a table of
    // contents is skipped whole, its nested lists with it).
    let (mut open_links, mut texts) = (0usize, 0usize);
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if in_page_link(n) => open_links += 1,
            Edge::Close(n) if in_page_link(n) => open_links -= 1,
            Edge::Open(n) if n.value().as_text().is_some_and(|t| !t.trim().is_empty()) => {
                if open_links == 0 {
                    return false;
                }
                texts += 1;
            }
            _ => {}
        }
    }
    texts > 0
}

fn is_element(node: &NodeRef<'_, Node>, name: &str) -> bool {
    node.value().as_element().is_some_and(|e| e.name() == name)
}

/// All the text under `node`, concatenated (for `<title>` and the fallback `<h1>`).
fn text_content(node: NodeRef<'_, Node>) -> String {
    node.descendants().filter_map(|n| n.value().as_text().map(|t| &**t)).collect()
}

/// Elements skipped with their whole content: not part of the page's own visible text.
fn is_skipped(element: &scraper::node::Element) -> bool {
    const SKIPPED: &[&str] = &[
        // Not rendered, or not text.
        "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "embed",
        "canvas", "audio", "video", "select", "datalist",
        // Controls: their text is the interface's ("复制代码", "本页总览"), not the page's.
        "button", "textarea",
        // Page furniture: the same on every page, so it only adds noise to the index. `header`
        // and `aside` are furniture only outside the content (`is_furniture`).
        "nav", "footer",
    ];
    SKIPPED.contains(&element.name())
        || element.attr("data-sou-ignore").is_some()
        || element.attr("hidden").is_some()
        || element.attr("style").is_some_and(|style| {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
            style.to_ascii_lowercase().contains("display:none")
        })
}

/// Elements that start and end a passage. Everything else (including unknown and custom
/// elements) is inline.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "header"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "form"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "ul"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// A heading's anchor: its own `id`, else the `id` of an `<a>` that is its direct child (the
/// `<h2><a id="x"></a>Title</h2>` pattern).
fn heading_anchor(node: NodeRef<'_, Node>) -> Option<String> {
    let own = node.value().as_element().and_then(|e| e.id());
    own.or_else(|| {
        node.children()
            .filter_map(|child| child.value().as_element())
            .find(|e| e.name() == "a" && e.id().is_some())
            .and_then(|e| e.id())
    })
    .map(str::trim)
    .filter(|id| !id.is_empty())
    .map(str::to_owned)
}

/// The walk's state. The `NodeId`s remember which element opened a mode, so the matching close
/// edge ends it.
struct Walker<'o> {
    out: &'o mut Passages,
    /// Inline text of the passage being collected (or of the current heading or table cell).
    inline: String,
    /// Inside a skipped element: nothing is collected until it closes.
    skipping: Option<NodeId>,
    /// Inside `<pre>`: its raw text.
    pre: Option<(NodeId, String)>,
    /// Inside a heading: its level and anchor.
    heading: Option<(NodeId, u8, Option<String>)>,
    /// Inside a table row: the texts of its cells so far.
    row: Option<(NodeId, Vec<String>)>,
    /// Inside a cell of that row.
    cell: Option<NodeId>,
}

impl<'o> Walker<'o> {
    fn new(out: &'o mut Passages) -> Self {
        Walker { out, inline: String::new(), skipping: None, pre: None, heading: None, row: None, cell: None }
    }

    /// Walks `root` and everything in it. The walker can go on with another root.
    fn walk(&mut self, root: NodeRef<'_, Node>) {
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => self.open(node),
                Edge::Close(node) => self.close(node),
            }
        }
        self.end_passage();
    }

    /// Whether a heading or a table row is being collected: then nested blocks do not cut it.
    fn in_compound(&self) -> bool {
        self.heading.is_some() || self.row.is_some()
    }

    /// Ends the passage being collected (at a block boundary).
    fn end_passage(&mut self) {
        if !self.inline.is_empty() {
            self.out.text(&self.inline);
            self.inline.clear();
        }
    }

    fn open(&mut self, node: NodeRef<'_, Node>) {
        if self.skipping.is_some() {
            return;
        }
        let element = match node.value() {
            Node::Text(text) => {
                match &mut self.pre {
                    Some((_, code)) => code.push_str(text),
                    None => self.inline.push_str(text),
                }
                return;
            }
            Node::Element(element) => element,
            // Comments, doctype, processing instructions: invisible.
            _ => return,
        };
        if is_skipped(element) || is_furniture(node) || is_in_page_link_list(node) {
            self.skipping = Some(node.id());
            return;
        }
        let name = element.name();
        if let Some((_, code)) = &mut self.pre {
            // Inside `<pre>` every element is inline; a `<br>` there is a real line break.
            if name == "br" {
                code.push('\n');
            }
            return;
        }
        if name == "br" {
            self.inline.push('\n');
        } else if name == "pre" && !self.in_compound() {
            self.end_passage();
            self.pre = Some((node.id(), String::new()));
        } else if let (Some(level), false) = (heading_level(name), self.in_compound()) {
            self.end_passage();
            self.heading = Some((node.id(), level, heading_anchor(node)));
        } else if name == "tr" && !self.in_compound() {
            self.end_passage();
            self.row = Some((node.id(), Vec::new()));
        } else if matches!(name, "td" | "th") && self.row.is_some() && self.cell.is_none() {
            // Whatever stray whitespace sat between cells is not part of this one.
            self.inline.clear();
            self.cell = Some(node.id());
        } else if self.in_compound() && (is_block(name) || is_table_part(name)) {
            self.inline.push(' ');
        } else if is_block(name) {
            self.end_passage();
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        let id = node.id();
        if let Some(skipped) = self.skipping {
            if skipped == id {
                self.skipping = None;
            }
            return;
        }
        let Some(element) = node.value().as_element() else {
            return;
        };
        if let Some((pre_id, code)) = &self.pre {
            if *pre_id == id {
                self.out.code(code);
                self.pre = None;
            }
            return;
        }
        if self.heading.as_ref().is_some_and(|(heading_id, ..)| *heading_id == id) {
            if let Some((_, level, anchor)) = self.heading.take() {
                self.out.heading(level, &self.inline, anchor);
            }
            self.inline.clear();
        } else if self.cell == Some(id) {
            if let Some((_, cells)) = &mut self.row {
                cells.push(one_line(&self.inline));
            }
            self.inline.clear();
            self.cell = None;
        } else if self.row.as_ref().is_some_and(|(row_id, _)| *row_id == id) {
            if let Some((_, cells)) = self.row.take() {
                let cells: Vec<String> = cells.into_iter().filter(|c| !c.is_empty()).collect();
                self.out.text(&cells.join(" | "));
            }
            // Text of the row that sat outside any cell (html5ever moves most of it out).
            self.end_passage();
        } else if self.in_compound() && (is_block(element.name()) || is_table_part(element.name())) {
            self.inline.push(' ');
        } else if is_block(element.name()) {
            self.end_passage();
        }
    }
}

/// Table parts that only separate words when nested in a heading or another row.
fn is_table_part(name: &str) -> bool {
    matches!(name, "tr" | "td" | "th" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{ParsedPassage, PassageKind};

    fn texts(doc: &ParsedDoc) -> Vec<&str> {
        doc.passages.iter().map(|p| p.text.as_str()).collect()
    }

    fn passage(kind: PassageKind, level: u8, text: &str, anchor: Option<&str>) -> ParsedPassage {
        ParsedPassage { kind, level, text: text.into(), anchor: anchor.map(Into::into) }
    }

    #[test]
    fn title_from_title_element_and_h1() {
        let doc =
            parse("<html><head><title> 页面 标题 </title></head><body><h1>页面 标题</h1><p>正文</p></body></html>");
        assert_eq!(doc.title.as_deref(), Some("页面 标题"));
        assert_eq!(texts(&doc), ["正文"]);

        // The h1 names the page, not the title with the site's name; a second h1 is a heading.
        let doc = parse("<title>文章 · 站点</title><h1 id=top>文章</h1><p>正文</p><h1 id=more>更多</h1><p>尾</p>");
        assert_eq!(doc.title.as_deref(), Some("文章"));
        assert_eq!(doc.passages[1], passage(PassageKind::Heading, 1, "更多", Some("more")));
        // An h1 anchor does not start a section.
        assert_eq!(doc.passages[2].anchor, None);

        // Without a visible h1, the title; a skipped h1 comes after it.
        let doc = parse("<title>站点 | 文章</title><header><h1>站点</h1></header><p>正文</p>");
        assert_eq!(doc.title.as_deref(), Some("站点 | 文章"));

        let doc = parse("<body><h1>Only <em>h1</em></h1><p>text</p></body>");
        assert_eq!(doc.title.as_deref(), Some("Only h1"));
        assert_eq!(texts(&doc), ["text"]);

        // The only h1 sits in a skipped header: still the best title there is.
        let doc = parse("<header><h1>Site</h1></header><p>text</p>");
        assert_eq!(doc.title.as_deref(), Some("Site"));
        assert_eq!(texts(&doc), ["text"]);
    }

    #[test]
    fn blocks_delimit_passages_and_inlines_concatenate() {
        let doc = parse(
            "<body><div>lead <span>in</span><a href=x>line</a><p>para <b>bold</b> <i>it</i> \
             <code>x()</code> <mark>m</mark><small>s</small><sub>2</sub><sup>3</sup></p>tail</div>\
             <ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>\
             <dl><dt>term</dt><dd>definition</dd></dl>\
             <figure><img src=a.png alt=ignored><figcaption>caption</figcaption></figure>\
             <blockquote><p>quoted</p></blockquote>\
             <p>line<br>break</p><p>中文<br>换行</p></body>",
        );
        assert_eq!(
            texts(&doc),
            [
                "lead inline",
                "para bold it x() ms23",
                "tail",
                "one",
                "nested",
                "two",
                "term",
                "definition",
                "caption",
                "quoted",
                "line break",
                "中文换行"
            ]
        );
        assert!(doc.passages.iter().all(|p| p.kind == PassageKind::Text && p.level == 0));
    }

    #[test]
    fn skipped_elements() {
        let doc = parse(
            "<head><style>p{}</style><script>var a = 1;</script></head><body>\
             <nav>menu</nav><header>site</header><script>alert(1)</script><style>.x{}</style>\
             <noscript>enable js</noscript><template><p>tpl</p></template>\
             <div data-sou-ignore><p>ignored <b>deeply</b></p><div><p>more</p></div></div>\
             <p hidden>hidden</p><p style=\"display: none\">invisible</p>\
             <p>kept</p><footer>foot</footer></body>",
        );
        assert_eq!(texts(&doc), ["kept"]);
    }

    #[test]
    fn a_built_site_page_keeps_its_content_not_its_theme() {
        // The shape of a Docusaurus or Hugo page: a sidebar of other pages, the page's own header
        // with its h1 inside the article, a table of contents, a footer of links.
        let page = "<title>安装 | 站点</title><body>\
            <div class=navbar><a href=/>站点</a></div>\
            <aside class=sidebar><ul><li><a href=/a>其他文章甲</a></li><li><a href=/b>其他文章乙</a></li></ul></aside>\
            <main><article><header><h1>安装</h1><time>2024-01-01</time></header>\
            <ul class=table-of-contents><li><a href=#req>环境要求</a><ul><li><a href=#node>Node</a></li></ul></li></ul>\
            <h2 id=req>环境要求</h2><p>需要 Node 18。</p><div class=code><button>复制代码</button><pre>npm i</pre></div>\
            <ul><li><a href=#req>环境要求</a> 之外没有别的。</li></ul>\
            <aside>旁注</aside>\
            <footer>标签：安装</footer></article></main>\
            <div class=recent><p>最近文章：其他文章丙</p></div></body>";
        let doc = parse(page);
        assert_eq!(doc.title.as_deref(), Some("安装"));
        // A list that says more than its links is content; so is an aside inside the article.
        assert_eq!(
            texts(&doc),
            ["2024-01-01", "环境要求", "需要 Node 18。", "npm i", "环境要求 之外没有别的。", "旁注"]
        );
    }

    #[test]
    fn marked_content_wins_over_main_and_hidden_mains_are_not_content() {
        let doc = parse(
            "<main hidden><p>旧页面</p></main><main><p>主体</p><div data-sou-body><p>甲</p>\
             <div data-sou-body><p>乙</p></div></div></main><p>外面</p>",
        );
        assert_eq!(texts(&doc), ["甲", "乙"]);
        let doc = parse("<main hidden><p>旧页面</p></main><main><p>主体</p></main><p>外面</p>");
        assert_eq!(texts(&doc), ["主体"]);
        // A marked element is content whatever it is.
        assert_eq!(texts(&parse("<p>外面</p><aside data-sou-body><p>旁注</p></aside>")), ["旁注"]);
        assert_eq!(texts(&parse("<div id=sidebar><p>旁</p></div><div role=main><p>正</p></div>")), ["正"]);
        // No main at all: the body, as before.
        assert_eq!(texts(&parse("<div><p>一</p></div><p>二</p>")), ["一", "二"]);
        // A banner inside main, with the site's menu (Hexo's NexT), is the site's; a heading of
        // the page inside main is the page's.
        let doc = parse("<main><header><p>站点名</p><nav><a href=/>首页</a></nav></header><header><h1>标题</h1></header><p>正文</p></main>");
        assert_eq!((doc.title.as_deref(), texts(&doc)), (Some("标题"), vec!["正文"]));
        // The title may sit outside the content.
        let doc = parse("<div class=hero><h1>标题</h1></div><main><p>正文</p></main>");
        assert_eq!(doc.title.as_deref(), Some("标题"));
        assert_eq!(texts(&doc), ["正文"]);
    }

    #[test]
    fn escaped_markup_is_literal_text() {
        let doc = parse("<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#20013;&nbsp;x</p>");
        assert_eq!(texts(&doc), ["<img src=x onerror=alert(1)> & \"q\" 中 x"]);
    }

    #[test]
    fn pre_is_code_with_whitespace() {
        let doc = parse("<p>before</p><pre>\n  fn main() {\n    <b>x</b>();<br>  }\n\n</pre><p>after</p>");
        assert_eq!(doc.passages[1], passage(PassageKind::Code, 0, "  fn main() {\n    x();\n  }", None));
        assert_eq!(texts(&doc), ["before", "  fn main() {\n    x();\n  }", "after"]);
    }

    #[test]
    fn headings_and_anchors() {
        let doc = parse(
            "<title>T</title><p>intro</p>\
             <h2 id=first>First <small>part</small></h2><p>a</p>\
             <h3><a id=inner href=#inner></a>Inner</h3><p>b</p>\
             <h4>No id</h4><p>c</p>\
             <h2 id=last><div>Block</div><div>in heading</div></h2><p>d</p>",
        );
        assert_eq!(
            doc.passages,
            vec![
                passage(PassageKind::Text, 0, "intro", None),
                passage(PassageKind::Heading, 2, "First part", Some("first")),
                passage(PassageKind::Text, 0, "a", Some("first")),
                passage(PassageKind::Heading, 3, "Inner", Some("inner")),
                passage(PassageKind::Text, 0, "b", Some("inner")),
                passage(PassageKind::Heading, 4, "No id", None),
                passage(PassageKind::Text, 0, "c", None),
                passage(PassageKind::Heading, 2, "Block in heading", Some("last")),
                passage(PassageKind::Text, 0, "d", Some("last")),
            ]
        );
    }

    #[test]
    fn table_rows() {
        let doc = parse(
            "<table><caption>Cap</caption><thead><tr><th>名称</th><th>说明</th></tr></thead>\
             <tbody><tr><td><p>a</p><p>b</p></td><td></td><td>c <em>d</em></td></tr></tbody></table>",
        );
        assert_eq!(texts(&doc), ["Cap", "名称 | 说明", "a b | c d"]);
    }

    #[test]
    fn control_characters_never_survive() {
        let doc = parse("<title>a\u{1E}b</title><p>x\u{1E}y&#x1E;z</p><pre>c\u{1E}d</pre>");
        assert_eq!(doc.title.as_deref(), Some("ab"));
        assert!(doc.passages.iter().all(|p| !p.text.contains('\u{1E}')));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert_eq!(parse(""), ParsedDoc::default());
        assert_eq!(parse("<html><body></body></html>"), ParsedDoc::default());
        let doc = parse("<p>unclosed <b>bold <div>block");
        assert_eq!(texts(&doc), ["unclosed bold", "block"]);
        parse("<frameset><frame src=a></frameset>");
        parse("</p></div></body></html><<<>>>&&&;");
        parse("<svg><title>svg</title><text>t</text></svg><math><mi>x</mi></math>");
        parse("<table><td>cell without row<tr><td>x</table><h2><h3>nested</h3></h2>");
        // Deep nesting: the walk is iterative. (html5ever's tree building is quadratic in the
        // depth, hence the moderate depth in an unoptimised test build.)
        let deep = "<div>".repeat(500) + "deep" + &"</div>".repeat(500);
        assert_eq!(texts(&parse(&deep)), ["deep"]);
        let deep_lists = "<ul><li>x".repeat(500);
        assert_eq!(parse(&deep_lists).passages.len(), 500);
        let long_line = "<p>".to_owned() + &"长".repeat(100_000) + "</p>";
        assert_eq!(parse(&long_line).passages[0].text.chars().count(), 100_000);
    }
}
