//! Lines of a paper, tidied for reading: tagged with their page, white space
//! folded, Markdown emphasis that copy-paste leaves behind taken off (and
//! remembered, since a bold "53. Apologies" is a heading).

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::Page;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub text: String,
    pub page: u32,
    /// The whole line was wrapped in `**` or `*`.
    pub emphasised: bool,
}

/// "UNRESTRICTED ITEMS**53. Apologies**": a heading glued to the line before.
static GLUED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\S)(\*\*\d+\.\s)").expect("valid regex"));

pub(crate) fn from_pages(pages: &[Page]) -> Vec<Line> {
    let mut out = Vec::new();
    for page in pages {
        for raw in page.text.lines() {
            let split = GLUED_HEADING.replace_all(raw, "$1\n$2");
            for piece in split.split('\n') {
                out.push(tidy(piece, page.number));
            }
        }
    }
    out
}

fn tidy(raw: &str, page: u32) -> Line {
    let folded: String = raw
        .replace(['\u{a0}', '\t'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (text, emphasised) = strip_emphasis(&folded);
    Line { text, page, emphasised }
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
    fn white_space_is_folded() {
        let l = tidy("  Budget\u{a0}\u{a0}monitoring\t report ", 3);
        assert_eq!(l.text, "Budget monitoring report");
        assert_eq!(l.page, 3);
    }
}
