//! An item's text as paragraphs, and the resolutions within it.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;

static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:additional documents:|minutes:|page \d+|this page is intentionally left blank|no\. item)$")
        .expect("valid regex")
});
static ENUMERATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\(?\d{1,3}[a-z]?[.)]|\(?[a-z]{1,4}[.)]|[-·•])\s+").expect("valid regex"));
static RESOLUTION_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:It was |It is )?(?:RESOLVED|Resolved\s*[-–:]|Resolved that|RECOMMENDED|DECIDED)").expect("valid regex")
});

/// Non-empty lines become paragraphs separated by blank lines, page
/// furniture left out.
pub(crate) fn paragraphs(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| l.text.as_str())
        .filter(|t| !t.is_empty() && !FURNITURE.is_match(t))
        .collect::<Vec<_>>()
        .join("\n\n")
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
