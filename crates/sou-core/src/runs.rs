//! Splitting text into runs of ASCII letters and digits and runs of everything else.
//!
//! The index writer and the query cut text the same way: Latin runs (`6cr13`, `v-model`,
//! `defineprops`) by this rule, whole, and other runs (Chinese) by a dictionary.

/// Joins letters and digits into one Latin run when it stands between two of them.
pub fn is_connector(c: char) -> bool {
    matches!(c, '-' | '_' | '.')
}

#[derive(Debug, PartialEq)]
pub enum Run<'t> {
    /// ASCII letters and digits, possibly joined by single `-`, `_` or `.`.
    Latin(&'t str),
    /// Anything else without white space or ASCII: Chinese text and its punctuation.
    Other(&'t str),
}

/// Splits text into Latin runs and other runs; white space and ASCII punctuation outside a Latin
/// run separate runs and are dropped.
pub fn runs(text: &str) -> impl Iterator<Item = Run<'_>> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // `get`, not `&text[..]`: the offsets are always character boundaries, and indexing a str
    // brings into the wasm module a panic message that prints the character, with Unicode's tables
    // of printable characters (about 7 KB in all, once no str is indexed anywhere else).
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            let b = bytes[at];
            if b.is_ascii_alphanumeric() {
                at += 1;
                while at < bytes.len() {
                    if bytes[at].is_ascii_alphanumeric() {
                        at += 1;
                    } else if is_connector(bytes[at] as char)
                        && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric)
                    {
                        at += 2;
                    } else {
                        break;
                    }
                }
                return Some(Run::Latin(text.get(start..at).unwrap_or("")));
            }
            if b.is_ascii() {
                at += 1;
                continue;
            }
            // A run of non-ASCII characters, up to the next ASCII byte or white space.
            let rest = text.get(at..).unwrap_or("");
            let len =
                rest.char_indices().find(|&(_, c)| c.is_ascii() || c.is_whitespace()).map_or(rest.len(), |(i, _)| i);
            if len == 0 {
                // Non-ASCII white space.
                at += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            }
            at += len;
            return Some(Run::Other(text.get(start..at).unwrap_or("")));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_latin_from_chinese() {
        let got: Vec<Run> = runs("用 v-model 绑定p3实验室，6cr13。x.").collect();
        assert_eq!(
            got,
            vec![
                Run::Other("用"),
                Run::Latin("v-model"),
                Run::Other("绑定"),
                Run::Latin("p3"),
                Run::Other("实验室，"),
                Run::Latin("6cr13"),
                Run::Other("。"),
                Run::Latin("x"),
            ]
        );
        assert_eq!(runs("\u{3000}\u{3000}").count(), 0);
    }
}
