//! Tables from where their words are printed, as the "stream" mode of
//! Tabula or Camelot reads them: words become rows by their height on the
//! page, figures become columns by the x-ranges they occupy across rows,
//! and header words, wrapped labels and category rows are placed by
//! position. A table whose rows run on over a page break is carried on.
//!
//! This module only finds the grid of a table (header cells, labels,
//! cells, pages); what the cells mean (units, roles, money or counts) is
//! decided in `tables`, the same for every input.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::{PageWords, Word};

/// A table's cells as laid out on the page(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub page: u32,
    pub caption: Option<String>,
    /// Lines just above or below the table that may name its unit
    /// ("All figures in £m").
    pub notes: Vec<String>,
    /// Header rows, top to bottom: one cell per column (the label column not included).
    pub header: Vec<Vec<String>>,
    /// Header words standing over the label column ("Revenue Budget").
    pub label_header: String,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    pub label: String,
    pub section: Option<String>,
    /// One cell per column, "" where blank.
    pub cells: Vec<String>,
    pub page: u32,
}

/// A run of words close enough to be one cell's text.
#[derive(Debug, Clone)]
struct Chunk {
    text: String,
    x0: f32,
    x1: f32,
    /// Where its last word starts, and where the word before it ends.
    last_x0: f32,
    prev_x1: f32,
}

#[derive(Debug, Clone)]
struct Row {
    page: u32,
    y0: f32,
    y1: f32,
    chunks: Vec<Chunk>,
}

impl Row {
    fn height(&self) -> f32 {
        (self.y1 - self.y0).max(1.0)
    }
    fn text(&self) -> String {
        self.chunks
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

static CELL_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[+\-−–]\s?)?\(?[+\-−–]?£?\s?[+\-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?(?:[kKmM]|bn|%)?\)?$").expect("valid regex")
});
static NIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-–—]|nil|£\s?-|£\s?–)$").expect("valid regex"));
static TOTAL_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)total(?-u:\b)").expect("valid regex"));
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:figure|table|chart|appendix)\s+[\w.]+\s*[:.\-–]|(?:figure|table|chart|appendix)\s+\d+[a-z]?(?:\.\d+)*(?:\s|$))").expect("valid regex")
});

/// A figure as a table cell prints it: "134,708", "(173,889)", "£50,000",
/// "£ 5,000", "£160k", "1.14", "84%", or a dash for nil.
fn is_cell_number(t: &str) -> bool {
    let t = t.trim();
    // A year or a range of years is a heading, not a figure.
    if t.len() == 4
        && (t.starts_with("19") || t.starts_with("20"))
        && t.chars().all(|c| c.is_ascii_digit())
    {
        return false;
    }
    CELL_NUMBER.is_match(t) || NIL.is_match(t)
}

fn is_nil(t: &str) -> bool {
    NIL.is_match(t.trim())
}

/// Rows of a page: words whose middles share a height, left to right, with
/// words close together joined into chunks.
fn rows_of(page: &PageWords) -> Vec<Row> {
    let mut words: Vec<&Word> = page.words.iter().collect();
    words.sort_by(|a, b| (a.y0 + a.y1).total_cmp(&(b.y0 + b.y1)));
    let mut rows: Vec<(f32, f32, Vec<&Word>)> = Vec::new();
    for w in words {
        let mid = (w.y0 + w.y1) / 2.0;
        match rows.last_mut() {
            Some((y0, y1, ws)) if mid > *y0 && mid < *y1 => ws.push(w),
            _ => rows.push((w.y0, w.y1, vec![w])),
        }
    }
    rows.into_iter()
        .map(|(y0, y1, mut ws)| {
            ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut chunks: Vec<Chunk> = Vec::new();
            for w in ws {
                let h = (w.y1 - w.y0).max(4.0);
                match chunks.last_mut() {
                    // A gap narrower than about two spaces keeps words
                    // together; a figure after more than a space stands apart.
                    Some(c)
                        if w.x0 - c.x1
                            <= h * if is_cell_number(&w.text) && !is_nil(&w.text) {
                                0.35
                            } else {
                                0.5
                            } =>
                    {
                        c.text.push(' ');
                        c.text.push_str(&w.text);
                        c.prev_x1 = c.x1;
                        c.last_x0 = w.x0;
                        c.x1 = c.x1.max(w.x1);
                    }
                    _ => chunks.push(Chunk {
                        text: w.text.clone(),
                        x0: w.x0,
                        x1: w.x1,
                        last_x0: w.x0,
                        prev_x1: w.x0,
                    }),
                }
            }
            // "£" set apart from its figure ("£ 5,000") is one cell.
            let mut merged: Vec<Chunk> = Vec::new();
            for c in chunks {
                match merged.last_mut() {
                    Some(p) if p.text.trim() == "£" && is_cell_number(&c.text) => {
                        p.text = format!("£{}", c.text.trim());
                        p.x1 = c.x1;
                    }
                    _ => merged.push(c),
                }
            }
            // A flag after the figures ("Y", "R") is not a figure, nor is it
            // the row's label: it is set aside so the figures end the row.
            while merged.len() >= 2 {
                let last = merged[merged.len() - 1].text.trim();
                let flag = last.chars().count() <= 2 && last.chars().all(char::is_alphabetic);
                if flag && is_cell_number(&merged[merged.len() - 2].text) {
                    merged.pop();
                } else {
                    break;
                }
            }
            Row {
                page: page.number,
                y0,
                y1,
                chunks: merged,
            }
        })
        .collect()
}

/// The figures at the right of a row (their count from the end), and
/// whether any is more than a dash.
fn numeric_tail(row: &Row) -> (usize, bool) {
    let n = row
        .chunks
        .iter()
        .rev()
        .take_while(|c| is_cell_number(&c.text))
        .count();
    let real = row.chunks[row.chunks.len() - n..]
        .iter()
        .any(|c| !is_nil(&c.text));
    (n, real)
}

fn is_data(row: &Row) -> bool {
    let (n, real) = numeric_tail(row);
    n > 0 && real
}

/// A line of prose: long, wide text with no figures at its end.
fn is_prose(row: &Row, page_width: f32) -> bool {
    let text = row.text();
    let width = row.chunks.last().map_or(0.0, |c| c.x1) - row.chunks.first().map_or(0.0, |c| c.x0);
    !is_data(row) && row.chunks.len() <= 2 && text.len() > 70 && width > page_width * 0.55
}

/// Page numbers and running headers or footers: short lines in the top or
/// bottom margin.
fn is_furniture(row: &Row, page: &PageWords) -> bool {
    let margin = row.y1 < page.height * 0.07 || row.y0 > page.height * 0.93;
    let text = row.text();
    // A row of figures with its label is never furniture, however low.
    let figures = row.chunks.len() >= 2 && is_data(row);
    (margin && text.len() <= 60 && !text.contains('£') && !figures)
        || (row.chunks.len() == 1
            && text.trim().chars().all(|c| c.is_ascii_digit())
            && text.trim().len() <= 3
            && !margin
            && row.y0 > page.height * 0.85)
}

/// Every table in a paper's pages.
pub fn grids(pages: &[PageWords]) -> Vec<Grid> {
    // One stream of rows over all pages: a table may run over a break.
    let mut stream: Vec<Row> = Vec::new();
    let mut widths = std::collections::HashMap::new();
    for p in pages {
        widths.insert(p.number, p.width);
        stream.extend(rows_of(p).into_iter().filter(|r| !is_furniture(r, p)));
    }
    let width_of = |page: u32| widths.get(&page).copied().unwrap_or(595.0);
    let mut out = Vec::new();
    let mut i = 0;
    while i < stream.len() {
        if !is_data(&stream[i]) {
            i += 1;
            continue;
        }
        // Grow the body: data rows, and the label rows between them.
        let start = i;
        let mut end = i + 1; // exclusive: one past the last data row
        let mut k = i + 1;
        while k < stream.len() {
            let r = &stream[k];
            let prev = &stream[k - 1];
            let gap = if r.page == prev.page {
                r.y0 - prev.y1
            } else {
                0.0
            };
            if gap > prev.height() * 3.5
                || is_prose(r, width_of(r.page))
                || CAPTION.is_match(&r.text())
            {
                break;
            }
            // Over a page break a table goes on only with figures or a
            // repeated header; a title at the top of the page starts anew.
            let figures_follow = stream[k + 1..]
                .iter()
                .take(2)
                .any(|n| n.page == r.page && is_data(n));
            if r.page != prev.page
                && !is_data(r)
                && !figures_follow
                && r.chunks
                    .iter()
                    .all(|c| c.x1 < stream[start].chunks.last().map_or(0.0, |l| l.x0) - 20.0)
            {
                break;
            }
            // Over a page break, figures go on in the columns they were in.
            if is_data(r) && r.page != stream[end - 1].page {
                let so_far: Vec<&Row> = stream[start..end].iter().filter(|r| is_data(r)).collect();
                let cols = columns(&so_far);
                let (n, _) = numeric_tail(r);
                let fits = r.chunks[r.chunks.len() - n..]
                    .iter()
                    .all(|c| cols.iter().any(|&(a, b)| c.x0 < b + 2.0 && c.x1 > a - 2.0));
                if !fits {
                    break;
                }
            }
            if is_data(r) {
                end = k + 1;
            } else if k - end >= 4 {
                break;
            }
            // A heading set loose over the figures' side ("APPENDIX 2") ends
            // the table; words tight under a figure are part of its cell.
            let right_side = stream[start].chunks.last().map_or(0.0, |l| l.x0) - 20.0;
            if !is_data(r)
                && r.page == prev.page
                && gap > prev.height() * 0.9
                && r.chunks
                    .iter()
                    .all(|c| c.x0 > right_side.min(r.chunks[0].x0 + 1.0))
                && r.chunks[0].x0 > right_side
            {
                break;
            }
            k += 1;
        }
        // Label rows just after the last figures (a label wrapped below them).
        while end < stream.len()
            && end < k
            && !is_data(&stream[end])
            && stream[end].page == stream[end - 1].page
            && stream[end].y0 - stream[end - 1].y1 < stream[end - 1].height() * 0.8
            && stream[end].text().len() < 60
        {
            end += 1;
        }
        if let Some(g) = grid(&stream, start, end, &width_of) {
            out.push(g);
        }
        i = end.max(i + 1);
    }
    out
}

/// Column x-ranges from the figures in the data rows: ranges that overlap
/// are one column, however raggedly its figures are aligned.
fn columns(rows: &[&Row]) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = Vec::new();
    for r in rows {
        let (n, _) = numeric_tail(r);
        for c in &r.chunks[r.chunks.len() - n..] {
            spans.push((c.x0, c.x1));
        }
    }
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spans {
        match cols.last_mut() {
            Some(c) if a <= c.1 + 1.0 => c.1 = c.1.max(b),
            _ => cols.push((a, b)),
        }
    }
    cols
}

/// The column a chunk belongs to: the one it overlaps most, else the
/// nearest by its middle.
fn column_of(c: &Chunk, cols: &[(f32, f32)]) -> usize {
    let overlap = |(a, b): (f32, f32)| (c.x1.min(b) - c.x0.max(a)).max(0.0);
    let best = (0..cols.len()).max_by(|&i, &j| overlap(cols[i]).total_cmp(&overlap(cols[j])));
    if let Some(b) = best.filter(|&b| overlap(cols[b]) > 0.0) {
        return b;
    }
    let mid = (c.x0 + c.x1) / 2.0;
    (0..cols.len())
        .min_by(|&i, &j| {
            let d = |k: usize| (mid - (cols[k].0 + cols[k].1) / 2.0).abs();
            d(i).total_cmp(&d(j))
        })
        .unwrap_or(0)
}

fn starts_as_continuation(s: &str) -> bool {
    s.starts_with(|c: char| c.is_lowercase() || matches!(c, '&' | '(' | '-' | '–' | '+'))
}

fn ends_open(s: &str) -> bool {
    let t = s.trim_end();
    if t.matches('(').count() > t.matches(')').count() {
        return true; // a bracket still open
    }
    t.ends_with(['&', ',', '-', '–', '/'])
        || [" and", " of", " for", " to", " the", " in", " on"]
            .iter()
            .any(|w| t.ends_with(w))
}

#[derive(Debug, Clone)]
struct Body {
    label: String,
    cells: Vec<String>,
    data: bool,
    page: u32,
    y0: f32,
    y1: f32,
    used: bool,
}

fn grid(stream: &[Row], start: usize, end: usize, width_of: &dyn Fn(u32) -> f32) -> Option<Grid> {
    let data_rows: Vec<&Row> = stream[start..end].iter().filter(|r| is_data(r)).collect();
    let cols = columns(&data_rows);
    if cols.is_empty() {
        return None;
    }
    let first_col = cols[0].0;
    // Label-side words: left of the first column, or starting well left of
    // it without covering a column ("2012/2013" over its figures does).
    let covers_column = |c: &Chunk| {
        cols.iter()
            .any(|&(a, b)| (c.x1.min(b) - c.x0.max(a)) > (b - a) * 0.5)
    };
    let in_label = |c: &Chunk| {
        c.x1 <= first_col + 2.0
            || (c.x0 < first_col - 20.0 && !is_cell_number(&c.text) && !covers_column(c))
    };
    // Label lines just above the first figures belong to the body: a
    // category heading, or the start of a label wrapped down to its figures.
    let mut start = start;
    while start > 0 {
        let (r, below) = (&stream[start - 1], &stream[start]);
        let text = r.text();
        if r.page != below.page
            || below.y0 - r.y1 > below.height() * 1.5
            || r.chunks.iter().any(|c| !in_label(c))
            || CAPTION.is_match(&text)
            || text.len() > 80
            || text.trim_end().ends_with(['.', ':', '-'])
        {
            break;
        }
        start -= 1;
        if stream[start..].iter().take_while(|r| !is_data(r)).count() >= 3 {
            break;
        }
    }
    // A figure set one space after its label ("(16/17 to 27/28) 360.0")
    // came in the label's chunk: it stands in a column, so it is a cell.
    let split: Vec<Row> = stream[start..end]
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if !is_data(&r) {
                if let Some(last) = r.chunks.last().cloned() {
                    let word = last.text.rsplit(' ').next().unwrap_or("").to_string();
                    let in_col = cols.iter().any(|&(a, b)| last.last_x0 < b && last.x1 > a);
                    if last.text.contains(' ')
                        && is_cell_number(&word)
                        && !is_nil(&word)
                        && in_col
                        && last.last_x0 > first_col - 2.0
                    {
                        let head = last.text[..last.text.len() - word.len()]
                            .trim_end()
                            .to_string();
                        let n = r.chunks.len() - 1;
                        r.chunks[n] = Chunk {
                            text: head,
                            x0: last.x0,
                            x1: last.prev_x1,
                            last_x0: last.x0,
                            prev_x1: last.x0,
                        };
                        r.chunks.push(Chunk {
                            text: word,
                            x0: last.last_x0,
                            x1: last.x1,
                            last_x0: last.last_x0,
                            prev_x1: last.last_x0,
                        });
                    }
                }
            }
            r
        })
        .collect();
    let stream_body = &split;
    // A header repeated at the top of a later page is not part of the body.
    let mut body_rows: Vec<&Row> = Vec::new();
    let mut skipping = false;
    for (k, r) in stream_body.iter().enumerate() {
        let new_page = k > 0 && r.page != stream_body[k - 1].page;
        if new_page && !is_data(r) && r.chunks.iter().any(|c| !in_label(c)) {
            skipping = true;
        }
        if skipping && is_data(r) {
            skipping = false;
        }
        if !skipping {
            body_rows.push(r);
        }
    }

    // Header rows: above the body, over the columns, up to a caption or prose.
    let mut header_rows: Vec<&Row> = Vec::new();
    let mut caption = None;
    let mut notes = Vec::new();
    let mut h = start;
    let mut top = &stream[start];
    while h > 0 && header_rows.len() < 7 {
        let r = &stream[h - 1];
        if r.page != top.page || top.y0 - r.y1 > top.height() * 3.0 || is_data(r) {
            break;
        }
        let text = r.text();
        if CAPTION.is_match(&text)
            || is_prose(r, width_of(r.page))
            || text.trim_end().ends_with('.')
            || r.chunks
                .iter()
                .any(|c| c.text.split_whitespace().count() > 6)
        {
            break;
        }
        // A row with words over the columns is header; a lone line at the
        // left is a caption, or a category heading if the table has a header.
        let over = r.chunks.iter().any(|c| !in_label(c));
        // A line only on the label side is a caption or prose, unless it
        // is a short piece of a header already begun ("Para Project").
        let t = text.trim_end();
        if !over
            && (header_rows.is_empty()
                || t.len() > 40
                || t.ends_with([':', '.'])
                || t.starts_with(char::is_lowercase) && !t.contains('£'))
        {
            break;
        }
        header_rows.insert(0, r);
        top = r;
        h -= 1;
    }
    // The caption: the nearest short line above.
    for r in stream[h.saturating_sub(3)..h].iter().rev() {
        let t = r.text();
        let fragment = t.starts_with(char::is_lowercase) || t.trim_end().ends_with('.');
        if r.page == top.page
            && top.y0 - r.y1 < top.height() * 4.0
            && t.len() <= 160
            && !is_data(r)
            && !fragment
        {
            caption = Some(t);
            break;
        }
    }
    for r in stream[h.saturating_sub(3)..h]
        .iter()
        .chain(stream[end..(end + 2).min(stream.len())].iter())
    {
        let t = r.text();
        if t.contains('£') && t.len() <= 120 {
            notes.push(t);
        }
    }

    // Header cells per column; a word over several columns names them all.
    let mut header = vec![vec![String::new(); cols.len()]; header_rows.len()];
    let mut label_header = String::new();
    for (hi, r) in header_rows.iter().enumerate() {
        for c in &r.chunks {
            // Words from the label side that run on over a column
            // ("Funding Awards and Allocations £000s") head the labels.
            if (in_label(c) && !c.text.contains('£'))
                || (c.x0 < first_col - 20.0 && !covers_column(c))
            {
                if !label_header.is_empty() {
                    label_header.push(' ');
                }
                label_header.push_str(&c.text);
                continue;
            }
            let spanned: Vec<usize> = (0..cols.len())
                .filter(|&j| {
                    let (a, b) = cols[j];
                    let ov = (c.x1.min(b) - c.x0.max(a)).max(0.0);
                    ov > (b - a) * 0.6
                })
                .collect();
            let targets = if spanned.len() >= 2 {
                spanned
            } else {
                vec![column_of(c, &cols)]
            };
            for j in targets {
                let cell = &mut header[hi][j];
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&c.text);
            }
        }
    }

    // Text columns left of the figures: the label is the one nearest them.
    // Two headings over the label side ("Ward", "Development") make two
    // text columns: the label starts after the end of the one before last.
    let mut label_heads: Vec<&Chunk> = header_rows
        .iter()
        .map(|r| {
            r.chunks
                .iter()
                .filter(|c| in_label(c) && !c.text.contains('£'))
                .collect::<Vec<_>>()
        })
        .max_by_key(Vec::len)
        .unwrap_or_default();
    label_heads.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let label_start = match label_heads.as_slice() {
        [.., a, b] if b.x0 > a.x1 + 10.0 => Some(a.x1 + 2.0),
        _ => None,
    }
    .filter(|&x| {
        // Only where the body has text on both sides of the line.
        let side = |left: bool| {
            stream[start..end]
                .iter()
                .filter(|r| r.chunks.iter().any(|c| in_label(c) && ((c.x0 < x) == left)))
                .count()
        };
        side(true) >= 2 && side(false) >= 2
    });
    let mut body: Vec<Body> = body_rows
        .iter()
        .map(|r| {
            let data = is_data(r);
            let (n, _) = if r.chunks.is_empty() {
                (0, false)
            } else {
                numeric_tail(r)
            };
            let mut cells = vec![String::new(); cols.len()];
            let mut label = Vec::new();
            let numeric_from = if data {
                r.chunks.len() - n
            } else {
                r.chunks.len()
            };
            for (ci, c) in r.chunks.iter().enumerate() {
                if ci >= numeric_from {
                    let j = column_of(c, &cols);
                    if cells[j].is_empty() {
                        cells[j] = c.text.trim().to_string();
                    }
                } else if in_label(c) && label_start.is_none_or(|x| c.x0 >= x) {
                    label.push(c.text.trim().to_string());
                }
            }
            // A row of dashes only ("Funds Committed in Principle  -  -")
            // is a line with nothing in it: neither figures nor a heading.
            let used = !data && n > 0 && r.chunks.len() > n;
            Body {
                label: label.join(" "),
                cells,
                data,
                page: r.page,
                y0: r.y0,
                y1: r.y1,
                used,
            }
        })
        .collect();

    // Labels wrapped over several lines, and category headings.
    let tight =
        |a: &Body, b: &Body| a.page == b.page && b.y0 - a.y1 < (a.y1 - a.y0).max(b.y1 - b.y0) * 0.9;
    // A figure row with no label of its own: its label is around it.
    for k in 0..body.len() {
        if !body[k].data || !body[k].label.is_empty() {
            continue;
        }
        let mut label = String::new();
        if k > 0
            && !body[k - 1].data
            && !body[k - 1].used
            && !body[k - 1].label.is_empty()
            && tight(&body[k - 1], &body[k])
        {
            label = body[k - 1].label.clone();
            body[k - 1].used = true;
        }
        if k + 1 < body.len()
            && !body[k + 1].data
            && !body[k + 1].label.is_empty()
            && tight(&body[k], &body[k + 1])
            && !label.is_empty()
        {
            label = format!("{label} {}", body[k + 1].label);
            body[k + 1].used = true;
        }
        body[k].label = label;
    }
    // Continuations: a line that starts in lower case (or "&", "(") or
    // follows an unfinished one carries on the label above it.
    let mut rows: Vec<Body> = Vec::new();
    for (k, b) in body.iter().enumerate() {
        if b.used || b.label.is_empty() && !b.data {
            continue;
        }
        let continues = rows.last().is_some_and(|p: &Body| {
            tight(p, b)
                && !p.label.is_empty()
                && (starts_as_continuation(&b.label) || ends_open(&p.label))
                && !(p.data && b.data)
        });
        if continues {
            let p = rows.last_mut().expect("checked");
            p.label = format!("{} {}", p.label, b.label);
            if b.data {
                p.cells = b.cells.clone();
                p.data = true;
                p.page = b.page;
            }
            p.y1 = b.y1;
            continue;
        }
        // A label line right under a row of figures, loose above the next
        // row, is the end of the label above.
        let next = body[k + 1..].iter().find(|n| !n.used);
        if !b.data {
            if let Some(p) = rows
                .last_mut()
                .filter(|p| p.data && tight(p, b) && !TOTAL_WORD.is_match(&p.label))
            {
                // A line that ends a sentence under an unfinished label
                // finishes it; a heading is not written as a sentence.
                let ends_sentence =
                    b.label.trim_end().ends_with('.') && !p.label.trim_end().ends_with('.');
                let loose_below = ends_sentence
                    || next.is_none_or(|n| !tight(b, n) || (n.data && n.label.is_empty()));
                // Unless the next line carries it on ("... within" over
                // "ringfenced grant  -9.2"): then it starts that label.
                let starts_next =
                    next.is_some_and(|n| tight(b, n) && starts_as_continuation(&n.label));
                if loose_below && !starts_next {
                    p.label = format!("{} {}", p.label, b.label);
                    p.y1 = b.y1;
                    continue;
                }
            }
        }
        rows.push(b.clone());
    }
    let mut section: Option<String> = None;
    let mut out_rows = Vec::new();
    let mut last: Option<Body> = None;
    for b in rows {
        if !b.data {
            // Lines ending a sentence right under a line of figures finish
            // its label ("... for approx / 20 staff and ... in 2014/15.").
            let finishes = b.label.trim_end().ends_with('.')
                && last.as_ref().is_some_and(|p| {
                    p.data
                        && tight(p, &b)
                        && !p.label.trim_end().ends_with('.')
                        && !TOTAL_WORD.is_match(&p.label)
                });
            if let (true, Some(row)) = (finishes, out_rows.last_mut()) {
                let row: &mut GridRow = row;
                row.label = format!("{} {}", row.label, b.label.trim());
                last = None;
                continue;
            }
            section = Some(b.label.trim_end_matches(':').to_string());
            last = Some(b);
            continue;
        }
        last = Some(b.clone());
        out_rows.push(GridRow {
            label: b
                .label
                .trim()
                .trim_start_matches(['•', '●', '▪', '-', '–', '*'])
                .trim()
                .to_string(),
            section: section.clone(),
            cells: b.cells,
            page: b.page,
        });
    }
    // A table is rows with labels: figures alone are a chart's axis.
    let labelled = out_rows.iter().filter(|r| !r.label.is_empty()).count();
    if labelled == 0 || labelled * 2 < out_rows.len() {
        return None;
    }
    if out_rows.len() < 2 && header_rows.is_empty() {
        return None;
    }
    Some(Grid {
        page: stream[start]
            .page
            .min(header_rows.first().map_or(u32::MAX, |r| r.page)),
        caption,
        notes,
        header: header
            .into_iter()
            .map(|r| r.into_iter().collect())
            .collect(),
        label_header,
        rows: out_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_numbers() {
        for t in [
            "134,708",
            "(173,889)",
            "£50,000",
            "£160k",
            "£25K",
            "1.14",
            "84%",
            "-",
            "£6,940.00",
            "+2.3",
            "-0.037",
        ] {
            assert!(is_cell_number(t), "{t}");
        }
        for t in ["2012/2013", "11-12", "2025", "Q1", "W01001303", "£m"] {
            assert!(!is_cell_number(t), "{t}");
        }
    }
}
