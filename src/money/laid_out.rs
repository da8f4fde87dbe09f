//! Budget tables from grids read off the page (`positions`): which columns
//! are money and in what unit, which are counts or percentages, each
//! column's role, and each line's label, section and page.
//!
//! A unit comes from the column's header ("£000s", "Value £"), the
//! caption or a note by the table ("All figures in £m"), or the cells
//! themselves ("£160k", "£ 5,000"); a row that names its own unit ("Total
//! Funding for Year (£ million)") is money in a table of counts. With none
//! of these a column is money only if its header says so ("Cap Budget"),
//! and the unit it is read in (£) is said to be a guess. Anything else is
//! a count or a percentage, never money.

use std::sync::LazyLock;

use regex::Regex;

use super::columns::{self, ColumnRole};
use super::positions::Grid;
use super::tables::{
    clean, most_common, BudgetLine, BudgetTable, Value, NOT_MONEY, PERIOD, TOTAL_LABEL,
};
use super::{parse_number, to_pence, Unit};

/// A unit marker standing on its own: "£000s", "(£m)", "£'000", "£".
static UNIT_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(?£\s?['’]?\s?(?:000['’]?s?|k|m|bn|million|thousands?)?\)?").expect("valid regex")
});
/// A note naming the unit of a whole table.
static UNIT_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:figures|amounts|values|numbers|all)(?-u:\b)[^.£]{0,30}(?-u:\b)in\s+(£\s?['’]?(?:000s?|k|m|bn|million|thousands?)?|pounds)").expect("valid regex")
});
/// Header words that say a column counts things.
static COUNT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:number|no\.|children|pupils|places|people|households|bookings|sessions|families|staff|fte|rank|count|cases|users)(?-u:\b)").expect("valid regex")
});
/// Header words that say a column is money even with no unit printed.
static MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:budgets?|costs?|spend|expenditure|forecast|outturn|funding|income|variance|allocation|grants?|savings?|amount|price|value)(?-u:\b)").expect("valid regex")
});

/// Unit markers in a text that are units, not amounts ("£000s" yes,
/// "£1.6m" no): the first one found.
fn unit_marker(text: &str) -> Option<Unit> {
    for m in UNIT_MARK.find_iter(text) {
        let after = text[m.end()..].chars().next();
        if after.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            continue;
        }
        if let Some(u) = Unit::from_marker(m.as_str().trim_matches(|c| c == '(' || c == ')')) {
            return Some(u);
        }
    }
    None
}

/// The same, with the marker taken out of the text.
fn strip_unit(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(m) = UNIT_MARK
        .find_iter(text)
        .find(|m| !text[m.end()..].starts_with(|c: char| c.is_ascii_digit()))
    {
        out = format!("{} {}", &text[..m.start()], &text[m.end()..]);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A cell read: its number and decimals, its own unit if it prints one
/// ("£160k"), and whether it is a percentage.
struct Cell {
    mantissa: i128,
    decimals: u32,
    unit: Option<Unit>,
    pound: bool,
    percent: bool,
}

fn read_cell(printed: &str) -> Option<Cell> {
    let t = printed.trim();
    if t.is_empty() || matches!(t, "-" | "–" | "—") {
        return None;
    }
    let percent = t.ends_with('%');
    let pound = t.contains('£');
    let mut core = t.trim_end_matches('%').replace(['£', ' '], "");
    let mut unit = None;
    // "(£25K)" keeps its brackets outside the suffix.
    let (open, close) = (core.starts_with('('), core.ends_with(')'));
    let mut inner = core
        .trim_start_matches('(')
        .trim_end_matches(')')
        .to_string();
    for (suffix, u) in [
        ("bn", Unit::Billions),
        ("k", Unit::Thousands),
        ("K", Unit::Thousands),
        ("m", Unit::Millions),
        ("M", Unit::Millions),
    ] {
        if let Some(rest) = inner.strip_suffix(suffix) {
            inner = rest.to_string();
            unit = Some(u);
            break;
        }
    }
    if open && close {
        core = format!("({inner})");
    } else {
        core = inner;
    }
    let (mantissa, decimals) = parse_number(&core)?;
    Some(Cell {
        mantissa,
        decimals,
        unit,
        pound,
        percent,
    })
}

/// Budget tables from the grids of a paper's pages.
pub fn tables(grids: &[Grid]) -> Vec<BudgetTable> {
    let mut out: Vec<BudgetTable> = Vec::new();
    for t in grids.iter().filter_map(table) {
        // The same columns again, on the same page or the next: the table
        // goes on below its repeated header or over a page break.
        if let Some(prev) = out.last_mut() {
            let last_page = prev
                .lines
                .iter()
                .filter_map(|l| l.page)
                .max()
                .unwrap_or(prev.page);
            let named = !t.columns.iter().any(|c| c.starts_with("Column "));
            let caption_new = t
                .caption
                .as_deref()
                .is_some_and(|c| prev.caption.as_deref() != Some(c) && CAPTIONED.is_match(c));
            if named
                && t.columns == prev.columns
                && t.unit == prev.unit
                && t.page <= last_page + 1
                && t.page >= last_page
                && !caption_new
            {
                prev.lines.extend(t.lines);
                continue;
            }
            // Rows at the top of the next page with no header of their own,
            // as many columns as the table above: its continuation.
            let headerless = t.columns.iter().all(|c| c.starts_with("Column "));
            let width = |t: &BudgetTable| t.lines.iter().map(|l| l.values.len()).max().unwrap_or(0);
            if headerless
                && t.page == last_page + 1
                && width(&t) == prev.columns.len()
                && !caption_new
            {
                let names = prev.columns.clone();
                for mut l in t.lines {
                    for v in &mut l.values {
                        if let Some(k) = v
                            .column
                            .strip_prefix("Column ")
                            .and_then(|n| n.parse::<usize>().ok())
                        {
                            if let Some(n) = names.get(k - 1) {
                                v.column = n.clone();
                                v.role = columns::role(n);
                            }
                        }
                    }
                    prev.lines.push(l);
                }
                continue;
            }
        }
        out.push(t);
    }
    out
}

/// A caption that names a new table ("Figure 3: ...", "Table 2").
static CAPTIONED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d+(?:\.\d+)*\.?\s+)?(?:figure|table|chart|appendix)\s+[\w.]+")
        .expect("valid regex")
});

fn table(g: &Grid) -> Option<BudgetTable> {
    let width = g.rows.iter().map(|r| r.cells.len()).max()?;
    let mut names: Vec<String> = vec![String::new(); width];
    let mut header_units: Vec<Option<Unit>> = vec![None; width];
    for row in &g.header {
        for (j, cell) in row.iter().enumerate().take(width) {
            let cell = clean(cell);
            if cell.is_empty() {
                continue;
            }
            if cell.contains('£') {
                header_units[j] = header_units[j].or_else(|| unit_marker(&cell));
            }
            let name = strip_unit(&cell);
            if !name.is_empty() {
                if !names[j].is_empty() {
                    names[j].push(' ');
                }
                names[j].push_str(&name);
            }
        }
    }
    let caption = g
        .caption
        .as_deref()
        .map(|c| clean(c).trim_end_matches(':').trim().to_string())
        .filter(|c| !c.is_empty());
    let hint = caption
        .as_deref()
        .and_then(unit_marker)
        .or_else(|| unit_marker(&g.label_header))
        .or_else(|| {
            g.notes.iter().find_map(|n| {
                UNIT_NOTE
                    .captures(n)
                    .and_then(|c| unit_marker(&c[1]).or(Some(Unit::Pounds)))
            })
        })
        .or_else(|| {
            g.notes
                .iter()
                .find(|n| n.trim().len() <= 12)
                .and_then(|n| unit_marker(n))
        });

    // What the cells say of each column.
    let cells: Vec<Vec<Option<Cell>>> = g
        .rows
        .iter()
        .map(|r| {
            (0..width)
                .map(|j| r.cells.get(j).and_then(|c| read_cell(c)))
                .collect()
        })
        .collect();
    let pound_cells = |j: usize| {
        cells
            .iter()
            .filter(|r| r[j].as_ref().is_some_and(|c| c.pound))
            .count()
    };
    let filled = |j: usize| cells.iter().filter(|r| r[j].is_some()).count();
    let percent_col = |j: usize| {
        let n = filled(j);
        n > 0
            && cells
                .iter()
                .filter(|r| r[j].as_ref().is_some_and(|c| c.percent))
                .count()
                * 2
                >= n
    };
    let any_pound_cells = (0..width).any(|j| pound_cells(j) > 0);
    // A unit over one column of a header ("£m" set once above three
    // columns) is the whole table's, unless the caption says otherwise.
    let header_unit = most_common(&header_units.iter().flatten().copied().collect::<Vec<_>>());
    let hint = header_unit.or(hint);
    let mut notes = Vec::new();
    let mut guessed: Vec<String> = Vec::new();
    let mut money: Vec<Option<Unit>> = vec![None; width];
    for j in 0..width {
        let name = &names[j];
        if percent_col(j) || name.contains('%') || filled(j) == 0 {
            continue;
        }
        let count_header =
            (NOT_MONEY.is_match(name) || COUNT_WORDS.is_match(name)) && header_units[j].is_none();
        let cell_unit = most_common(
            &cells
                .iter()
                .filter_map(|r| r[j].as_ref().and_then(|c| c.unit))
                .collect::<Vec<_>>(),
        );
        money[j] = if let Some(u) = header_units[j] {
            Some(cell_unit.filter(|_| u == Unit::Pounds).unwrap_or(u))
        } else if pound_cells(j) > 0 {
            Some(cell_unit.unwrap_or(Unit::Pounds))
        } else if any_pound_cells || count_header {
            // Cells elsewhere carry "£" and these do not: counts.
            None
        } else if let Some(u) = hint {
            Some(u)
        } else if MONEY_WORDS.is_match(name) && name.len() <= 30 {
            guessed.push(name.clone());
            Some(Unit::Pounds)
        } else {
            None
        };
    }
    // A table of counts may have a line that names its own unit.
    let row_units: Vec<Option<Unit>> = g
        .rows
        .iter()
        .map(|r| {
            if r.label.contains('£') {
                unit_marker(&r.label).or(Some(Unit::Pounds))
            } else {
                None
            }
        })
        .collect();
    let counts_with_money_rows =
        money.iter().all(Option::is_none) && row_units.iter().any(Option::is_some);
    if money.iter().all(Option::is_none) && !counts_with_money_rows {
        return None; // counts or percentages: not money
    }
    if !guessed.is_empty() {
        notes.push(format!(
            "no unit is printed for {}; the figures are read as pounds (£)",
            guessed.join(", ")
        ));
    }
    let names: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(j, n)| {
            if n.is_empty() {
                format!("Column {}", j + 1)
            } else {
                mend_split_words(n)
            }
        })
        .collect();

    let mut lines: Vec<BudgetLine> = Vec::new();
    for (k, r) in g.rows.iter().enumerate() {
        let mut values = Vec::new();
        for j in 0..width {
            let unit = if counts_with_money_rows {
                row_units[k]
            } else {
                money[j]
            };
            let (Some(unit), Some(cell)) = (unit, cells[k][j].as_ref()) else {
                continue;
            };
            if cell.percent {
                continue;
            }
            // "£45,500" among "£120k"s is pounds: a cell's own marks come first.
            let cell_unit = cell
                .unit
                .or(if cell.pound { Some(Unit::Pounds) } else { None });
            let Some(pence) = to_pence(cell.mantissa, cell.decimals, cell_unit.unwrap_or(unit))
            else {
                continue;
            };
            values.push(Value {
                column: names[j].clone(),
                role: columns::role(&names[j]),
                printed: r.cells[j].trim().to_string(),
                pence,
            });
        }
        if values.is_empty() {
            continue;
        }
        let label = clean(&r.label).trim_end_matches(':').trim().to_string();
        let total_row = TOTAL_LABEL.is_match(&label);
        lines.push(BudgetLine {
            label,
            section: r.section.clone(),
            total_row,
            page: Some(r.page),
            values,
        });
    }
    // An unlabelled last line is the total if it is the sum of the lines
    // above; any other line without a label is dropped.
    if let Some(last) = lines.last() {
        if last.label.is_empty() {
            let sums = last.values.iter().all(|v| {
                let above: i64 = lines[..lines.len() - 1]
                    .iter()
                    .filter_map(|l| l.values.iter().find(|x| x.column == v.column))
                    .map(|x| x.pence)
                    .sum();
                above == v.pence
            });
            if sums && lines.len() >= 3 {
                let l = lines.last_mut().expect("checked");
                l.label = "Total".into();
                l.total_row = true;
            }
        }
    }
    lines.retain(|l| !l.label.is_empty());
    if lines.is_empty() {
        return None;
    }
    let columns_used: Vec<String> = names
        .iter()
        .filter(|c| {
            lines
                .iter()
                .any(|l| l.values.iter().any(|v| &v.column == *c))
        })
        .cloned()
        .collect();
    let units: Vec<Unit> = lines
        .iter()
        .flat_map(|l| l.values.iter())
        .filter_map(|v| {
            let j = names.iter().position(|n| *n == v.column)?;
            money[j].map(|u| cell_unit_of(&v.printed).unwrap_or(u))
        })
        .collect();
    let unit = most_common(&units).or_else(|| row_units.iter().flatten().next().copied());
    let period = caption
        .as_deref()
        .and_then(|c| PERIOD.find(c))
        .map(|m| m.as_str().to_string());
    Some(BudgetTable {
        caption,
        unit,
        period,
        page: g.page,
        roles: columns_used
            .iter()
            .map(|c| columns::role(c))
            .collect::<Vec<ColumnRole>>(),
        columns: columns_used,
        sign: None,
        notes,
        lines,
        start_line: 0,
        layout: None,
    })
}

/// Words of a budget header that a PDF's letter spacing may split in two.
const HEADER_WORDS: [&str; 24] = [
    "budget",
    "forecast",
    "variance",
    "outturn",
    "movement",
    "actual",
    "actuals",
    "income",
    "expenditure",
    "spend",
    "savings",
    "reserves",
    "approved",
    "current",
    "revised",
    "original",
    "projected",
    "position",
    "reported",
    "rephasing",
    "slippage",
    "gross",
    "allocation",
    "previous",
];

/// "Forec ast Vari ance" is "Forecast Variance": two pieces that make a
/// header word, neither a word of its own here, are joined.
fn mend_split_words(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let known = |w: &str| HEADER_WORDS.contains(&w.to_lowercase().as_str());
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if k + 1 < words.len()
            && !known(words[k])
            && !known(words[k + 1])
            && known(&format!("{}{}", words[k], words[k + 1]))
        {
            out.push(format!("{}{}", words[k], words[k + 1]));
            k += 2;
        } else {
            out.push(words[k].to_string());
            k += 1;
        }
    }
    out.join(" ")
}

fn cell_unit_of(printed: &str) -> Option<Unit> {
    read_cell(printed).and_then(|c| c.unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_markers_are_not_amounts() {
        assert_eq!(
            unit_marker("Funding Awards and Allocations £000s"),
            Some(Unit::Thousands)
        );
        assert_eq!(unit_marker("(£m)"), Some(Unit::Millions));
        assert_eq!(unit_marker("Value £"), Some(Unit::Pounds));
        assert_eq!(unit_marker("a cost of £1.6m"), None);
    }

    #[test]
    fn letter_spaced_header_words_are_mended() {
        assert_eq!(mend_split_words("Forec ast Vari ance"), "Forecast Variance");
        assert_eq!(
            mend_split_words("Net Budget"),
            "Net Budget",
            "whole words stay apart"
        );
        assert_eq!(
            columns::role(&mend_split_words("Forec ast Vari ance")),
            ColumnRole::Variance
        );
    }

    #[test]
    fn cells_carry_their_own_units() {
        let c = read_cell("£160k").unwrap();
        assert_eq!(
            (c.mantissa, c.unit, c.pound),
            (160, Some(Unit::Thousands), true)
        );
        let c = read_cell("(173,889)").unwrap();
        assert_eq!(c.mantissa, -173_889);
        assert!(read_cell("-").is_none(), "a dash is nil, not a figure");
        assert!(read_cell("84%").unwrap().percent);
        assert_eq!(read_cell("£ 5,000").unwrap().mantissa, 5_000);
    }
}
