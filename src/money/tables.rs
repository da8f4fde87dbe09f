//! Budget tables: found in text in every flattened form a paper arrives in,
//! read into lines whose values are exact pence with the text as printed.
//!
//! Forms: tab-separated rows (PDF exports, Word and HTML tables as our
//! ingest writes them), pipe-separated rows (web tables copied as text),
//! and space-aligned columns (`pdftotext -layout`). Multi-row headers are
//! joined ("Cash Limit" over "Gross" is "Cash Limit Gross"); units come
//! from the header ("£m", "£000", "(£m)", "Gross £m"); blank cells are
//! nothing, not zero; sub-totals and totals are marked and re-added.

use std::sync::LazyLock;

use regex::Regex;
use serde::ser::SerializeMap;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::columns::{self, ColumnRole, SignConvention};
pub use super::totals::{check_totals, Mismatch};
use super::{parse_number, pence, Unit};

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

pub(crate) static UNIT_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(?£\s?['’]?(?:000s?|k|m|bn|million)?\)?").expect("valid regex"));
pub(crate) static TOTAL_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:sub[\s-]?total|grand total|total|net total)(?-u:\b)|(?-u:\b)total(?:\s*\(.*\)?)?$").expect("valid regex"));
static SECTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:-\s*)?\d+(?:\.\d+)*\.?\s+").expect("valid regex"));
pub(crate) static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d(?:[-/]\d\d(?:\d\d)?)?|Quarter \d(?:,? 20\d\d[-/]\d\d)?|Q[1-4] 20\d\d[-/]\d\d|Month \d{1,2})(?-u:\b)")
        .expect("valid regex")
});
pub(crate) static NOT_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:number|no\.|clients?|fte|days|weeks|hours|count|percent|per cent|ratio|rate)(?-u:\b)|%|#").expect("valid regex")
});
static MARKUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?(?:i|b|em|strong)>|\*\*").expect("valid regex"));

/// A table cell's text without markup or footnote stars.
pub(crate) fn clean(cell: &str) -> String {
    let t = MARKUP.replace_all(cell, "");
    t.trim().trim_end_matches('*').trim().to_string()
}

fn is_number(cell: &str) -> bool {
    let c = cell.trim();
    !c.is_empty() && parse_number(c).is_some()
}

/// A cell that only names a unit: "£m", "(£000)".
fn unit_only(cell: &str) -> Option<Unit> {
    let c = cell.trim();
    if c.contains('£') && UNIT_IN_TEXT.find(c).is_some_and(|m| m.as_str().len() == c.len()) {
        Unit::from_marker(c)
    } else {
        None
    }
}

/// Finds every budget table in the lines.
pub fn find(lines: &[SourceLine]) -> Vec<BudgetTable> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((rows, next, kind, head)) = block(lines, i).or_else(|| cell_per_line(lines, i).map(|(r, n, k)| (r, n, k, i))) else {
            i += 1;
            continue;
        };
        // A block with no header of its own, right after a table of the
        // same width, is that table carried over a page break.
        let headerless = rows.iter().take_while(|r| !is_data_row(r)).all(|r| r[1..].iter().all(String::is_empty));
        if let Some(prev) = tables.last_mut().filter(|_| headerless) {
            if continue_table(prev, &rows, i, next, lines[i].page) {
                i = next.max(i + 1);
                continue;
            }
        }
        // Merged header cells come through as blanks to the right of their
        // text in tab and pipe rows; in laid-out text, position says it all.
        // A header repeated on the next page may have lost its unit line to
        // the furniture filter; the table it repeats still knows the unit.
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let inherited = tables.last().and_then(|p| {
            p.layout.as_ref().filter(|l| l.last_page + 1 >= lines[i].page && l.width == width).map(|l| l.table_unit)
        });
        let spans = matches!(kind, Kind::Tab | Kind::Pipe);
        if let Some(mut t) = build(lines, head, &rows, spans, inherited) {
            if let Some(l) = t.layout.as_mut() {
                l.end_line = next;
            }
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
                    let rename: Vec<(String, String)> = t.columns.iter().cloned().zip(prev.columns.iter().cloned()).collect();
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
        i = next.max(i + 1);
    }
    tables
}

/// A table copied from a web page a cell per line: a header of N+1 lines
/// (one naming a unit), then groups of a label line and N number lines.
fn cell_per_line(lines: &[SourceLine], i: usize) -> Option<(Vec<Vec<String>>, usize, Kind)> {
    let is_cell_number = |t: &str| is_number(t) || matches!(t.trim(), "-" | "–" | "—");
    let first = lines[i].text.trim();
    if first.is_empty() || is_cell_number(first) || first.contains('\t') || first.len() > 120 {
        return None;
    }
    // Cheap test first: a unit among the next few lines, as a header has.
    let near: Vec<usize> = (i..lines.len()).filter(|&k| !lines[k].text.trim().is_empty()).take(10).collect();
    if !near[1..].iter().any(|&k| lines[k].text.contains('£')) {
        return None;
    }
    let ne: Vec<usize> = (i..lines.len().min(i + 2000)).filter(|&k| !lines[k].text.trim().is_empty()).collect();
    for n in 2..=8usize {
        if ne.len() < 3 * (n + 1) {
            break;
        }
        let header = &ne[..=n];
        if header.iter().any(|&k| is_cell_number(lines[k].text)) || !header.iter().any(|&k| lines[k].text.contains('£')) {
            continue;
        }
        let mut rows = vec![header.iter().map(|&k| clean(lines[k].text)).collect::<Vec<_>>()];
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
                if matches!(t.as_str(), "-" | "–" | "—") { String::new() } else { t }
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

/// The rows of the table block starting at `i`, split into cells, and the
/// line after it. Tab rows and pipe rows run until a line of another kind;
/// a blank line ends a block.
/// Also returns where the block's header really starts, for its caption.
fn block(lines: &[SourceLine], i: usize) -> Option<(Vec<Vec<String>>, usize, Kind, usize)> {
    let kind = row_kind(lines[i].text)?;
    let mut rows = Vec::new();
    let mut j = i;
    while j < lines.len() && row_kind(lines[j].text) == Some(kind) && (kind != Kind::Spaced || lines[j].page == lines[i].page) {
        if let Some(cells) = split(lines[j].text, kind) {
            rows.push(cells);
        }
        j += 1;
        if kind == Kind::Spaced {
            j = spaced_continues(lines, j, lines[i].page);
        }
    }
    if kind == Kind::Spaced {
        // Header words alone on lines above ("£m", "Working" over "Budget").
        let mut from = i;
        let wrapped = i > 0 && wraps_onto_next(lines, i - 1);
        if wrapped {
            from = i - 1;
        }
        while !wrapped
            && from > 0
            && from + 3 > i
            && lines[from - 1].page == lines[i].page
            && lines[from - 1].text.starts_with("          ")
            && !lines[from - 1].text.trim().is_empty()
        {
            from -= 1;
        }
        rows = align_spaced(&lines[from..j]);
        return (rows.len() >= 2).then_some((rows, j, kind, from));
    }
    (rows.len() >= 2).then_some((rows, j, kind, i))
}

/// Laid-out tables run on past blank lines and section headings ("Adult
/// Social Care & Health" alone, indented) while a row of columns follows
/// within a few lines on the same page. Returns where the block goes on.
fn spaced_continues(lines: &[SourceLine], j: usize, page: u32) -> usize {
    let mut k = j;
    let mut blanks = 0;
    while k < lines.len() && lines[k].page == page {
        let t = lines[k].text;
        if row_kind(t) == Some(Kind::Spaced) {
            return k;
        }
        if t.trim().is_empty() {
            blanks += 1;
            if blanks > 2 {
                break;
            }
        } else if (t.starts_with("    ") && t.trim().len() <= 100 && !t.trim().ends_with('.')) || wraps_onto_next(lines, k) {
            blanks = 0;
        } else {
            break;
        }
        k += 1;
        if k > j + 8 {
            break;
        }
    }
    j
}

/// A label line whose text carries on, in lower case, on the row of
/// figures below it.
fn wraps_onto_next(lines: &[SourceLine], k: usize) -> bool {
    let t = lines[k].text.trim();
    !t.is_empty()
        && row_kind(lines[k].text).is_none()
        && lines.get(k + 1).is_some_and(|n| row_kind(n.text) == Some(Kind::Spaced) && n.text.trim().starts_with(char::is_lowercase))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Tab,
    Pipe,
    Spaced,
    CellPerLine,
}

static WIDE_GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S\s{2,}\S").expect("valid regex"));

fn row_kind(line: &str) -> Option<Kind> {
    if line.trim().is_empty() {
        return None;
    }
    if line.contains('\t') {
        Some(Kind::Tab)
    } else if line.matches('|').count() >= 2 {
        Some(Kind::Pipe)
    } else if WIDE_GAP.is_match(line.trim()) {
        Some(Kind::Spaced)
    } else {
        None
    }
}

fn split(line: &str, kind: Kind) -> Option<Vec<String>> {
    let cells: Vec<String> = match kind {
        Kind::Tab => line.split('\t').map(clean).collect(),
        Kind::Pipe => {
            let t = line.trim().trim_start_matches('|').trim_end_matches('|');
            if t.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
                return None; // a Markdown rule under the header
            }
            t.split('|').map(clean).collect()
        }
        Kind::Spaced | Kind::CellPerLine => vec![line.to_string()],
    };
    Some(cells)
}

/// Space-aligned rows: numbers are right-aligned under their columns, so
/// each numeric token's right edge says which column it is in; header words
/// belong to the column whose right edge falls within or just after them.
fn align_spaced(lines: &[SourceLine]) -> Vec<Vec<String>> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S+(?: \S+)*").expect("valid regex"));
    let tokens: Vec<Vec<(usize, usize, String)>> = lines
        .iter()
        .map(|l| TOKEN.find_iter(l.text).map(|m| (m.start(), m.end(), m.as_str().to_string())).collect())
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
        .flat_map(|row| row.iter().filter(|(_, _, t)| is_number(t)).map(|(s, _, _)| *s))
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
                let col = if (data && !is_number(t)) || (!is_number(t) && *end < first_number_start) {
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

/// Adds a headerless block's rows to the table it continues, if it does.
fn continue_table(prev: &mut BudgetTable, rows: &[Vec<String>], start: usize, end: usize, page: u32) -> bool {
    let Some(layout) = prev.layout.as_mut() else { return false };
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

/// Budget lines from data rows under a known layout.
fn data_lines(rows: &[Vec<String>], layout: &Layout) -> Vec<BudgetLine> {
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
        for j in 1..layout.width {
            let printed = r[j].trim();
            if printed.is_empty() || !layout.money[j] {
                continue;
            }
            let unit = layout.units[j].unwrap_or(layout.table_unit);
            if let Some(p) = pence(printed, unit) {
                let column = layout.names[j - 1].clone();
                values.push(Value { role: columns::role(&column), column, printed: printed.to_string(), pence: p });
            }
        }
        if values.is_empty() {
            continue; // a section heading row
        }
        let label = r[0].trim_end_matches(':').to_string();
        let total_row = TOTAL_LABEL.is_match(&label);
        out.push(BudgetLine { label, section: None, total_row, page: None, values });
    }
    out
}

fn is_data_row(cells: &[String]) -> bool {
    !cells.is_empty() && !cells[0].is_empty() && cells[1..].iter().any(|c| is_number(c)) && !is_number(&cells[0])
}

fn build(lines: &[SourceLine], start: usize, rows: &[Vec<String>], spans: bool, inherited: Option<Unit>) -> Option<BudgetTable> {
    let width = rows.iter().map(Vec::len).max()?;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.resize(width, String::new());
            r
        })
        .collect();
    let mut first_data = rows.iter().position(|r| is_data_row(r))?;
    // The first line's label may have wrapped onto the row above it.
    let label_only = |r: &Vec<String>| !r[0].is_empty() && r[1..].iter().all(String::is_empty);
    if first_data > 1 && label_only(&rows[first_data - 1]) && rows[first_data][0].starts_with(char::is_lowercase) {
        first_data -= 1;
    }
    let header = &rows[..first_data];

    // Units: a row of unit cells, or markers inside header cells.
    let mut col_units: Vec<Option<Unit>> = vec![None; width];
    let mut name_rows: Vec<&Vec<String>> = Vec::new();
    for r in header {
        let units: Vec<Option<Unit>> = r.iter().map(|c| unit_only(c)).collect();
        if units.iter().any(Option::is_some) && r.iter().zip(&units).all(|(c, u)| c.is_empty() || u.is_some()) {
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
            if let Some(m) = UNIT_IN_TEXT.find(&cell).filter(|m| m.as_str().contains('£')) {
                col_units[j] = col_units[j].or_else(|| Unit::from_marker(m.as_str()));
                cell = format!("{}{}", &cell[..m.start()], &cell[m.end()..]).trim().to_string();
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
    // "Table 3.1" may stand in the header's first cell rather than above it.
    let caption = caption_above(lines, start).or_else(|| {
        header.iter().map(|r| r[0].trim()).find(|c| c.starts_with("Table ") && c.len() <= 120).map(str::to_string)
    });
    let table_unit_hint = caption.as_deref().and_then(|c| UNIT_IN_TEXT.find(c)).and_then(|m| Unit::from_marker(m.as_str()));
    let known: Vec<Unit> = col_units.iter().flatten().copied().collect();
    let table_unit = most_common(&known).or(table_unit_hint).or(inherited);
    // With no unit anywhere, the numbers are counts, not money.
    let table_unit = table_unit?;
    let any_column_unit = !known.is_empty();
    let mut columns: Vec<String> = (1..width)
        .map(|j| {
            let n = names[j].join(" ").replace("- ", "-").replace(" -", "-");
            if n.is_empty() { format!("Column {j}") } else { n }
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
    // A column is money if it names a unit, or if no column does, or if it
    // names no unit and nothing else: "Client Number" or "%" columns are not.
    let money_col = |j: usize| col_units[j].is_some() || !any_column_unit || !NOT_MONEY.is_match(&columns[j - 1]);

    let layout = Layout {
        width,
        names: columns.clone(),
        units: col_units.clone(),
        money: (0..width).map(|j| j > 0 && money_col(j)).collect(),
        table_unit,
        end_line: start + rows.len(),
        last_page: lines[start].page,
    };
    let lines_out = data_lines(&rows[first_data..], &layout);
    if lines_out.is_empty() {
        return None;
    }
    let columns_used: Vec<String> =
        columns.iter().filter(|c| lines_out.iter().any(|l| l.value(c).is_some())).cloned().collect();
    let period = caption.as_deref().and_then(|c| PERIOD.find(c)).map(|m| m.as_str().to_string());
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

/// A reporting period named in a title: "January 2017-18", "Quarter 2".
pub fn period_in(text: &str) -> Option<String> {
    PERIOD.find(text).map(|m| m.as_str().to_string())
}

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

/// The table's caption: the nearest line above that reads like one.
fn caption_above(lines: &[SourceLine], start: usize) -> Option<String> {
    lines[start.saturating_sub(4)..start]
        .iter()
        .rev()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .filter(|t| t.len() <= 160 && !t.ends_with('.') && row_kind(t).is_none())
        .map(|t| SECTION_NUMBER.replace(&MARKUP.replace_all(t, ""), "").trim().trim_end_matches(':').to_string())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Vec<SourceLine<'_>> {
        text.lines().map(|t| SourceLine { text: t, page: 7 }).collect()
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
        assert_eq!(t.caption.as_deref(), Some("Table 1a: Directorate revenue position"));
        assert_eq!(t.unit, Some(Unit::Millions));
        assert_eq!(t.columns, ["Budget", "Net Forecast Variance", "Adjustment"]);
        assert_eq!(t.lines.len(), 4);
        assert_eq!(t.lines[0].value("Budget").unwrap().pence, 5_839_000_000);
        assert!(t.lines[1].value("Adjustment").is_none(), "a blank cell is nothing, not zero");
        assert!(t.lines[2].total_row && t.lines[2].label == "Sub Total People", "italics go, the total stays");
        let mut t = t.clone();
        assert!(check_totals(&mut t).is_empty(), "{:?}", check_totals(&mut t.clone()));
    }

    #[test]
    fn the_variance_is_this_periods() {
        let text = "Line\tBudget\tRe-phasing variance\tRevised Net Variance\tLast reported variance\n\t£m\t£m\t£m\t£m\nAdults\t10.0\t-1.0\t0.5\t0.4\n";
        let t = find(&src(text)).remove(0);
        assert_eq!(t.lines[0].variance().map(|v| v.column.as_str()), Some("Revised Net Variance"));
    }

    #[test]
    fn a_total_that_does_not_add_up_is_reported() {
        let text = "Service\tBudget\n\t£000\nA\t100\nB\t(20)\nTotal\t90\n";
        let mut t = find(&src(text)).remove(0);
        let m = check_totals(&mut t);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].printed_pence, m[0].added_pence), (9_000_000, 8_000_000));
    }

    #[test]
    fn two_row_header_spans_and_pipes() {
        let text = "| | Cash Limit | | Variance |\n|---|---|---|---|\n| | Gross £m | Income £m | Net £m |\n| Adults | 52.5 | -4.3 | 1.9 |\n| Asylum | 23.6 | (23.1) | 3.5 |\n";
        let t = find(&src(text)).remove(0);
        assert_eq!(t.columns, ["Cash Limit Gross", "Cash Limit Income", "Variance Net"]);
        assert_eq!(t.lines[1].value("Cash Limit Income").unwrap().pence, -2_310_000_000);
    }

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
        assert_eq!(t.lines[0].label, "Review of the community warden service, leading to fewer wardens");
        assert_eq!(t.lines[1].label, "Libraries", "a heading above a capitalised label stays a heading");
    }

    #[test]
    fn repeated_column_names_are_told_apart() {
        let text = "Area\tSpend £m\tof which grant £m\tIncome £m\tof which grant £m\nAdults\t10.0\t2.0\t-3.0\t-1.0\nChildren\t8.0\t1.0\t-2.0\t-0.5\n";
        let t = find(&src(text)).remove(0);
        assert_eq!(t.columns, ["Spend", "of which grant", "Income", "of which grant (2)"]);
        assert_eq!(t.lines[0].value("of which grant (2)").unwrap().pence, -100_000_000, "each value keeps its own column");
    }

    #[test]
    fn counts_without_a_money_unit_are_not_budget_tables() {
        assert!(find(&src("Month\tReferrals\tCases\nOct-17\t12\t0\nNov-17\t11\t3\n")).is_empty());
    }
}
