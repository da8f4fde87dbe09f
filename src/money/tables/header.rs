//! A table's header: where it ends, and the column names and units its rows
//! give (rows joined top to bottom, a spanning cell carried over its blanks).

use super::body::is_data_row;
use super::units::{unit_only, UNIT_IN_TEXT};
use crate::money::Unit;

/// Where the header ends: at the first data row, or at the row above it
/// where that row's label starts there and wraps onto it.
pub(super) fn end(rows: &[Vec<String>]) -> Option<usize> {
    let mut first_data = rows.iter().position(|r| is_data_row(r))?;
    // The first line's label may have wrapped onto the row above it.
    let label_only = |r: &Vec<String>| !r[0].is_empty() && r[1..].iter().all(String::is_empty);
    if first_data > 1
        && label_only(&rows[first_data - 1])
        && rows[first_data][0].starts_with(char::is_lowercase)
    {
        first_data -= 1;
    }
    Some(first_data)
}

/// The header's column names (the label column's left out) and each
/// column's unit, where it names one; every row is `width` cells wide.
/// With `spans`, an upper cell spans the blank cells to its right.
pub(super) fn columns(
    header: &[Vec<String>],
    width: usize,
    spans: bool,
) -> (Vec<String>, Vec<Option<Unit>>) {
    // Units: a row of unit cells, or markers inside header cells.
    let mut col_units: Vec<Option<Unit>> = vec![None; width];
    let mut name_rows: Vec<&Vec<String>> = Vec::new();
    for r in header {
        let units: Vec<Option<Unit>> = r.iter().map(|c| unit_only(c)).collect();
        if units.iter().any(Option::is_some)
            && r.iter()
                .zip(&units)
                .all(|(c, u)| c.is_empty() || u.is_some())
        {
            for (j, u) in units.into_iter().enumerate() {
                col_units[j] = col_units[j].or(u);
            }
        } else {
            name_rows.push(r);
        }
    }
    let mut names: Vec<Vec<String>> = vec![Vec::new(); width];
    for (k, r) in name_rows.iter().enumerate() {
        let upper = spans && k + 1 < name_rows.len();
        let mut carry = String::new();
        for j in 1..width {
            let mut cell = r[j].clone();
            if let Some(m) = UNIT_IN_TEXT
                .find(&cell)
                .filter(|m| m.as_str().contains('£'))
            {
                col_units[j] = col_units[j].or_else(|| Unit::from_marker(m.as_str()));
                cell = format!("{}{}", &cell[..m.start()], &cell[m.end()..])
                    .trim()
                    .to_string();
            }
            // An upper header cell spans the blank cells to its right.
            if cell.is_empty() && upper {
                cell = carry.clone();
            } else {
                carry = cell.clone();
            }
            if !cell.is_empty() && names[j].last() != Some(&cell) {
                names[j].push(cell);
            }
        }
    }
    let mut columns: Vec<String> = (1..width)
        .map(|j| {
            let n = names[j].join(" ").replace("- ", "-").replace(" -", "-");
            if n.is_empty() {
                format!("Column {j}")
            } else {
                n
            }
        })
        .collect();
    // Values are keyed by column name, so names must differ: a second
    // "of which AREs" becomes "of which AREs (2)".
    for k in 1..columns.len() {
        let base = columns[k].clone();
        let mut n = 2;
        while columns[..k].contains(&columns[k]) {
            columns[k] = format!("{base} ({n})");
            n += 1;
        }
    }
    (columns, col_units)
}

#[cfg(test)]
mod tests {
    use crate::money::tables::{find, tests::src};

    #[test]
    fn two_row_header_spans_and_pipes() {
        let text = "| | Cash Limit | | Variance |\n|---|---|---|---|\n| | Gross £m | Income £m | Net £m |\n| Adults | 52.5 | -4.3 | 1.9 |\n| Asylum | 23.6 | (23.1) | 3.5 |\n";
        let t = find(&src(text)).remove(0);
        assert_eq!(
            t.columns,
            ["Cash Limit Gross", "Cash Limit Income", "Variance Net"]
        );
        assert_eq!(
            t.lines[1].value("Cash Limit Income").unwrap().pence,
            -2_310_000_000
        );
    }

    #[test]
    fn repeated_column_names_are_told_apart() {
        let text = "Area\tSpend £m\tof which grant £m\tIncome £m\tof which grant £m\nAdults\t10.0\t2.0\t-3.0\t-1.0\nChildren\t8.0\t1.0\t-2.0\t-0.5\n";
        let t = find(&src(text)).remove(0);
        assert_eq!(
            t.columns,
            ["Spend", "of which grant", "Income", "of which grant (2)"]
        );
        assert_eq!(
            t.lines[0].value("of which grant (2)").unwrap().pence,
            -100_000_000,
            "each value keeps its own column"
        );
    }
}
