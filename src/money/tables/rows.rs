//! Where a table's block of rows starts and ends in the text, and how its
//! tab and pipe rows split into cells; laid-out rows go to `aligned`.

use std::sync::LazyLock;

use regex::Regex;

use super::aligned::align_spaced;
use super::SourceLine;
use crate::money::parse_number;

/// How a block's rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Tab,
    Pipe,
    Spaced,
    CellPerLine,
}

static WIDE_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\S\s{2,}\S").expect("valid regex"));

pub(super) fn row_kind(line: &str) -> Option<Kind> {
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

/// The rows of the table block starting at `i`, split into cells, and the
/// line after it. Tab rows and pipe rows run until a line of another kind;
/// a blank line ends a block.
/// Also returns where the block's header really starts, for its caption.
pub(super) fn block(
    lines: &[SourceLine],
    i: usize,
) -> Option<(Vec<Vec<String>>, usize, Kind, usize)> {
    let kind = row_kind(lines[i].text)?;
    let mut rows = Vec::new();
    let mut j = i;
    while j < lines.len()
        && row_kind(lines[j].text) == Some(kind)
        && (kind != Kind::Spaced || lines[j].page == lines[i].page)
    {
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
        } else if (t.starts_with("    ") && t.trim().len() <= 100 && !t.trim().ends_with('.'))
            || wraps_onto_next(lines, k)
        {
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
        && lines.get(k + 1).is_some_and(|n| {
            row_kind(n.text) == Some(Kind::Spaced) && n.text.trim().starts_with(char::is_lowercase)
        })
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

pub(super) static MARKUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?(?:i|b|em|strong)>|\*\*").expect("valid regex"));

/// A table cell's text without markup or footnote stars.
pub(crate) fn clean(cell: &str) -> String {
    let t = MARKUP.replace_all(cell, "");
    t.trim().trim_end_matches('*').trim().to_string()
}

pub(super) fn is_number(cell: &str) -> bool {
    let c = cell.trim();
    !c.is_empty() && parse_number(c).is_some()
}
