//! Plain text: one passage per non-blank line, and a title guessed from the first lines.
//!
//! The text corpus is news articles copied from web pages, so a file often starts with what
//! surrounded the article: a breadcrumb (`首页 > 热点 > 正文`), buttons (`投稿`, `打印`), a
//! column label printed above the headline (`实施“强科技”行动`), and after the headline a byline
//! (`◎本报记者 …`, `来源/ …`) and a date. The title is the first line that is none of those.
//!
//! Lines are the paragraphs of such text, so each non-blank line is its own passage; nothing is
//! dropped except the title line itself (everything else a reader sees stays searchable, the
//! breadcrumb included). Plain text has no sections, hence no anchors.

use super::text::{one_line, Passages};
use super::ParsedDoc;

/// How many non-blank lines after a short first candidate are searched for the real headline.
const KICKER_LOOKAHEAD: usize = 3;
/// A first candidate at most this long (in characters) may be a column label above the headline.
const KICKER_MAX_CHARS: usize = 12;
/// A line longer than this (in characters) is body text, not a headline.
const HEADLINE_MAX_CHARS: usize = 40;

/// Parses a plain-text file.
pub fn parse(source: &str) -> ParsedDoc {
    // Lines cleaned once: control characters removed, whitespace collapsed; blank lines dropped.
    let lines: Vec<String> = source.lines().map(one_line).filter(|line| !line.is_empty()).collect();

    let title_index = find_title(&lines);
    let title = title_index.and_then(|i| lines.get(i)).map(String::as_str);
    let mut passages = Passages::with_title(title);
    for (i, line) in lines.iter().enumerate() {
        if Some(i) != title_index {
            passages.text(line);
        }
    }
    passages.finish()
}

/// The index (in `lines`, all non-blank) of the title line, if any line qualifies.
fn find_title(lines: &[String]) -> Option<usize> {
    let first = lines.iter().position(|line| is_candidate(line))?;
    let first_len = char_len(&lines[first]);
    if first_len > KICKER_MAX_CHARS {
        return Some(first);
    }
    // A short first candidate may be a kicker (a column label above the headline): if the next
    // candidate, close below it, looks like a headline, that one is the title.
    let next = lines.iter().enumerate().skip(first + 1).take(KICKER_LOOKAHEAD).find(|(_, line)| is_candidate(line));
    match next {
        Some((i, line)) if is_headline_like(line, first_len) => Some(i),
        _ => Some(first),
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Whether a (cleaned, non-blank) line could be the title: it is none of the page furniture that
/// precedes or follows a headline.
fn is_candidate(line: &str) -> bool {
    char_len(line) >= 2
        && line.chars().any(char::is_alphabetic)
        && !is_breadcrumb(line)
        && !is_utility(line)
        && !is_byline(line)
        && !is_date_line(line)
}

/// `首页 > 新闻 > 正文`, `当前位置：…`.
fn is_breadcrumb(line: &str) -> bool {
    line.contains(['>', '＞', '›', '»'])
        || ["首页", "当前位置", "您的位置", "你的位置", "您现在的位置"].iter().any(|p| line.starts_with(p))
}

/// Buttons and labels of the page around the article: `投稿`, `打印 | 关闭`, `【字号 大 中 小】`,
/// `分享到：`. Such a line is made only of these words and punctuation.
fn is_utility(line: &str) -> bool {
    const WORDS: &[&str] =
        &["投稿", "打印", "分享到", "分享", "收藏", "关闭", "窗口", "返回", "顶部", "正文", "本页", "纠错", "扫一扫"];
    if line.contains("字号") {
        // `字号：大 中 小`, `【字号 大 中 小】`, `字号：T|T`: the size picker.
        return char_len(line) <= 20;
    }
    let mut rest = line.to_owned();
    for word in WORDS {
        rest = rest.replace(word, "");
    }
    rest.len() < line.len() && !rest.chars().any(char::is_alphabetic)
}

/// Byline and metadata lines: `来源：…`, `作者/ …`, `原标题:…`, `◎本报记者 …`.
fn is_byline(line: &str) -> bool {
    // Always metadata, whatever follows.
    if ["◎", "本报记者", "本报讯", "本报通讯员"].iter().any(|p| line.starts_with(p)) {
        return true;
    }
    // Words that could also open a headline (`时间都去哪了`): metadata only when followed by a
    // separator, a digit or nothing.
    const LABELS: &[&str] = &[
        "发布时间",
        "发布日期",
        "更新时间",
        "责任编辑",
        "文章来源",
        "稿件来源",
        "原标题",
        "来源",
        "作者",
        "时间",
        "日期",
        "编辑",
        "记者",
        "通讯员",
        "摄影",
    ];
    LABELS.iter().any(|label| match line.strip_prefix(label) {
        Some(rest) => {
            rest.chars().next().is_none_or(|c| c.is_whitespace() || c.is_ascii_digit() || ":：/／|｜【[".contains(c))
        }
        None => false,
    })
}

/// A line that is only a date and/or time (`2023-06-25 09:17:50`, `2023年6月25日 星期日`), or
/// starts with a numeric date (`2023-06-25 09:17:50 山西日报`): the dateline under a headline.
fn is_date_line(line: &str) -> bool {
    let only_date = line.chars().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-/:.年月日时分秒点星期周一二三四五六天".contains(c));
    only_date || starts_with_numeric_date(line)
}

/// `YYYY-M-D`, `YYYY/M/D` or `YYYY.M.D` at the start of the line.
fn starts_with_numeric_date(line: &str) -> bool {
    let b = line.as_bytes();
    let digits = |from: usize| b[from.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits(0) != 4 {
        return false;
    }
    let sep = b.get(4).copied();
    if !matches!(sep, Some(b'-' | b'/' | b'.')) {
        return false;
    }
    let month = digits(5);
    if !(1..=2).contains(&month) || b.get(5 + month).copied() != sep {
        return false;
    }
    (1..=2).contains(&digits(6 + month))
}

/// Whether a line below a short first candidate reads like the headline that candidate labels:
/// short, longer than the label, and not a sentence.
fn is_headline_like(line: &str, kicker_len: usize) -> bool {
    let len = char_len(line);
    if len > HEADLINE_MAX_CHARS || len <= kicker_len {
        return false;
    }
    // Look through closing quotes and brackets: `…“蝶变”` ends the headline with a quote, not a
    // sentence; `…好。”` ends a sentence.
    let last =
        line.chars().rev().find(|c| !matches!(c, '”' | '’' | '"' | '\'' | '」' | '』' | ')' | '）' | '】' | '》'));
    !matches!(last, Some('。' | '！' | '？' | '…' | '.' | '!' | '?'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::PassageKind;

    fn texts(doc: &ParsedDoc) -> Vec<&str> {
        doc.passages.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn titles_of_the_seed_articles() {
        let cases = [
            (include_str!("../../../../seeds/000_ff56510efa3fc429.txt"), "嘉峪关市以“强科技”行动引领工业科技创新纪实"),
            (include_str!("../../../../seeds/001_53c5d41e29162869.txt"), "强科技 增动能"),
            (
                include_str!("../../../../seeds/002_7405eb821d4f810b.txt"),
                "环球观速讯丨【新时代 新征程 新伟业】创新如潮逐浪高",
            ),
            (include_str!("../../../../seeds/003_be275aa6f035b582.txt"), "甘肃金昌：创新赋能 传统工业华丽“蝶变”"),
            (
                include_str!("../../../../seeds/004_2f6fc9060b9f45a6.txt"),
                "实干当先 全力为强省会行动打造科创引擎——访兰州市科技局党组书记、局长张贞祥",
            ),
        ];
        for (source, title) in cases {
            let doc = parse(source);
            assert_eq!(doc.title.as_deref(), Some(title));
            // The title line is removed once; every other non-blank line is a passage.
            let non_blank = source.lines().filter(|l| !l.trim().is_empty()).count();
            assert_eq!(doc.passages.len(), non_blank - 1);
            assert!(doc.passages.iter().all(|p| p.kind == PassageKind::Text
                && p.level == 0
                && p.anchor.is_none()
                && !p.text.is_empty()
                && p.text == p.text.trim()
                && !p.text.contains('\n')));
        }
    }

    #[test]
    fn lines_before_the_title_stay_passages() {
        let doc = parse("首页 > 新闻\n\n投稿\n正经的标题在这里出现\n第一段。\n第二段。\n");
        assert_eq!(doc.title.as_deref(), Some("正经的标题在这里出现"));
        assert_eq!(texts(&doc), ["首页 > 新闻", "投稿", "第一段。", "第二段。"]);
    }

    #[test]
    fn bylines_dates_and_utility_lines_are_not_titles() {
        let doc = parse(
            "2023-06-25 09:17:50\n来源：新华网\n作者/ 张三\n◎本报记者 李四\n打印 | 关闭\n【字号 大 中 小】\n\
             ---\n标题终于来了但它很长很长很长\n",
        );
        assert_eq!(doc.title.as_deref(), Some("标题终于来了但它很长很长很长"));
        // A headline that merely starts like a label is still a headline.
        assert_eq!(parse("时间都去哪了\n正文。").title.as_deref(), Some("时间都去哪了"));
        assert_eq!(parse("2023年甘肃经济稳中向好\n正文。").title.as_deref(), Some("2023年甘肃经济稳中向好"));
    }

    #[test]
    fn kicker_above_headline() {
        let doc = parse("实施“强科技”行动\n\n甘肃金昌：创新赋能 传统工业华丽“蝶变”\n\n正文。");
        assert_eq!(doc.title.as_deref(), Some("甘肃金昌：创新赋能 传统工业华丽“蝶变”"));
        assert_eq!(texts(&doc), ["实施“强科技”行动", "正文。"]);
        // A short headline followed by body text keeps its place.
        let doc = parse("强科技 增动能\n1月26日，工人正在作业。\n");
        assert_eq!(doc.title.as_deref(), Some("强科技 增动能"));
        // The next line is a sentence, or too long: no kicker.
        assert_eq!(parse("短标题\n这是一句完整的话。”").title.as_deref(), Some("短标题"));
        let long = "长".repeat(41);
        assert_eq!(parse(&format!("短标题\n{long}")).title.as_deref(), Some("短标题"));
    }

    #[test]
    fn whitespace_and_controls_are_cleaned() {
        let doc = parse("\u{FEFF}这是一个 \t 足够长的标题\r\n  第一\u{1E}段  有  空格。 \r\n");
        assert_eq!(doc.title.as_deref(), Some("这是一个 足够长的标题"));
        assert_eq!(texts(&doc), ["第一段 有 空格。"]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert_eq!(parse(""), ParsedDoc::default());
        assert_eq!(parse("\n\n \t\n"), ParsedDoc::default());
        let doc = parse("> > >\n---\n1\n");
        assert_eq!(doc.title, None);
        assert_eq!(doc.passages.len(), 3);
        let big = "字".repeat(100_000);
        let doc = parse(&big);
        assert_eq!(doc.title.as_deref(), Some(big.as_str()));
        assert!(doc.passages.is_empty());
        parse("2023-1");
        parse("2023-");
        parse("2023-12-");
        parse("\u{0}\u{1E}\r\r\r");
    }
}
