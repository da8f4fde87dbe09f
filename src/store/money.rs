//! Budget tables, lines, values and figures: written with a paper, read
//! back for an item or a whole meeting.

use rusqlite::{params, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::{Library, StoreError};
use crate::ids::{ItemId, MeetingId, TableId};
use crate::money::columns::{self, ColumnRole, SignConvention};
use crate::money::figures::{Direction, Figure};
use crate::money::tables::BudgetTable;
use crate::parse::Span;

/// A budget table as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TableView {
    pub id: TableId,
    pub caption: Option<String>,
    /// "£m", "£000", "£", "£bn".
    pub unit: Option<String>,
    pub period: Option<String>,
    pub page: Option<u32>,
    pub columns: Vec<String>,
    /// What a plus sign means in the variance columns, where it has any.
    pub sign: Option<SignConvention>,
    pub lines: Vec<LineView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LineView {
    /// The stored line's row id (it changes when the paper is read again).
    pub id: i64,
    pub label: String,
    /// The category heading the line stands under, where there is one.
    pub section: Option<String>,
    pub total_row: bool,
    /// The page the line is printed on, where it differs from the table's
    /// (in a Budget-view row: the page it is printed on).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub page: Option<u32>,
    pub values: Vec<CellView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CellView {
    pub column: String,
    /// The column's role: what flags and the Budget view go by.
    pub role: ColumnRole,
    pub printed: String,
    pub pence: i64,
}

impl LineView {
    /// This period's variance: the last value whose column is a variance
    /// by its role (as `BudgetLine::variance`).
    pub fn variance(&self) -> Option<&CellView> {
        self.values.iter().rev().find(|v| v.role.is_variance())
    }
}

/// A role as stored; a library made before roles were kept has none, and
/// the role is then read from the column's header as the reader does.
pub(super) fn stored_role(stored: Option<String>, column: &str) -> ColumnRole {
    use serde::de::IntoDeserializer;
    stored
        .and_then(|s| {
            let d: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                s.as_str().into_deserializer();
            ColumnRole::deserialize(d).ok()
        })
        .unwrap_or_else(|| columns::role(column))
}

/// One line of a meeting's Budget view, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BudgetLineRow {
    pub item_id: ItemId,
    pub item_number: Option<String>,
    pub item_title: String,
    pub table_caption: Option<String>,
    pub unit: Option<String>,
    /// This period's variance, where the table has one: what the Budget
    /// view sorts by.
    pub variance: Option<CellView>,
    /// What the variance means, by the table's sign convention (a plus is
    /// an overspend unless the paper says otherwise): decided here, not in
    /// the UI.
    pub direction: Direction,
    #[serde(flatten)]
    pub line: LineView,
}

pub(super) fn insert_figures(
    tx: &Transaction,
    item_id: i64,
    figures: &[Figure],
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO figures (item_id, position, text, amount_pence, direction, subject, period, page, sentence, kind, span_start, span_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (pos, f) in figures.iter().enumerate() {
        stmt.execute(params![
            item_id,
            pos as i64,
            f.text,
            f.amount_pence,
            f.direction.as_str(),
            f.subject,
            f.period,
            f.page,
            f.sentence,
            serde_json::to_value(f.kind())?.as_str().unwrap_or("other"),
            f.span.map(|s| s.start as i64),
            f.span.map(|s| s.end as i64),
        ])?;
    }
    Ok(())
}

pub(super) fn insert_table(
    tx: &Transaction,
    document_id: i64,
    item_id: Option<i64>,
    position: usize,
    t: &BudgetTable,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO budget_tables (document_id, item_id, position, caption, unit, period, page, columns, sign)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            document_id,
            item_id,
            position as i64,
            t.caption,
            t.unit.map(|u| u.label()),
            t.period,
            t.page,
            serde_json::to_string(&t.columns)?,
            t.sign.as_ref().map(serde_json::to_string).transpose()?,
        ],
    )?;
    let table_id = tx.last_insert_rowid();
    let mut line_stmt =
        tx.prepare_cached("INSERT INTO budget_lines (table_id, position, label, total_row, section, page) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut value_stmt = tx.prepare_cached(
        "INSERT INTO budget_values (line_id, position, column_name, printed, pence, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (lpos, l) in t.lines.iter().enumerate() {
        line_stmt.execute(params![
            table_id,
            lpos as i64,
            l.label,
            l.total_row,
            l.section,
            l.page
        ])?;
        let line_id = tx.last_insert_rowid();
        for (vpos, v) in l.values.iter().enumerate() {
            value_stmt.execute(params![
                line_id,
                vpos as i64,
                v.column,
                v.printed,
                v.pence,
                v.role.as_str()
            ])?;
        }
    }
    Ok(())
}

fn figure_row(r: &Row) -> rusqlite::Result<Figure> {
    let direction: String = r.get(2)?;
    Ok(Figure {
        text: r.get(0)?,
        amount_pence: r.get(1)?,
        // The CHECK constraint admits only the three directions.
        direction: Direction::from_str_opt(&direction).unwrap_or(Direction::Other),
        subject: r.get(3)?,
        period: r.get(4)?,
        page: r.get(5)?,
        sentence: r.get(6)?,
        span: span_at(r, 7)?,
    })
}

/// A span stored as two columns from `at`; none where either is NULL.
pub(super) fn span_at(r: &Row, at: usize) -> rusqlite::Result<Option<Span>> {
    let start: Option<i64> = r.get(at)?;
    let end: Option<i64> = r.get(at + 1)?;
    Ok(start.zip(end).map(|(s, e)| Span {
        start: s as usize,
        end: e as usize,
    }))
}

impl Library {
    pub fn item_figures(&self, item: ItemId) -> Result<Vec<Figure>, StoreError> {
        Ok(self
            .conn()
            .prepare(
                "SELECT text, amount_pence, direction, subject, period, page, sentence, span_start, span_end
                 FROM figures WHERE item_id = ?1 ORDER BY position",
            )?
            .query_map([item.0], figure_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn item_tables(&self, item: ItemId) -> Result<Vec<TableView>, StoreError> {
        type Head = (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<u32>,
            String,
            Option<String>,
        );
        let heads: Vec<Head> = self
            .conn()
            .prepare("SELECT id, caption, unit, period, page, columns, sign FROM budget_tables WHERE item_id = ?1 ORDER BY position")?
            .query_map([item.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
            .collect::<Result<_, _>>()?;
        heads
            .into_iter()
            .map(|(id, caption, unit, period, page, columns, sign)| {
                Ok(TableView {
                    id: TableId(id),
                    caption,
                    unit,
                    period,
                    page,
                    columns: serde_json::from_str(&columns)?,
                    sign: sign.map(|s| serde_json::from_str(&s)).transpose()?,
                    lines: self.table_lines(id)?,
                })
            })
            .collect()
    }

    fn table_lines(&self, table_id: i64) -> Result<Vec<LineView>, StoreError> {
        let lines: Vec<(i64, String, bool, Option<String>, Option<u32>)> = self
            .conn()
            .prepare("SELECT id, label, total_row, section, page FROM budget_lines WHERE table_id = ?1 ORDER BY position")?
            .query_map([table_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?;
        let mut stmt = self
            .conn()
            .prepare("SELECT column_name, printed, pence, role FROM budget_values WHERE line_id = ?1 ORDER BY position")?;
        lines
            .into_iter()
            .map(|(id, label, total_row, section, page)| {
                let values = stmt
                    .query_map([id], |r| {
                        let column: String = r.get(0)?;
                        Ok(CellView {
                            role: stored_role(r.get(3)?, &column),
                            column,
                            printed: r.get(1)?,
                            pence: r.get(2)?,
                        })
                    })?
                    .collect::<Result<_, _>>()?;
                Ok(LineView {
                    id,
                    label,
                    section,
                    total_row,
                    page,
                    values,
                })
            })
            .collect()
    }

    /// Every budget line in the tables of a meeting's items, its papers in
    /// the meeting's order.
    pub fn meeting_budget_lines(
        &self,
        meeting: MeetingId,
    ) -> Result<Vec<BudgetLineRow>, StoreError> {
        type Head = (
            i64,
            i64,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<u32>,
            Option<String>,
        );
        let tables: Vec<Head> = self
            .conn()
            .prepare(
                "SELECT t.id, i.id, i.number, i.title, t.caption, t.unit, t.page, t.sign
                 FROM budget_tables t JOIN agenda_items i ON i.id = t.item_id JOIN papers p ON p.id = i.paper_id
                 WHERE p.meeting_id = ?1 ORDER BY p.document_id, p.position, i.position, t.position",
            )?
            .query_map([meeting.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (table_id, item_id, number, title, caption, unit, page, sign) in tables {
            let sign: Option<SignConvention> =
                sign.map(|s| serde_json::from_str(&s)).transpose()?;
            let plus_is_over = sign.is_none_or(|s| s.positive_is_overspend);
            for mut line in self.table_lines(table_id)? {
                let variance = line.variance().cloned();
                let direction = match variance.as_ref().map_or(0, |v| v.pence.signum()) {
                    0 => Direction::Other,
                    1 if plus_is_over => Direction::Overspend,
                    -1 if !plus_is_over => Direction::Overspend,
                    _ => Direction::Underspend,
                };
                // The row's page is the line's own, else its table's: one key.
                line.page = line.page.or(page);
                out.push(BudgetLineRow {
                    variance,
                    direction,
                    item_id: ItemId(item_id),
                    item_number: number.clone(),
                    item_title: title.clone(),
                    table_caption: caption.clone(),
                    unit: unit.clone(),
                    line,
                });
            }
        }
        Ok(out)
    }
}
