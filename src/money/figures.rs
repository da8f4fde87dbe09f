//! Figures in the prose: every money amount in a paragraph, exact, with
//! whether the sentence calls it an overspend, an underspend or something
//! else, what it is about and the period it covers.
//!
//! Direction is read from the words nearest the amount in its sentence,
//! and from a printed sign: "+£16.3m" is over, "-£0.9m" under, unless a
//! word such as "rephasing" or "savings" right beside it says otherwise.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{parse_number, to_pence, Unit};
use crate::parse::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Overspend,
    Underspend,
    Other,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Overspend => "overspend",
            Direction::Underspend => "underspend",
            Direction::Other => "other",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<Self> {
        Some(match s {
            "overspend" => Direction::Overspend,
            "underspend" => Direction::Underspend,
            "other" => Direction::Other,
            _ => return None,
        })
    }
}

/// A money amount in the prose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Figure {
    /// As printed: "+£16.3m", "£8.383million".
    pub text: String,
    /// Always positive; the direction carries the sense.
    pub amount_pence: i64,
    pub direction: Direction,
    /// The directorate or service it is about, where the sentence says.
    pub subject: Option<String>,
    /// "2023/24", "Quarter 2", where the sentence says.
    pub period: Option<String>,
    pub page: Option<u32>,
    /// The sentence it stands in, for citation.
    pub sentence: String,
    /// Where the amount is printed in its item's text (byte offsets); set
    /// by the parser, absent where a figure was read from loose text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// What a figure is, besides its direction: a variance, a movement since
/// the last report, re-phasing, a saving and its state, a pressure, a
/// budget, a reserve, a grant, a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Variance,
    Movement,
    Rephasing,
    SavingDelivered,
    SavingAtRisk,
    SavingNotDelivered,
    Saving,
    Pressure,
    Budget,
    Reserve,
    Grant,
    Total,
    Other,
}

impl FigureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Variance => "variance",
            Self::Movement => "movement",
            Self::Rephasing => "rephasing",
            Self::SavingDelivered => "saving_delivered",
            Self::SavingAtRisk => "saving_at_risk",
            Self::SavingNotDelivered => "saving_not_delivered",
            Self::Saving => "saving",
            Self::Pressure => "pressure",
            Self::Budget => "budget",
            Self::Reserve => "reserve",
            Self::Grant => "grant",
            Self::Total => "total",
            Self::Other => "other",
        }
    }

    /// Whether an over- or underspend makes sense for this kind: a
    /// variance or a pressure has one; a movement, re-phasing, a saving, a
    /// budget, a reserve or a grant does not.
    pub fn has_direction(self) -> bool {
        matches!(self, Self::Variance | Self::Pressure | Self::Other)
    }
}

static KINDS: LazyLock<Vec<(Regex, FigureKind)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(&format!(r"(?i)(?-u:\b)(?:{p})(?-u:\b)")).expect("valid regex");
    use FigureKind::*;
    vec![
        (
            r(
                r"savings?[^;]{0,40}(?:not (?:be )?(?:delivered|achieved)|undelivered|unachieved|shortfall)|(?:not (?:be )?(?:delivered|achieved)|undelivered|unachievable)[^;]{0,30}savings?",
            ),
            SavingNotDelivered,
        ),
        (
            r(
                r"savings?[^;]{0,40}(?:at risk|(?-u:\b)red(?-u:\b)|(?-u:\b)amber(?-u:\b))|(?:at risk)[^;]{0,30}savings?",
            ),
            SavingAtRisk,
        ),
        (
            r(
                r"savings?[^;]{0,30}(?:delivered|achieved|on track|(?-u:\b)green(?-u:\b))|(?:delivered|achieved)[^;]{0,20}savings?",
            ),
            SavingDelivered,
        ),
        (
            r(
                r"re-?\s?phas(?:ing|ed)|slippage|re-?profil(?:ing|ed)|carr(?:y|ied) forward|roll[\s-]forwards?",
            ),
            Rephasing,
        ),
        (
            r(
                r"movements?|since (?:the )?last (?:report|month|quarter)|change since|compared to (?:the )?last",
            ),
            Movement,
        ),
        (
            r(
                r"over[\s-]?spen(?:d|ds|ding|t)|under[\s-]?spen(?:d|ds|ding|t)|variances?|over[\s-]budget|under[\s-]budget|favourable|adverse",
            ),
            Variance,
        ),
        (r(r"pressures?"), Pressure),
        (r(r"savings?"), Saving),
        (r(r"reserves?|balances?|contingency"), Reserve),
        (
            r(r"grants?|funding|funded|contributions? from|allocation from"),
            Grant,
        ),
        (r(r"total(?:s|ling)?|in all|overall"), Total),
        (
            r(r"budgets?|allocations?|cash limit|estimates?|costs?"),
            Budget,
        ),
    ]
});

/// The nearest character boundary at or before byte `i` (clamped to `s`).
pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest character boundary at or after byte `i` (clamped to `s`).
pub(crate) fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl Figure {
    /// What the figure is, read from the words nearest it in its sentence
    /// (the nearest cue wins; the order above breaks ties).
    pub fn kind(&self) -> FigureKind {
        self.kind_and_distance().0
    }

    /// The kind and how far its cue stands from the amount, in bytes.
    fn kind_and_distance(&self) -> (FigureKind, usize) {
        let at = self.sentence.find(&self.text).unwrap_or(0);
        let end = at + self.text.len();
        let mut best: Option<(usize, usize, FigureKind)> = None;
        // A cue further than 60 bytes away is not counted, so only a window
        // around the amount is searched (long sentences stay linear).
        let lo = floor_boundary(&self.sentence, at.saturating_sub(160));
        let hi = ceil_boundary(&self.sentence, end + 160);
        for (rank, (re, kind)) in KINDS.iter().enumerate() {
            for m in re.find_iter(&self.sentence[lo..hi]) {
                let (start, stop) = (m.start() + lo, m.end() + lo);
                let d = if stop <= at {
                    at - stop
                } else if start >= end {
                    // A word after the amount speaks of it only within its
                    // clause: "£8.4m, after roll forwards" does not.
                    if self.sentence[end..start].contains([',', '(', ')', ';']) {
                        continue;
                    }
                    start - end
                } else {
                    0
                };
                if d > 60 {
                    continue;
                }
                if best.is_none_or(|(bd, br, _)| (d, rank) < (bd, br)) {
                    best = Some((d, rank, *kind));
                }
            }
        }
        best.map_or((FigureKind::Other, usize::MAX), |(d, _, k)| (k, d))
    }
}

/// Something that looked like money but could not be read as an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    pub text: String,
    pub reason: String,
}

pub(crate) static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<sign>[+\-−–])?£\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<unit>million|mn|bn|billion|m|M|k|K|thousand)(?-u:\b)|(?-u:\b))",
    )
    .expect("valid regex")
});

#[derive(Clone, Copy, PartialEq)]
enum Cue {
    Over,
    Under,
    Other,
}

static CUES: LazyLock<Vec<(Regex, Cue)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(&format!(r"(?i)(?-u:\b)(?:{p})(?-u:\b)")).expect("valid regex");
    vec![
        (
            r(r"over[\s-]?spen(?:d|ds|ding|t)|pressures?|adverse|over[\s-]budget|overrun"),
            Cue::Over,
        ),
        (
            r(r"under[\s-]?spen(?:d|ds|ding|t)|under[\s-]budget|favourable|surplus"),
            Cue::Under,
        ),
        (
            r(
                r"savings?|gaps?|grants?|reserves?|re-?\s?phas(?:ing|ed)|slippage|funding|income|targets?|increase[sd]?|reductions?|decrease[sd]?|challenge|additional|capital programme|borrowing|allocation",
            ),
            Cue::Other,
        ),
    ]
});

/// The second figure of a range with no £ of its own: "-10m" in "£8-10m".
static RANGE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-–](?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<unit>million|mn|bn|billion|m|M|k|K)(?-u:\b)|(?-u:\b))").expect("valid regex")
});

/// The amounts in a line as `find` prints them (a range's second figure
/// on its own), for finding the line a figure stands on.
pub fn printed_amounts(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for m in AMOUNT.find_iter(line) {
        match RANGE_TAIL.find(&line[m.end()..]) {
            Some(t) => {
                out.push(format!("{}{}", m.as_str().trim(), t.as_str().trim_end()));
                out.push(
                    t.as_str()
                        .trim()
                        .trim_start_matches(['-', '–'])
                        .trim()
                        .to_string(),
                );
            }
            None => out.push(m.as_str().trim().to_string()),
        }
    }
    out
}

/// An amount compared with the budget right after it.
static AGAINST_BUDGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\(\s*[\d.]+\s*%\s*\)\s*)?(?:(?P<lower>lower than|below|less than|under)|higher than|above|more than|over)\s+(?:the\s+)?(?:current\s+|approved\s+|revised\s+|working\s+|original\s+)?budget")
        .expect("valid regex")
});

static PERCENT_IN_BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\s*[\d.]+\s*%\s*\)").expect("valid regex"));

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(20\d\d[/-]\d\d(?:\d\d)?|Quarter \d|Q[1-4]|Month \d{1,2})(?-u:\b)")
        .expect("valid regex")
});

/// Words that may join a subject's capitalised words.
const CONNECTORS: [&str; 6] = ["and", "of", "for", "&", "the", "-"];

/// Figures in a paragraph of text, with doubts about amounts that are not.
pub fn find(paragraph: &str, page: Option<u32>) -> (Vec<Figure>, Vec<Doubt>) {
    let mut figures: Vec<Figure> = Vec::new();
    let mut doubts = Vec::new();
    for sentence in sentences(paragraph) {
        let mut previous: Option<Direction> = None;
        for c in AMOUNT.captures_iter(sentence) {
            let whole = c.get(0).expect("group 0");
            let printed = whole.as_str().trim().to_string();
            let unit_text = c.name("unit").map(|u| u.as_str());
            let num = &c["num"];
            // "£000" heads a column of thousands; it is a unit, not an amount.
            if num == "000" {
                continue;
            }
            let Some((mantissa, decimals)) = parse_number(num) else {
                continue;
            };
            let mut unit = unit_text.and_then(Unit::from_marker);
            // "£8-10m", "£54-72": a range whose second figure has no £ of
            // its own; the first takes the second's unit.
            let tail = if unit.is_none() {
                RANGE_TAIL.captures(&sentence[whole.end()..])
            } else {
                None
            };
            let tail_unit = tail
                .as_ref()
                .and_then(|t| t.name("unit"))
                .and_then(|u| Unit::from_marker(u.as_str()));
            if tail.is_some() {
                unit = tail_unit;
            }
            let printed = match &tail {
                Some(t) => format!(
                    "{printed}{}",
                    t.get(0).expect("group 0").as_str().trim_end()
                ),
                None => printed,
            };
            // "£93.3" with no unit: pounds and pence have two decimals; one
            // or three mean a unit was left off, and the amount is unknown.
            if unit.is_none() && decimals > 0 && decimals != 2 {
                doubts.push(Doubt {
                    text: printed,
                    reason: "an amount with no unit (£m? £k?) is not read as a figure".into(),
                });
                continue;
            }
            let Some(pence) = to_pence(mantissa.abs(), decimals, unit.unwrap_or(Unit::Pounds))
            else {
                continue;
            };
            if pence > 100_000_000_000 * 100 {
                doubts.push(Doubt {
                    text: printed,
                    reason: "an amount over £100bn is not a council's; the unit looks wrong".into(),
                });
                continue;
            }
            // "£2,808-£3,744" is a range, not a minus: a dash straight
            // after a figure joins two amounts.
            let sign = c.name("sign").filter(|m| {
                let before = sentence[..m.start()].chars().next_back();
                m.as_str() == "+" || !before.is_some_and(|b| b.is_alphanumeric())
            });
            let sign = sign.map(|s| s.as_str());
            let direction = direction(sentence, whole.start(), whole.end(), sign, previous);
            previous = Some(direction);
            let first_of_this = figures.len();
            // Where the printed amount stands in the paragraph: sentences
            // are slices of it.
            let at = sentence.as_ptr() as usize - paragraph.as_ptr() as usize;
            let lead = whole.as_str().len() - whole.as_str().trim_start().len();
            let span_end = match &tail {
                Some(t) => {
                    let t0 = t.get(0).expect("group 0");
                    whole.end() + t0.start() + t0.as_str().trim_end().len()
                }
                None => whole.start() + lead + whole.as_str().trim().len(),
            };
            let span = Some(Span {
                start: at + whole.start() + lead,
                end: at + span_end,
            });
            figures.push(Figure {
                text: printed,
                amount_pence: pence,
                direction,
                subject: subject(sentence, whole.start(), whole.end()),
                period: nearest_period(sentence, whole.start()),
                page,
                sentence: sentence.trim().to_string(),
                span,
            });
            if let Some(t) = &tail {
                let tail_text = t
                    .get(0)
                    .expect("group 0")
                    .as_str()
                    .trim()
                    .trim_start_matches(['-', '–'])
                    .trim()
                    .to_string();
                if let Some(p) = parse_number(&t["num"])
                    .and_then(|(m, d)| to_pence(m, d, tail_unit.unwrap_or(Unit::Pounds)))
                {
                    let mut second = figures.last().expect("just pushed").clone();
                    let t0 = t.get(0).expect("group 0");
                    let trimmed = t0.as_str().trim().trim_start_matches(['-', '–']).trim();
                    let off = whole.end() + t0.start() + t0.as_str().find(trimmed).unwrap_or(0);
                    second.span = Some(Span {
                        start: at + off,
                        end: at + off + trimmed.len(),
                    });
                    second.text = tail_text;
                    second.amount_pence = p;
                    figures.push(second);
                }
            }
            // Re-phasing, a movement, a saving, a reserve, a grant or a
            // budget is not an over- or underspend, whatever its sign.
            // Only where that word is closer than any word of over- or
            // underspending ("Corporately Held Budgets (+£2.3m)" keeps its sign).
            if let Some(f) = figures.last_mut() {
                let (kind, d) = f.kind_and_distance();
                use FigureKind::*;
                let timing_or_saving = matches!(
                    kind,
                    Rephasing
                        | Movement
                        | SavingDelivered
                        | SavingAtRisk
                        | SavingNotDelivered
                        | Saving
                        | Reserve
                );
                let spend_cue = nearest_cue(sentence, whole.start(), whole.end())
                    .filter(|(c, _)| *c != Cue::Other)
                    .map_or(usize::MAX, |(_, d)| d);
                let carried = sentence[..whole.start()].trim_end().ends_with(" to");
                if timing_or_saving && d <= 30 && d < spend_cue && !carried {
                    f.direction = Direction::Other;
                    previous = Some(Direction::Other);
                }
            }
            // What is kept of a long sentence is the words around the
            // amount: a run of amounts with no full stop would otherwise
            // store its whole piece once per amount.
            if sentence.len() > MAX_CONTEXT {
                let around = context(sentence, whole.start(), whole.end());
                for f in &mut figures[first_of_this..] {
                    f.sentence = around.clone();
                }
            }
        }
    }
    (figures, doubts)
}

/// The most of its sentence a figure keeps, in bytes.
const MAX_CONTEXT: usize = 600;

/// The words within about `MAX_CONTEXT / 2` bytes either side of an amount,
/// cut at spaces. Every cue a figure's kind or direction is read from lies
/// closer than that.
fn context(sentence: &str, start: usize, end: usize) -> String {
    let half = MAX_CONTEXT / 2;
    let mut from = floor_boundary(sentence, start.saturating_sub(half));
    let mut to = ceil_boundary(sentence, end + half);
    if from > 0 {
        from = sentence[from..start]
            .find(' ')
            .map_or(from, |i| from + i + 1);
    }
    if to < sentence.len() {
        to = sentence[end..to].rfind(' ').map_or(to, |i| end + i);
    }
    sentence[from..to].trim().to_string()
}

/// Splits a paragraph into sentences at ". ", "? ", "! " and "; " followed
/// by a capital or a digit: decimal points and "£8.3m." stay put.
pub(crate) fn sentences(p: &str) -> Vec<&str> {
    let bytes = p.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..bytes.len().saturating_sub(2) {
        if matches!(bytes[i], b'.' | b'?' | b'!' | b';') && bytes[i + 1] == b' ' {
            let next = p[i + 2..].chars().next().unwrap_or(' ');
            if next.is_uppercase() || next.is_ascii_digit() || next == '£' || next == '(' {
                out.push(&p[start..=i]);
                start = i + 2;
            }
        }
    }
    out.push(&p[start..]);
    out.into_iter().flat_map(bounded).collect()
}

/// The longest sentence read as one, in bytes. Council prose has none
/// longer; text with no full stops (a list of amounts, a run-on line) is
/// cut into pieces of this size at a line break or space, so the work per
/// figure and the sentence stored with it stay bounded and reading stays
/// linear in the paragraph.
const MAX_SENTENCE: usize = 1_200;

fn bounded(mut s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    while s.len() > MAX_SENTENCE {
        let cut = floor_boundary(s, MAX_SENTENCE);
        let head = &s[..cut];
        // Prefer a line break, then a space, in the last half of the piece.
        let at = head
            .rfind('\n')
            .or_else(|| head.rfind(' '))
            .filter(|&i| i > MAX_SENTENCE / 2)
            .map_or(cut, |i| i + 1);
        out.push(&s[..at]);
        s = &s[at..];
    }
    out.push(s);
    out
}

fn direction(
    sentence: &str,
    start: usize,
    end: usize,
    sign: Option<&str>,
    previous: Option<Direction>,
) -> Direction {
    // "increasing to £5.479m", "from £7.5m to £4.76m": the same quantity again.
    let before = &sentence[..start];
    if let Some(prev) = previous {
        if before.trim_end().ends_with(" to") {
            return prev;
        }
    }
    // "£8.0m (4%) lower than the current budget", "£12m below budget".
    if let Some(m) = AGAINST_BUDGET.captures(&sentence[end..]) {
        let lower = m.name("lower").is_some();
        if lower {
            return Direction::Underspend;
        }
        if !sentence.to_lowercase().contains("income") {
            return Direction::Overspend;
        }
    }
    let nearest = nearest_cue(sentence, start, end);
    let as_direction = |cue: Cue| match cue {
        Cue::Over => Direction::Overspend,
        Cue::Under => Direction::Underspend,
        Cue::Other => Direction::Other,
    };
    match sign {
        Some(s) => {
            let signed = if s == "+" {
                Direction::Overspend
            } else {
                Direction::Underspend
            };
            match nearest {
                // "rephasing variance of -£63.1m" is a timing change, not an underspend.
                Some((cue, distance)) if distance <= 25 => as_direction(cue),
                _ => signed,
            }
        }
        None => nearest.map_or(Direction::Other, |(cue, _)| as_direction(cue)),
    }
}

/// The closest cue word: up to 80 characters before the amount or 40 after.
fn nearest_cue(sentence: &str, start: usize, end: usize) -> Option<(Cue, usize)> {
    let mut best: Option<(Cue, usize)> = None;
    for (re, cue) in CUES.iter() {
        for m in re.find_iter(sentence) {
            let distance = if m.end() <= start {
                let d = start - m.end();
                if d > 80 {
                    continue;
                }
                d
            } else if m.start() >= end {
                let d = m.start() - end;
                if d > 40 {
                    continue;
                }
                d
            } else {
                continue;
            };
            // Another amount between the cue and this one claims the cue.
            let between = if m.end() <= start {
                &sentence[m.end()..start]
            } else {
                &sentence[end..m.start()]
            };
            // Nor does a cue across a bracket speak of this amount:
            // "variance of -£63.1m (a net underspend of £55.4m)".
            // A percentage in brackets ("£2.0m (11%) underspend") is the
            // amount's own, not a bracket between.
            let between = PERCENT_IN_BRACKETS.replace_all(between, "");
            if AMOUNT.is_match(&between) || between.contains('(') || between.contains(')') {
                continue;
            }
            if best.is_none_or(|(_, d)| distance < d) {
                best = Some((*cue, distance));
            }
        }
    }
    best
}

fn nearest_period(sentence: &str, at: usize) -> Option<String> {
    PERIOD
        .find_iter(sentence)
        .min_by_key(|m| {
            if m.start() >= at {
                m.start() - at
            } else {
                at - m.end()
            }
        })
        .map(|m| m.as_str().to_string())
}

/// "Adult Social Care & Health (+£16.5m)" or "£2.8m on Early Help".
fn subject(sentence: &str, start: usize, end: usize) -> Option<String> {
    let before = &sentence[..start];
    if let Some(open) = before.strip_suffix('(') {
        // Back to the previous "), " or " in " or the sentence start.
        let from = ["), ", " in ", ": "]
            .iter()
            .filter_map(|d| open.rfind(d).map(|i| i + d.len()))
            .max()
            .unwrap_or(0);
        let s = open[from..].trim().trim_start_matches("and ").trim();
        if s.starts_with(char::is_uppercase) && s.len() <= 80 {
            return Some(s.to_string());
        }
    }
    let after = &sentence[end..];
    for lead in [" on ", " in ", " for ", " within "] {
        if let Some(pos) = after.find(lead).filter(|p| *p < 30) {
            let run = capitalised_run(&after[pos + lead.len()..]);
            if !run.is_empty() {
                return Some(run);
            }
        }
    }
    None
}

fn capitalised_run(s: &str) -> String {
    let mut words = Vec::new();
    for w in s.split_whitespace() {
        let clean = w.trim_end_matches([',', '.', ';', ':', ')']);
        let capital = clean.starts_with(char::is_uppercase);
        if capital || (!words.is_empty() && CONNECTORS.contains(&clean)) {
            words.push(clean);
            if clean.len() != w.len() {
                break; // punctuation ends the name
            }
        } else {
            break;
        }
    }
    while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Figure {
        let (f, _) = find(text, None);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f[0].clone()
    }

    #[test]
    fn money_styles_read_to_exact_pence() {
        for (text, pence) in [
            ("a cost of £60.9 million.", 6_090_000_000),
            ("forecast at £8.383million, after", 838_300_000),
            ("was £16,000 under budget", 1_600_000),
            ("£107k of income", 10_700_000),
            ("£1.6M pressure", 160_000_000),
            ("£2,513k to fund", 251_300_000),
            ("paid £3,035,699 in grants", 303_569_900),
            ("£12.50 per hour", 1_250),
        ] {
            assert_eq!(one(text).amount_pence, pence, "{text}");
        }
    }

    #[test]
    fn an_amount_without_its_unit_is_a_doubt_not_a_figure() {
        let (f, d) = find("indicated a £93.3 in year saving to be delivered.", None);
        assert!(f.is_empty());
        assert_eq!(d[0].text, "£93.3");
    }

    #[test]
    fn directions_from_words_and_signs() {
        let (f, _) = find(
            "Overspends were being reported in Adult Social Care & Health (+£16.5m), Children, Young People & Education (+£0.1m) and Corporately Held Budgets (+£2.3m). \
             Underspends were being reported in Non Attributable Costs (-£7.1m). \
             The position indicated a real overspend of £7.7m and a rephasing variance of -£63.1m (a net underspend of £55.4m).",
            Some(4),
        );
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.amount_pence / 100, f.direction))
            .collect();
        use Direction::*;
        assert_eq!(
            got,
            [
                (16_500_000, Overspend),
                (100_000, Overspend),
                (2_300_000, Overspend),
                (7_100_000, Underspend),
                (7_700_000, Overspend),
                (63_100_000, Other),
                (55_400_000, Underspend),
            ]
        );
        assert_eq!(
            f[1].subject.as_deref(),
            Some("Children, Young People & Education")
        );
        assert_eq!(f[0].subject.as_deref(), Some("Adult Social Care & Health"));
        assert_eq!(f[0].page, Some(4));
    }

    #[test]
    fn kinds_from_the_words_around() {
        use FigureKind::*;
        for (text, kind) in [
            (
                "The capital programme shows re-phasing of £63.1m into next year.",
                Rephasing,
            ),
            (
                "The forecast moved by £1.2m since the last report.",
                Movement,
            ),
            ("Savings of £2.1m are at risk this year.", SavingAtRisk),
            (
                "Savings of £0.8m will not be delivered this year.",
                SavingNotDelivered,
            ),
            ("Savings of £4.0m have been delivered.", SavingDelivered),
            ("A contribution of £3m to reserves is planned.", Reserve),
            ("There is a forecast overspend of £7.7m.", Variance),
            ("The council received a grant of £1.5m.", Grant),
            ("The approved budget is £938.7m.", Budget),
        ] {
            assert_eq!(one(text).kind(), kind, "{text}");
        }
        assert!(!Rephasing.has_direction() && Variance.has_direction());
    }

    #[test]
    fn a_range_is_two_amounts_in_the_unit_of_the_second() {
        let (f, _) = find(
            "A levy could raise around £8-10m per year, or £54-72 per week per space.",
            None,
        );
        let got: Vec<(&str, i64)> = f
            .iter()
            .map(|f| (f.text.as_str(), f.amount_pence))
            .collect();
        assert_eq!(
            got,
            [
                ("£8-10m", 800_000_000),
                ("10m", 1_000_000_000),
                ("£54-72", 5_400),
                ("72", 7_200)
            ]
        );
        assert_eq!(printed_amounts("around £8-10m per year"), ["£8-10m", "10m"]);
    }

    #[test]
    fn ranges_and_comparisons_with_the_budget() {
        let (f, _) = find("Season tickets range from £2,808-£3,744 a year.", None);
        assert!(
            f.iter().all(|f| f.direction == Direction::Other),
            "a range is not a minus: {f:?}"
        );
        assert_eq!(
            one("Spend was £12m below budget.").direction,
            Direction::Underspend
        );
        assert_eq!(
            one("Spend was £8.0m (4%) lower than the current budget.").direction,
            Direction::Underspend
        );
        assert_eq!(
            one("There was a £2.0m (11%) underspend within Corporate.").direction,
            Direction::Underspend
        );
        assert_eq!(
            one("Capital slippage of -£4.5m is moved into 2026-27.").direction,
            Direction::Other,
            "slippage is timing, not an underspend"
        );
        assert_eq!(
            one("The position improved by -£1.1m since the last report.").direction,
            Direction::Other,
            "a movement is not an underspend"
        );
        assert_eq!(
            one("The budget includes a contribution to reserves of £3.0m.").direction,
            Direction::Other,
            "a contribution to reserves is not an overspend"
        );
    }

    #[test]
    fn nearest_words_win() {
        use Direction::*;
        let (f, _) = find("Mr Oakford said there was a projected revenue overspend of £60.9 million, an increase of £10.3 million since the last report.", None);
        assert_eq!(
            f.iter().map(|f| f.direction).collect::<Vec<_>>(),
            [Overspend, Other]
        );
        let (f, _) = find("The forecast revenue pressure of £3.865m (after adjustments), increasing to £5.479m including roll forwards, is encouraging.", None);
        assert_eq!(
            f.iter().map(|f| f.direction).collect::<Vec<_>>(),
            [Overspend, Overspend],
            "'increasing to' carries the pressure on"
        );
        assert_eq!(
            one("There remained a £26m gap in the 2023/24 financial year.").direction,
            Other
        );
        assert_eq!(
            one("There remained a £26m gap in the 2023/24 financial year.")
                .period
                .as_deref(),
            Some("2023/24")
        );
        assert_eq!(
            one("Economic Development was £16,000 under budget.").direction,
            Underspend
        );
        let f = one("There is a forecast underspend of -£2.8m on Early Help & Prevention for Children and Families.");
        assert_eq!(
            (f.direction, f.subject.as_deref()),
            (
                Underspend,
                Some("Early Help & Prevention for Children and Families")
            )
        );
    }
}
