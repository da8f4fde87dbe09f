//! The rules, each a small function from a line or a figure (and what the
//! library holds of its past) to a flag. `evaluate` runs them all over one
//! report and groups line flags under the flagged totals they add into.

use std::fmt::{self, Write};
use std::sync::LazyLock;

use regex::Regex;

use super::tracking::{self, Corrections, Sureness};
use super::{
    basis_points, Evidence, FigureFacts, Flag, LineFacts, Report, Rule, Said, SaidPercent,
    Severity, Thresholds,
};
use crate::money::figures::{Direction, FigureKind};
use crate::money::tables::{BudgetLine, BudgetTable, Value};
use crate::money::{totals, Unit};

/// What the library holds of a line's past.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinePast {
    /// The same line in the report before, how sure the match is, and
    /// that report's date.
    pub previous: Option<(LineFacts, Sureness, String)>,
    /// The dates of the successive earlier reports in which the line was
    /// overspent, most recent first (stops at the first report where it
    /// was not).
    pub overspent_in: Vec<String>,
}

/// Each line's past, from the earlier reports of the same council (most
/// recent first): the line matched report to report, as far back as the
/// chain of matches goes.
pub fn past_of(current: &Report, earlier: &[Report], fixes: &Corrections) -> Vec<LinePast> {
    past_of_cached(current, earlier, fixes, &mut MatchCache::new())
}

/// Matches between two reports, by their meetings: re-evaluating a whole
/// library walks the same pair of successive reports from every later
/// report, and matches each pair once.
pub type MatchCache = std::collections::HashMap<
    (Option<crate::ids::MeetingId>, Option<crate::ids::MeetingId>),
    Vec<Option<(usize, Sureness)>>,
>;

/// `past_of`, keeping the matches of each pair of reports in `cache`.
pub fn past_of_cached(
    current: &Report,
    earlier: &[Report],
    fixes: &Corrections,
    cache: &mut MatchCache,
) -> Vec<LinePast> {
    let mut past = vec![LinePast::default(); current.lines.len()];
    // `at[i]`: where line i of the current report stands in the report
    // being walked, while the chain holds.
    let mut at: Vec<Option<usize>> = (0..current.lines.len()).map(Some).collect();
    let mut still_over: Vec<bool> = current
        .lines
        .iter()
        .map(|l| l.real_variance().is_some_and(|(v, _)| v > 0))
        .collect();
    let mut later = current;
    for (depth, report) in earlier.iter().enumerate() {
        // Reports without a meeting (tests) are never cached.
        let key = (later.meeting_id, report.meeting_id);
        let uncached;
        let map = if key.0.is_some() && key.1.is_some() {
            cache
                .entry(key)
                .or_insert_with(|| matches(later, report, fixes))
        } else {
            uncached = matches(later, report, fixes);
            &uncached
        };
        for i in 0..past.len() {
            let Some(here) = at[i] else { continue };
            let Some((there, sure)) = map[here] else {
                at[i] = None;
                continue;
            };
            let line = &report.lines[there];
            if depth == 0 {
                past[i].previous = Some((line.clone(), sure, report.date.clone()));
            }
            if still_over[i] && line.real_variance().is_some_and(|(v, _)| v > 0) {
                past[i].overspent_in.push(report.date.clone());
            } else {
                still_over[i] = false;
            }
            at[i] = Some(there);
        }
        if at.iter().all(Option::is_none) {
            break;
        }
        later = report;
    }
    past
}

/// Where each line of `later` stands in `earlier`, and how sure that is.
fn matches(
    later: &Report,
    earlier: &Report,
    fixes: &Corrections,
) -> Vec<Option<(usize, Sureness)>> {
    let mut map = vec![None; later.lines.len()];
    for m in tracking::match_lines(&later.lines, &earlier.lines, fixes) {
        map[m.later] = Some((m.earlier, m.sureness));
    }
    map
}

/// Every flag the rules raise on one report, line flags grouped under the
/// flagged totals they add into. `past` is `past_of(report, ...)`, or
/// empty where the library holds no earlier report.
pub fn evaluate(report: &Report, past: &[LinePast], t: &Thresholds) -> Vec<Flag> {
    evaluate_with_totals(report, past, &total_gaps(&report.lines), t)
}

/// `evaluate` with the report's `total_gaps` worked out beforehand, as
/// its `past` is: neither depends on a threshold, so a changed threshold
/// need not follow lines back or re-add tables again.
pub fn evaluate_with_totals(
    report: &Report,
    past: &[LinePast],
    gaps: &[TotalGap],
    t: &Thresholds,
) -> Vec<Flag> {
    let none = LinePast::default();
    // Most lines raise a flag or two at the usual thresholds.
    let mut flags = Vec::with_capacity(report.lines.len());
    for (i, line) in report.lines.iter().enumerate() {
        let p = past.get(i).unwrap_or(&none);
        flags.extend(variance(line, t));
        flags.extend(underspend(line, t));
        flags.extend(movement(line, p, t));
        flags.extend(persistent(line, p, t));
        flags.extend(rephasing_line(line, t));
    }
    flags.extend(gap_flags(&report.lines, gaps, t));
    for f in &report.figures {
        flags.extend(savings(f, t));
        flags.extend(reserves(f, t));
        flags.extend(rephasing_prose(f, t));
        flags.extend(prose_against_table(f, &report.lines, t));
    }
    // The same amount in the same sentence printed twice (a summary and
    // its detail) is one flag.
    let mut seen = std::collections::HashSet::new();
    flags.retain(|f| {
        f.evidence.quote.is_none()
            || seen.insert((
                f.rule,
                f.evidence.item_id,
                f.evidence.quote.clone(),
                f.amount_pence,
            ))
    });
    group_under_totals(&mut flags, &report.lines);
    flags
}

/// Where a line's numbers are printed.
pub fn line_evidence(l: &LineFacts) -> Evidence {
    Evidence {
        meeting_id: l.meeting_id,
        item_id: l.item_id,
        table_id: Some(l.table_id),
        table: l.caption.clone(),
        line: Some(l.label.clone()),
        quote: None,
        page: l.page,
    }
}

/// Where a figure's sentence is printed.
pub fn figure_evidence(f: &FigureFacts) -> Evidence {
    Evidence {
        meeting_id: f.meeting_id,
        item_id: f.item_id,
        table_id: None,
        table: None,
        line: None,
        quote: Some(f.sentence.clone()),
        page: f.page,
    }
}

fn line_flag(rule: Rule, l: &LineFacts, severity: Severity, amount: i64, reason: String) -> Flag {
    Flag {
        key: [rule.as_str(), "|", &l.key].concat(),
        target: l.key.clone(),
        rule,
        severity,
        reason,
        amount_pence: amount,
        evidence: line_evidence(l),
        total: l.total_row,
        under: None,
        worth_asking: rule == Rule::LargeUnderspend,
        dismissed: None,
        hand: None,
    }
}

fn figure_flag(rule: Rule, f: &FigureFacts, severity: Severity, reason: String) -> Flag {
    Flag {
        key: [rule.as_str(), "|", &f.key].concat(),
        target: f.key.clone(),
        rule,
        severity,
        reason,
        amount_pence: f.amount_pence,
        evidence: figure_evidence(f),
        total: false,
        under: None,
        worth_asking: false,
        dismissed: None,
        hand: None,
    }
}

/// A flag's reason, written into one string sized for a sentence: the
/// rules write one for every flag raised, and `format!` would grow each
/// string piece by piece.
fn sentence(words: fmt::Arguments<'_>) -> String {
    let mut s = String::with_capacity(160);
    s.write_fmt(words)
        .expect("writing to a String fails only if a Display impl does, and ours never do");
    s
}

/// Words worked out as the sentence around them is written (`sentence`),
/// not into a string of their own.
struct Words<F>(F);

fn words<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(write: F) -> Words<F> {
    Words(write)
}

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Words<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

fn label(l: &LineFacts) -> &str {
    l.label.trim()
}

/// A forecast overspend of at least £X, or at least Y% of its budget.
pub fn variance(l: &LineFacts, t: &Thresholds) -> Option<Flag> {
    let (real, rephased) = l.real_variance()?;
    if real <= 0 {
        return None;
    }
    let budget = l.budget().map(|b| b.pence).filter(|b| *b > 0);
    let share = budget.and_then(|b| basis_points(real, b));
    let by_amount = real >= t.variance_pence;
    let by_share = share.is_some_and(|s| s >= t.variance_basis_points);
    // The label's words last: most lines are under both thresholds.
    if (!by_amount && !by_share) || is_rephasing_line(l) {
        return None;
    }
    let against = words(|f| match (budget, share) {
        (Some(b), Some(s)) => write!(
            f,
            " against a budget of {} ({})",
            Said(b, false),
            SaidPercent(s)
        ),
        _ => f.write_str(" (% n/a: no budget printed)"),
    });
    let rephasing = words(|f| match rephased {
        Some(r) => write!(f, ", after taking out {} of re-phasing", Said(r, false)),
        None => Ok(()),
    });
    let reason = sentence(format_args!(
        "{}: forecast overspend {}{against}{rephasing}; threshold {} or {}",
        label(l),
        Said(real, true),
        Said(t.variance_pence, false),
        SaidPercent(t.variance_basis_points)
    ));
    // Over the percentage only (a small line): low.
    let severity = if by_amount {
        Severity::of(real, t.variance_pence)
    } else {
        Severity::Low
    };
    Some(line_flag(
        Rule::VarianceOverThreshold,
        l,
        severity,
        real,
        reason,
    ))
}

static ROLLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)re-?\s?phas|slippage|roll(?:ed)?[\s-]forwards?|carr(?:y|ied)[\s-]forwards?")
        .expect("valid regex")
});

/// A line that is itself money moved between years ("- re-phased",
/// "Roll forward requirements"): neither an over- nor an underspend.
fn is_rephasing_line(l: &LineFacts) -> bool {
    ROLLED.is_match(&l.label)
}

/// A large underspend: members ask why money was not spent.
pub fn underspend(l: &LineFacts, t: &Thresholds) -> Option<Flag> {
    let (real, _) = l.real_variance()?;
    if real >= 0 || -real < t.underspend_pence.max(1) || is_rephasing_line(l) {
        return None;
    }
    let reason = sentence(format_args!(
        "{}: forecast underspend {}; worth asking why the money is not being spent (threshold {})",
        label(l),
        Said(-real, false),
        Said(t.underspend_pence, false)
    ));
    Some(line_flag(
        Rule::LargeUnderspend,
        l,
        Severity::of(real, t.underspend_pence),
        -real,
        reason,
    ))
}

/// The variance worsened since the last report: from the paper's own
/// movement or last-reported column, else from the same line in the
/// library's previous report of the council.
pub fn movement(l: &LineFacts, p: &LinePast, t: &Thresholds) -> Option<Flag> {
    let (now, _) = l.real_variance()?;
    // The paper's own movement, else the variance then (with how sure the
    // match is and the report's date) from the library.
    let (change, then) = match l.printed_movement() {
        Some(m) => (m, None),
        None => {
            let (prev, sure, date) = p.previous.as_ref()?;
            let (then, _) = prev.real_variance()?;
            (now - then, Some((then, *sure, date)))
        }
    };
    if change < t.movement_pence.max(1) {
        return None;
    }
    // Put in words only now: most lines have not worsened that much.
    let how = words(|f| match then {
        None => f.write_str("as the report's own movement column shows"),
        Some((then, sure, date)) => {
            let guess = if sure == Sureness::Possible {
                "; the lines were matched by some of their words"
            } else {
                ""
            };
            write!(
                f,
                "from {} in the report of {date} to {}{guess}",
                Said(then, true),
                Said(now, true)
            )
        }
    });
    let reason = sentence(format_args!(
        "{}: variance worsened by {} since the last report, {how}; threshold {}",
        label(l),
        Said(change, false),
        Said(t.movement_pence, false)
    ));
    Some(line_flag(
        Rule::AdverseMovement,
        l,
        Severity::of(change, t.movement_pence),
        change,
        reason,
    ))
}

/// Overspent now and in the report before (and maybe more).
pub fn persistent(l: &LineFacts, p: &LinePast, t: &Thresholds) -> Option<Flag> {
    let (now, _) = l.real_variance()?;
    if now <= 0 || p.overspent_in.is_empty() {
        return None;
    }
    let reports = p.overspent_in.len() + 1;
    let dates = words(|f| {
        for (i, date) in p.overspent_in.iter().enumerate() {
            f.write_str(if i == 0 { "" } else { ", " })?;
            f.write_str(date)?;
        }
        Ok(())
    });
    let reason = sentence(format_args!(
        "{}: overspent in {reports} successive reports (this one and {dates}), now {}",
        label(l),
        Said(now, true)
    ));
    let severity = Severity::of(now, t.variance_pence).min(if reports >= 3 {
        Severity::Medium
    } else {
        Severity::Low
    });
    Some(line_flag(
        Rule::PersistentOverspend,
        l,
        severity,
        now,
        reason,
    ))
}

/// Capital re-phased or slipped into later years, over the threshold.
pub fn rephasing_line(l: &LineFacts, t: &Thresholds) -> Option<Flag> {
    let r = l.rephasing()?.pence.abs();
    if r < t.rephasing_pence.max(1) {
        return None;
    }
    let reason = sentence(format_args!(
        "{}: {} of capital re-phased or slipped to later years; threshold {}",
        label(l),
        Said(r, false),
        Said(t.rephasing_pence, false)
    ));
    Some(line_flag(
        Rule::Rephasing,
        l,
        Severity::of(r, t.rephasing_pence),
        r,
        reason,
    ))
}

fn quote(sentence: &str) -> String {
    let s = sentence.trim();
    if s.chars().count() <= 160 {
        return format!("\u{201c}{s}\u{201d}");
    }
    let cut: String = s.chars().take(157).collect();
    format!("\u{201c}{}...\u{201d}", cut.trim_end())
}

/// Savings the report says slipped, are undeliverable, at risk or red.
pub fn savings(f: &FigureFacts, t: &Thresholds) -> Option<Flag> {
    let state = match f.kind {
        FigureKind::SavingAtRisk => "at risk",
        FigureKind::SavingNotDelivered => "not delivered",
        _ => return None,
    };
    let reason = sentence(format_args!(
        "Savings {state}: {} ({}, page {})",
        f.text,
        quote(&f.sentence),
        page(f.page)
    ));
    Some(figure_flag(
        Rule::SavingsAtRisk,
        f,
        Severity::of(f.amount_pence, t.variance_pence),
        reason,
    ))
}

fn page(p: Option<u32>) -> String {
    p.map_or_else(|| "page not known".to_string(), |p| p.to_string())
}

static DRAWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:draw(?:n|ing)?(?:\s+down)?|drawdown|use\s+of|using|used|call(?:ed)?\s+on|(?:funded|met|financed|transfer(?:red)?)\s+from)\b")
        .expect("valid regex")
});
static PAID_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:contributions?\s+to|replenish\w*|top(?:ping)?[\s-]?up|transfer(?:red|s)?\s+to|add(?:ed|ing)?\s+to)\b").expect("valid regex")
});
static OVERSPEND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:over[\s-]?spen[dt]\w*|pressures?|deficits?|shortfalls?|gap)\b")
        .expect("valid regex")
});

/// The words around an amount in its sentence (80 bytes each side).
fn around(f: &FigureFacts) -> &str {
    let s = &f.sentence;
    let at = s.find(&f.text).unwrap_or(0);
    let lo = crate::money::figures::floor_boundary(s, at.saturating_sub(80));
    let hi = crate::money::figures::ceil_boundary(s, at + f.text.len() + 80);
    &s[lo..hi]
}

/// Reserves drawn to cover an overspend, as the prose says: a drawing
/// word beside the amount and an overspend, pressure or gap in the
/// sentence; money paid into reserves is not a draw.
pub fn reserves(f: &FigureFacts, t: &Thresholds) -> Option<Flag> {
    let near = around(f);
    if f.kind != FigureKind::Reserve
        || !DRAWN.is_match(near)
        || PAID_IN.is_match(near)
        || !OVERSPEND.is_match(&f.sentence)
    {
        return None;
    }
    let reason = sentence(format_args!(
        "Reserves used to cover an overspend: {} ({}, page {})",
        f.text,
        quote(&f.sentence),
        page(f.page)
    ));
    Some(figure_flag(
        Rule::ReservesCover,
        f,
        Severity::of(f.amount_pence, t.variance_pence),
        reason,
    ))
}

static SLIPPED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)re-?\s?phas|slippage|slipped").expect("valid regex"));
static SAVING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bsavings?\b").expect("valid regex"));

/// Re-phasing or slippage the prose reports over the threshold.
pub fn rephasing_prose(f: &FigureFacts, t: &Thresholds) -> Option<Flag> {
    // Re-phasing said in so many words, of spend, not of savings (savings
    // that slip are the savings rule's) nor a roll forward of revenue.
    let near = around(f);
    if f.kind != FigureKind::Rephasing
        || f.amount_pence < t.rephasing_pence.max(1)
        || !SLIPPED.is_match(near)
        || SAVING.is_match(near)
    {
        return None;
    }
    let reason = sentence(format_args!(
        "Capital re-phasing or slippage of {} ({}, page {})",
        f.text,
        quote(&f.sentence),
        page(f.page)
    ));
    Some(figure_flag(
        Rule::Rephasing,
        f,
        Severity::of(f.amount_pence, t.rephasing_pence),
        reason,
    ))
}

/// The pence one unit of the last printed digit is worth: "£5.1m" is
/// £0.1m, "3.865" in £m is £0.001m.
fn printed_step(printed: &str, unit: Unit) -> i64 {
    let digits = printed.trim_end_matches(|c: char| !c.is_ascii_digit());
    let decimals = digits
        .rsplit_once('.')
        .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count());
    (unit.pence() / 10i64.pow(decimals.min(9) as u32)).max(1)
}

/// The unit an amount in the prose is written in: "£5.1m", "£45k", "£2bn".
fn prose_unit(text: &str) -> Unit {
    let t = text.to_lowercase();
    if t.contains("bn") || t.contains("billion") {
        Unit::Billions
    } else if t.contains('m') {
        Unit::Millions
    } else if t.contains('k') || t.contains("thousand") {
        Unit::Thousands
    } else {
        Unit::Pounds
    }
}

/// The text gives a variance for a line that its own table prints
/// differently, beyond the rounding of either.
pub fn prose_against_table(f: &FigureFacts, lines: &[LineFacts], t: &Thresholds) -> Option<Flag> {
    if f.kind != FigureKind::Variance || f.direction == Direction::Other {
        return None;
    }
    let in_item: Vec<&LineFacts> = lines.iter().filter(|l| l.item_id == f.item_id).collect();
    // The sentence agrees with some line (a total, say): not a disagreement.
    let agrees = |l: &&LineFacts| {
        l.cells.iter().filter(|c| c.role.is_variance()).any(|c| {
            let step = printed_step(&f.text, prose_unit(&f.text))
                .max(printed_step(&c.printed, l.unit.unwrap_or(Unit::Pounds)));
            (c.pence.abs() - f.amount_pence).abs() * 2 <= step
        })
    };
    if in_item.iter().any(agrees) {
        return None;
    }
    // The line it is about: the subject the figure reader found, else the
    // longest label whose every word stands in the sentence.
    let sentence_words = tracking::label_words(&f.sentence);
    let line = match f
        .subject
        .as_deref()
        .map(tracking::normalised)
        .filter(|s| !s.is_empty())
    {
        Some(subject) => in_item
            .iter()
            .find(|l| tracking::normalised(&l.label) == subject)
            .copied(),
        None => in_item
            .iter()
            .filter(|l| !l.total_row)
            .filter(|l| {
                let words = tracking::label_words(&l.label);
                !words.is_empty() && words.iter().all(|w| sentence_words.contains(w))
            })
            .max_by_key(|l| tracking::label_words(&l.label).len())
            .copied(),
    }?;
    let cell = line.cells.iter().rev().find(|c| c.role.is_variance())?;
    let (real, _) = line.real_variance()?;
    let printed = line.adverse(cell.pence);
    // The same direction: an underspend sentence about an overspent line
    // is about something else.
    let over = f.direction == Direction::Overspend;
    if (printed > 0) != over {
        return None;
    }
    let tolerance = printed_step(&f.text, prose_unit(&f.text)).max(printed_step(
        &cell.printed,
        line.unit.unwrap_or(Unit::Pounds),
    )) / 2;
    let near = |v: i64| (v.abs() - f.amount_pence).abs() <= tolerance;
    if near(printed) || near(real) {
        return None;
    }
    let reason = sentence(format_args!(
        "{}: the text says {} ({}) but its table gives {} (page {})",
        label(line),
        f.text,
        if over { "overspend" } else { "underspend" },
        Said(printed.abs(), false),
        page(line.page)
    ));
    let gap = (printed.abs() - f.amount_pence).abs();
    Some(figure_flag(
        Rule::ProseDisagreesWithTable,
        f,
        Severity::of(gap, t.variance_pence),
        reason,
    ))
}

/// Totals the lines above them do not add up to, re-added by the money
/// reader's own rule (`money::totals`), so that only the paper's numbers
/// disagreeing raise this.
pub fn totals_that_do_not_add_up(lines: &[LineFacts], t: &Thresholds) -> Vec<Flag> {
    gap_flags(lines, &total_gaps(lines), t).collect()
}

/// A total that its lines do not add up to, by one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalGap {
    /// Where the total stands in the report's lines, and its key (so the
    /// gaps of another report are never read against this one).
    line: usize,
    key: String,
    column: String,
    /// The printed total less what its lines add up to, in pence.
    gap: i64,
    reason: String,
}

/// The totals of a report's tables that their lines do not add up to.
/// Re-adding every table is the dearest part of the rules and depends on
/// no threshold, so it is done once per report (`evaluate_with_totals`).
pub fn total_gaps(lines: &[LineFacts]) -> Vec<TotalGap> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let table = lines[start].table_id;
        let end = start
            + lines[start..]
                .iter()
                .take_while(|l| l.table_id == table)
                .count();
        let group = &lines[start..end];
        // Only a total row can be flagged: a table without one need not be
        // rebuilt and re-added.
        let has_total = group.iter().any(|l| l.total_row);
        if let Some(mut rebuilt) = has_total.then(|| rebuild(group)).flatten() {
            for m in totals::check_totals(&mut rebuilt) {
                let Some(at) = group.iter().position(|l| l.total_row && l.label == m.label) else {
                    continue;
                };
                out.push(TotalGap {
                    line: start + at,
                    key: group[at].key.clone(),
                    reason: totals::warning(&rebuilt, &m),
                    gap: m.printed_pence - m.added_pence,
                    column: m.column,
                });
            }
        }
        start = end;
    }
    out
}

/// The flags of a report's `total_gaps`, judged by the thresholds.
fn gap_flags<'a>(
    lines: &'a [LineFacts],
    gaps: &'a [TotalGap],
    t: &'a Thresholds,
) -> impl Iterator<Item = Flag> + 'a {
    gaps.iter().filter_map(move |g| {
        let line = lines.get(g.line).filter(|l| l.key == g.key)?;
        let mut flag = line_flag(
            Rule::TotalDoesNotAddUp,
            line,
            Severity::of(g.gap, t.variance_pence),
            g.gap.abs(),
            g.reason.clone(),
        );
        // One flag per total and column.
        flag.key = [&flag.key, "|", &g.column].concat();
        Some(flag)
    })
}

/// A stored table as the money reader's own type, to re-add its totals.
fn rebuild(group: &[LineFacts]) -> Option<BudgetTable> {
    let first = group.first()?;
    let mut columns: Vec<String> = Vec::new();
    for c in group.iter().flat_map(|l| l.cells.iter()) {
        if !columns.contains(&c.column) {
            columns.push(c.column.clone());
        }
    }
    Some(BudgetTable {
        caption: first.caption.clone(),
        unit: first.unit,
        period: None,
        page: first.page.unwrap_or(0),
        roles: Vec::new(),
        sign: None,
        lines: group
            .iter()
            .map(|l| BudgetLine {
                label: l.label.clone(),
                section: l.section.clone(),
                total_row: l.total_row,
                page: l.page,
                values: l
                    .cells
                    .iter()
                    .map(|c| Value {
                        column: c.column.clone(),
                        role: c.role,
                        printed: c.printed.clone(),
                        pence: c.pence,
                    })
                    .collect(),
            })
            .collect(),
        columns,
        notes: Vec::new(),
        start_line: 0,
        layout: None,
    })
}

/// A line's flag stands under the flag of the same rule on the first
/// flagged total below it in its table (in its section, where the total
/// has one), and totals under the totals they add into: the member sees
/// one overspend with what makes it up, not three problems.
fn group_under_totals(flags: &mut [Flag], lines: &[LineFacts]) {
    let by_target: rustc_hash::FxHashMap<&str, &LineFacts> =
        lines.iter().map(|l| (l.key.as_str(), l)).collect();
    // The flagged totals: (their line, the rule, the flag's key).
    let heads: Vec<(&LineFacts, Rule, String)> = flags
        .iter()
        .filter(|f| f.total && f.rule != Rule::TotalDoesNotAddUp)
        .filter_map(|f| {
            by_target
                .get(f.target.as_str())
                .map(|l| (*l, f.rule, f.key.clone()))
        })
        .collect();
    for f in flags.iter_mut() {
        if f.rule == Rule::TotalDoesNotAddUp {
            continue;
        }
        let Some(line) = by_target.get(f.target.as_str()) else {
            continue;
        };
        f.under = heads
            .iter()
            .filter(|(total, rule, _)| {
                *rule == f.rule
                    && total.table_id == line.table_id
                    && total.position > line.position
                    && (total.section.is_none() || total.section == line.section || line.total_row)
            })
            .min_by_key(|(total, _, _)| total.position)
            .map(|(_, _, key)| key.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::Cell;
    use crate::ids::{ItemId, MeetingId, TableId};
    use crate::money::columns::ColumnRole::{self, *};

    fn m(x: f64) -> i64 {
        // Test data only: whole pence from a decimal of millions.
        (x * 100_000_000.0).round() as i64
    }

    fn line(key: &str, label: &str, cells: &[(ColumnRole, f64)]) -> LineFacts {
        LineFacts {
            key: key.into(),
            line_id: 0,
            table_id: TableId(1),
            position: 0,
            item_id: ItemId(7),
            meeting_id: MeetingId(3),
            caption: Some("Revenue budget monitoring".into()),
            unit: Some(Unit::Millions),
            plus_is_over: true,
            capital: false,
            label: label.into(),
            section: None,
            total_row: false,
            page: Some(12),
            cells: cells
                .iter()
                .map(|(role, v)| Cell {
                    column: format!("{role:?}"),
                    role: *role,
                    printed: format!("{v:.3}"),
                    pence: m(*v),
                })
                .collect(),
        }
    }

    fn figure(
        text: &str,
        pence: i64,
        kind: FigureKind,
        direction: Direction,
        sentence: &str,
    ) -> FigureFacts {
        FigureFacts {
            key: format!("sha|fig|{text}|0"),
            item_id: ItemId(7),
            meeting_id: MeetingId(3),
            text: text.into(),
            amount_pence: pence,
            direction,
            kind,
            subject: None,
            page: Some(4),
            sentence: sentence.into(),
        }
    }

    fn rules_of(flags: &[Flag]) -> Vec<Rule> {
        flags.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn an_overspend_over_threshold_says_why_with_its_numbers() {
        let t = Thresholds::default();
        let f = variance(
            &line(
                "k",
                "Asylum",
                &[(Budget, 0.55), (Forecast, 4.07), (Variance, 3.52)],
            ),
            &t,
        )
        .expect("flagged");
        assert_eq!(f.reason, "Asylum: forecast overspend +£3.52m against a budget of £0.55m (640%); threshold £0.5m or 5%");
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.evidence.page, Some(12));
        assert_eq!(f.key, "variance_over_threshold|k");
    }

    #[test]
    fn under_both_thresholds_no_flag_and_a_percentage_alone_is_low() {
        let t = Thresholds::default();
        assert!(
            variance(&line("k", "Parks", &[(Budget, 20.0), (Variance, 0.4)]), &t).is_none(),
            "£0.4m is 2%"
        );
        let f = variance(&line("k", "Parks", &[(Budget, 2.0), (Variance, 0.2)]), &t)
            .expect("10% of budget");
        assert_eq!(f.severity, Severity::Low);
        let f = variance(
            &line("k", "New duty", &[(Budget, 0.0), (Variance, 0.6)]),
            &t,
        )
        .expect("£ test still applies");
        assert!(f.reason.contains("% n/a"), "{}", f.reason);
    }

    #[test]
    fn brackets_for_overspends_are_read_by_the_papers_convention() {
        let mut l = line("k", "Highways", &[(Budget, 40.0), (Variance, -2.0)]);
        l.plus_is_over = false;
        assert!(variance(&l, &Thresholds::default()).is_some());
        assert!(underspend(&l, &Thresholds::default()).is_none());
    }

    #[test]
    fn capital_rephasing_is_neither_an_underspend_nor_hidden() {
        let t = Thresholds::default();
        let mut l = line(
            "k",
            "Capital programme",
            &[(Budget, 300.0), (Variance, -69.0), (Rephasing, -64.0)],
        );
        l.capital = true;
        let flags: Vec<Flag> = [variance(&l, &t), underspend(&l, &t), rephasing_line(&l, &t)]
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(
            rules_of(&flags),
            vec![Rule::LargeUnderspend, Rule::Rephasing]
        );
        assert_eq!(
            flags[0].amount_pence,
            m(5.0),
            "the real underspend is £5m, not £69m"
        );
        assert_eq!(flags[1].amount_pence, m(64.0));
        // With a real-variance column, that column is the variance.
        let l = line(
            "k",
            "Schools",
            &[(Variance, -10.0), (RealVariance, 0.7), (Rephasing, -10.7)],
        );
        assert_eq!(variance(&l, &t).map(|f| f.amount_pence), Some(m(0.7)));
    }

    #[test]
    fn a_movement_column_is_a_movement_not_an_overspend() {
        let t = Thresholds::default();
        let l = line("k", "Waste", &[(Budget, 30.0), (Movement, 0.3)]);
        assert!(
            variance(&l, &t).is_none(),
            "no variance column: nothing to call an overspend"
        );
        let l = line(
            "k",
            "Waste",
            &[(Budget, 30.0), (Variance, 0.2), (Movement, 0.3)],
        );
        let f = movement(&l, &LinePast::default(), &t).expect("worsened by £0.3m");
        assert!(f.reason.contains("worsened by £0.3m"), "{}", f.reason);
        let l = line("k", "Waste", &[(LastReported, 0.1), (Variance, 0.2)]);
        assert!(
            movement(&l, &LinePast::default(), &t).is_none(),
            "£0.1m worse is under £0.25m"
        );
    }

    #[test]
    fn movement_and_persistence_from_earlier_reports_in_the_library() {
        let t = Thresholds::default();
        let report = |date: &str, label: &str, v: f64| Report {
            meeting_id: Some(MeetingId(1)),
            date: date.into(),
            lines: vec![line(
                &format!("{date}|{label}"),
                label,
                &[(Budget, 10.0), (Variance, v)],
            )],
            figures: vec![],
        };
        let now = report("2025-01-30", "Adult Health & Social Care - Adults", 2.0);
        let earlier = [
            report("2024-11-28", "Adult Social Care & Health - Adults", 1.2),
            report("2024-09-26", "Adult Social Care and Health - Adults", 0.4),
            report("2024-07-11", "Adult Social Care and Health - Adults", -0.3),
        ];
        let past = past_of(&now, &earlier, &Corrections::default());
        assert_eq!(past[0].overspent_in, vec!["2024-11-28", "2024-09-26"]);
        let flags = evaluate(&now, &past, &t);
        assert_eq!(
            rules_of(&flags),
            vec![
                Rule::VarianceOverThreshold,
                Rule::AdverseMovement,
                Rule::PersistentOverspend
            ]
        );
        assert!(
            flags[1]
                .reason
                .contains("from +£1.2m in the report of 2024-11-28 to +£2m"),
            "{}",
            flags[1].reason
        );
        assert!(
            flags[2]
                .reason
                .contains("overspent in 3 successive reports"),
            "{}",
            flags[2].reason
        );
        assert_eq!(flags[2].severity, Severity::High, "£2m is four times £0.5m");
        // The member splits the wrong match: no past any more.
        let mut fixes = Corrections::default();
        fixes.split(&now.lines[0].key, &earlier[0].lines[0].key);
        let past = past_of(&now, &earlier, &fixes);
        assert_eq!(
            rules_of(&evaluate(&now, &past, &t)),
            vec![Rule::VarianceOverThreshold]
        );
    }

    #[test]
    fn lines_stand_under_their_flagged_total() {
        let mut a = line("a", "Children in care", &[(Budget, 50.0), (Variance, 3.0)]);
        let mut b = line("b", "Asylum", &[(Budget, 0.55), (Variance, 3.52)]);
        let mut total = line(
            "t",
            "Total Children's Services",
            &[(Budget, 50.55), (Variance, 6.52)],
        );
        let mut other = line("o", "Highways", &[(Budget, 40.0), (Variance, 1.0)]);
        (a.position, b.position, total.position, other.position) = (0, 1, 2, 3);
        total.total_row = true;
        let report = Report {
            meeting_id: Some(MeetingId(3)),
            date: "2025-01-30".into(),
            lines: vec![a, b, total, other],
            figures: vec![],
        };
        let flags = evaluate(&report, &[], &Thresholds::default());
        let under: Vec<(&str, Option<&str>)> = flags
            .iter()
            .map(|f| (f.target.as_str(), f.under.as_deref()))
            .collect();
        assert_eq!(
            under,
            vec![
                ("a", Some("variance_over_threshold|t")),
                ("b", Some("variance_over_threshold|t")),
                ("t", None),
                ("o", None)
            ]
        );
        assert!(flags[2].total);
    }

    #[test]
    fn a_total_that_does_not_add_up_is_flagged_in_words() {
        let a = line("a", "Roads", &[(Budget, 20.0)]);
        let mut b = line("b", "Bridges", &[(Budget, 17.8)]);
        let mut total = line("t", "Total Highways", &[(Budget, 41.2)]);
        (b.position, total.position) = (1, 2);
        total.total_row = true;
        let flags = totals_that_do_not_add_up(
            &[a.clone(), b.clone(), total.clone()],
            &Thresholds::default(),
        );
        assert_eq!(flags.len(), 1);
        assert!(
            flags[0]
                .reason
                .contains("is £41.2m but its lines add up to £37.8m"),
            "{}",
            flags[0].reason
        );
        total.cells[0].pence = m(37.8);
        assert!(totals_that_do_not_add_up(&[a, b, total], &Thresholds::default()).is_empty());
    }

    #[test]
    fn totals_re_added_once_serve_every_threshold() {
        let a = line("a", "Roads", &[(Budget, 20.0), (Variance, 0.9)]);
        let mut b = line("b", "Bridges", &[(Budget, 17.8), (Variance, 0.1)]);
        let mut total = line("t", "Total Highways", &[(Budget, 41.2), (Variance, 1.0)]);
        (b.position, total.position) = (1, 2);
        total.total_row = true;
        let report = Report {
            meeting_id: Some(MeetingId(3)),
            date: "2025-01-30".into(),
            lines: vec![a, b, total],
            figures: vec![],
        };
        let gaps = total_gaps(&report.lines);
        assert_eq!(gaps.len(), 1, "the budget column does not add up");
        for t in [
            Thresholds::default(),
            Thresholds {
                variance_pence: 20_000_000,
                ..Thresholds::default()
            },
        ] {
            assert_eq!(
                evaluate_with_totals(&report, &[], &gaps, &t),
                evaluate(&report, &[], &t)
            );
        }
        // Another report's gaps are never read against this one.
        let mut other = report.clone();
        other.lines[2].key = "elsewhere".into();
        assert!(
            evaluate_with_totals(&other, &[], &gaps, &Thresholds::default())
                .iter()
                .all(|f| f.rule != Rule::TotalDoesNotAddUp)
        );
    }

    #[test]
    fn prose_rules_savings_reserves_slippage() {
        let t = Thresholds::default();
        let f = figure(
            "£2.1m",
            m(2.1),
            FigureKind::SavingAtRisk,
            Direction::Other,
            "Savings of £2.1m are rated red and at risk of not being delivered.",
        );
        assert_eq!(savings(&f, &t).map(|f| f.rule), Some(Rule::SavingsAtRisk));
        let f = figure(
            "£4m",
            m(4.0),
            FigureKind::Reserve,
            Direction::Other,
            "£4m will be drawn down from reserves to cover the overspend.",
        );
        assert_eq!(reserves(&f, &t).map(|f| f.rule), Some(Rule::ReservesCover));
        let f = figure(
            "£4m",
            m(4.0),
            FigureKind::Reserve,
            Direction::Other,
            "General reserves stand at £4m.",
        );
        assert!(reserves(&f, &t).is_none(), "a balance is not a draw");
        let f = figure(
            "£12.5m",
            m(12.5),
            FigureKind::Rephasing,
            Direction::Other,
            "Re-phasing of £12.5m into 2025-26.",
        );
        assert_eq!(
            rephasing_prose(&f, &t).map(|f| f.severity),
            Some(Severity::High)
        );
        let f = figure(
            "£16.3m",
            m(16.3),
            FigureKind::Reserve,
            Direction::Other,
            "The budget includes £16.3m of contributions to reserves, used to close the gap.",
        );
        assert!(
            reserves(&f, &t).is_none(),
            "money paid into reserves is not a draw"
        );
        let f = figure(
            "£4.8m",
            m(4.8),
            FigureKind::Rephasing,
            Direction::Other,
            "Delays had led to a slippage of £4.8m of savings.",
        );
        assert!(
            rephasing_prose(&f, &t).is_none(),
            "slipped savings are the savings rule's"
        );
        let f = figure(
            "£5.5m",
            m(5.5),
            FigureKind::Rephasing,
            Direction::Other,
            "The pressure has reduced to £5.5m after roll forward requirements.",
        );
        assert!(
            rephasing_prose(&f, &t).is_none(),
            "a roll forward is not capital slippage"
        );
        let f = figure(
            "£1m",
            m(1.0),
            FigureKind::Saving,
            Direction::Other,
            "Savings of £1m were delivered.",
        );
        assert!(savings(&f, &t).is_none());
    }

    #[test]
    fn prose_that_disagrees_with_its_table() {
        let t = Thresholds::default();
        let lines = vec![line(
            "a",
            "Adult Social Care",
            &[(Budget, 400.0), (Variance, 3.865)],
        )];
        let mut f = figure(
            "£5.1m",
            m(5.1),
            FigureKind::Variance,
            Direction::Overspend,
            "Adult Social Care is forecast to overspend by £5.1m.",
        );
        f.subject = Some("Adult Social Care".into());
        let flag = prose_against_table(&f, &lines, &t).expect("5.1 is not 3.865");
        let mut unnamed = f.clone();
        unnamed.subject = None;
        assert!(
            prose_against_table(&unnamed, &lines, &t).is_some(),
            "the label's words stand in the sentence"
        );
        let mut total = line("t", "Total", &[(Variance, 5.1)]);
        total.total_row = true;
        assert!(
            prose_against_table(&f, &[lines[0].clone(), total], &t).is_none(),
            "the text gives the total's figure"
        );
        assert!(
            flag.reason
                .contains("the text says £5.1m (overspend) but its table gives £3.87m"),
            "{}",
            flag.reason
        );
        f.text = "£3.9m".into();
        f.amount_pence = m(3.9);
        assert!(
            prose_against_table(&f, &lines, &t).is_none(),
            "£3.9m is 3.865 rounded"
        );
    }
}
