//! What the query may sound like: pinyin typed in Latin letters, and Chinese characters typed by
//! mistake for others that sound the same. Both become a [`Lattice`] over the corpus's characters,
//! from the index's readings table (`sou_core::readings`).

use sou_core::readings::Readings;

use super::lattice::{Choice, Edge, Lattice};
use crate::index::Index;

/// What a character that sounds like the typed one, but is not it, costs.
pub(crate) const HOMOPHONE: f32 = 4.0;
/// What a syllable given by its initial only costs.
const INITIAL: f32 = 1.5;
/// What reading a character by its third reading or a later one costs. The index lists the
/// readings in common use, commonest first (an index written before it did lists every reading
/// pinyin-data has, 重 as `tong` too): a third is the least common (和 as `hu`, 落 as `lao`), and a
/// common word read so would otherwise come before the word meant.
const RARE_READING: f32 = 3.0;
/// A character's readings from the third on are rare (see [`RARE_READING`]).
const USUAL_READINGS: usize = 2;
/// What a syllable typed as one it is confused with costs (`yin` for `ying`).
const FUZZY: f32 = 2.0;
/// What a syllable typed in part (the last, while typing: `zuji` for 组件) costs.
const PART: f32 = 0.5;
/// The longest pinyin read with sounds confused, in letters (see [`Sounds::fuzzy_pinyin`]).
const MAX_FUZZY_LETTERS: usize = 16;
/// The longest chunk of characters and pinyin read together, in characters.
const MAX_MIXED_CHARS: usize = 16;
/// The longest pinyin looked at, in letters.
pub(crate) const MAX_PINYIN_LETTERS: usize = 48;

/// The readings table and its inverse over the corpus's characters.
pub(crate) struct Sounds<'a> {
    pub readings: Readings<'a>,
    /// For each syllable id, the corpus characters read so, most common first, as choices that
    /// cost [`RARE_READING`] for a rare reading of the character and nothing else.
    by_syllable: Vec<Vec<Choice>>,
    /// The syllable ids by first letter (`a` to `z`).
    by_letter: [Vec<u16>; 26],
    /// Each syllable as a reader who does not tell `zh` from `z`, `ing` from `in`, … may type it
    /// (`yin` for `ying`), with its id, by first letter.
    /// Built on first use: most searches never read pinyin with sounds confused.
    fuzzy_by_letter: std::sync::OnceLock<[Vec<(String, u16)>; 26]>,
}

/// Sounds many speakers do not tell apart, and input methods let them confuse ("fuzzy pinyin"):
/// initials, then finals.
const FUZZY_INITIALS: [(&str, &str); 6] = [("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"), ("r", "l")];
const FUZZY_FINALS: [(&str, &str); 5] = [("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in")];

/// `syllable` with one sound swapped for one it is confused with (`ying` → `yin`, `zhong` →
/// `zong`, `lan` → `nan`), each spelling once.
fn fuzzy_spellings(syllable: &str) -> Vec<String> {
    let mut spellings: Vec<String> = Vec::new();
    let mut push = |start: &str, end: &str| {
        let mut s = String::with_capacity(start.len() + end.len());
        s.push_str(start);
        s.push_str(end);
        if s != syllable && !spellings.contains(&s) {
            spellings.push(s);
        }
    };
    for (a, b) in FUZZY_INITIALS {
        // `zh` before `z`: `zhong` is `zh`+`ong`, never `z`+`hong`.
        let two = |x: &str| matches!(x, "z" | "c" | "s") && syllable.get(1..2) == Some("h");
        if let Some(rest) = syllable.strip_prefix(a).filter(|_| !two(a)) {
            push(b, rest);
        } else if let Some(rest) = syllable.strip_prefix(b).filter(|_| !two(b)) {
            push(a, rest);
        }
    }
    for (a, b) in FUZZY_FINALS {
        if let Some(stem) = syllable.strip_suffix(a) {
            push(stem, b);
            break;
        } else if let Some(stem) = syllable.strip_suffix(b) {
            push(stem, a);
            break;
        }
    }
    spellings
}

impl<'a> Sounds<'a> {
    pub fn new(index: &Index<'a>) -> Sounds<'a> {
        let readings = Readings::decode(index.file.readings, index.file.syllables).unwrap_or_default();
        let mut by_syllable: Vec<Vec<(u32, Choice)>> = vec![Vec::new(); readings.syllables().len()];
        let mut key = Vec::with_capacity(3);
        for (c, ids) in readings.iter() {
            key.clear();
            let Some(rank) = index.char_rank(c) else { continue };
            sou_core::format::term_key::push_rank(rank, &mut key);
            // The readings come as pinyin-data lists them, the usual ones first.
            for (k, &id) in ids.iter().enumerate() {
                let cost = if k >= USUAL_READINGS { RARE_READING } else { 0.0 };
                by_syllable[id as usize].push((rank, Choice::new(&key, cost, true)));
            }
        }
        let by_syllable = by_syllable
            .into_iter()
            .map(|mut chars| {
                crate::sort::sort_by_key(&mut chars, |e| e.0);
                chars.into_iter().map(|(_, choice)| choice).collect()
            })
            .collect();
        let mut by_letter: [Vec<u16>; 26] = Default::default();
        for (id, s) in readings.syllables().iter().enumerate() {
            if let Some(b @ b'a'..=b'z') = s.bytes().next() {
                by_letter[usize::from(b - b'a')].push(id as u16);
            }
        }
        Sounds { readings, by_syllable, by_letter, fuzzy_by_letter: std::sync::OnceLock::new() }
    }

    /// The corpus characters read as any of the syllables `ids`, each once, at `cost`.
    fn choices(&self, ids: impl Iterator<Item = u16>, cost: f32) -> Vec<Choice> {
        let mut choices: Vec<Choice> = Vec::new();
        let mut several = false;
        for id in ids {
            several |= !choices.is_empty();
            let chars = self.by_syllable.get(id as usize).map_or(&[][..], |v| v);
            choices.extend(chars.iter().map(|&c| Choice { cost: c.cost + cost, ..c }));
        }
        // A character may have several of the readings (initials: 长 is both `ch…` and `zh…`): the
        // cheapest stays.
        if several {
            crate::sort::sort_by(&mut choices, |a, b| a.key().cmp(&b.key()).then(a.cost.total_cmp(&b.cost)));
            choices.dedup_by(|a, b| a.code == b.code && a.code_len == b.code_len);
        }
        choices
    }

    /// The syllable ids whose text satisfies `test`.
    fn syllables_where<'s>(&'s self, test: impl Fn(&str) -> bool + 's) -> impl Iterator<Item = u16> + 's {
        self.readings.syllables().iter().enumerate().filter(move |(_, s)| test(s)).map(|(i, _)| i as u16)
    }

    /// The lattice of `typed` read as pinyin: lowercase ASCII letters, with `'` or a space where a
    /// syllable must end. `initials`: each letter (or `zh`, `ch`, `sh`) is a syllable's initial
    /// (`jyg`); otherwise syllables are whole, but the last may be cut short: to `cut_last`
    /// letters or more, or to one after two whole syllables (`jisuans`, on the way to 计算属性).
    /// `None` when `typed` is not pinyin at all (another character, or no way to read it).
    pub fn pinyin(&self, typed: &str, initials: bool, cut_last: Option<usize>) -> Option<Lattice> {
        self.pinyin_read(typed, initials, cut_last, false)
    }

    /// Each syllable's fuzzy spellings (see `fuzzy_spellings`) with its id, by first letter.
    fn fuzzy_by_letter(&self) -> &[Vec<(String, u16)>; 26] {
        self.fuzzy_by_letter.get_or_init(|| {
            let mut by_letter: [Vec<(String, u16)>; 26] = Default::default();
            for (id, s) in self.readings.syllables().iter().enumerate() {
                for spelling in fuzzy_spellings(s) {
                    if let Some(b @ b'a'..=b'z') = spelling.bytes().next() {
                        by_letter[usize::from(b - b'a')].push((spelling, id as u16));
                    }
                }
            }
            by_letter
        })
    }

    /// [`Sounds::pinyin`], each whole syllable also read as those it is confused with, at a cost
    /// ([`FUZZY`] a syllable): `xiangyinshi` as 响应式. `None` past [`MAX_FUZZY_LETTERS`]: a
    /// word is read so, not a phrase, as each syllable adds readings and a walk's work grows with
    /// their product (10 ms natively for `xiangyinshijichuzujiansijian`, 2 without).
    pub fn fuzzy_pinyin(&self, typed: &str, cut_last: Option<usize>) -> Option<Lattice> {
        if typed.len() > MAX_FUZZY_LETTERS {
            return None;
        }
        self.pinyin_read(typed, false, cut_last, true)
    }

    fn pinyin_read(&self, typed: &str, initials: bool, cut_last: Option<usize>, fuzzy: bool) -> Option<Lattice> {
        let mut letters = Vec::new();
        // `stop[i]`: a syllable must end before letter i.
        let mut stop = Vec::new();
        let mut pending_stop = false;
        for b in typed.bytes() {
            match b {
                b'a'..=b'z' => {
                    letters.push(b);
                    stop.push(pending_stop);
                    pending_stop = false;
                }
                b'\'' | b' ' => pending_stop = true,
                _ => return None,
            }
        }
        let n = letters.len();
        if n == 0 || n > MAX_PINYIN_LETTERS {
            return None;
        }
        let text = std::str::from_utf8(&letters).ok()?;
        let mut lattice = Lattice::new(n);
        let crosses_stop = |from: usize, to: usize| (from + 1..to).any(|k| stop[k]);
        // The fewest syllables on a way to each position; `None` where no way leads.
        let mut before: Vec<Option<usize>> = vec![None; n + 1];
        before[0] = Some(0);
        for from in 0..n {
            let Some(syllables) = before[from] else { continue };
            let rest = text.get(from..).unwrap_or("");
            let mut add = |lattice: &mut Lattice, to: usize, choices: Vec<Choice>, cost: f32, cut: bool| {
                if !choices.is_empty() && !crosses_stop(from, to) {
                    lattice.edges[from].push(Edge { to, choices, cost, cut });
                    before[to] = Some(before[to].map_or(syllables + 1, |b| b.min(syllables + 1)));
                }
            };
            if initials {
                for len in [1, 2] {
                    let Some(initial) = rest.get(..len) else { continue };
                    if len == 2 && !matches!(initial, "zh" | "ch" | "sh") {
                        continue;
                    }
                    let ids: Vec<u16> = self.syllables_where(|s| s.starts_with(initial)).collect();
                    add(&mut lattice, from + len, self.choices(ids.into_iter(), 0.0), INITIAL, false);
                }
            } else {
                let first = usize::from(rest.as_bytes()[0] - b'a');
                for &id in &self.by_letter[first] {
                    let s = self.readings.syllables()[id as usize];
                    if rest.starts_with(s) {
                        add(&mut lattice, from + s.len(), self.choices(std::iter::once(id), 0.0), 0.0, false);
                    }
                }
                if fuzzy {
                    for (spelling, id) in &self.fuzzy_by_letter()[first] {
                        if rest.starts_with(spelling.as_str()) {
                            let choices = self.choices(std::iter::once(*id), 0.0);
                            add(&mut lattice, from + spelling.len(), choices, FUZZY, false);
                        }
                    }
                }
                // One letter is enough after two syllables, or after one long syllable: few
                // English words are one (`xiangy`, `shengm`, but `key`, `but`).
                let fewest = |letters: usize| if syllables >= 2 || from >= 4 { 1 } else { letters };
                if cut_last.is_some_and(|letters| rest.len() >= fewest(letters)) && !crosses_stop(from, n) {
                    let ids: Vec<u16> = self.syllables_where(|s| s.len() > rest.len() && s.starts_with(rest)).collect();
                    add(&mut lattice, n, self.choices(ids.into_iter(), 0.0), PART, true);
                }
            }
        }
        before[n].map(|_| lattice)
    }

    /// The corpus characters whose first reading is `typed`, or starts with it when `typed` is no
    /// whole syllable (`xua`, on the way to `xuan`), most common first; at most `limit`. A
    /// character's first reading only: `nie` is not 幸, whose second reading it is.
    pub fn characters(&self, index: &Index, typed: &str, limit: usize) -> Vec<String> {
        let syllables = self.readings.syllables();
        let whole = syllables.contains(&typed);
        let read = |s: &str| if whole { s == typed } else { s.starts_with(typed) };
        let mut chars: Vec<Choice> = Vec::new();
        for id in self.syllables_where(read) {
            let choices = self.by_syllable.get(id as usize).map_or(&[][..], |v| v);
            let first_reading = |choice: &&Choice| {
                let c = index.term_text(choice.code()).and_then(|t| t.chars().next());
                c.and_then(|c| self.readings.of(c).first()) == Some(&id)
            };
            chars.extend(choices.iter().filter(first_reading));
        }
        // Codes go up with the characters' ranks: the commonest first.
        crate::sort::sort_by_key(&mut chars, Choice::key);
        chars.iter().take(limit).filter_map(|c| index.term_text(c.code())).collect()
    }

    /// The lattice of a chunk of Chinese characters and pinyin (`响应shi`, `xiangying式`: the
    /// input method's work left half done): each character as typed, each Latin run as
    /// [`Sounds::pinyin`] reads it, the last one perhaps cut short. `None` when a Latin run is no
    /// pinyin, or a character is not in the corpus.
    pub fn mixed(&self, index: &Index, chunk: &str) -> Option<Lattice> {
        // What an input method leaves half done is a word or two, with pinyin at one end or both;
        // a longer chunk (a pasted line) costs its walk milliseconds (5 ms natively for `响应shi`
        // 50 times, 2 ms for `是shi` 4 times) and reads as nothing.
        let all = sou_core::runs::runs(chunk).collect::<Vec<_>>();
        let latin = all.iter().filter(|r| matches!(r, sou_core::runs::Run::Latin(_))).count();
        if chunk.chars().count() > MAX_MIXED_CHARS || latin > 2 {
            return None;
        }
        let mut lattice = Lattice::new(0);
        let mut key = Vec::with_capacity(3);
        for (k, run) in all.iter().enumerate() {
            match *run {
                sou_core::runs::Run::Latin(word) => {
                    let last = k + 1 == all.len();
                    lattice.append(self.pinyin(word, false, last.then_some(1))?);
                }
                sou_core::runs::Run::Other(text) => {
                    for c in text.chars() {
                        key.clear();
                        if !index.push_term_code(c, &mut key) {
                            return None;
                        }
                        let to = lattice.len() + 1;
                        let edge = Edge { to, choices: vec![Choice::new(&key, 0.0, false)], cost: 0.0, cut: false };
                        lattice.edges.push(vec![edge]);
                    }
                }
            }
        }
        Some(lattice)
    }

    /// The lattice of a run of Chinese characters where each character `changeable` says may be
    /// wrong may also be any character of the corpus that shares a reading with it.
    /// With `fuzzy`, also any that sounds like it with a sound many speakers confuse swapped (see
    /// `fuzzy_spellings`: 因 `yin` for 应 `ying`), at [`FUZZY`] more.
    pub fn homophones(&self, index: &Index, run: &str, changeable: &[bool], fuzzy: bool) -> Lattice {
        let chars: Vec<char> = run.chars().collect();
        let mut lattice = Lattice::new(chars.len());
        let mut key = Vec::with_capacity(3);
        for (i, &c) in chars.iter().enumerate() {
            key.clear();
            let mut choices = Vec::new();
            if index.push_term_code(c, &mut key) {
                choices.push(Choice::new(&key, 0.0, false));
            }
            if changeable.get(i).copied().unwrap_or(false) {
                // Sounds alike by their usual readings only: an input method that spells `tongxin`
                // offers 通信, never 重新 (重 is `tong` in old names only).
                let usual = self.readings.of(c).iter().take(USUAL_READINGS).copied();
                for other in self.choices(usual.clone(), HOMOPHONE).into_iter().filter(|o| o.cost == HOMOPHONE) {
                    if other.code() != &key[..] {
                        choices.push(other);
                    }
                }
                if fuzzy {
                    let syllables = self.readings.syllables();
                    let near = usual
                        .flat_map(|id| fuzzy_spellings(syllables.get(id as usize).copied().unwrap_or("")))
                        .filter_map(|spelling| syllables.iter().position(|s| *s == spelling).map(|id| id as u16));
                    let cost = HOMOPHONE + FUZZY;
                    for other in self.choices(near, cost).into_iter().filter(|o| o.cost == cost) {
                        if other.code() != &key[..] && !choices.iter().any(|c| c.code() == other.code()) {
                            choices.push(other);
                        }
                    }
                }
            }
            lattice.edges[i].push(Edge { to: i + 1, choices, cost: 0.0, cut: false });
        }
        lattice
    }
}

#[cfg(test)]
mod tests {
    use super::fuzzy_spellings;

    #[test]
    fn fuzzy_spellings_swap_one_sound() {
        assert_eq!(fuzzy_spellings("ying"), ["yin"]);
        assert_eq!(fuzzy_spellings("yin"), ["ying"]);
        assert_eq!(fuzzy_spellings("zhong"), ["zong"]);
        assert_eq!(fuzzy_spellings("zong"), ["zhong"]);
        assert_eq!(fuzzy_spellings("xiang"), ["xian"]);
        assert_eq!(fuzzy_spellings("lan"), ["nan", "ran", "lang"]);
        assert_eq!(fuzzy_spellings("shi"), ["si"]);
        assert!(fuzzy_spellings("a").is_empty());
    }
}
