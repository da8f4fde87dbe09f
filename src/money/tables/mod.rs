//! Budget tables: found in text in every flattened form a paper arrives in,
//! read into lines whose values are exact pence with the text as printed.
//!
//! Forms: tab-separated rows (PDF exports, Word and HTML tables as our
//! ingest writes them), pipe-separated rows (web tables copied as text),
//! and space-aligned columns (`pdftotext -layout`). Multi-row headers are
//! joined ("Cash Limit" over "Gross" is "Cash Limit Gross"); units come
//! from the header ("£m", "£000", "(£m)", "Gross £m"); blank cells are
//! nothing, not zero; sub-totals and totals are marked and re-added.
//!
//! The reading goes in steps, a file each: `rows` finds a block of rows
//! and splits it into cells (`aligned` for laid-out text, `cell_per_line`
//! for web tables copied a cell per line); `header` names its columns,
//! `units` and `caption` say what it is printed in and what it is of;
//! `body` reads its data rows; `continuation` joins a table carried over a
//! page break to where it started.

mod aligned;
mod body;
mod caption;
mod cell_per_line;
mod continuation;
mod header;
mod rows;
mod units;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::columns::{self, ColumnRole, SignConvention};
pub use super::totals::{check_totals, Mismatch};
use super::Unit;
use body::data_lines;
use cell_per_line::cell_per_line;
use rows::{block, Kind};

pub(crate) use body::TOTAL_LABEL;
pub use caption::period_in;
pub(crate) use caption::PERIOD;
pub(crate) use rows::clean;
pub(crate) use units::{most_common, NOT_MONEY};

/// A line of source text and its page.
#[derive(Debug, Clone, Copy)]
pub struct SourceLine<'a> {
    pub text: &'a str,
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetTable {
    pub caption: Option<String>,
    /// The unit most columns are printed in.
    pub unit: Option<Unit>,
    /// "January 2017-18", "Quarter 2", where the caption or report says.
    pub period: Option<String>,
    pub page: u32,
    pub columns: Vec<String>,
    /// What each column holds, in the order of `columns`.
    pub roles: Vec<ColumnRole>,
    /// What a plus sign means in its variance columns, where it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign: Option<SignConvention>,
    pub lines: Vec<BudgetLine>,
    /// What the reader had to guess ("no unit is printed; read as £").
    #[serde(skip)]
    pub notes: Vec<String>,
    /// Index of the first source line of the table (for the parser).
    #[serde(skip)]
    pub start_line: usize,
    /// How the columns were read, for a continuation on the next page.
    #[serde(skip)]
    pub(crate) layout: Option<Layout>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    width: usize,
    names: Vec<String>,
    units: Vec<Option<Unit>>,
    money: Vec<bool>,
    table_unit: Unit,
    end_line: usize,
    last_page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub label: String,
    /// The category heading the line stands under ("Transport
    /// Infrastructure"), where the table has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub total_row: bool,
    /// The page the line is printed on, where it differs from the table's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(serialize_with = "values_as_map", deserialize_with = "values_from_map")]
    pub values: Vec<Value>,
}

/// One cell: its column, the text as printed and its exact value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    /// The key of the map the line's values are written as.
    #[serde(skip)]
    pub column: String,
    /// The role of its column (budget, variance, ...).
    #[serde(default)]
    pub role: ColumnRole,
    pub printed: String,
    pub pence: i64,
}

impl BudgetTable {
    /// The table as the rest of the app sees it: the reader's working
    /// state (where it started, how its columns were laid out, the notes
    /// already turned into diagnostics) dropped, so that a table is the
    /// same whether read here or in a worker and sent over as JSON.
    pub(crate) fn finish_reading(&mut self) {
        self.notes.clear();
        self.start_line = 0;
        self.layout = None;
    }
}

/// `{"Budget": {"printed": "58.390", "pence": 5839000000}, ...}` in column order.
fn values_as_map<S: Serializer>(values: &[Value], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(values.len()))?;
    for v in values {
        map.serialize_entry(&v.column, v)?;
    }
    map.end()
}

/// The map written by `values_as_map`, back in the order it was written
/// (each value takes its column from its key).
fn values_from_map<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
    struct InOrder;
    impl<'de> Visitor<'de> for InOrder {
        type Value = Vec<Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of column names to values")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Value>, A::Error> {
            let mut values = Vec::new();
            while let Some((column, mut value)) = map.next_entry::<String, Value>()? {
                value.column = column;
                values.push(value);
            }
            Ok(values)
        }
    }
    d.deserialize_map(InOrder)
}

impl BudgetLine {
    pub fn value(&self, column: &str) -> Option<&Value> {
        self.values.iter().find(|v| v.column == column)
    }

    /// The line's variance: the last column whose role is this period's
    /// variance (or its real part), never a previous month's ("Last
    /// reported"), a movement, or re-phasing.
    pub fn variance(&self) -> Option<&Value> {
        self.values.iter().rev().find(|v| v.role.is_variance())
    }
}

/// Finds every budget table in the lines.
pub fn find(lines: &[SourceLine]) -> Vec<BudgetTable> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((rows, next, kind, head)) =
            block(lines, i).or_else(|| cell_per_line(lines, i).map(|(r, n, k)| (r, n, k, i)))
        else {
            i += 1;
            continue;
        };
        // A block with no header of its own, right after a table of the
        // same width, is that table carried over a page break.
        let headerless = continuation::headerless(&rows);
        if let Some(prev) = tables.last_mut().filter(|_| headerless) {
            if continuation::continue_table(prev, &rows, i, next, lines[i].page) {
                i = next.max(i + 1);
                continue;
            }
        }
        let inherited = continuation::inherited_unit(tables.last(), &rows, lines[i].page);
        // Merged header cells come through as blanks to the right of their
        // text in tab and pipe rows; in laid-out text, position says it all.
        let spans = matches!(kind, Kind::Tab | Kind::Pipe);
        if let Some(mut t) = build(lines, head, &rows, spans, inherited) {
            if let Some(l) = t.layout.as_mut() {
                l.end_line = next;
            }
            continuation::push_or_join(&mut tables, t);
        }
        i = next.max(i + 1);
    }
    tables
}

/// The table a block's rows make (its header starting at line `start`),
/// if they have data rows and a unit somewhere.
fn build(
    lines: &[SourceLine],
    start: usize,
    rows: &[Vec<String>],
    spans: bool,
    inherited: Option<(Unit, &[String])>,
) -> Option<BudgetTable> {
    let width = rows.iter().map(Vec::len).max()?;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.resize(width, String::new());
            r
        })
        .collect();
    let first_data = header::end(&rows)?;
    let header = &rows[..first_data];
    let (columns, col_units) = header::columns(header, width, spans);
    let caption = caption::caption(lines, start, header);
    // The unit of the table this one repeats, where its columns are that
    // table's; with no unit anywhere, the numbers are counts, not money.
    let inherited = inherited
        .filter(|(_, names)| *names == columns.as_slice())
        .map(|(u, _)| u);
    let table_unit = units::table_unit(&col_units, caption.as_deref(), inherited)?;
    let layout = Layout {
        width,
        names: columns.clone(),
        money: units::money_columns(&columns, &col_units),
        units: col_units,
        table_unit,
        end_line: start + rows.len(),
        last_page: lines[start].page,
    };
    let lines_out = data_lines(&rows[first_data..], &layout);
    if lines_out.is_empty() {
        return None;
    }
    let columns_used: Vec<String> = columns
        .iter()
        .filter(|c| lines_out.iter().any(|l| l.value(c).is_some()))
        .cloned()
        .collect();
    let period = caption.as_deref().and_then(period_in);
    Some(BudgetTable {
        caption,
        unit: Some(table_unit),
        period,
        page: lines[start].page,
        roles: columns_used.iter().map(|c| columns::role(c)).collect(),
        columns: columns_used,
        sign: None,
        notes: Vec::new(),
        lines: lines_out,
        start_line: start,
        layout: Some(layout),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of text, all on page 7, as the parser hands them over.
    pub(super) fn src(text: &str) -> Vec<SourceLine<'_>> {
        text.lines()
            .map(|t| SourceLine { text: t, page: 7 })
            .collect()
    }

    #[test]
    fn tab_table_with_unit_row_blank_cells_and_totals() {
        let text = "3.2 Table 1a: Directorate revenue position\n\n\
            Directorate\tBudget\tNet Forecast Variance *\tAdjustment\n\
            \t£m\t£m\t£m\n\
            Adults\t58.390\t-0.037\t-0.177\n\
            Children\t113.105\t3.838\t\n\
            <i>Sub Total People</i>\t<i>171.495</i>\t<i>3.801</i>\t<i>-0.177</i>\n\
            TOTAL\t171.495\t3.801\t-0.177\n";
        let tables = find(&src(text));
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(
            t.caption.as_deref(),
            Some("Table 1a: Directorate revenue position")
        );
        assert_eq!(t.unit, Some(Unit::Millions));
        assert_eq!(t.columns, ["Budget", "Net Forecast Variance", "Adjustment"]);
        assert_eq!(t.lines.len(), 4);
        assert_eq!(t.lines[0].value("Budget").unwrap().pence, 5_839_000_000);
        assert!(
            t.lines[1].value("Adjustment").is_none(),
            "a blank cell is nothing, not zero"
        );
        assert!(
            t.lines[2].total_row && t.lines[2].label == "Sub Total People",
            "italics go, the total stays"
        );
        let mut t = t.clone();
        assert!(
            check_totals(&mut t).is_empty(),
            "{:?}",
            check_totals(&mut t.clone())
        );
    }

    #[test]
    fn the_variance_is_this_periods() {
        let text = "Line\tBudget\tRe-phasing variance\tRevised Net Variance\tLast reported variance\n\t£m\t£m\t£m\t£m\nAdults\t10.0\t-1.0\t0.5\t0.4\n";
        let t = find(&src(text)).remove(0);
        assert_eq!(
            t.lines[0].variance().map(|v| v.column.as_str()),
            Some("Revised Net Variance")
        );
    }

    #[test]
    fn a_total_that_does_not_add_up_is_reported() {
        let text = "Service\tBudget\n\t£000\nA\t100\nB\t(20)\nTotal\t90\n";
        let mut t = find(&src(text)).remove(0);
        let m = check_totals(&mut t);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(
            (m[0].printed_pence, m[0].added_pence),
            (9_000_000, 8_000_000)
        );
    }
}
