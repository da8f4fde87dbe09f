//! Tables carried over page breaks: a block with no header of its own, or
//! under the same header repeated, joins the table it continues.

use super::body::{data_lines, is_data_row};
use super::BudgetTable;
use crate::money::{columns, Unit};

/// A block with no header of its own: nothing above its first data row but
/// labels.
pub(super) fn headerless(rows: &[Vec<String>]) -> bool {
    rows.iter()
        .take_while(|r| !is_data_row(r))
        .all(|r| r[1..].iter().all(String::is_empty))
}

/// Adds a headerless block's rows to the table it continues, if it does.
pub(super) fn continue_table(
    prev: &mut BudgetTable,
    rows: &[Vec<String>],
    start: usize,
    end: usize,
    page: u32,
) -> bool {
    let Some(layout) = prev.layout.as_mut() else {
        return false;
    };
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    // Close below it on the same page, or at the top of the next page (its
    // repeated header taken away as page furniture).
    let follows = start <= layout.end_line + 3 || page == layout.last_page + 1;
    if width != layout.width || !follows {
        return false;
    }
    let layout_copy = layout.clone();
    layout.end_line = end;
    layout.last_page = page;
    let extra = data_lines(rows, &layout_copy);
    for l in &extra {
        for v in &l.values {
            if !prev.columns.contains(&v.column) {
                prev.columns.push(v.column.clone());
                prev.roles.push(v.role);
            }
        }
    }
    prev.lines.extend(extra);
    true
}

/// The unit of the table before (`prev`), for a block as wide as it that
/// starts on its last page or the next, with the column names it must
/// repeat to be that table again: a header repeated on the next page may
/// have lost its unit line to the furniture filter; the table it repeats
/// still knows the unit. A table with a header of its own ("Age Group, Mar
/// 17, Jun 17") is not the money table before it, and takes nothing.
pub(super) fn inherited_unit<'a>(
    prev: Option<&'a BudgetTable>,
    rows: &[Vec<String>],
    page: u32,
) -> Option<(Unit, &'a [String])> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    prev.and_then(|p| {
        p.layout
            .as_ref()
            .filter(|l| l.last_page + 1 >= page && l.width == width)
            .map(|l| (l.table_unit, l.names.as_slice()))
    })
}

/// Adds a table to those found, or, where it is the same header as the last
/// one's repeated at the top of the next page, its lines to that table.
pub(super) fn push_or_join(tables: &mut Vec<BudgetTable>, t: BudgetTable) {
    // The same header repeated at the top of the next page.
    let last_page = |p: &BudgetTable| p.layout.as_ref().map_or(p.page, |l| l.last_page) + 1;
    match tables.last_mut() {
        Some(prev)
            if t.caption.is_none()
                && prev.columns.len() == t.columns.len()
                && t.page > prev.page
                && t.page <= last_page(prev) =>
        {
            // Same columns, perhaps named a little differently once
            // part of the repeated header was taken as furniture.
            let rename: Vec<(String, String)> = t
                .columns
                .iter()
                .cloned()
                .zip(prev.columns.iter().cloned())
                .collect();
            for mut l in t.lines {
                for v in &mut l.values {
                    if let Some((_, to)) = rename.iter().find(|(from, _)| *from == v.column) {
                        v.column = to.clone();
                        v.role = columns::role(to);
                    }
                }
                prev.lines.push(l);
            }
            if let (Some(pl), Some(tl)) = (prev.layout.as_mut(), t.layout.as_ref()) {
                pl.last_page = tl.last_page;
                pl.end_line = tl.end_line;
            }
        }
        _ => tables.push(t),
    }
}
