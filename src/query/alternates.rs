//! What else the reader may have meant: the query rewritten in the corpus's own words.
//!
//! * **Pinyin.** A chunk of Latin letters that reads as pinyin (`jiayuguan`, `jia yu guan`,
//!   `xi'an`) stands for the words of the corpus read that way (嘉峪关); every reading in common
//!   use of a polyphonic character counts (长 is `chang` and `zhang`). A chunk that occurs
//!   nowhere as typed may stop inside a word or a syllable, as it does while the reader types
//!   (`jiayu` → 嘉峪…, `zuji` → 组件), when the corpus has the start it reads as. When no full reading exists,
//!   a short chunk is read as initials (`jyg`); a syllable alone, or the start of one, as its
//!   commonest characters (`xiang` → 相, 项, 向). Tones are dropped (`xiǎng`, `xiang3`), and
//!   pinyin beside characters in one chunk is read with them (`响应shi` → 响应式). Pinyin that
//!   spells no word as typed is read with sounds many speakers confuse swapped (`xiangyinshi`,
//!   `ying` typed `yin`, → 响应式).
//! * **Homophone typos.** A Chinese chunk that occurs nowhere is looked for as the words that sound
//!   the same with one character changed (two in longer chunks): `嘉裕关` → 嘉峪关, and while
//!   typing `嘉裕` → 嘉峪…. When it is made of whole words of the corpus, one of them may be the
//!   homophone an input method offered first: a word swapped for one that sounds the same
//!   (`声明周期` → 生命周期), where the corpus has the result. Words that together sound like one
//!   word of the corpus are read as it (`相应式` → 响应式: 相应 was the input method's word for
//!   `xiangying`), before any other reading.
//! * **Punctuation width.** A chunk that occurs nowhere is looked for with its punctuation in the
//!   other width (`v－model` → `v-model`, `酒钢(集团)` → 酒钢（集团）), where the corpus has it so:
//!   folding leaves punctuation alone. A version typed against its name is read spaced (`vue3` →
//!   `vue 3`).
//! * **Latin typos.** A Latin word of 4 letters or more that occurs nowhere is looked for as the
//!   vocabulary's words one edit away (two from 8 letters): `definProps` → `defineProps`. A pinyin
//!   syllable is not (`fang` is no typo of `lang`).
//!
//! Each rewriting is an ordinary query, searched the ordinary way, so its matches are found,
//! ranked and highlighted in the text like any other. How its documents are merged with those of
//! the query as typed is decided in [`crate::query`]: what was typed comes first whenever it occurs.

use sou_core::runs::{runs, Run};

use super::lattice::{walk, WalkOptions};
use super::plan::Plan;
use super::typo;
use crate::index::Index;

/// Rewritings of one chunk considered, at most.
const PER_CHUNK: usize = 3;
/// Rewritten queries searched, at most.
const MAX_ALTERNATES: usize = 3;
/// Initials are read only from chunks of consonants this short (longer ones are rarely initials, and the
/// search grows with each letter).
const MAX_INITIALS: usize = 6;
/// Steps a walk may take (each a character followed in the term dictionary, well under a
/// microsecond): what bounds the time a rewriting costs.
const PINYIN_STEPS: usize = 40_000;
const HOMOPHONE_STEPS: usize = 4_000;
/// Pinyin read with sounds confused (see `pinyin_words`) is walked in at most this many steps.
const FUZZY_STEPS: usize = 4_000;
/// Characters typed narrow a walk as much as typos do: `响应shi` takes some tens of steps.
const MIXED_STEPS: usize = 4_000;
/// The longest run read for homophone typos, in characters. A typo is corrected in a word or a
/// phrase; a longer run (a sentence pasted, a key held down) has no reading worth its walk, whose
/// work grows with the square of the run (2.3 ms natively for 20 of one character, 8.6 ms at 256).
const MAX_HOMOPHONE_RUN: usize = 12;
/// Word swaps (see `word_swaps`) are tried in runs of at most this many words, each word with at
/// most this many steps of its walk (a walk of one word of two or three characters, through their
/// homophones, takes some tens).
const MAX_SWAPPED_WORDS: usize = 3;
const SWAP_STEPS: usize = 400;
/// Rewritings dearer than the best by more than this (about e³ times less likely) are left out.
const MARGIN: f32 = 3.0;

/// Rewritten queries, and whether any chunk they replace occurs nowhere as typed (then their
/// matches come before those of the query as typed).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Alternates {
    pub queries: Vec<String>,
    pub replace_missing: bool,
}

/// Folded text that may be pinyin: ASCII letters and apostrophes.
fn may_be_pinyin(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_lowercase()) && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'')
}

/// `first`, then the texts of `rest` other than it: at most [`PER_CHUNK`] in all.
fn first_then(first: String, rest: Vec<String>) -> Vec<String> {
    // A loop, not an iterator chain: the chain took 1.8 KB more of the module.
    let mut options = vec![first];
    for text in rest {
        if text != options[0] && options.len() < PER_CHUNK {
            options.push(text);
        }
    }
    options
}

/// Pinyin written with its tones, as dictionaries print it (`xiǎngyìng`) or as typed without
/// them at hand (`xiang3ying4`), without them (`xiang'ying'`: a tone ends a syllable); `None`
/// when `text` has no tone, or is more than letters, apostrophes and tones.
fn toneless_pinyin(text: &str) -> Option<String> {
    let mut plain = String::with_capacity(text.len());
    let mut toned = false;
    // Each toned vowel, and the letter it is typed as (ü is `v`, as the readings table has it).
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ";
    const PLAIN: &[u8] = b"aaaaeeeeiiiioooouuuuvvvvvnnn";
    for c in text.chars() {
        let base = match c {
            'a'..='z' | '\'' => c,
            // A tone's number follows its syllable: after a letter, 1 to 4, or 5 for the light one.
            '1'..='5' if plain.ends_with(|p: char| p.is_ascii_lowercase()) => '\'',
            _ => char::from(*TONED.chars().position(|t| t == c).and_then(|i| PLAIN.get(i))?),
        };
        toned |= base != c;
        plain.push(base);
    }
    // The last syllable's tone ends nothing: `xiang3` is `xiang`, one syllable.
    let plain = plain.trim_end_matches('\'');
    (toned && may_be_pinyin(plain)).then(|| plain.to_owned())
}

/// `text` with its full-width ASCII punctuation (`－（），`) in ASCII (`-(),`); `None` when it has
/// none. Full-width letters and digits are folded already.
fn narrow_punctuation(text: &str) -> Option<String> {
    replace_chars(text, |c| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).filter(|n| n.is_ascii_punctuation()),
        _ => None,
    })
}

/// `text` with each character `replace` gives another for replaced; `None` when it gives none.
fn replace_chars(text: &str, replace: impl Fn(char) -> Option<char>) -> Option<String> {
    text.chars().any(|c| replace(c).is_some()).then(|| text.chars().map(|c| replace(c).unwrap_or(c)).collect())
}

/// `text` with a space between letters and the digits after them (`vue3` → `vue 3`); `None` when
/// no digit follows a letter.
fn spaced_number(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // A word of two letters or more: `h5` or `v3` are names themselves, and `6cr13` a code.
    let at = |i: usize| {
        let letters = bytes[..i].iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
        letters >= 2 && bytes[i].is_ascii_digit() && !bytes[..i - letters].last().is_some_and(u8::is_ascii_alphanumeric)
    };
    (1..bytes.len()).any(at).then(|| {
        let mut spaced = String::with_capacity(text.len() + 2);
        for (i, c) in text.char_indices() {
            if i > 0 && at(i) {
                spaced.push(' ');
            }
            spaced.push(c);
        }
        spaced
    })
}

/// `text` with its ASCII punctuation full-width, as Chinese prose writes it (`(` → `（`); `None`
/// when it has none. The apostrophe is left alone: in a chunk it separates pinyin syllables.
fn wide_punctuation(text: &str) -> Option<String> {
    replace_chars(text, |c| match c {
        '\'' => None,
        c if c.is_ascii_punctuation() => char::from_u32(c as u32 + 0xFEE0),
        _ => None,
    })
}

impl Index<'_> {
    /// The rewritten queries for `plan`, whose chunks `missing` says occur nowhere.
    pub(crate) fn alternates(&self, plan: &Plan, missing: &[bool]) -> Alternates {
        let is_missing = |k: usize| missing.get(k).copied().unwrap_or(false);
        let typed = plan.chunks.iter().map(|c| plan.needles[c.needle].text.as_str());
        // Pinyin with tones is read without them.
        let toneless: Vec<Option<String>> = typed
            .clone()
            .enumerate()
            .map(|(k, c)| if is_missing(k) { self.toneless_pinyin(c) } else { None })
            .collect();
        let chunks: Vec<&str> = typed.zip(&toneless).map(|(c, t)| t.as_deref().unwrap_or(c)).collect();
        // (first chunk, one past the last, rewritings)
        let mut replaced: Vec<(usize, usize, Vec<String>)> = Vec::new();
        let mut replace_missing = false;
        let mut k = 0;
        while k < chunks.len() {
            // Consecutive pinyin chunks are read together: `jia yu guan`.
            let mut end = k + 1;
            if may_be_pinyin(chunks[k]) {
                while end < chunks.len() && may_be_pinyin(chunks[end]) {
                    end += 1;
                }
                // Syllables typed apart are one word (`jia yu guan`); words typed apart are read
                // each on its own (`zujian shijian`).
                if end > k + 1 && !chunks[k..end].iter().all(|c| self.is_syllable(c)) {
                    end = k + 1;
                }
                if end > k + 1 {
                    let options = self.pinyin_words(&chunks[k..end].join(" "), false, (k..end).any(is_missing));
                    if !options.is_empty() {
                        replace_missing |= (k..end).any(is_missing);
                        replaced.push((k, end, options));
                        k = end;
                        continue;
                    }
                    end = k + 1;
                }
            }
            let options = self.chunk_rewritings(chunks[k], is_missing(k));
            if !options.is_empty() {
                replace_missing |= is_missing(k);
                replaced.push((k, end, options));
            }
            k = end;
        }
        let mut queries: Vec<String> = Vec::new();
        for round in 0..MAX_ALTERNATES {
            if replaced.iter().all(|r| r.2.len() <= round) && round > 0 {
                break;
            }
            let mut query = String::new();
            let mut k = 0;
            while k < chunks.len() {
                if k > 0 {
                    query.push_str(plan.gaps.get(k - 1).map_or(" ", String::as_str));
                }
                match replaced.iter().find(|r| r.0 == k) {
                    Some((_, end, options)) => {
                        query.push_str(&options[round.min(options.len() - 1)]);
                        k = *end;
                    }
                    None => {
                        query.push_str(chunks[k]);
                        k += 1;
                    }
                }
            }
            if !replaced.is_empty() && !queries.contains(&query) {
                queries.push(query);
            }
        }
        Alternates { queries, replace_missing }
    }

    /// The rewritings of one chunk.
    fn chunk_rewritings(&self, chunk: &str, missing: bool) -> Vec<String> {
        let mut options = Vec::new();
        // One syllable alone is too many words to guess from (`e`, `shi`): see below.
        if may_be_pinyin(chunk) && !self.is_syllable(chunk) {
            // Initials are consonants (`jyg`): a chunk with a vowel is a word or a typo, not initials.
            let consonants = !chunk.bytes().any(|b| b"aeiouv".contains(&b));
            let initials = missing && consonants && (2..=MAX_INITIALS).contains(&chunk.len());
            options = self.pinyin_words(chunk, initials, missing && !initials);
            // A word seen once is not in the vocabulary: read the text itself (`tangjinie` → 羰基镍).
            if options.is_empty() && missing && !initials {
                if let Some(lattice) = self.sounds().pinyin(chunk, false, None) {
                    options = self.spelled_in_text(&lattice, PER_CHUNK);
                }
            }
        } else if missing && !chunk.is_ascii() && chunk.bytes().any(|b| b.is_ascii_alphabetic()) {
            // Characters and pinyin in one chunk, the input method's work left half done (`响应shi`).
            if let Some(lattice) = self.sounds().mixed(self, chunk) {
                let options_walk = WalkOptions {
                    partial_end: true,
                    loose: false,
                    max_changed: u32::MAX,
                    one_word: false,
                    results: PER_CHUNK,
                    max_steps: MIXED_STEPS,
                };
                options = self.walk_texts(&lattice, options_walk, None);
            }
        }
        // Still, a syllable the text lacks, or the start of one, is better read as its commonest
        // characters than as nothing while the reader types on (`xian`, `xiang` on the way to
        // 响应式). One letter is no syllable (`a`, `e`).
        if options.is_empty() && missing && chunk.len() >= 2 && may_be_pinyin(chunk) && !chunk.contains('\'') {
            options = self.sounds().characters(self, chunk, PER_CHUNK);
        }
        if !missing {
            return options;
        }
        // Punctuation in the other width: folding leaves punctuation as it is (see
        // `sou_core::fold`), so `v－model`, as an input method's full-width mode types it, would
        // not find `v-model`, nor `酒钢(集团)` the `酒钢（集团）` of Chinese prose. Offered where
        // the text has it so.
        for text in [narrow_punctuation(chunk), wide_punctuation(chunk)].into_iter().flatten() {
            if !options.contains(&text) && self.occurring(&[&text])[0] {
                options.push(text);
            }
        }
        // A version typed against its name (`vue3`), which the text spaces (`Vue 3`): read as
        // the two, which rank first where they stand together.
        if let Some(text) = spaced_number(chunk) {
            options.push(text);
        }
        // Each run replaced by its best rewritings: a Latin word by its nearest words, Chinese by
        // its homophones.
        let mut pieces: Vec<Vec<String>> = Vec::new();
        let mut changed = false;
        for run in runs(chunk) {
            let text = match run {
                Run::Latin(t) | Run::Other(t) => t,
            };
            let mut found = match run {
                // A word the vocabulary has is no typo, wherever the chunk around it is missing.
                Run::Latin(word) if self.terms.contains_key(word) => Vec::new(),
                // A whole syllable is pinyin on its way to a word, not an English typo (`fang` is
                // no `lang`).
                Run::Latin(word) if self.is_syllable(word) => Vec::new(),
                Run::Latin(word) if !may_be_pinyin(word) || options.is_empty() => {
                    typo::near_words(self.terms.as_fst(), word, typo::budget(word.len()), PER_CHUNK)
                        .into_iter()
                        .map(|n| n.word)
                        .collect()
                }
                Run::Other(text) if !text.is_ascii() => self.homophone_words(text, false, text == chunk),
                _ => Vec::new(),
            };
            changed |= !found.is_empty();
            if found.is_empty() {
                found.push(text.to_owned());
            }
            pieces.push(found);
        }
        if changed {
            for round in 0..PER_CHUNK {
                let text: String = pieces.iter().map(|p| p[round.min(p.len() - 1)].as_str()).collect();
                if !options.contains(&text) && text != chunk {
                    options.push(text);
                }
            }
        }
        options
    }

    /// A query near `plan` that finds more, for when part of it occurs nowhere and no rewriting
    /// helped ("did you mean"): each such chunk read with a looser budget (one homophone more, one
    /// typo more in a Latin word), or, when nothing matched at all, left out.
    pub(crate) fn did_you_mean(&self, plan: &Plan, missing: &[bool], found_any: bool) -> Option<String> {
        if !missing.contains(&true) {
            return None;
        }
        let mut query = String::new();
        let mut changed = false;
        for (k, chunk) in plan.chunks.iter().map(|c| plan.needles[c.needle].text.as_str()).enumerate() {
            let kept = if missing.get(k).copied().unwrap_or(false) {
                let rewritten = self.loose_rewriting(chunk);
                changed |= rewritten.is_some() || !found_any;
                rewritten.or_else(|| found_any.then(|| chunk.to_owned()))
            } else {
                Some(chunk.to_owned())
            };
            if let Some(kept) = kept {
                if !query.is_empty() {
                    query.push(' ');
                }
                query.push_str(&kept);
            }
        }
        if !changed || query.is_empty() {
            return None;
        }
        let rewritten = self.plan(&query);
        let ranking = self.rank_plan(&rewritten);
        (!ranking.docs.is_empty() && !ranking.missing.contains(&true)).then_some(query)
    }

    /// One reading of a chunk that occurs nowhere, with a looser budget than [`Index::alternates`]
    /// takes: a Latin word one edit further, a Chinese run one homophone more.
    fn loose_rewriting(&self, chunk: &str) -> Option<String> {
        let mut text = String::new();
        let mut changed = false;
        for run in runs(chunk) {
            let found = match run {
                // Pinyin, whole or being typed (`xian`, `shux`), is no English typo (`in`, `show`).
                Run::Latin(word) if self.sounds().pinyin(word, false, Some(1)).is_some() => None,
                Run::Latin(word) => {
                    let budget = if word.len() >= 3 { typo::budget(word.len()) + 1 } else { 0 };
                    typo::near_words(self.terms.as_fst(), word, budget, 1).into_iter().next().map(|n| n.word)
                }
                Run::Other(run) if !run.is_ascii() => self.homophone_words(run, true, run == chunk).into_iter().next(),
                Run::Other(_) => None,
            };
            let (Run::Latin(typed) | Run::Other(typed)) = run;
            changed |= found.is_some();
            text.push_str(found.as_deref().unwrap_or(typed));
        }
        changed.then_some(text)
    }

    /// `text` without its tones (see [`toneless_pinyin`]) when what is left reads as whole
    /// syllables.
    pub(crate) fn toneless_pinyin(&self, text: &str) -> Option<String> {
        toneless_pinyin(text).filter(|plain| self.sounds().pinyin(plain, false, None).is_some())
    }

    /// Whether `text` is one pinyin syllable (toneless, as the readings table has them).
    fn is_syllable(&self, text: &str) -> bool {
        self.sounds().readings.syllables().contains(&text)
    }

    /// The corpus's words read as `typed` (pinyin; `initials`: one letter a syllable), cheapest
    /// first.
    ///
    /// `part_last`: the reader may still be typing, so the last syllable may be cut short and the
    /// reading may end inside a word (`zuji` → 组件, `zujiandesheng` → 组件的生…).
    pub(crate) fn pinyin_words(&self, typed: &str, initials: bool, part_last: bool) -> Vec<String> {
        // One letter after a syllable ends English words as often as it starts a syllable (`key`,
        // `but`): there a syllable is guessed from two letters on.
        let cut_last = part_last.then_some(2);
        let options = WalkOptions {
            partial_end: part_last,
            loose: false,
            max_changed: u32::MAX,
            one_word: initials,
            results: PER_CHUNK,
            max_steps: PINYIN_STEPS,
        };
        let lattice = self.sounds().pinyin(typed, initials, cut_last);
        let exact = lattice.map(|lattice| self.walk_texts(&lattice, options, None)).unwrap_or_default();
        if initials {
            return exact;
        }
        self.word_misheard_first(exact, &|| {
            let lattice = self.sounds().fuzzy_pinyin(typed, cut_last)?;
            Some(self.walk_texts(&lattice, WalkOptions { max_steps: FUZZY_STEPS, ..options }, None))
        })
    }

    /// `exact`, the readings of what was typed, unless the first is no word of the vocabulary
    /// (nothing, or words side by side: `xiangyinshi` as 像隐式) and the first of `misheard`, the
    /// readings with sounds many speakers confuse swapped, is one (响应式, `ying` typed `yin`):
    /// then that word first, and `exact` after it.
    fn word_misheard_first(&self, exact: Vec<String>, misheard: &dyn Fn() -> Option<Vec<String>>) -> Vec<String> {
        if exact.first().is_some_and(|text| self.is_word(text)) {
            return exact;
        }
        match misheard().and_then(|texts| texts.into_iter().next()) {
            Some(word) if self.is_word(&word) => first_then(word, exact),
            _ => exact,
        }
    }

    /// Whether `text` is a word of the vocabulary.
    fn is_word(&self, text: &str) -> bool {
        self.term_key(text).is_some_and(|key| self.terms.contains_key(&key))
    }

    /// The corpus's words that sound like `run` with a character or two changed, cheapest first.
    ///
    /// Only characters the vocabulary leaves standing alone in `run` are changed: a typo breaks
    /// the word it is in (`人工新脏` is cut 人工 新 脏), while a run cut into words the corpus has
    /// (`包头 稀土 中试 基地`, found as words apart) is what the reader meant. The walk stays small,
    /// at the price of a typo that makes another word of the vocabulary going unread. `loose`
    /// allows one change more ("did you mean"). `missing`: the run is known to occur nowhere (it is
    /// the whole chunk the search did not find).
    fn homophone_words(&self, run: &str, loose: bool, missing: bool) -> Vec<String> {
        let chars = run.chars().count();
        if chars > MAX_HOMOPHONE_RUN {
            return Vec::new();
        }
        let code = |c: char, key: &mut Vec<u8>| self.push_term_code(c, key);
        let words = super::segment::segment(self.terms.as_fst(), self.file.stats.term_total, run, code);
        let found = self.homophone_readings(run, &words, chars, loose, missing);
        match missing.then(|| self.misheard_word(run, &words)).flatten() {
            Some(heard) => first_then(heard, found),
            None => found,
        }
    }

    /// `run` with words of it that together sound like one word of the vocabulary (3 to 5
    /// characters) replaced by that word, where the corpus has the result: `相应式基础` → 响应式基础.
    /// An input method offered a common word for the first syllables (相应, `xiangying`), then a
    /// character for the next (式), and the reader took them: each is a word of the corpus, so no
    /// character stands alone to be read as a typo. Of several, the longest replaced.
    fn misheard_word(&self, run: &str, words: &[(usize, usize)]) -> Option<String> {
        // Spans of two words or more, 3 to 5 characters, that are no word themselves; a dozen.
        // (The span is looked up twice: with one lookup, LLVM inlined 1.5 KB more of the module.)
        let mut spans = Vec::new();
        for (i, &(start, _)) in words.iter().enumerate() {
            for &(_, end) in words.iter().skip(i + 1) {
                let n = run.get(start..end).map_or(0, |span| span.chars().count());
                if n > 5 || spans.len() >= 12 {
                    break;
                }
                if n >= 3 && !run.get(start..end).is_some_and(|span| self.is_word(span)) {
                    spans.push((start, end));
                }
            }
        }
        self.sound_alike_swaps(run, &spans, true).into_iter().next()
    }

    /// The homophone readings of `run`, cut into `words`, that change characters standing alone
    /// (or swap a word, when none does); see [`Self::homophone_words`].
    fn homophone_readings(
        &self,
        run: &str,
        words: &[(usize, usize)],
        chars: usize,
        loose: bool,
        missing: bool,
    ) -> Vec<String> {
        let mut changeable = vec![false; chars];
        let mut at = 0;
        for &(s, e) in words {
            let chars = run.get(s..e).unwrap_or("").chars().count();
            if chars == 1 {
                changeable[at] = true;
            }
            at += chars;
        }
        if !changeable.contains(&true) {
            // A looser reading ("did you mean") swaps no more: the swaps found nothing already.
            return if loose { Vec::new() } else { self.word_swaps(run, words, missing) };
        }
        let lattice = self.sounds().homophones(self, run, &changeable, false);
        let max_changed = if run.chars().count() <= 4 { 1 } else { 2 } + u32::from(loose);
        // One more than needed: the run itself may be among the cheapest.
        // The run may stop inside a word, as it does while the reader types (`嘉裕` → 嘉峪…): such
        // a reading is a guess, offered where the corpus has it as it is (see `walk_texts`).
        let options = WalkOptions {
            partial_end: true,
            loose: true,
            max_changed,
            one_word: false,
            results: PER_CHUNK + 1,
            max_steps: HOMOPHONE_STEPS,
        };
        let read = |lattice: &super::lattice::Lattice| -> Vec<String> {
            self.walk_texts(lattice, options, Some(run)).into_iter().filter(|t| t != run).take(PER_CHUNK).collect()
        };
        let exact = read(&lattice);
        if loose {
            return exact;
        }
        // `响因式`: 因 `yin` for 应 `ying`.
        self.word_misheard_first(exact, &|| Some(read(&self.sounds().homophones(self, run, &changeable, true))))
    }

    /// `run`, cut into `words` of the vocabulary that occur nowhere side by side (when `missing`,
    /// the caller knows it does not occur), with one word swapped for a word of the vocabulary that
    /// sounds the same: the homophone an input method offered first (`声明周期` for 生命周期,
    /// `模版引用` for 模板引用). Only a text the corpus has as it is is offered, cheapest word
    /// first: words apart that occur nowhere together are, otherwise, what the reader meant.
    fn word_swaps(&self, run: &str, words: &[(usize, usize)], missing: bool) -> Vec<String> {
        if words.len() < 2 || words.len() > MAX_SWAPPED_WORDS || (!missing && self.occurring(&[run])[0]) {
            return Vec::new();
        }
        self.sound_alike_swaps(run, words, false)
    }

    /// `run` with one of `spans` replaced by a word of the vocabulary that sounds the same by the
    /// usual readings, where the corpus has the result; the cheapest first, or with `longest_first`
    /// the one that replaces most characters.
    fn sound_alike_swaps(&self, run: &str, spans: &[(usize, usize)], longest_first: bool) -> Vec<String> {
        // (rank, text)
        let mut swaps: Vec<(f32, String)> = Vec::new();
        for &(s, e) in spans {
            let (Some(before), Some(word), Some(after)) = (run.get(..s), run.get(s..e), run.get(e..)) else { continue };
            let n = word.chars().count();
            let lattice = self.sounds().homophones(self, word, &vec![true; n], false);
            let options = WalkOptions {
                partial_end: false,
                loose: false,
                max_changed: n as u32,
                one_word: true,
                results: PER_CHUNK + 1,
                max_steps: SWAP_STEPS,
            };
            for found in walk(self.terms.as_fst(), self.file.stats.term_total, &lattice, options) {
                match self.term_text(&found.key) {
                    Some(other) if other != word => {
                        // A walk's costs are some units: a thousand per character outweighs them.
                        let rank = if longest_first { found.cost - 1000.0 * n as f32 } else { found.cost };
                        swaps.push((rank, format!("{before}{other}{after}")));
                    }
                    _ => {}
                }
            }
        }
        crate::sort::sort_by(&mut swaps, |a, b| a.0.total_cmp(&b.0));
        let texts: Vec<&str> = swaps.iter().map(|s| s.1.as_str()).collect();
        let occurring = self.occurring(&texts);
        swaps.iter().zip(occurring).filter(|(_, occurs)| *occurs).map(|(s, _)| s.1.clone()).take(PER_CHUNK).collect()
    }

    /// The texts of the cheapest ways through `lattice`, of two characters or more and not much
    /// dearer than the cheapest: those that occur in the text as they are, if any do (the reader
    /// typed what they saw), else all but guesses at what the reader has yet to type. A guess
    /// the corpus does not have as it is would be words side by side that occur nowhere together,
    /// read from letters that are mostly no pinyin at all (`angula` as 厂家落). `typed`: the text as
    /// typed, when it is a way through the lattice too; a text the corpus does not have is offered
    /// only when it is likelier than that (`什么是响应式`, 响应式 cut 响应 式, is no typo of
    /// 什么是响应是).
    fn walk_texts(&self, lattice: &super::lattice::Lattice, options: WalkOptions, typed: Option<&str>) -> Vec<String> {
        let wanted = options.results;
        let options = WalkOptions { results: wanted * 2, ..options };
        let found = walk(self.terms.as_fst(), self.file.stats.term_total, lattice, options);
        let best = found.first().map_or(0.0, |f| f.cost);
        // (text, one word, guessed, cost)
        let texts: Vec<(String, bool, bool, f32)> = found
            .into_iter()
            .filter(|f| f.cost <= best + MARGIN)
            .filter_map(|f| Some((self.term_text(&f.key)?, f.one_word, f.partial || f.cut, f.cost)))
            .filter(|t| t.0.chars().count() >= 2)
            .collect();
        // A word of the vocabulary (or the start of one) is in the text by definition; words side
        // by side need a look, up to where `wanted` words of the vocabulary would fill the list.
        let reachable = wanted
            .checked_sub(1)
            .and_then(|n| texts.iter().enumerate().filter(|(_, t)| t.1).nth(n))
            .map_or(texts.len(), |(i, _)| i + 1);
        let unchecked: Vec<&str> = texts[..reachable].iter().filter(|t| !t.1).map(|t| t.0.as_str()).collect();
        let mut occurring = self.occurring(&unchecked).into_iter();
        let literal: Vec<String> = texts
            .iter()
            .filter(|(_, one_word, _, _)| *one_word || occurring.next().unwrap_or(false))
            .map(|(text, _, _, _)| text.clone())
            .take(wanted)
            .collect();
        if !literal.is_empty() {
            return literal;
        }
        let typed_cost = typed.and_then(|typed| texts.iter().find(|t| t.0 == typed)).map_or(f32::INFINITY, |t| t.3);
        texts
            .into_iter()
            .filter(|(_, _, guessed, cost)| !guessed && *cost < typed_cost)
            .map(|(text, _, _, _)| text)
            .take(wanted)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{may_be_pinyin, narrow_punctuation, spaced_number, toneless_pinyin, wide_punctuation};

    #[test]
    fn tones_are_dropped_from_pinyin() {
        assert_eq!(toneless_pinyin("xiǎngyìngshì").as_deref(), Some("xiangyingshi"));
        assert_eq!(toneless_pinyin("lǜsè").as_deref(), Some("lvse"));
        assert_eq!(toneless_pinyin("xiang3ying4shi4").as_deref(), Some("xiang'ying'shi"));
        assert_eq!(toneless_pinyin("xi1'an1").as_deref(), Some("xi''an"));
        // No tone, or more than letters and tones. (Whether the letters are pinyin, as those of
        // `vue3` and `café` are not, the readings table tells.)
        for text in ["xiangying", "3d", "a.b", "组件", "x6", "vue-3"] {
            assert_eq!(toneless_pinyin(text), None, "{text}");
        }
    }

    #[test]
    fn what_may_be_pinyin() {
        assert!(may_be_pinyin("jiayuguan") && may_be_pinyin("xi'an"));
        assert!(!may_be_pinyin("vue3") && !may_be_pinyin("'") && !may_be_pinyin("组件"));
    }

    #[test]
    fn punctuation_in_the_other_width() {
        assert_eq!(narrow_punctuation("v－model").as_deref(), Some("v-model"));
        assert_eq!(narrow_punctuation("酒钢（集团）").as_deref(), Some("酒钢(集团)"));
        // The first and last of the full-width ASCII block, and what lies beside it.
        assert_eq!(narrow_punctuation("！～｟").as_deref(), Some("!~｟"));
        assert_eq!(narrow_punctuation("组件。、"), None);
        assert_eq!(narrow_punctuation("v-model"), None);
        assert_eq!(wide_punctuation("酒钢(集团)").as_deref(), Some("酒钢（集团）"));
        assert_eq!(wide_punctuation("!~").as_deref(), Some("！～"));
        assert_eq!(wide_punctuation("xi'an"), None);
        assert_eq!(wide_punctuation("组件vue3"), None);
    }

    #[test]
    fn a_number_spaced_from_its_name() {
        assert_eq!(spaced_number("vue3").as_deref(), Some("vue 3"));
        assert_eq!(spaced_number("vue3和vue2").as_deref(), Some("vue 3和vue 2"));
        assert_eq!(spaced_number("3d"), None);
        assert_eq!(spaced_number("v3"), None);
        assert_eq!(spaced_number("6cr13"), None);
        assert_eq!(spaced_number("es2015").as_deref(), Some("es 2015"));
        assert_eq!(spaced_number("vue 3"), None);
        assert_eq!(spaced_number("组件3"), None);
    }
}
