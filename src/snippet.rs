//! Snippets: the stretch of a passage worth showing under a result, cut into plain and matching
//! segments.
//!
//! A snippet is about [`TARGET_CHARS`] characters (at most [`MAX_CHARS`]) around the densest
//! cluster of matches, starting after a sentence or clause break when one is close and ending at
//! one when it can. Its segments are slices of the original passage text: concatenated, they give
//! back the text exactly, and the matching ones are exactly the matches, so a page can wrap them
//! in `<mark>` without ever parsing corpus text as markup.

use serde::Serialize;

/// The length a snippet aims for, in characters.
pub const TARGET_CHARS: usize = 100;
/// A snippet is never longer than this, in characters (unless a single match is).
pub const MAX_CHARS: usize = 120;
/// How far before the first match a snippet may start, in characters.
const LEAD_CHARS: usize = 30;

/// A piece of a snippet.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    /// True when this piece matches the query.
    pub hit: bool,
}

/// A snippet of a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet<'a> {
    pub segments: Vec<Segment<'a>>,
    /// The snippet starts after the passage's beginning.
    pub cut_start: bool,
    /// The snippet ends before the passage's end.
    pub cut_end: bool,
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '…')
}

fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, '，' | '、' | '：' | ',' | ':' | '）' | ')')
}

/// The snippet of `text` around `highlights` (sorted, non-overlapping byte ranges on character
/// boundaries).
pub fn snippet<'a>(text: &'a str, highlights: &[(usize, usize)]) -> Snippet<'a> {
    let (from, to) = if text.len() <= MAX_CHARS || text.chars().count() <= MAX_CHARS {
        (0, text.len())
    } else {
        // Byte offset of every character, and of the end.
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
        let char_at = |byte: usize| offsets.partition_point(|&o| o < byte);
        let (start, end) = window(text, &offsets, highlights.iter().map(|&(s, e)| (char_at(s), char_at(e))).collect());
        (offsets[start], offsets[end])
    };
    let mut segments = Vec::new();
    let mut at = from;
    for &(s, e) in highlights {
        let (s, e) = (s.clamp(from, to), e.clamp(from, to));
        if s >= e {
            continue;
        }
        if at < s {
            segments.push(Segment { text: text.get(at..s).unwrap_or(""), hit: false });
        }
        segments.push(Segment { text: text.get(s..e).unwrap_or(""), hit: true });
        at = e;
    }
    if at < to {
        segments.push(Segment { text: text.get(at..to).unwrap_or(""), hit: false });
    }
    Snippet { segments, cut_start: from > 0, cut_end: to < text.len() }
}

/// The character range to show of a long passage, given the matches as character ranges.
fn window(text: &str, offsets: &[usize], matches: Vec<(usize, usize)>) -> (usize, usize) {
    let chars = offsets.len() - 1;
    let char_of = |i: usize| text.get(offsets[i]..).and_then(|t| t.chars().next()).unwrap_or(' ');
    // The match that opens the window holding the most matches.
    let anchor = (0..matches.len())
        .max_by_key(|&i| {
            let count = matches[i..].iter().take_while(|m| m.1 <= matches[i].0 + TARGET_CHARS).count();
            (count, std::cmp::Reverse(i))
        })
        .map(|i| matches[i]);
    let (first, last_needed) = match anchor {
        Some((s, e)) => {
            let inside = matches.iter().filter(|m| m.0 >= s && m.1 <= s + TARGET_CHARS).map(|m| m.1).max();
            (s, inside.unwrap_or(e))
        }
        None => (0, 0),
    };
    // Start: at the passage's beginning if the match is near it, else after the last break
    // shortly before the match, else a little before the match.
    let start = if first <= LEAD_CHARS {
        0
    } else {
        let earliest = first - LEAD_CHARS;
        let sentence = (earliest..first).rev().find(|&i| ends_sentence(char_of(i)));
        let clause = (earliest..first).rev().find(|&i| ends_clause(char_of(i)));
        match sentence.or(clause) {
            Some(i) => {
                let mut s = i + 1;
                while s < first && char_of(s).is_whitespace() {
                    s += 1;
                }
                s
            }
            None => first.saturating_sub(LEAD_CHARS / 2),
        }
    };
    // End: the first sentence break after the target length, else a clause break, else the limit;
    // never before the last match the window was chosen for.
    let min_end = (start + TARGET_CHARS * 4 / 5).max(last_needed).min(chars);
    let max_end = (start + MAX_CHARS).max(last_needed).min(chars);
    let end = (min_end..max_end)
        .find(|&i| ends_sentence(char_of(i)))
        .or_else(|| (min_end..max_end).find(|&i| ends_clause(char_of(i))))
        .map_or(max_end, |i| i + 1);
    (start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(s: &Snippet) -> String {
        s.segments.iter().map(|g| g.text).collect()
    }

    #[test]
    fn short_passages_are_shown_whole() {
        let text = "金昌是中国最大的镍钴生产地";
        let at = text.find("镍钴").unwrap();
        let s = snippet(text, &[(at, at + "镍钴".len())]);
        assert_eq!(joined(&s), text);
        assert_eq!(s.segments[1], Segment { text: "镍钴", hit: true });
        assert!(!s.cut_start && !s.cut_end);
    }

    #[test]
    fn long_passages_are_cut_at_sentence_breaks_around_the_match() {
        let filler = "这是一个用来填充长度的句子。".repeat(12);
        let text = format!("{filler}金昌的镍产量很高，远超其他城市。{filler}");
        let at = text.find("镍").unwrap();
        let s = snippet(&text, &[(at, at + "镍".len())]);
        let shown = joined(&s);
        assert!(text.contains(&shown));
        assert!(shown.starts_with("金昌"), "{shown}");
        assert!(shown.ends_with('。'), "{shown}");
        let n = shown.chars().count();
        assert!((60..=MAX_CHARS).contains(&n), "{n}");
        assert!(s.cut_start && s.cut_end);
        assert!(s.segments.iter().any(|g| g.hit && g.text == "镍"));
    }

    #[test]
    fn no_highlights_shows_the_beginning() {
        let text = "一".repeat(500);
        let s = snippet(&text, &[]);
        assert!(!s.cut_start && s.cut_end);
        assert_eq!(joined(&s).chars().count(), MAX_CHARS);
    }
}
