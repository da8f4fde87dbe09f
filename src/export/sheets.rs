//! A meeting's budget lines, its flags and a line's history as
//! spreadsheets: CSV (one sheet a file) and .xlsx (all in one workbook,
//! written by rust_xlsxwriter).
//!
//! Amounts are numbers, in pounds with two decimals, made from the exact
//! pence through their decimal string ("-3520000.00"): no arithmetic on
//! money is done in floating point; an .xlsx number cell is a double, so
//! the string is read as one only as the cell is written. The unit is in
//! the header ("Cash Limit (£)"), beside a column for the page and one
//! for the item. A table without money (counts) keeps its numbers as
//! printed, with no £ in the header.
//!
//! CSV follows RFC 4180 (every text field quoted, quotes doubled, CRLF),
//! with a UTF-8 byte order mark so Excel reads "£" rightly. A text cell
//! that starts with = + - @ (or a tab or carriage return) gets a leading
//! apostrophe: quoting alone does not stop a spreadsheet from reading
//! "=HYPERLINK(...)" from a paper as a formula, the apostrophe does (the
//! OWASP advice), and the words stay readable. Amounts are written as
//! plain numbers, never as text, so a minus sign is never touched. In
//! .xlsx every text cell is a string cell, which is never a formula.

use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet};
use serde::{Deserialize, Serialize};

use super::{ExportError, ExportSummary, Format};
use crate::flags::Flag;
use crate::ids::{ItemId, MeetingId};
use crate::money::parse_number;
use crate::store::{BudgetLineRow, LineHistory};
use crate::Library;

/// Which sheet a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Sheet {
    Lines,
    Flags,
    History,
}

/// A cell: words, an exact decimal number, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// The decimal digits as written ("-3520000.00"); `money` formats it
    /// with two decimals and a thousands separator in .xlsx.
    Number {
        digits: String,
        money: bool,
    },
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    fn pounds(pence: i64) -> Self {
        Self::Number {
            digits: pounds(pence),
            money: true,
        }
    }

    fn opt_pounds(pence: Option<i64>) -> Self {
        pence.map_or(Self::Empty, Self::pounds)
    }

    fn count(n: Option<u32>) -> Self {
        n.map_or(Self::Empty, |n| Self::Number {
            digits: n.to_string(),
            money: false,
        })
    }
}

/// Pence as pounds with two decimals, exactly: 352_000_001 is "3520000.01".
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    format!("{sign}{}.{:02}", p / 100, p % 100)
}

/// A number as printed, exactly, as decimal digits: "(1,182)" is "-1182".
fn printed_number(printed: &str) -> Option<String> {
    let (mantissa, decimals) = parse_number(printed)?;
    let sign = if mantissa < 0 { "-" } else { "" };
    let digits = format!(
        "{:0>width$}",
        mantissa.unsigned_abs(),
        width = decimals as usize + 1
    );
    let (int, frac) = digits.split_at(digits.len() - decimals as usize);
    Some(if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    })
}

/// One sheet: a name, a header row and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// What the spreadsheets are made of.
#[derive(Debug, Clone)]
pub struct SheetData {
    pub lines: Table,
    pub flags: Table,
    pub history: Option<Table>,
    /// Exempt items whose lines or flags were left out.
    pub left_out_items: usize,
}

impl SheetData {
    /// A meeting's lines and flags, and a line's history where one is
    /// asked for; lines and flags of exempt items left out unless
    /// `include_exempt`.
    pub fn gather(
        lib: &Library,
        meeting: MeetingId,
        include_exempt: bool,
        line: Option<&str>,
    ) -> Result<Self, ExportError> {
        let detail = lib.get_meeting(meeting)?;
        let items: HashMap<ItemId, (Option<String>, String)> = detail
            .items()
            .map(|i| (i.id, (i.number.clone(), i.title.clone())))
            .collect();
        let exempt: HashSet<ItemId> = if include_exempt {
            HashSet::new()
        } else {
            lib.meeting_exempt(meeting)?
                .into_iter()
                .filter(|(_, e)| e.exempt)
                .map(|(i, _)| i)
                .collect()
        };
        let mut dropped: HashSet<ItemId> = HashSet::new();
        let mut keep = |item: ItemId| {
            if exempt.contains(&item) {
                dropped.insert(item);
                false
            } else {
                true
            }
        };
        let lines: Vec<BudgetLineRow> = lib
            .meeting_budget_lines(meeting)?
            .into_iter()
            .filter(|l| keep(l.item_id))
            .collect();
        let flags: Vec<Flag> = lib
            .meeting_flags(meeting)?
            .flags
            .into_iter()
            .filter(|f| keep(f.evidence.item_id))
            .collect();
        let history = match line {
            Some(key) => Some(history_table(
                lib,
                &lib.line_history(meeting, key)?,
                include_exempt,
            )?),
            None => None,
        };
        Ok(Self {
            lines: lines_table(&lines),
            flags: flags_table(&flags, &items),
            history,
            left_out_items: dropped.len(),
        })
    }

    pub fn summary(&self, format: Format, sheet: Option<Sheet>) -> ExportSummary {
        let history_points = self.history.as_ref().map_or(0, |h| h.rows.len());
        let (lines, flags, history_points) = match (format, sheet, self.history.is_some()) {
            (Format::Xlsx, _, _) => (self.lines.rows.len(), self.flags.rows.len(), history_points),
            (_, Some(Sheet::Flags), _) => (0, self.flags.rows.len(), 0),
            (_, Some(Sheet::History), _) | (_, None, true) => (0, 0, history_points),
            _ => (self.lines.rows.len(), 0, 0),
        };
        ExportSummary {
            lines,
            flags,
            history_points,
            left_out_items: self.left_out_items,
            ..ExportSummary::default()
        }
    }
}

fn lines_table(lines: &[BudgetLineRow]) -> Table {
    // Columns by name across the meeting's tables, money and counts apart:
    // the same header in two tables is one column.
    let mut columns: Vec<(String, bool)> = Vec::new();
    let mut rows = Vec::new();
    let mut placed: Vec<Vec<(usize, Cell)>> = Vec::new();
    for l in lines {
        let money = l.unit.is_some();
        let mut used: HashSet<usize> = HashSet::new();
        let mut cells = Vec::new();
        for v in &l.line.values {
            let name = v.column.split_whitespace().collect::<Vec<_>>().join(" ");
            let at = match columns
                .iter()
                .enumerate()
                .position(|(i, c)| c.0 == name && c.1 == money && !used.contains(&i))
            {
                Some(i) => i,
                None => {
                    columns.push((name, money));
                    columns.len() - 1
                }
            };
            used.insert(at);
            let cell = if money {
                Cell::pounds(v.pence)
            } else {
                printed_number(&v.printed).map_or_else(
                    || Cell::text(v.printed.clone()),
                    |digits| Cell::Number {
                        digits,
                        money: false,
                    },
                )
            };
            cells.push((at, cell));
        }
        placed.push(cells);
    }
    let mut head: Vec<String> = [
        "Item",
        "Item title",
        "Table",
        "Printed in",
        "Section",
        "Line",
        "Total row",
        "Page",
        "Direction",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let fixed = head.len();
    head.extend(columns.iter().map(|(name, money)| {
        if *money {
            format!("{name} (£)")
        } else {
            name.clone()
        }
    }));
    for (l, cells) in lines.iter().zip(placed) {
        let mut row = vec![
            Cell::text(l.item_number.clone().unwrap_or_default()),
            Cell::text(l.item_title.clone()),
            Cell::text(l.table_caption.clone().unwrap_or_default()),
            Cell::text(l.unit.clone().unwrap_or_else(|| "not money".into())),
            Cell::text(l.line.section.clone().unwrap_or_default()),
            Cell::text(l.line.label.clone()),
            Cell::text(if l.line.total_row { "yes" } else { "" }),
            Cell::count(l.line.page),
            Cell::text(match l.direction {
                crate::money::figures::Direction::Overspend => "overspend",
                crate::money::figures::Direction::Underspend => "underspend",
                crate::money::figures::Direction::Other => "",
            }),
        ];
        row.resize(head.len(), Cell::Empty);
        for (at, cell) in cells {
            row[fixed + at] = cell;
        }
        rows.push(row);
    }
    Table {
        name: "Budget lines",
        head,
        rows,
    }
}

fn flags_table(flags: &[Flag], items: &HashMap<ItemId, (Option<String>, String)>) -> Table {
    let head = [
        "Severity",
        "Rule",
        "Reason",
        "Line",
        "Table",
        "Item",
        "Item title",
        "Page",
        "Amount (£)",
        "Dismissed",
        "Why dismissed",
    ];
    let rows = flags
        .iter()
        .map(|f| {
            let (number, title) = items.get(&f.evidence.item_id).cloned().unwrap_or_default();
            vec![
                Cell::text(super::pack::severity_label(f.severity)),
                Cell::text(f.rule.title()),
                Cell::text(f.reason.clone()),
                Cell::text(f.evidence.line.clone().unwrap_or_default()),
                Cell::text(f.evidence.table.clone().unwrap_or_default()),
                Cell::text(number.unwrap_or_default()),
                Cell::text(title),
                Cell::count(f.evidence.page),
                Cell::pounds(f.amount_pence),
                Cell::text(if f.dismissed.is_some() { "yes" } else { "" }),
                Cell::text(
                    f.dismissed
                        .as_ref()
                        .map_or(String::new(), |d| d.reason.clone()),
                ),
            ]
        })
        .collect();
    Table {
        name: "Flags",
        head: head.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}

fn history_table(
    lib: &Library,
    h: &LineHistory,
    include_exempt: bool,
) -> Result<Table, ExportError> {
    let head = [
        "Date",
        "Line",
        "Table",
        "Item",
        "Item title",
        "Page",
        "Budget (£)",
        "Variance (£)",
        "Movement (£)",
        "Match",
    ];
    let mut rows = Vec::new();
    for p in &h.points {
        if !include_exempt && lib.item_exempt(p.item_id)?.exempt {
            continue;
        }
        let item = lib.get_item(p.item_id)?.summary;
        let sureness = p.sureness.map_or("the line asked for".to_string(), |s| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        });
        rows.push(vec![
            Cell::text(p.date.clone()),
            Cell::text(p.label.clone()),
            Cell::text(p.table.clone().unwrap_or_default()),
            Cell::text(item.number.unwrap_or_default()),
            Cell::text(item.title),
            Cell::count(p.page),
            Cell::opt_pounds(p.budget_pence),
            Cell::opt_pounds(p.variance_pence),
            Cell::opt_pounds(p.movement_pence),
            Cell::text(sureness),
        ]);
    }
    Ok(Table {
        name: "History",
        head: head.iter().map(|s| s.to_string()).collect(),
        rows,
    })
}

/// One field of a CSV file (RFC 4180), safe to open in a spreadsheet.
pub fn csv_field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Number { digits, .. } => digits.clone(),
        Cell::Text(t) => {
            let guarded = if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{t}")
            } else {
                t.clone()
            };
            format!("\"{}\"", guarded.replace('"', "\"\""))
        }
    }
}

/// One sheet as CSV.
pub fn csv(data: &SheetData, sheet: Sheet) -> Result<Vec<u8>, ExportError> {
    let table = match sheet {
        Sheet::Lines => &data.lines,
        Sheet::Flags => &data.flags,
        Sheet::History => data.history.as_ref().ok_or_else(|| {
            ExportError::Invalid("a line's history needs the line's key (--line)".into())
        })?,
    };
    let mut out = String::from("\u{feff}");
    let head: Vec<String> = table
        .head
        .iter()
        .map(|h| csv_field(&Cell::text(h.clone())))
        .collect();
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        out.push_str(&row.iter().map(csv_field).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    Ok(out.into_bytes())
}

/// Every sheet in one workbook: "Budget lines", "Flags", and "History"
/// when a line was asked for.
pub fn xlsx(data: &SheetData) -> Result<Vec<u8>, ExportError> {
    let fail = |e: rust_xlsxwriter::XlsxError| ExportError::Spreadsheet(e.to_string());
    let mut book = Workbook::new();
    let head = CellFormat::new().set_bold();
    let money = CellFormat::new().set_num_format("#,##0.00");
    for table in [Some(&data.lines), Some(&data.flags), data.history.as_ref()]
        .into_iter()
        .flatten()
    {
        let sheet: &mut Worksheet = book.add_worksheet();
        sheet.set_name(table.name).map_err(fail)?;
        for (c, h) in table.head.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &head)
                .map_err(fail)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(t) => {
                        sheet.write_string(r, c, t).map_err(fail)?;
                    }
                    // The one place money becomes a double: the cell itself.
                    Cell::Number {
                        digits,
                        money: true,
                    } => {
                        let n: f64 = digits.parse().map_err(|_| {
                            ExportError::Spreadsheet(format!("{digits} is not a number"))
                        })?;
                        sheet
                            .write_number_with_format(r, c, n, &money)
                            .map_err(fail)?;
                    }
                    Cell::Number {
                        digits,
                        money: false,
                    } => {
                        let n: f64 = digits.parse().map_err(|_| {
                            ExportError::Spreadsheet(format!("{digits} is not a number"))
                        })?;
                        sheet.write_number(r, c, n).map_err(fail)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        sheet.autofit_to_max_width(400);
    }
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_from_exact_pence() {
        assert_eq!(pounds(352_000_000), "3520000.00");
        assert_eq!(pounds(-1), "-0.01");
        assert_eq!(pounds(i64::MIN), "-92233720368547758.08");
        assert_eq!(printed_number("(1,182)").as_deref(), Some("-1182"));
        assert_eq!(printed_number("0.05").as_deref(), Some("0.05"));
        assert_eq!(printed_number("-.5").as_deref(), Some("-0.5"));
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(
            csv_field(&Cell::text("=HYPERLINK(\"http://x\")")),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field(&Cell::text("@SUM(A1)")), "\"'@SUM(A1)\"");
        assert_eq!(csv_field(&Cell::text("-2+3")), "\"'-2+3\"");
        assert_eq!(csv_field(&Cell::text("Asylum, UASC")), "\"Asylum, UASC\"");
        assert_eq!(
            csv_field(&Cell::pounds(-352_000_000)),
            "-3520000.00",
            "an amount is a plain number, its minus untouched"
        );
    }
}
