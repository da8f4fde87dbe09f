//! A table's caption ("Table 1a: Directorate revenue position") and the
//! reporting period it or a report's title names ("January 2017-18").

use std::sync::LazyLock;

use regex::Regex;

use super::rows::{row_kind, MARKUP};
use super::SourceLine;

/// A section number before a caption: "3.2 ", "- 4. ".
static SECTION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:-\s*)?\d+(?:\.\d+)*\.?\s+").expect("valid regex"));

/// A reporting period: a month of a year, a quarter, "Month 7".
pub(crate) static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d(?:[-/]\d\d(?:\d\d)?)?|Quarter \d(?:,? 20\d\d[-/]\d\d)?|Q[1-4] 20\d\d[-/]\d\d|Month \d{1,2})(?-u:\b)")
        .expect("valid regex")
});

/// The caption of the table whose header starts at `start`: the nearest
/// line above that reads like one, else a "Table ..." in the header.
pub(super) fn caption(
    lines: &[SourceLine],
    start: usize,
    header: &[Vec<String>],
) -> Option<String> {
    // "Table 3.1" may stand in the header's first cell rather than above it.
    caption_above(lines, start).or_else(|| {
        header
            .iter()
            .map(|r| r[0].trim())
            .find(|c| c.starts_with("Table ") && c.len() <= 120)
            .map(str::to_string)
    })
}

/// The table's caption: the nearest line above that reads like one.
fn caption_above(lines: &[SourceLine], start: usize) -> Option<String> {
    lines[start.saturating_sub(4)..start]
        .iter()
        .rev()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .filter(|t| t.len() <= 160 && !t.ends_with('.') && row_kind(t).is_none())
        .map(|t| {
            SECTION_NUMBER
                .replace(&MARKUP.replace_all(t, ""), "")
                .trim()
                .trim_end_matches(':')
                .to_string()
        })
        .filter(|t| !t.is_empty())
}

/// A reporting period named in a title: "January 2017-18", "Quarter 2".
pub fn period_in(text: &str) -> Option<String> {
    PERIOD.find(text).map(|m| m.as_str().to_string())
}
