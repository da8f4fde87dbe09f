//! An item's text as paragraphs, and the resolutions within it.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;

/// Labels of a modern.gov page that are not part of an item's text.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:additional documents:|minutes:|no\. item|media|decision:|report author:|publication date:)$")
        .expect("valid regex")
});
/// Where a new paragraph starts even without a blank line before it.
static PARAGRAPH_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?\d{1,3}(?:\.\d{1,2})?[a-z]?[.)]\s|\(?[a-z]{1,4}[.)]\s|[-·•▪●]\s|\*?\(Item \d|RESOLVED|Resolved)").expect("valid regex")
});
static ENUMERATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\(?\d{1,3}[a-z]?[.)]|\(?[a-z]{1,4}[.)]|[-·•])\s+").expect("valid regex"));
static RESOLUTION_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:It was |It is )?(?:RESOLVED|Resolved\s*[-–:]|Resolved that|RECOMMENDED|DECIDED|(?:The )?(?:Cabinet|Committee|Council|Panel|Board|Executive)(?: Member)? (?:RESOLVED|resolved|agreed|decided) (?:to|that))").expect("valid regex")
});

/// Lines become paragraphs separated by blank lines, page-layout labels
/// left out. A line that carries on the sentence of the line before (as PDF
/// text wraps) joins it; list items, table rows and headings stay apart.
pub(crate) fn paragraphs(lines: &[Line]) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in lines {
        if l.text.is_empty() || FURNITURE.is_match(&l.text) {
            prev = None;
            continue;
        }
        match (prev, paras.last_mut()) {
            (Some(p), Some(last)) if continues(p, l) => {
                if last.ends_with('-') && l.text.starts_with(char::is_lowercase) {
                    last.pop(); // a word hyphenated across the line break
                } else {
                    last.push(' ');
                }
                last.push_str(&l.text);
            }
            _ => paras.push(l.text.clone()),
        }
        prev = Some(l);
    }
    paras.join("\n\n")
}

/// Whether `next` carries on the paragraph that `prev` ends.
pub(crate) fn continues(prev: &Line, next: &Line) -> bool {
    if prev.columns || next.columns || PARAGRAPH_START.is_match(&next.text) {
        return false;
    }
    let open_sentence = !prev.text.ends_with(['.', ':', ';', '!', '?']);
    open_sentence || next.text.starts_with(char::is_lowercase)
}

/// Resolutions in an item's text: each paragraph that opens with RESOLVED
/// (after any paragraph number), with the numbered list that follows one
/// ending in "that:" or ":".
pub(crate) fn resolutions(text: &str) -> Vec<String> {
    let paras: Vec<&str> = text.split("\n\n").collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = ENUMERATION.replace(paras[i], "");
        let Some(m) = RESOLUTION_START.find(&p) else {
            i += 1;
            continue;
        };
        let mut resolution = p[m.start()..].trim_start_matches("It was ").trim_start_matches("It is ").to_string();
        i += 1;
        let opens_list = resolution.ends_with(':') || resolution.ends_with(" that");
        while opens_list && i < paras.len() && ENUMERATION.is_match(paras[i]) {
            resolution.push('\n');
            resolution.push_str(paras[i]);
            i += 1;
        }
        out.push(resolution);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_resolution_loses_its_number() {
        let r = resolutions("1. Mr A spoke.\n\n6. RESOLVED to note the report.");
        assert_eq!(r, ["RESOLVED to note the report."]);
    }

    #[test]
    fn resolution_list_is_kept_whole() {
        let r = resolutions("It was RESOLVED that:\n\n1. The case be APPROVED;\n\n2. The plan be NOTED.\n\nOther text.");
        assert_eq!(r, ["RESOLVED that:\n1. The case be APPROVED;\n2. The plan be NOTED."]);
    }

    #[test]
    fn resolved_in_passing_is_not_a_resolution() {
        assert!(resolutions("Contacts resolved at first point of contact rose.").is_empty());
    }
}
