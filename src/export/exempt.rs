//! Whether an agenda item or a report is printed as exempt or
//! confidential: "NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1
//! of Schedule 12A", "Document is Restricted" (what modern.gov prints in a
//! pack where an exempt report would be), "Exempt", "Part 2", "Part B",
//! "Confidential", "Classification: Restricted".
//!
//! Only an item's title and its opening lines are read: the marking sits
//! there, while an ordinary report may well mention exempt information
//! further down (council tax exemptions, an exempt appendix, the motion to
//! exclude the press and public). This module reads text; the member's own
//! marking, which overrides it, is kept by `store`.

use std::sync::LazyLock;

use regex::Regex;

/// How many non-empty lines of an item's text count as its opening.
const OPENING_LINES: usize = 4;
/// How much of an item's text the sentence rules read.
const OPENING_CHARS: usize = 700;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

/// A title that starts with a marking: "EXEMPT: Property disposal",
/// "Confidential - staffing", "Part 2 – Land at Mill Lane", "Part B item".
static TITLE_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[\s(\[]*(exempt|confidential|restricted|private and confidential|part\s*(?:2|ii|b))\b[)\]]?\s*(?:(?:item|report|information|business)\b\s*)?(?:[:\-–—|.]|$)",
    )
});

/// A title that ends with one: "Property disposal (Exempt)", "Staffing
/// review - Confidential", "Land sale – not for publication".
static TITLE_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:[(\[]\s*|[\-–—:|,]\s*)(exempt|confidential|restricted|not for publication|part\s*(?:2|ii|b))(?:\s+(?:item|report|information))?\s*[)\]]?\s*$",
    )
});

/// An opening line that is a marking: "NOT FOR PUBLICATION by virtue
/// of ...", "Document is Restricted", "EXEMPT", "Restricted - ...",
/// "PRIVATE AND CONFIDENTIAL", "Exempt information under paragraph 3".
/// "Exempt from ..." and "UNRESTRICTED ITEMS" are not.
static LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(not for publication)\b|document\s+is\s+(restricted|confidential|exempt)\b|(exempt|confidential|restricted|private and confidential|strictly confidential)(?:\s+(?:report|item|information|document|paper))?\s*(?:$|[:\-–—(]|by virtue\b|under\b|pursuant\b|\bappendix\b))",
    )
});

/// An opening line that is the start of Part 2 of an agenda, alone or
/// said to be exempt: "PART 2", "Part B – Exempt", "Part II report".
static PART_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(part\s*(?:2|ii|b))\b\s*(?:$|[\-–—:(]\s*(?:exempt|confidential|private|restricted|not for publication)\b|(?:report|item)\b)",
    )
});

/// "Classification: Restricted" (Kent prints "Classification: Unrestricted").
static CLASSIFICATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:security\s+)?classification\s*:?\s*(restricted|exempt|confidential|not for publication)\b",
    )
});

/// A sentence saying this report or item is exempt: "This report
/// contains exempt information", "The report is considered to be exempt
/// from general publication".
static SAYS_EXEMPT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:this|the)\s+(?:report|item|paper|document)\b[^.;]{0,60}?\b(?:is|are|contains?|includes?|been)\b[^.;]{0,40}?\b(exempt|confidential|not for publication|restricted)\b",
    )
});

/// Schedule 12A cited in a sentence of the opening: "by virtue of
/// paragraph 3 of Part 1 of Schedule 12A".
static SCHEDULE_12A: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bschedule\s*12\s*\(?a\)?"));

/// Words that make a mention of exempt information not a marking of this
/// item: it is about an appendix, it is the motion to exclude the public,
/// it is the public minute of an exempt item, or it says "not exempt".
static NOT_THIS_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:appendix|appendices|annex|annexes|exclu(?:de|ded|sion)|public\s+minute|not\s+exempt|no\s+exempt|non[\s-]exempt)\b",
    )
});

/// The procedural item before Part 2: it mentions exempt information but
/// is itself public.
static EXCLUSION_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bexclu(?:de|ded|sion)\b.{0,40}\b(?:press|public)\b|\b(?:press|public)\b.{0,40}\bexclu(?:de|ded|sion)\b",
    )
});

/// Why an item looks exempt, as the pack says it ("marked 'not for
/// publication'"), or None. `title` is the item's (or paper's) title and
/// `text` its text from the start; only the opening is read.
pub fn detect(title: &str, text: &str) -> Option<String> {
    let title = title.trim();
    if EXCLUSION_ITEM.is_match(title) {
        return None;
    }
    let opening: String = text.chars().take(OPENING_CHARS).collect();
    // A marking printed at the top wins over anything said below it.
    for line in opening
        .lines()
        .map(plain)
        .filter(|l| !l.is_empty())
        .take(OPENING_LINES)
    {
        if let Some(c) = LINE.captures(&line) {
            let marking = c
                .iter()
                .skip(1)
                .flatten()
                .next()
                .map_or("exempt", |m| m.as_str());
            return Some(marked(marking));
        }
        if let Some(c) = PART_LINE
            .captures(&line)
            .or_else(|| CLASSIFICATION.captures(&line))
        {
            return Some(marked(&c[1]));
        }
    }
    // The motion to exclude the public names exempt information without
    // being exempt itself, whatever its title.
    if EXCLUSION_ITEM.is_match(&opening) {
        return None;
    }
    for pattern in [&*TITLE_START, &*TITLE_END] {
        if let Some(c) = pattern.captures(title) {
            return Some(marked(&c[1]));
        }
    }
    if title.to_lowercase().contains("not for publication") {
        return Some(marked("not for publication"));
    }
    // Sentences, with a PDF's wrapped lines joined up again.
    for paragraph in opening.split("\n\n") {
        let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        for sentence in joined.split_inclusive(['.', ';']) {
            if NOT_THIS_ITEM.is_match(sentence) {
                continue;
            }
            if let Some(c) = SAYS_EXEMPT.captures(sentence) {
                return Some(marked(&c[1]));
            }
            if SCHEDULE_12A.is_match(sentence) && sentence.to_lowercase().contains("exempt") {
                return Some("exempt under Schedule 12A to the Local Government Act 1972".into());
            }
        }
    }
    None
}

/// A line without Markdown emphasis or heading marks, trimmed.
fn plain(line: &str) -> String {
    line.trim()
        .trim_start_matches('#')
        .replace(['*', '_'], "")
        .trim()
        .to_string()
}

/// The marking as the pack names it.
fn marked(found: &str) -> String {
    let f = found
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let name = match f.as_str() {
        "part 2" | "part2" | "part ii" | "partii" => "Part 2".to_string(),
        "part b" | "partb" => "Part B".to_string(),
        other => other.to_string(),
    };
    format!("marked '{name}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markings_in_the_shapes_councils_print_them_are_found() {
        let cases: &[(&str, &str, &str)] = &[
            // modern.gov report header.
            ("Disposal of land at Mill Lane", "NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A of the Local Government Act 1972.\n\nReport of the Director of Property", "marked 'not for publication'"),
            // What modern.gov prints in a pack in place of an exempt report.
            ("Property disposal", "Document is Restricted\n", "marked 'restricted'"),
            ("EXEMPT: Property disposal", "Report of the Head of Estates.", "marked 'exempt'"),
            ("Property disposal (Exempt)", "", "marked 'exempt'"),
            ("Staffing restructure - Confidential", "", "marked 'confidential'"),
            ("Land sale – not for publication", "", "marked 'not for publication'"),
            ("Part 2 – Acquisition of Unit 4", "", "marked 'Part 2'"),
            ("Part B: Contract award", "", "marked 'Part B'"),
            ("Contract award", "PART 2 – EXEMPT\nReport of the Head of Procurement", "marked 'Part 2'"),
            ("Contract award", "Part II report\n", "marked 'Part 2'"),
            ("Leisure contract", "**RESTRICTED**\n\nThis report sets out", "marked 'restricted'"),
            ("Leisure contract", "PRIVATE AND CONFIDENTIAL\n", "marked 'private and confidential'"),
            ("Senior staffing", "Classification: Restricted\n", "marked 'restricted'"),
            ("Senior staffing", "Exempt information under paragraph 1 of Schedule 12A\n", "marked 'exempt'"),
            // A sentence in the opening about this report.
            ("Loan to a company", "Summary\nThis report contains exempt information as defined in paragraph 3 of Schedule 12A.", "marked 'exempt'"),
            ("Shop lease", "Summary\nThe report is considered to be exempt from general publication.", "marked 'exempt'"),
            ("Shop lease", "Summary\nInformation relating to the financial or business affairs of any particular person is held in it, which is exempt under paragraph 3 of Schedule 12A.", "exempt under Schedule 12A to the Local Government Act 1972"),
        ];
        for (title, text, why) in cases {
            assert_eq!(
                detect(title, text).as_deref(),
                Some(*why),
                "{title:?} / {text:?}"
            );
        }
    }

    #[test]
    fn an_ordinary_item_that_mentions_exempt_is_not_exempt() {
        let cases: &[(&str, &str)] = &[
            ("Council Tax Support Scheme", "Care leavers are exempt from council tax until they are 25.\n"),
            ("Council tax exemptions for care leavers", "Exempt from council tax: the cabinet is asked to agree the policy.\n"),
            ("Exemptions to the parking scheme", "Blue Badge holders remain exempt.\n"),
            // Kent's agendas and reports.
            ("Apologies and substitutions", "UNRESTRICTED ITEMS\n\n(During these items the meeting is likely to be open to the public)\n"),
            ("Revenue & Capital Budget Monitoring", "Classification: Unrestricted\n\n1. SUMMARY\n"),
            ("Business Services Centre", "PUBLIC minute of an EXEMPT item.\n\nCabinet received a report providing an update.\n"),
            // Cardiff: only an appendix is exempt; the report is public.
            ("Flying Start Childcare Commissioning", "Appendix 4 to this report is exempt from publication because it contains information of the kind described in Paragraph 16 of Part 4 of Schedule 12A to the Local Government Act 1972\n"),
            // Bristol: the list of appendices says there is none.
            ("Workplace Parking Levy", "Appendix E – Exempt Information NO\n"),
            ("Regeneration scheme (exempt appendix)", "The report is public; its appendix is exempt.\n"),
            // The procedural item before Part 2 is itself public.
            ("Exclusion of the Press and Public", "That under Section 100A(4) of the Local Government Act 1972 the public be excluded from the meeting for the following item of business on the grounds that it involves the likely disclosure of exempt information as defined in paragraph 3 of Part 1 of Schedule 12A.\n"),
            ("Exempt Information", "The Committee is asked to consider passing the following resolution: that the public be excluded from the meeting for the following item.\n"),
            ("Motion to exclude the press and public", "\n"),
            ("Restricted budgets", "Ring-fenced grants are restricted to their purpose.\n"),
            ("Confidential reporting (whistleblowing) policy update", "The policy was last reviewed in 2021.\n"),
            ("Part 1 items", "PART 1\n"),
            ("Budget report", "EXEMPT ITEMS\n(At the time of preparing the agenda there were no exempt items.)\n"),
            ("Fees and charges", "The report explains which services are not exempt from VAT.\n"),
        ];
        for (title, text) in cases {
            assert_eq!(detect(title, text), None, "{title:?} / {text:?}");
        }
    }

    #[test]
    fn only_the_opening_is_read() {
        let long = format!(
            "{}\nThis report is exempt.",
            "The budget is on track.\n".repeat(60)
        );
        assert_eq!(
            detect("Budget update", &long),
            None,
            "a mention far down the report is not a marking"
        );
        let fifth = "Summary\nOne\nTwo\nThree\nRESTRICTED\n";
        assert_eq!(
            detect("Budget update", fifth),
            None,
            "a marking stands in the first lines"
        );
    }
}
