//! Following a budget line across successive reports of one council, even
//! when its label drifts ("Adult Social Care & Health - Adults" becomes
//! "Adult Health & Social Care - Adults"): lines are matched by the words
//! of their labels, one to one, best match first, and each match says how
//! sure it is. The member's corrections (join two lines, split a wrong
//! match) override the words.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::LineFacts;

/// Words that say nothing about which line a label is.
const FILLER: &[&str] = &[
    "and", "the", "of", "for", "to", "in", "on", "a", "an", "services", "service",
];

/// A label's words, lower case, "&" read as "and", filler dropped, in
/// order of first appearance.
pub fn label_words(label: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    label
        .to_lowercase()
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .filter(|w| seen.insert(w.to_string()))
        .map(str::to_string)
        .collect()
}

/// The label as one key: its words sorted, so word order does not count.
pub fn normalised(label: &str) -> String {
    let mut w = label_words(label);
    w.sort();
    w.join(" ")
}

/// How alike two labels are, 0 to 100: the share of words they have in
/// common (Jaccard), with a word counted as shared when one is the
/// other's plural or an abbreviation of at least four letters.
pub fn similarity(a: &str, b: &str) -> u8 {
    words_similarity(&label_words(a), &label_words(b), a, b)
}

/// `similarity` over words already split (`label_words`).
fn words_similarity(wa: &[String], wb: &[String], a: &str, b: &str) -> u8 {
    if wa.is_empty() || wb.is_empty() {
        return u8::from(a.trim().eq_ignore_ascii_case(b.trim())) * 100;
    }
    let alike = |x: &str, y: &str| {
        x == y || (x.len().min(y.len()) >= 4 && (x.starts_with(y) || y.starts_with(x)))
    };
    let shared = wa.iter().filter(|x| wb.iter().any(|y| alike(x, y))).count();
    let union = wa.len() + wb.len() - shared;
    (shared * 100 / union.max(1)) as u8
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

    fn is_joined(&self, a: &str, b: &str) -> bool {
        !self.joined.is_empty() && self.joined.contains(&Self::pair(a, b))
    }

    fn is_split(&self, a: &str, b: &str) -> bool {
        !self.split.is_empty() && self.split.contains(&Self::pair(a, b))
    }
}

/// Matches the lines of a later report to those of an earlier one, one
/// to one: joins first, then the most alike pairs. A total matches only a
/// total, a capital line only a capital line.
pub fn match_lines(later: &[LineFacts], earlier: &[LineFacts], fixes: &Corrections) -> Vec<Match> {
    let mut candidates: Vec<Match> = Vec::new();
    // Each label split into words once; the earlier lines indexed by word
    // so only lines sharing a word are compared.
    let words_a: Vec<Vec<String>> = later.iter().map(|l| label_words(&l.label)).collect();
    let words_b: Vec<Vec<String>> = earlier.iter().map(|l| label_words(&l.label)).collect();
    let sections = |l: &LineFacts| l.section.as_deref().map(label_words);
    let (sec_a, sec_b): (Vec<_>, Vec<_>) = (
        later.iter().map(sections).collect(),
        earlier.iter().map(sections).collect(),
    );
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, w) in words_b.iter().enumerate() {
        for w in w {
            by_word.entry(w.as_str()).or_default().push(j);
        }
    }
    for (i, a) in later.iter().enumerate() {
        let mut seen = HashSet::new();
        for (j, b) in earlier.iter().enumerate() {
            if fixes.is_joined(&a.key, &b.key) {
                candidates.push(Match {
                    later: i,
                    earlier: j,
                    score: 101,
                    sureness: Sureness::Joined,
                });
                seen.insert(j);
            }
        }
        for w in &words_a[i] {
            for &j in by_word.get(w.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                if !seen.insert(j) {
                    continue;
                }
                let b = &earlier[j];
                if a.total_row != b.total_row
                    || a.capital != b.capital
                    || fixes.is_split(&a.key, &b.key)
                {
                    continue;
                }
                let mut score = words_similarity(&words_a[i], &words_b[j], &a.label, &b.label);
                // Same words under a different heading: less sure.
                if let (Some(x), Some(y), Some(sx), Some(sy)) =
                    (&sec_a[i], &sec_b[j], &a.section, &b.section)
                {
                    if words_similarity(x, y, sx, sy) < MATCH_AT {
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
    // Best first; ties go to lines printed in the same place in their table.
    candidates.sort_by_key(|m| {
        (
            std::cmp::Reverse(m.score),
            later[m.later]
                .position
                .abs_diff(earlier[m.earlier].position),
            m.later,
            m.earlier,
        )
    });
    let (mut used_a, mut used_b) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for m in candidates {
        if !used_a.contains(&m.later) && !used_b.contains(&m.earlier) {
            used_a.insert(m.later);
            used_b.insert(m.earlier);
            out.push(m);
        }
    }
    out.sort_by_key(|m| m.later);
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
