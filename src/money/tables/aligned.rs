//! Space-aligned columns (`pdftotext -layout`): which column each word of
//! a laid-out row stands in, told by where the figures' right edges fall.

use std::sync::LazyLock;

use regex::Regex;

use super::rows::{clean, is_number};
use super::SourceLine;

/// Space-aligned rows: numbers are right-aligned under their columns, so
/// each numeric token's right edge says which column it is in; header words
/// belong to the column whose right edge falls within or just after them.
pub(super) fn align_spaced(lines: &[SourceLine]) -> Vec<Vec<String>> {
    static TOKEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\S+(?: \S+)*").expect("valid regex"));
    let tokens: Vec<Vec<(usize, usize, String)>> = lines
        .iter()
        .map(|l| {
            TOKEN
                .find_iter(l.text)
                .map(|m| (m.start(), m.end(), m.as_str().to_string()))
                .collect()
        })
        .collect();
    // Column right edges from numeric tokens at the end of rows.
    let mut edges: Vec<usize> = Vec::new();
    for row in &tokens {
        for (_, end, _) in row.iter().rev().take_while(|(_, _, t)| is_number(t)) {
            if !edges.iter().any(|e| e.abs_diff(*end) <= 2) {
                edges.push(*end);
            }
        }
    }
    edges.sort_unstable();
    if edges.is_empty() {
        return Vec::new();
    }
    // Words starting left of every figure are labels, however long.
    let first_number_start = tokens
        .iter()
        .flat_map(|row| {
            row.iter()
                .filter(|(_, _, t)| is_number(t))
                .map(|(s, _, _)| *s)
        })
        .min()
        .unwrap_or(0);
    tokens
        .iter()
        .map(|row| {
            let mut cells = vec![String::new(); edges.len() + 1];
            // In a row of figures, words are its label however far right
            // they are set; in a header row, words sit over their column.
            let data = row.iter().any(|(_, _, t)| is_number(t));
            for (start, end, t) in row {
                let col = if (data && !is_number(t)) || (!is_number(t) && *end < first_number_start)
                {
                    0
                } else if is_number(t) || *end + 12 > edges[0] {
                    // The column whose right edge is at or just after the token.
                    edges
                        .iter()
                        .position(|e| *e + 2 >= *end && (*start <= *e || is_number(t)))
                        .map_or(0, |p| p + 1)
                } else {
                    0
                };
                let cell = &mut cells[col];
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&clean(t));
            }
            cells
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::money::tables::{find, tests::src};

    #[test]
    fn space_aligned_layout_columns() {
        let text = [
            "                                      Working",
            "Key Service                            Budget   Forecast   Variance",
            "                                         £m         £m         £m",
            "Adult In House Carer Services             2.4        2.8        0.4",
            "Adult Case Management                    40.7       42.6        1.9",
        ]
        .join("\n");
        let t = find(&src(&text)).remove(0);
        assert_eq!(t.columns, ["Working Budget", "Forecast", "Variance"]);
        assert_eq!(t.lines[1].label, "Adult Case Management");
        assert_eq!(t.lines[1].value("Forecast").unwrap().pence, 4_260_000_000);
    }
}
