//! Lines of a paper, tidied for reading: tagged with their page, white space
//! folded, Markdown emphasis that copy-paste leaves behind taken off (and
//! remembered, since a bold "53. Apologies" is a heading).

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::Page;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub text: String,
    /// The line as it came, tabs and runs of spaces kept: table columns.
    pub raw: String,
    /// Runs of three or more spaces or a tab: columns of a table, or words
    /// spread across a justified line by a PDF's layout.
    pub columns: bool,
    pub page: u32,
    /// The whole line was wrapped in `**` or `*`.
    pub emphasised: bool,
}

impl Line {
    /// Takes the line's text away (page furniture), keeping its place and page.
    fn blank(&mut self) {
        self.text.clear();
        self.raw.clear();
    }
}

/// "UNRESTRICTED ITEMS**53. Apologies**": a heading glued to the line before.
static GLUED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\S)(\*\*\d+\.\s)").expect("valid regex"));

/// Lines that are page furniture wherever they stand.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:page \d+(?: of \d+)?|this page is intentionally left blank\.?|pdf icon pdf \d+(?:\.\d+)? [km]b)$")
        .expect("valid regex")
});

pub(crate) fn from_pages(pages: &[Page]) -> Vec<Line> {
    let mut per_page: Vec<Vec<Line>> = pages
        .iter()
        .map(|page| {
            let mut lines = Vec::new();
            for raw in page.text.lines() {
                let split = GLUED_HEADING.replace_all(raw, "$1\n$2");
                for piece in split.split('\n') {
                    lines.push(tidy(piece, page.number));
                }
            }
            lines
        })
        .collect();
    remove_furniture(&mut per_page);
    per_page.into_iter().flatten().collect()
}

/// Blanks page furniture, keeping the line (and so the page boundary):
/// "Page 31", blank-page notices, a bare page number ending a page, and
/// headers and footers repeated at the top or bottom of many pages.
fn remove_furniture(pages: &mut [Vec<Line>]) {
    for lines in pages.iter_mut() {
        for l in lines.iter_mut().filter(|l| FURNITURE.is_match(&l.text)) {
            l.blank();
        }
    }
    if pages.len() < 3 {
        return;
    }
    for lines in pages.iter_mut() {
        if let Some(last) = lines.iter_mut().rev().find(|l| !l.text.is_empty()) {
            if last.text.len() <= 4 && last.text.chars().all(|c| c.is_ascii_digit()) {
                last.blank();
            }
        }
    }
    // Digits vary from page to page in "Page 3 of 12"; elsewhere a running
    // header must repeat exactly ("Question 1", "Question 2" are headings).
    let shape = |t: &str| -> String {
        if t.to_lowercase().contains("page") || t.chars().all(|c| !c.is_alphabetic()) {
            t.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect()
        } else {
            t.to_string()
        }
    };
    let edges = |lines: &[Line]| -> Vec<usize> {
        let filled: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].text.is_empty())
            .collect();
        let mut v: Vec<usize> = filled
            .iter()
            .take(2)
            .chain(filled.iter().rev().take(2))
            .copied()
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for lines in pages.iter() {
        let mut seen = std::collections::HashSet::new();
        for i in edges(lines) {
            if seen.insert(shape(&lines[i].text)) {
                *counts.entry(shape(&lines[i].text)).or_default() += 1;
            }
        }
    }
    let threshold = (pages.len() * 2 / 5).max(3);
    // The first occurrence stays: it may be the document's own heading.
    let mut kept_once = std::collections::HashSet::new();
    for lines in pages.iter_mut() {
        for i in edges(lines) {
            let key = shape(&lines[i].text);
            if counts.get(&key).is_some_and(|&n| n >= threshold) && !kept_once.insert(key) {
                lines[i].blank();
            }
        }
    }
}

/// A list item's number or bullet and the gap after it: "3.    Approved".
static LEADING_ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?\d{1,4}(?:\.\d{1,3})*[a-z]?[.)]?|\(?[a-z]{1,4}[.)]|[-•·▪●])\s+")
        .expect("valid regex")
});

fn tidy(raw: &str, page: u32) -> Line {
    // The gap after a list item's number is not a column gap.
    let body = LEADING_ENUMERATOR.replace(raw.trim(), "");
    let columns = body.contains('\t') || body.contains("   ");
    let folded: String = raw
        .replace(['\u{a0}', '\t'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (text, emphasised) = strip_emphasis(&folded);
    Line {
        text,
        raw: raw.to_string(),
        columns,
        page,
        emphasised,
    }
}
fn strip_emphasis(s: &str) -> (String, bool) {
    for marker in ["**", "*"] {
        if s.len() > 2 * marker.len() && s.starts_with(marker) && s.ends_with(marker) {
            let inner = &s[marker.len()..s.len() - marker.len()];
            if !inner.contains(marker) {
                return (inner.trim().to_string(), true);
            }
        }
    }
    (s.replace("**", ""), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_bold_heading_is_split_off() {
        let lines = from_pages(&[Page {
            number: 1,
            text: "UNRESTRICTED ITEMS**53. Apologies and substitutions**".into(),
        }]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].text, "53. Apologies and substitutions");
        assert!(lines[1].emphasised);
    }

    #[test]
    fn repeated_footers_and_page_numbers_are_blanked() {
        let bodies = [
            "Spending rose.",
            "Income fell.",
            "Reserves held.",
            "Risks remain.",
        ];
        let pages: Vec<Page> = (1..=4u32)
            .map(|n| Page {
                number: n,
                text: format!(
                    "Report title\n{}\nKent County Council 2025\n{n}\n",
                    bodies[n as usize - 1]
                ),
            })
            .collect();
        let lines = from_pages(&pages);
        let kept: Vec<&str> = lines
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            kept,
            [
                "Report title",
                "Spending rose.",
                "Kent County Council 2025",
                "Income fell.",
                "Reserves held.",
                "Risks remain."
            ],
            "running header and footer kept once, where they first stand; page numbers gone"
        );
        assert_eq!(
            lines.iter().filter(|l| l.page == 3).count(),
            4,
            "furniture lines stay as blanks on their page"
        );
    }

    #[test]
    fn white_space_is_folded() {
        let l = tidy("  Budget\u{a0}\u{a0}monitoring\t report ", 3);
        assert_eq!(l.text, "Budget monitoring report");
        assert_eq!(l.page, 3);
    }
}
