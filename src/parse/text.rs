//! An item's text as paragraphs, and the resolutions within it.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use super::Span;

/// Labels of a modern.gov page that are not part of an item's text.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:additional documents:|minutes:|no\. item|media|decision:|report author:|publication date:|agenda item \d{1,4}[a-z]?)$")
        .expect("valid regex")
});
/// Where a new paragraph starts even without a blank line before it.
static PARAGRAPH_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?\d{1,3}(?:\.\d{1,2})?[a-z]?[.)]\s|\d{1,4}(?:\.\d{1,3})+\s|\(?[a-z]{1,4}[.)]\s|[-·•▪●]\s|\*?\(Item \d|RESOLVED|Resolved)").expect("valid regex")
});
static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?\d{1,3}[a-z]?[.)]|\d{1,4}(?:\.\d{1,3})+|\(?[a-z]{1,4}[.)]|[-·•])\s+")
        .expect("valid regex")
});
/// A decision's opening words, in the forms councils print them: RESOLVED
/// in any case, "It was (unanimously) APPROVED/AGREED/resolved",
/// "Agreed:", "The Cabinet RESOLVED", "Committee resolved to", the Welsh
/// "Penderfynwyd", "Cytunwyd", "Nodwyd".
static RESOLUTION_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        r"(?:It was |It is )(?:(?:unanimously|further|therefore|also|then) )?(?i:resolved|approved|agreed|decided)\b",
        r"|(?i:resolved)\b",
        r"|(?:APPROVED|AGREED|DECIDED|RECOMMENDED|PENDERFYNWYD|CYTUNWYD|NODWYD|Penderfynwyd|Cytunwyd|Nodwyd)\b",
        r"|(?:Penderfynwyd|Cytunwyd|Nodwyd|Agreed|Approved|Decided|Decision)\s*[:–-]",
        r"|(?:That )?(?:[Tt]he )?(?:[A-Z][\w&’'-]*\s+|(?:and|&)\s+){0,8}?(?:Cabinet|Committee|Council|Panel|Board|Executive|Sub-Committee|Forum)(?: Member)?(?:\s+(?:for|of|on)\s+(?:[\w&’'/-]+\s+){1,6}?)?\s*(?:RESOLVED|resolved|resolves|decided|AGREED|agreed|APPROVED|approved|endorsed|noted\s+(?:the|its|a|an)\b)",
        r"|The minutes of .{0,160}?(?:were|was) (?:agreed|approved|confirmed|accepted|signed)\b",
        r")",
    ))
    .expect("valid regex")
});
/// A decision whose words follow in the next paragraphs: "It was APPROVED
/// that;", "Resolved:", "RESOLVED –", at the end of a paragraph.
static BARE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.!]\s+)(?:It was |It is )?(?:(?:unanimously|further|therefore|also|then) )?(?i:resolved|approved|agreed|decided|penderfynwyd|cytunwyd)(?:\s+that)?\s*[:;,–-]*\s*$")
        .expect("valid regex")
});
/// A label that opens the decision's words: "Resolved:", "RESOLVED –".
static LABEL_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:It was |It is )?(?:(?:unanimously|further|therefore|also|then) )?(?i:resolved|approved|agreed|decided|penderfynwyd|cytunwyd|nodwyd|decision)(?i:\s*/\s*(?:resolved|agreed|noted|decided|penderfynwyd|cytunwyd|nodwyd))?\s*(?::-?|–|-)\s*").expect("valid regex")
});
/// "That the Committee for Transport:" before the numbered decisions.
static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:That )?(?:the )?[^.;:]{0,100}?\b(?:Cabinet|Committee|Council|Panel|Board|Executive)\b[^.;:]{0,60}?\s*(?::\s*-?|;)?$").expect("valid regex")
});
/// The verbs a numbered decision opens with.
static DECISION_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Noted|Approved|Agreed|Endorsed|Authori[sz]ed|Delegated|Resolved|Supported|Accepted|Adopted|Confirmed|Deferred|Refused|Rejected|Recommended)\b").expect("valid regex")
});
/// A heading in capitals run into the paragraph it heads.
static LEADING_CAPS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][A-Z&'’-]+ ){2,}(?:[A-Z][A-Z&'’-]+ )?([A-Z][a-z].*)$")
        .expect("valid regex")
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
    // "1414.2 Precept" over a sentence: a numbered heading, not a wrap.
    let words: Vec<&str> = prev.text.split_whitespace().collect();
    let connector = words.last().is_some_and(|w| {
        [
            "of", "for", "the", "and", "to", "a", "in", "on", "by", "with", "&",
        ]
        .contains(&w.to_lowercase().as_str())
    });
    if PARAGRAPH_START.is_match(&prev.text)
        && words.len() <= 4
        && !connector
        && next.text.starts_with(char::is_uppercase)
    {
        return false;
    }
    let open_sentence = !prev.text.ends_with(['.', ':', ';', '!', '?']);
    open_sentence || next.text.starts_with(char::is_lowercase)
}

/// Resolutions in an item's text: each paragraph that opens with a
/// decision's words (after any paragraph number), with the numbered parts
/// that follow one ending in "that:" or ":"; a bare "It was APPROVED that;"
/// takes the paragraphs after it, past a "That the Committee:" preamble.
/// Each comes with its place in `text`: the paragraphs it was read from.
pub(crate) fn resolutions(text: &str) -> Vec<(String, Span)> {
    let spans: Vec<(usize, &str)> = super::paragraph_spans(text).collect();
    let paras: Vec<&str> = spans.iter().map(|(_, p)| *p).collect();
    // Paragraphs `from..to` as a place in the text.
    let place = |from: usize, to: usize| {
        let (start, _) = spans[from.min(spans.len() - 1)];
        let (last_at, last) = spans[to.saturating_sub(1).max(from).min(spans.len() - 1)];
        Span {
            start,
            end: last_at + last.len(),
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = ENUMERATION.replace(paras[i], "").to_string();
        let p = LEADING_CAPS
            .captures(&p)
            .filter(|c| RESOLUTION_START.is_match(&c[1]))
            .map_or(p.clone(), |c| c[1].to_string());
        let bare = BARE_MARKER.is_match(&p);
        let labelled = LABEL_MARKER.find(&p).filter(|m| m.end() < p.len());
        if bare
            || (RESOLUTION_START.is_match(&p)
                && labelled.is_none()
                && p.ends_with(':')
                && !p.contains(' '))
        {
            // The decision's words are in the paragraphs that follow.
            let mut j = i + 1;
            let mut preamble = false;
            if j < paras.len()
                && PREAMBLE.is_match(paras[j])
                && paras.get(j + 1).is_some_and(|n| ENUMERATION.is_match(n))
            {
                j += 1;
                preamble = true;
            }
            if j >= paras.len() {
                break;
            }
            let mut resolution = ENUMERATION.replace(paras[j], "").to_string();
            j += 1;
            // "Committee:" set apart from the words it introduces.
            if resolution.ends_with(':')
                && resolution.split_whitespace().count() <= 3
                && j < paras.len()
                && !ENUMERATION.is_match(paras[j])
            {
                resolution.push(' ');
                resolution.push_str(paras[j]);
                j += 1;
            }
            if preamble || ENUMERATION.is_match(paras[j - 1]) {
                j = take_numbered_parts(&paras, j, &mut resolution, true);
            }
            out.push((resolution, place(i, j)));
            i = j;
            continue;
        }
        // "That the Committee:" then numbered decisions, with no marker.
        if PREAMBLE.is_match(&p)
            && !RESOLUTION_START.is_match(&p)
            && p.ends_with([':', '-'])
            && paras.get(i + 1).is_some_and(|n| {
                ENUMERATION.is_match(n) && DECISION_VERB.is_match(&ENUMERATION.replace(n, ""))
            })
        {
            let mut resolution = ENUMERATION.replace(paras[i + 1], "").to_string();
            let j = take_numbered_parts(&paras, i + 2, &mut resolution, false);
            out.push((resolution, place(i, j)));
            i = j;
            continue;
        }
        if !RESOLUTION_START.is_match(&p) {
            i += 1;
            continue;
        }
        // "Resolved: That the report be noted.": the label is not the decision.
        let first = i;
        let mut resolution = match labelled {
            Some(m) => p[m.end()..].to_string(),
            None => p.trim_start_matches("It is ").to_string(),
        };
        i += 1;
        // "Resolved: Committee:" then the decision in the next paragraph.
        if resolution.ends_with(':')
            && i < paras.len()
            && !ENUMERATION.is_match(paras[i])
            && resolution.split_whitespace().count() <= 3
        {
            resolution.push(' ');
            resolution.push_str(paras[i]);
            i += 1;
        }
        let opens_list = resolution.ends_with(':')
            || resolution.ends_with(" that")
            || resolution.ends_with(": -");
        while opens_list && i < paras.len() && ENUMERATION.is_match(paras[i]) {
            resolution.push('\n');
            resolution.push_str(paras[i]);
            i += 1;
        }
        out.push((resolution, place(first, i)));
    }
    out
}

/// Joins the numbered parts that follow a resolution from `from` on, so
/// that (1)-(5) stay whole; a bare marker ends them where `stop_at_bare`.
/// Returns the index of the first paragraph not taken.
fn take_numbered_parts(
    paras: &[&str],
    from: usize,
    resolution: &mut String,
    stop_at_bare: bool,
) -> usize {
    let mut j = from;
    while j < paras.len()
        && ENUMERATION.is_match(paras[j])
        && !(stop_at_bare && BARE_MARKER.is_match(paras[j]))
    {
        resolution.push('\n');
        resolution.push_str(paras[j]);
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    /// The resolutions' words only.
    fn resolutions(text: &str) -> Vec<String> {
        super::resolutions(text)
            .into_iter()
            .map(|(r, _)| r)
            .collect()
    }

    #[test]
    fn a_resolution_knows_the_paragraphs_it_was_read_from() {
        let text = "1. Mr A spoke.\n\nIt was RESOLVED that:\n\n1. The case be APPROVED;\n\n2. The plan be NOTED.\n\nOther text.";
        let r = super::resolutions(text);
        let span = r[0].1;
        assert_eq!(
            &text[span.start..span.end],
            "It was RESOLVED that:\n\n1. The case be APPROVED;\n\n2. The plan be NOTED."
        );
        let text = "Intro.\n\n6. RESOLVED to note the report.";
        let span = super::resolutions(text)[0].1;
        assert_eq!(
            &text[span.start..span.end],
            "6. RESOLVED to note the report."
        );
    }

    #[test]
    fn numbered_resolution_loses_its_number() {
        let r = resolutions("1. Mr A spoke.\n\n6. RESOLVED to note the report.");
        assert_eq!(r, ["RESOLVED to note the report."]);
    }

    #[test]
    fn resolution_list_is_kept_whole() {
        let r = resolutions("It was RESOLVED that:\n\n1. The case be APPROVED;\n\n2. The plan be NOTED.\n\nOther text.");
        assert_eq!(
            r,
            ["The case be APPROVED;\n2. The plan be NOTED."],
            "a bare 'It was RESOLVED that:' is the list's, and the list stays whole"
        );
    }

    #[test]
    fn bare_approval_takes_the_numbered_decisions_past_their_preamble() {
        let r = resolutions(
            "On being put to the vote the motion was CARRIED. It was APPROVED that;\n\nThat the Committee:\n\n1. Approved the bid.\n\n2. Noted the risks.\n\nThe meeting ended.",
        );
        assert_eq!(r, ["Approved the bid.\n2. Noted the risks."]);
    }

    #[test]
    fn decisions_without_resolved() {
        let r = resolutions("The minutes of the last meeting were agreed as a correct record.\n\nThe Housing Committee noted the report.\n\nThe Committee noted that two members had left.");
        assert_eq!(
            r.len(),
            2,
            "'noted that' is discussion, not a decision: {r:?}"
        );
        let r = resolutions("Resolved:\n\nCommittee:\n\nEndorsed the plan.");
        assert_eq!(
            r,
            ["Committee: Endorsed the plan."],
            "a label on its own, the words after it"
        );
        let r = resolutions("Penderfynwyd: nodi'r adroddiad.");
        assert_eq!(r, ["nodi'r adroddiad."], "Welsh");
    }

    #[test]
    fn resolved_in_passing_is_not_a_resolution() {
        assert!(resolutions("Contacts resolved at first point of contact rose.").is_empty());
    }
}
