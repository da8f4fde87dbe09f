//! Tables copied from a web page a cell per line: the header's cells, then
//! each row's label and figures, every one on a line of its own.

use super::rows::{clean, is_number, Kind};
use super::SourceLine;

/// A table copied from a web page a cell per line: a header of N+1 lines
/// (one naming a unit), then groups of a label line and N number lines.
pub(super) fn cell_per_line(
    lines: &[SourceLine],
    i: usize,
) -> Option<(Vec<Vec<String>>, usize, Kind)> {
    let is_cell_number = |t: &str| is_number(t) || matches!(t.trim(), "-" | "–" | "—");
    let first = lines[i].text.trim();
    if first.is_empty() || is_cell_number(first) || first.contains('\t') || first.len() > 120 {
        return None;
    }
    // Cheap test first: a unit among the next few lines, as a header has.
    let near: Vec<usize> = (i..lines.len())
        .filter(|&k| !lines[k].text.trim().is_empty())
        .take(10)
        .collect();
    if !near[1..].iter().any(|&k| lines[k].text.contains('£')) {
        return None;
    }
    let ne: Vec<usize> = (i..lines.len().min(i + 2000))
        .filter(|&k| !lines[k].text.trim().is_empty())
        .collect();
    for n in 2..=8usize {
        if ne.len() < 3 * (n + 1) {
            break;
        }
        let header = &ne[..=n];
        if header.iter().any(|&k| is_cell_number(lines[k].text))
            || !header.iter().any(|&k| lines[k].text.contains('£'))
        {
            continue;
        }
        let mut rows = vec![header
            .iter()
            .map(|&k| clean(lines[k].text))
            .collect::<Vec<_>>()];
        let mut at = n + 1;
        let mut end = ne[n] + 1;
        while at + n < ne.len() {
            let group = &ne[at..=at + n];
            let label = lines[group[0]].text;
            if is_cell_number(label) || !group[1..].iter().all(|&k| is_cell_number(lines[k].text)) {
                break;
            }
            let mut row = vec![clean(label)];
            row.extend(group[1..].iter().map(|&k| {
                let t = clean(lines[k].text);
                if matches!(t.as_str(), "-" | "–" | "—") {
                    String::new()
                } else {
                    t
                }
            }));
            rows.push(row);
            end = group[n] + 1;
            at += n + 1;
        }
        if rows.len() >= 3 {
            return Some((rows, end, Kind::CellPerLine));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::money::tables::{find, tests::src};
    use crate::money::Unit;

    #[test]
    fn a_table_flattened_a_cell_per_line() {
        let text = "Service\nBudget £000\nForecast £000\nVariance £000\nWaste Collection\n4,210\n4,395\n185\nStreet Cleansing\n1,980\n1,902\n(78)\nTotal\n6,190\n6,297\n107\n";
        let t = find(&src(text)).remove(0);
        assert_eq!(t.columns, ["Budget", "Forecast", "Variance"]);
        assert_eq!(t.unit, Some(Unit::Thousands));
        assert_eq!(t.lines.len(), 3);
        assert_eq!(t.lines[1].value("Variance").unwrap().pence, -7_800_000);
        assert!(t.lines[2].total_row);
    }
}
