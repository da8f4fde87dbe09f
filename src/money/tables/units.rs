//! Units: the ones a header or caption prints ("£m", "(£000)", "Gross £m"),
//! the one a table is read in, and which columns hold money at all.

use std::sync::LazyLock;

use regex::Regex;

use crate::money::Unit;

/// A unit as printed: "£m", "(£000)", "£'000s", "£ million".
pub(super) static UNIT_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(?£\s?['’]?(?:000s?|k|m|bn|million)?\)?").expect("valid regex"));

/// A column name that counts or rates things: not money, whatever the table's unit.
pub(crate) static NOT_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:number|no\.|clients?|fte|days|weeks|hours|count|percent|per cent|ratio|rate)(?-u:\b)|%|#").expect("valid regex")
});

/// A cell that only names a unit: "£m", "(£000)".
pub(super) fn unit_only(cell: &str) -> Option<Unit> {
    let c = cell.trim();
    if c.contains('£')
        && UNIT_IN_TEXT
            .find(c)
            .is_some_and(|m| m.as_str().len() == c.len())
    {
        Unit::from_marker(c)
    } else {
        None
    }
}

/// The unit the table is printed in: the one most of its columns name,
/// else the caption's, else the one of the table it repeats (`inherited`).
pub(super) fn table_unit(
    col_units: &[Option<Unit>],
    caption: Option<&str>,
    inherited: Option<Unit>,
) -> Option<Unit> {
    let table_unit_hint = caption
        .and_then(|c| UNIT_IN_TEXT.find(c))
        .and_then(|m| Unit::from_marker(m.as_str()));
    let known: Vec<Unit> = col_units.iter().flatten().copied().collect();
    most_common(&known).or(table_unit_hint).or(inherited)
}

/// Which columns hold money, by index (the label column, 0, never does).
pub(super) fn money_columns(columns: &[String], col_units: &[Option<Unit>]) -> Vec<bool> {
    let any_column_unit = col_units.iter().any(Option::is_some);
    // A column is money if it names a unit, or if no column does, or if it
    // names no unit and nothing else: "Client Number" or "%" columns are not.
    let money_col = |j: usize| {
        col_units[j].is_some() || !any_column_unit || !NOT_MONEY.is_match(&columns[j - 1])
    };
    (0..col_units.len())
        .map(|j| j > 0 && money_col(j))
        .collect()
}

/// The unit named most often; of two named as often, the first.
pub(crate) fn most_common(units: &[Unit]) -> Option<Unit> {
    let mut best: Option<(Unit, usize)> = None;
    for u in units {
        let n = units.iter().filter(|v| *v == u).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((*u, n));
        }
    }
    best.map(|(u, _)| u)
}

#[cfg(test)]
mod tests {
    use crate::money::tables::{find, tests::src};

    #[test]
    fn a_table_of_counts_takes_no_unit_from_the_money_table_before_it() {
        let text =
            "Directorate\tBudget £m\tForecast £m\nAdults\t10.0\t11.0\nChildren\t5.0\t5.5\n\n\
                    Age Group\tMar 17\tJun 17\n0 to 4\t187\t182\n5 to 9\t253\t252\n";
        let tables = find(&src(text));
        assert_eq!(
            tables.len(),
            1,
            "children by age are counted, not money: {tables:?}"
        );
        assert_eq!(tables[0].lines.len(), 2);
    }

    #[test]
    fn counts_without_a_money_unit_are_not_budget_tables() {
        assert!(find(&src(
            "Month\tReferrals\tCases\nOct-17\t12\t0\nNov-17\t11\t3\n"
        ))
        .is_empty());
    }
}
