//! Following a budget line across successive reports of one council, even
//! when its label drifts ("Adult Social Care & Health - Adults" becomes
//! "Adult Health & Social Care - Adults"): lines are matched by the words
//! of their labels, one to one, best match first, and each match says how
//! sure it is. The member's corrections (join two lines, split a wrong
//! match) override the words.

use std::collections::HashSet;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::LineFacts;

/// Words that say nothing about which line a label is.
const FILLER: &[&str] = &[
    "and", "the", "of", "for", "to", "in", "on", "a", "an", "services", "service",
];

/// A label's words, lower case, filler dropped ("&" is "and", so it only
/// parts words), in order of first appearance.
pub fn label_words(label: &str) -> Vec<String> {
    words_of(&label.to_lowercase())
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// `label_words` of a label already in lower case, borrowed from it: no
/// string per word.
fn words_of(lower: &str) -> Vec<&str> {
    let mut seen = FxHashSet::default();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(w) && seen.insert(*w))
        .collect()
}

/// The label as one key: its words sorted, so word order does not count.
pub fn normalised(label: &str) -> String {
    let lower = label.to_lowercase();
    let mut w = words_of(&lower);
    w.sort_unstable();
    w.join(" ")
}

/// How alike two labels are, 0 to 100: the share of words they have in
/// common (Jaccard), with a word counted as shared when one is the
/// other's plural or an abbreviation of at least four letters.
pub fn similarity(a: &str, b: &str) -> u8 {
    let (wa, wb) = (label_words(a), label_words(b));
    if wa.is_empty() || wb.is_empty() {
        return same_without_words(a, b);
    }
    share(&wa, &wb, |x, y| alike(x, y))
}

/// Labels with no words to compare ("-", "1.") are alike only when printed
/// the same.
fn same_without_words(a: &str, b: &str) -> u8 {
    u8::from(a.trim().eq_ignore_ascii_case(b.trim())) * 100
}

/// One word is the other, its plural or an abbreviation of at least four
/// letters.
fn alike(x: &str, y: &str) -> bool {
    x == y || (x.len().min(y.len()) >= 4 && (x.starts_with(y) || y.starts_with(x)))
}

/// The share of words two lists have in common, 0 to 100 (Jaccard).
fn share<W>(wa: &[W], wb: &[W], alike: impl Fn(&W, &W) -> bool) -> u8 {
    let shared = wa.iter().filter(|x| wb.iter().any(|y| alike(x, y))).count();
    let union = wa.len() + wb.len() - shared;
    (shared * 100 / union.max(1)) as u8
}

/// The words of two reports' labels and sections, each distinct word
/// numbered once: comparing two lines then compares numbers, never text.
#[derive(Default)]
struct Vocabulary<'a> {
    number: FxHashMap<&'a str, u32>,
    words: Vec<&'a str>,
    /// For each word, the last label it was found in (counting labels
    /// from 1), so that a label lists each of its words once.
    last_in: Vec<usize>,
    labels: usize,
    /// For each word, the other words alike to it (`alike`): plurals and
    /// abbreviations of it, or it of them. Filled by `pair_alike`.
    alike: Vec<Vec<u32>>,
}

impl<'a> Vocabulary<'a> {
    /// The numbers of a lower-case label's words, as `words_of` has them.
    fn numbers(&mut self, lower: &'a str) -> Vec<u32> {
        self.labels += 1;
        let mut out = Vec::new();
        for w in lower.split(|c: char| !c.is_alphanumeric()) {
            if w.is_empty() || FILLER.contains(&w) {
                continue;
            }
            let n = *self.number.entry(w).or_insert_with(|| {
                self.words.push(w);
                self.last_in.push(0);
                (self.words.len() - 1) as u32
            });
            if self.last_in[n as usize] != self.labels {
                self.last_in[n as usize] = self.labels;
                out.push(n);
            }
        }
        out
    }

    /// The numbered words of each line's label and section (`lowered`).
    fn lines(
        &mut self,
        lowered: &'a [(String, Option<String>)],
    ) -> Vec<(Vec<u32>, Option<Vec<u32>>)> {
        lowered
            .iter()
            .map(|(label, section)| {
                let section = section.as_deref().map(|s| self.numbers(s));
                (self.numbers(label), section)
            })
            .collect()
    }

    /// Finds the words alike without being the same, once all are
    /// numbered. Sorted, the words that begin with a word come straight
    /// after it, so each is compared only with those.
    fn pair_alike(&mut self) {
        let mut sorted: Vec<u32> = (0..self.words.len() as u32).collect();
        sorted.sort_unstable_by_key(|&n| self.words[n as usize]);
        self.alike = vec![Vec::new(); self.words.len()];
        for (k, &short) in sorted.iter().enumerate() {
            let start = self.words[short as usize];
            if start.len() < 4 {
                continue;
            }
            for &long in sorted[k + 1..]
                .iter()
                .take_while(|&&n| self.words[n as usize].starts_with(start))
            {
                self.alike[short as usize].push(long);
                self.alike[long as usize].push(short);
            }
        }
    }

    /// `similarity` of two lists of numbered words (after `pair_alike`).
    fn similarity(&self, wa: &[u32], wb: &[u32], a: &str, b: &str) -> u8 {
        if wa.is_empty() || wb.is_empty() {
            return same_without_words(a, b);
        }
        share(wa, wb, |x, y| x == y || self.alike[*x as usize].contains(y))
    }
}

/// How sure a match is, as the member reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Sureness {
    /// The same words (in any order).
    Same,
    /// Most words the same.
    Likely,
    /// Some words the same: worth a look.
    Possible,
    /// The member joined them.
    Joined,
}

/// A line of the later report matched to one of the earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Index into the later report's lines.
    pub later: usize,
    /// Index into the earlier report's lines.
    pub earlier: usize,
    pub score: u8,
    pub sureness: Sureness,
}

/// The least similarity at which two lines are taken as one.
const MATCH_AT: u8 = 50;

/// The member's corrections, by pairs of line keys (in either order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    pub joined: HashSet<(String, String)>,
    pub split: HashSet<(String, String)>,
}

impl Corrections {
    fn pair(a: &str, b: &str) -> (String, String) {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    }

    pub fn join(&mut self, a: &str, b: &str) {
        let p = Self::pair(a, b);
        self.split.remove(&p);
        self.joined.insert(p);
    }

    pub fn split(&mut self, a: &str, b: &str) {
        let p = Self::pair(a, b);
        self.joined.remove(&p);
        self.split.insert(p);
    }

    /// The pairs of `pairs` (joined or split) between a later and an
    /// earlier report, as (later, earlier) line indexes. Only lines that
    /// some pair names are looked at: a handful of corrections must not
    /// mean pairing every line of one report with every line of the other.
    fn between(
        pairs: &HashSet<(String, String)>,
        later: &[LineFacts],
        earlier: &[LineFacts],
    ) -> FxHashSet<(usize, usize)> {
        if pairs.is_empty() {
            return FxHashSet::default();
        }
        let named: FxHashSet<&str> = pairs
            .iter()
            .flat_map(|(a, b)| [a.as_str(), b.as_str()])
            .collect();
        let in_pairs = |lines: &[LineFacts]| -> Vec<usize> {
            (0..lines.len())
                .filter(|&i| named.contains(lines[i].key.as_str()))
                .collect()
        };
        let (a, b) = (in_pairs(later), in_pairs(earlier));
        a.iter()
            .flat_map(|&i| b.iter().map(move |&j| (i, j)))
            .filter(|&(i, j)| pairs.contains(&Self::pair(&later[i].key, &earlier[j].key)))
            .collect()
    }
}

/// Each line's label and section in lower case.
fn lowered(lines: &[LineFacts]) -> Vec<(String, Option<String>)> {
    lines
        .iter()
        .map(|l| {
            let section = l.section.as_deref().map(str::to_lowercase);
            (l.label.to_lowercase(), section)
        })
        .collect()
}

/// Matches the lines of a later report to those of an earlier one, one
/// to one: joins first, then the most alike pairs. A total matches only a
/// total, a capital line only a capital line.
pub fn match_lines(later: &[LineFacts], earlier: &[LineFacts], fixes: &Corrections) -> Vec<Match> {
    // Each label and section lowered and split into numbered words once;
    // the earlier lines indexed by word so only lines sharing a word are
    // compared.
    let (lower_a, lower_b) = (lowered(later), lowered(earlier));
    let mut vocabulary = Vocabulary::default();
    let words_a = vocabulary.lines(&lower_a);
    let words_b = vocabulary.lines(&lower_b);
    vocabulary.pair_alike();
    let mut by_word: Vec<Vec<usize>> = vec![Vec::new(); vocabulary.words.len()];
    for (j, (words, _)) in words_b.iter().enumerate() {
        for &w in words {
            by_word[w as usize].push(j);
        }
    }
    let joined = Corrections::between(&fixes.joined, later, earlier);
    let split = Corrections::between(&fixes.split, later, earlier);
    let mut candidates: Vec<Match> = joined
        .iter()
        .map(|&(i, j)| Match {
            later: i,
            earlier: j,
            score: 101,
            sureness: Sureness::Joined,
        })
        .collect();
    // `seen_by[j] == i`: earlier line j was already weighed for later line i.
    let mut seen_by = vec![usize::MAX; earlier.len()];
    for (i, a) in later.iter().enumerate() {
        let (words, section) = &words_a[i];
        for &w in words {
            for &j in &by_word[w as usize] {
                if seen_by[j] == i {
                    continue;
                }
                seen_by[j] = i;
                let b = &earlier[j];
                if a.total_row != b.total_row
                    || a.capital != b.capital
                    || joined.contains(&(i, j))
                    || split.contains(&(i, j))
                {
                    continue;
                }
                let mut score = vocabulary.similarity(words, &words_b[j].0, &a.label, &b.label);
                // Same words under a different heading: less sure.
                if let (Some(x), Some(y), Some(sx), Some(sy)) =
                    (section, &words_b[j].1, &a.section, &b.section)
                {
                    if vocabulary.similarity(x, y, sx, sy) < MATCH_AT {
                        score = score.saturating_sub(20);
                    }
                }
                if score >= MATCH_AT {
                    let sureness = match score {
                        100 => Sureness::Same,
                        75..=99 => Sureness::Likely,
                        _ => Sureness::Possible,
                    };
                    candidates.push(Match {
                        later: i,
                        earlier: j,
                        score,
                        sureness,
                    });
                }
            }
        }
    }
    // Best first; ties go to lines printed in the same place in their
    // table. No two candidates pair the same lines, so the order is whole.
    candidates.sort_unstable_by_key(|m| {
        (
            std::cmp::Reverse(m.score),
            later[m.later]
                .position
                .abs_diff(earlier[m.earlier].position),
            m.later,
            m.earlier,
        )
    });
    let (mut used_a, mut used_b) = (vec![false; later.len()], vec![false; earlier.len()]);
    let mut out = Vec::new();
    for m in candidates {
        if !used_a[m.later] && !used_b[m.earlier] {
            used_a[m.later] = true;
            used_b[m.earlier] = true;
            out.push(m);
        }
    }
    out.sort_unstable_by_key(|m| m.later);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ItemId, MeetingId, TableId};

    fn line(key: &str, label: &str) -> LineFacts {
        LineFacts {
            key: key.into(),
            line_id: 0,
            table_id: TableId(1),
            position: 0,
            item_id: ItemId(1),
            meeting_id: MeetingId(1),
            caption: None,
            unit: None,
            plus_is_over: true,
            capital: false,
            label: label.into(),
            section: None,
            total_row: false,
            page: None,
            cells: vec![],
        }
    }

    #[test]
    fn a_drifting_label_is_the_same_line() {
        assert_eq!(
            similarity(
                "Adult Social Care & Health - Adults",
                "Adult Health & Social Care - Adults"
            ),
            100
        );
        assert!(similarity("Children's Services", "Childrens Services") < 100);
        assert!(
            similarity("Highways & Transportation", "Highways and Transport") >= 75,
            "transport is short for transportation"
        );
        assert!(similarity("Libraries", "Highways") < MATCH_AT);
    }

    /// Labels with plurals, abbreviations, filler, repeats, punctuation,
    /// no words at all, and letters that change length in lower case.
    const LABELS: &[&str] = &[
        "Adult Social Care & Health - Adults",
        "Adult Health & Social Care - Adults",
        "Children's Services",
        "Childrens Services",
        "Highways & Transportation",
        "Highways and Transport",
        "Highway",
        "Transp",
        "Libraries",
        "Library",
        "Libs",
        "Roads & roads & ROADS",
        "Schools 2024/25",
        "Schools 2024-25",
        "Café Résumé",
        "CAFÉ",
        "İstanbul Office",
        "ΟΔΟΣ ΣΑΣ",
        "and the of",
        "Total",
        "TOTAL",
        "-",
        "1.",
        "",
    ];

    #[test]
    fn label_words_as_first_written() {
        // "&" was read as " and ", a filler word: it only parted words.
        let by_replacing = |label: &str| -> Vec<String> {
            let mut seen = HashSet::new();
            label
                .to_lowercase()
                .replace('&', " and ")
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty() && !FILLER.contains(w))
                .filter(|w| seen.insert(w.to_string()))
                .map(str::to_string)
                .collect()
        };
        for label in LABELS {
            assert_eq!(label_words(label), by_replacing(label), "{label}");
        }
    }

    #[test]
    fn numbered_words_are_as_alike_as_the_words() {
        for a in LABELS {
            for b in LABELS {
                let (la, lb) = (a.to_lowercase(), b.to_lowercase());
                let mut words = Vocabulary::default();
                let (wa, wb) = (words.numbers(&la), words.numbers(&lb));
                words.pair_alike();
                assert_eq!(
                    words.similarity(&wa, &wb, a, b),
                    similarity(a, b),
                    "{a} / {b}"
                );
            }
        }
        assert!(similarity("Libraries", "Library") < 100, "not a prefix");
        assert_eq!(
            similarity("Transp", "Transportation"),
            100,
            "an abbreviation"
        );
    }

    #[test]
    fn lines_match_one_to_one_best_first() {
        let later = vec![
            line("a1", "Adult Health & Social Care - Adults"),
            line("a2", "Highways"),
            line("a3", "Waste"),
        ];
        let earlier = vec![
            line("b1", "Highways and Transport"),
            line("b2", "Adult Social Care & Health - Adults"),
            line("b3", "Highways"),
        ];
        let m = match_lines(&later, &earlier, &Corrections::default());
        let pairs: Vec<(usize, usize, Sureness)> =
            m.iter().map(|m| (m.later, m.earlier, m.sureness)).collect();
        assert_eq!(
            pairs,
            vec![(0, 1, Sureness::Same), (1, 2, Sureness::Same)],
            "Highways takes the exact Highways, Waste matches nothing"
        );
    }

    #[test]
    fn the_members_corrections_win() {
        let later = vec![line("a1", "Highways"), line("a2", "Waste Management")];
        let earlier = vec![line("b1", "Highways"), line("b2", "Refuse collection")];
        let mut fixes = Corrections::default();
        fixes.split("a1", "b1");
        fixes.join("b2", "a2");
        let m = match_lines(&later, &earlier, &fixes);
        let pairs: Vec<(usize, usize, Sureness)> =
            m.iter().map(|m| (m.later, m.earlier, m.sureness)).collect();
        assert_eq!(pairs, vec![(1, 1, Sureness::Joined)]);
    }

    #[test]
    fn totals_match_totals_and_capital_matches_capital() {
        let mut total = line("a1", "Total");
        total.total_row = true;
        let mut capital = line("b1", "Highways");
        capital.capital = true;
        let m = match_lines(
            &[total, line("a2", "Highways")],
            &[line("b0", "Total"), capital],
            &Corrections::default(),
        );
        assert!(m.is_empty(), "{m:?}");
    }
}
