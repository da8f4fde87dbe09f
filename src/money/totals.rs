//! Totals re-added from the lines that belong to them, and the warning a
//! councillor can repeat when a paper's own total does not add up.

use super::tables::{BudgetTable, Value};
use std::sync::LazyLock;

use regex::Regex;

use super::Unit;

static SUB_TOTAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)sub[\s-]?total").expect("valid regex"));

/// A total that its lines do not add up to: (row label, column, printed
/// total, what the lines add to, in pence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub label: String,
    /// The page the total is printed on, where the line knows it.
    pub page: Option<u32>,
    pub column: String,
    pub printed: String,
    pub printed_pence: i64,
    pub added_pence: i64,
}

/// Re-adds each total from what stands above it, within the rounding of
/// the printed figures. Totals nest: a total consumes the run of lines (or
/// lower totals) just above it that it adds up to, and then stands for them,
/// so a directorate total adds its divisions' totals and a grand total adds
/// the directorates'. Also marks as a total an unlabelled last row that is
/// the sum of every row above it.
pub fn check_totals(table: &mut BudgetTable) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let n = table.lines.len();
    let unit = table.unit.unwrap_or(Unit::Pounds);
    if n >= 3 && !table.lines[n - 1].total_row && table.lines[..n - 1].iter().all(|l| !l.total_row)
    {
        let last = &table.lines[n - 1];
        let sums_up = !last.values.is_empty()
            && last.values.iter().all(|v| {
                let cells: Vec<&Value> = table.lines[..n - 1]
                    .iter()
                    .filter_map(|l| l.value(&v.column))
                    .collect();
                cells.len() >= 2
                    && close(
                        v,
                        cells.iter().map(|c| c.pence).sum(),
                        cells.len() + 1,
                        unit,
                    )
            });
        if sums_up {
            table.lines[n - 1].total_row = true;
        }
    }
    for column in table.columns.clone() {
        // Units not yet added into a total: each a line, or a total standing
        // for the lines it consumed.
        let mut open: Vec<i64> = Vec::new();
        for (li, line) in table.lines.iter().enumerate() {
            let value = line.value(&column);
            if !line.total_row {
                open.push(value.map_or(0, |v| v.pence));
                continue;
            }
            let Some(total) = value else { continue };
            // A sub-total adds the lines of its own group: with none since
            // the last total (a summary of totals kept elsewhere), there is
            // nothing here to re-add.
            let own_lines = table.lines[..li]
                .iter()
                .rev()
                .take_while(|l| !l.total_row)
                .filter(|l| l.value(&column).is_some())
                .count();
            if own_lines == 0 && SUB_TOTAL.is_match(&line.label) {
                open.push(total.pence);
                continue;
            }
            let group_len = table.lines[..li]
                .iter()
                .rev()
                .take_while(|l| !l.total_row)
                .count();
            let mut sum = 0i64;
            let mut matched = None;
            for k in (0..open.len()).rev() {
                sum += open[k];
                if close(total, sum, open.len() - k + 1, unit) {
                    matched = Some(k);
                    // Keep going while adding zeros keeps it matching: a
                    // blank line above belongs to the group too.
                    while matched.is_some_and(|m| m > 0 && open[m - 1] == 0) {
                        matched = matched.map(|m| m - 1);
                    }
                    break;
                }
            }
            // Lines broken down into the lines under them ("Funds committed
            // 2,958", then "Lockleaze 2,958") are counted once: as a last
            // resort the breakdown lines are left out of the sum.
            let breakdown_matches = || {
                let group = &table.lines[li - group_len..li];
                let breakdown = breakdowns(group, &column, unit);
                let kept: i64 = group
                    .iter()
                    .zip(&breakdown)
                    .filter(|(_, b)| !**b)
                    .filter_map(|(l, _)| l.value(&column).map(|v| v.pence))
                    .sum();
                let before: i64 = open[..open.len() - group_len.min(open.len())]
                    .iter()
                    .rev()
                    .take(1)
                    .sum();
                close(total, kept, group_len + 1, unit)
                    || close(total, kept + before, group_len + 2, unit)
            };
            match matched {
                Some(k) => open.truncate(k),
                None if open.is_empty() => {}
                None if breakdown_matches() => {
                    let keep = open.len().saturating_sub(group_len + 1);
                    open.truncate(keep);
                }
                // A total whose own group is a single line stands for more
                // than this table shows (a summary): nothing to re-add.
                None if own_lines < 2 => {}
                // A blank among its lines, or lines over a page break, and
                // the reading may be short of the paper: say nothing.
                None if !group_complete(&table.lines[..li], &column, line.page) => {}
                None => out.push(Mismatch {
                    label: line.label.clone(),
                    page: line.page,
                    column: column.clone(),
                    printed: total.printed.clone(),
                    printed_pence: total.pence,
                    added_pence: open[open.len() - group_len.min(open.len())..].iter().sum(),
                }),
            }
            // A total that could not be re-added still stands for its own
            // group: the totals below must not add its lines again.
            if matched.is_none() {
                let keep = open.len() - group_len.min(open.len());
                open.truncate(keep);
            }
            open.push(total.pence);
        }
    }
    out
}

/// Which lines of a group are part of the breakdown of a line above them:
/// some line above is the exact sum of the run from it down past the
/// line. Each possible parent's run is added up once, down to where it
/// grows past twice the parent, and every line down to the last place
/// the run adds up to the parent is part of its breakdown.
fn breakdowns(group: &[super::tables::BudgetLine], column: &str, unit: Unit) -> Vec<bool> {
    let values: Vec<Option<&Value>> = group.iter().map(|l| l.value(column)).collect();
    let mut out = vec![false; group.len()];
    for (p, parent) in values.iter().enumerate() {
        let Some(parent) = parent else { continue };
        let mut sum = 0i64;
        let mut last = None;
        for (k, v) in values.iter().enumerate().skip(p + 1) {
            sum += v.map_or(0, |v| v.pence);
            if close(parent, sum, k - p + 1, unit) {
                last = Some(k);
            }
            if sum.abs() > parent.pence.abs() * 2 {
                break;
            }
        }
        if let Some(last) = last {
            out[p + 1..=last].fill(true);
        }
    }
    out
}

/// Whether the lines of a total's own group (back to the previous total)
/// all have a figure in the column and stand on the total's page.
fn group_complete(above: &[super::tables::BudgetLine], column: &str, page: Option<u32>) -> bool {
    let group: Vec<_> = above.iter().rev().take_while(|l| !l.total_row).collect();
    let width = group.iter().map(|l| l.values.len()).max().unwrap_or(0);
    group.iter().all(|l| {
        l.value(column).is_some() && l.values.len() == width && (page.is_none() || l.page == page)
    })
}

/// Equal within the rounding of `count` figures printed to the total's
/// precision: each may be out by half a unit of its last printed digit.
fn close(total: &Value, sum: i64, count: usize, unit: Unit) -> bool {
    let decimals = total
        .printed
        .rsplit_once('.')
        .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count());
    let step = unit.pence() / 10i64.pow(decimals.min(9) as u32);
    (total.pence - sum).abs() * 2 <= step.max(1) * count as i64
}

/// The warning for a total that does not add up, in a councillor's words:
/// "The table's total for Highways is £41.2m but its lines add up to
/// £37.8m (page 14)".
pub fn warning(table: &BudgetTable, m: &Mismatch) -> String {
    let unit = table.unit.unwrap_or(Unit::Pounds);
    let what = m.label.trim();
    let column = if table.columns.len() > 1 {
        format!(" ({})", m.column)
    } else {
        String::new()
    };
    let table_name = table
        .caption
        .as_deref()
        .map_or(String::new(), |c| format!(" in \"{c}\""));
    format!(
        "The table's total for {what}{column}{table_name} is {} but its lines add up to {} (page {})",
        money(m.printed_pence, unit),
        money(m.added_pence, unit),
        m.page.unwrap_or(table.page)
    )
}

/// Pence as a councillor would say them in the table's unit: "£41.2m",
/// "£1,250k", "-£0.4m", "£12.50".
pub fn money(pence: i64, unit: Unit) -> String {
    let printed = unit.format(pence);
    let (sign, digits) = printed
        .strip_prefix('-')
        .map_or(("", printed.as_str()), |d| ("-", d));
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let chars: Vec<char> = int.chars().collect();
    let grouped = chars
        .rchunks(3)
        .rev()
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(",");
    let frac = match (unit, frac) {
        (Unit::Pounds, Some(f)) => format!(".{f:0<2}"),
        (_, Some(f)) => format!(".{f}"),
        (_, None) => String::new(),
    };
    let suffix = match unit {
        Unit::Pounds => "",
        Unit::Thousands => "k",
        Unit::Millions => "m",
        Unit::Billions => "bn",
    };
    format!("{sign}£{grouped}{frac}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::tables::BudgetLine;
    use proptest::prelude::*;

    #[test]
    fn money_as_said() {
        assert_eq!(money(4_120_000_000, Unit::Millions), "£41.2m");
        assert_eq!(money(-40_000_000, Unit::Millions), "-£0.4m");
        assert_eq!(money(125_000_000, Unit::Thousands), "£1,250k");
        assert_eq!(money(1_250, Unit::Pounds), "£12.50");
    }

    /// `breakdowns` as it was first written, a line at a time, before
    /// it added each parent's run once for the whole group.
    fn is_breakdown_line_by_line(group: &[BudgetLine], g: usize, column: &str, unit: Unit) -> bool {
        let v = |l: &BudgetLine| l.value(column).map(|v| v.pence);
        (0..g).any(|p| {
            let Some(parent) = group[p].value(column) else {
                return false;
            };
            let mut sum = 0i64;
            for (k, l) in group.iter().enumerate().skip(p + 1) {
                sum += v(l).unwrap_or(0);
                if k >= g && close(parent, sum, k - p + 1, unit) {
                    return true;
                }
                if sum.abs() > parent.pence.abs() * 2 {
                    return false;
                }
            }
            false
        })
    }

    proptest! {
        #[test]
        fn breakdowns_are_the_lines_found_one_at_a_time(
            cells in prop::collection::vec(prop::option::weighted(0.8, -3i64..12), 0..14)
        ) {
            // Small whole £000s, so that runs often add up to a line above.
            let group: Vec<BudgetLine> = cells
                .iter()
                .map(|c| BudgetLine {
                    label: "line".into(),
                    section: None,
                    total_row: false,
                    page: None,
                    values: c
                        .iter()
                        .map(|v| Value {
                            column: "Budget".into(),
                            role: Default::default(),
                            printed: v.to_string(),
                            pence: v * 100_000,
                        })
                        .collect(),
                })
                .collect();
            let found = breakdowns(&group, "Budget", Unit::Thousands);
            for (g, b) in found.iter().enumerate() {
                prop_assert_eq!(*b, is_breakdown_line_by_line(&group, g, "Budget", Unit::Thousands), "line {}", g);
            }
        }
    }
}
