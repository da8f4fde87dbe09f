//! A table's body: its data rows read, under the columns its header laid
//! out, into budget lines of exact pence, totals marked.

use std::sync::LazyLock;

use regex::Regex;

use super::rows::is_number;
use super::{BudgetLine, Layout, Value};
use crate::money::columns;
use crate::money::pence;

/// A total or sub-total row's label.
pub(crate) static TOTAL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:sub[\s-]?total|grand total|total|net total)(?-u:\b)|(?-u:\b)total(?:\s*\(.*\)?)?$").expect("valid regex")
});

/// Budget lines from data rows under a known layout.
pub(super) fn data_lines(rows: &[Vec<String>], layout: &Layout) -> Vec<BudgetLine> {
    let mut out = Vec::new();
    // A label too long for its cell wraps: its start stands alone on the
    // row above, and the row with the figures carries on in lower case.
    let mut label_above: Option<String> = None;
    for r in rows {
        let mut r = r.clone();
        r.resize(layout.width, String::new());
        if !r[0].is_empty() && r[1..].iter().all(String::is_empty) {
            label_above = Some(r[0].clone());
            continue;
        }
        if r[0].is_empty() || is_number(&r[0]) || !is_data_row(&r) {
            label_above = None;
            continue;
        }
        if let Some(above) = label_above.take() {
            if r[0].starts_with(char::is_lowercase) {
                r[0] = format!("{above} {}", r[0]);
            }
        }
        let mut values = Vec::new();
        for (j, cell) in r.iter().enumerate().skip(1) {
            let printed = cell.trim();
            if printed.is_empty() || !layout.money[j] {
                continue;
            }
            let unit = layout.units[j].unwrap_or(layout.table_unit);
            if let Some(p) = pence(printed, unit) {
                let column = layout.names[j - 1].clone();
                values.push(Value {
                    role: columns::role(&column),
                    column,
                    printed: printed.to_string(),
                    pence: p,
                });
            }
        }
        if values.is_empty() {
            continue; // a section heading row
        }
        let label = r[0].trim_end_matches(':').to_string();
        let total_row = TOTAL_LABEL.is_match(&label);
        out.push(BudgetLine {
            label,
            section: None,
            total_row,
            page: None,
            values,
        });
    }
    out
}

/// A row with a label and at least one figure.
pub(super) fn is_data_row(cells: &[String]) -> bool {
    !cells.is_empty()
        && !cells[0].is_empty()
        && cells[1..].iter().any(|c| is_number(c))
        && !is_number(&cells[0])
}

#[cfg(test)]
mod tests {
    use crate::money::tables::{find, tests::src};

    #[test]
    fn a_wrapped_label_is_joined() {
        let text = [
            "Saving                                              2025-26 £000   2026-27 £000",
            "Review of the community warden service, leading to fewer",
            "  wardens                                                  -433.0         -376.0",
            "Libraries                                                   -50.0          -20.0",
        ]
        .join("\n");
        let t = find(&src(&text)).remove(0);
        assert_eq!(
            t.lines[0].label,
            "Review of the community warden service, leading to fewer wardens"
        );
        assert_eq!(
            t.lines[1].label, "Libraries",
            "a heading above a capitalised label stays a heading"
        );
    }
}
