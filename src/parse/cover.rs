//! Cover sheets and mastheads: the meeting as the first page of a paper
//! prints it when there is no web-page or "MINUTES of a meeting" heading.
//!
//! Shapes read here, by position and cue words rather than any one
//! council's wording:
//! - a labelled grid, "REPORT TO: / DATE: / SUBJECT:", labels and values on
//!   one line or in columns, labels wrapped over two lines ("REPORT" /
//!   "TITLE:"), values wrapped in their column;
//! - a masthead: the body on a line or a few lines, then the date on a line
//!   of its own ("CABINET BOARD" / "20 DECEMBER 2012"), or both on one line
//!   ("Cabinet – 12 May 2021", "CABINET MEETING: 10 NOVEMBER 2016",
//!   "Minutes of the Audit Committee" / "9 March 2021 at 6.30 pm");
//! - a summons, "Members are summoned to attend a meeting of ... on ...".
//!
//! Dates that are not the meeting's ("Date Written", a signature block's
//! "Dated ...") are never taken. The council is a council's or combined
//! authority's name at the head of the paper, or else the one the paper
//! names most often (said in a diagnostic).
//!
//! It does not know what follows the cover: `items` reads that.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::header::{
    is_shouting, parse_date, parse_numeric_date, parse_time, title_case, Header, Kind,
};
use super::lines::Line;
use super::{Diagnostic, Meeting};

/// How far into a paper its cover can stand: the first two pages, at most.
const COVER_LINES: usize = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Body,
    Date,
    Title,
    Time,
    Venue,
    /// A date that is not the meeting's: "Date Written", "Dated".
    OtherDate,
}

/// Labels of cover grids, longest first so "Committee Date" is not read as
/// "Committee". English and Welsh.
const LABELS: [(&str, Field); 25] = [
    ("committee division", Field::Body),
    ("committee date", Field::Date),
    ("date of meeting", Field::Date),
    ("meeting date", Field::Date),
    ("date written", Field::OtherDate),
    ("date of report", Field::OtherDate),
    ("date of publication", Field::OtherDate),
    ("publication date", Field::OtherDate),
    ("report date", Field::OtherDate),
    ("report title", Field::Title),
    ("report to", Field::Body),
    ("adroddiad i", Field::Body),
    ("decision maker", Field::Body),
    ("committee", Field::Body),
    ("meeting", Field::Body),
    ("pwyllgor", Field::Body),
    ("dyddiad", Field::Date),
    ("dated", Field::OtherDate),
    ("date", Field::Date),
    ("subject", Field::Title),
    ("pwnc", Field::Title),
    ("title", Field::Title),
    ("time", Field::Time),
    ("venue", Field::Venue),
    ("lleoliad", Field::Venue),
];

/// A cover field as read: its kind, value and the line it starts on.
#[derive(Debug, Clone)]
struct Value {
    field: Field,
    text: String,
    line: usize,
}

/// Splits "COMMITTEE: Transport" or "Committee Date     24th October 2012"
/// into a known label and its value. A label must be set off from its value
/// by a colon or by a column gap, so "Committee Chair: ..." is no label.
fn label_of(line: &Line) -> Option<(Field, String)> {
    let text = line.text.as_str();
    let raw = line.raw.trim_start();
    for (label, field) in LABELS {
        // Compared in ASCII: lower-casing may change a text's byte length.
        if !text
            .get(..label.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(label))
        {
            continue;
        }
        let rest = &text[label.len()..];
        let gap_in_raw = raw
            .get(label.len()..)
            .is_some_and(|r| r.starts_with("  ") || r.starts_with('\t'));
        let rest_trim = rest.trim_start();
        let colon = rest_trim.starts_with(':');
        if !(colon || gap_in_raw || rest.is_empty()) {
            continue;
        }
        let value = rest_trim.trim_start_matches([':', '-']).trim().to_string();
        return Some((field, value));
    }
    None
}

/// Leading spaces of a raw line.
fn indent(l: &Line) -> usize {
    l.raw.chars().take_while(|c| c.is_whitespace()).count()
}

/// The columns of a raw line, split at gaps of two or more spaces.
fn columns(raw: &str) -> Vec<String> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}|\t").expect("valid regex"));
    GAP.split(raw.trim())
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The labelled fields of a cover grid in the first lines of a paper.
fn grid(lines: &[Line]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let end = lines.len().min(COVER_LINES);
    let mut i = 0;
    while i < end {
        let l = &lines[i];
        let mut found = label_of(l).map(|(f, v)| (f, v, i + 1));
        if found.is_none() {
            // "REPORT      MAYORAL ..." / "TITLE:      OUTTURN ...": a label
            // wrapped in its column, its value beside both halves.
            if let Some(next) = lines.get(i + 1).filter(|n| !n.text.is_empty()) {
                let (a, b) = (columns(&l.raw), columns(&next.raw));
                if let (Some(a0), Some(b0)) = (a.first(), b.first()) {
                    let joined = Line {
                        text: format!("{a0} {b0}"),
                        raw: format!("{a0} {b0}"),
                        ..l.clone()
                    };
                    if let Some((f, _)) = label_of(&joined).filter(|(_, v)| v.is_empty()) {
                        let value = a[1..]
                            .iter()
                            .chain(b[1..].iter())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ");
                        found = Some((f, value, i + 2));
                    }
                }
            }
        }
        let Some((field, mut value, mut after)) = found else {
            i += 1;
            continue;
        };
        // A value wrapped in its column: the next lines start well to the
        // right of the label and hold no label of their own.
        while let Some(next) = lines.get(after) {
            let own_label = label_of(next).is_some_and(|(_, v)| !v.is_empty());
            if next.text.is_empty()
                || next.text.contains(':')
                || indent(next) < indent(l) + 6
                || own_label
                || value.is_empty()
            {
                break;
            }
            value.push(' ');
            value.push_str(&next.text);
            after += 1;
        }
        if value.is_empty() {
            // The value in a box of its own on the next line.
            if let Some(next) = lines
                .get(after)
                .filter(|n| !n.text.is_empty() && label_of(n).is_none())
            {
                value = next.text.clone();
                after += 1;
            }
        }
        if !value.is_empty() && !out.iter().any(|v| v.field == field) {
            out.push(Value {
                field,
                text: value,
                line: i,
            });
        }
        i = after.max(i + 1);
    }
    out
}

/// "the West of England Mayoral Combined Authority", "Bristol City Council".
static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b((?:[A-Z][A-Za-z'’-]+ )(?:(?:of|and|upon|on|under|in|the|y|[A-Z][A-Za-z'’-]+) ){0,5}?(?:County Borough|Metropolitan Borough|Metropolitan District|County|City|Borough|District|Town|Parish|Community|Mayoral Combined|Combined) (?:Council|Authority))\b",
    )
    .expect("valid regex")
});
/// A council's name standing as a line: "FLINTSHIRE COUNTY COUNCIL",
/// "CITY OF CARDIFF COUNCIL", "Bristol City Council".
static COUNCIL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-z'’-]+ ){1,6}(?:council|combined authority)$").expect("valid regex")
});

/// Capitalised words that open a sentence before a council's name.
const OPENERS: [&str; 8] = ["All", "The", "This", "By", "For", "With", "Both", "Each"];

/// Words that open a sentence, never a council's name.
const NOT_A_NAME: [&str; 8] = ["The", "This", "That", "A", "An", "Our", "Each", "Every"];

/// Words naming a meeting of a council, not the council: "the 2025-26
/// Budget County Council in February".
const MEETING_WORDS: [&str; 6] = [
    "Budget",
    "Full",
    "Annual",
    "Extraordinary",
    "Special",
    "Ordinary",
];

fn council_name(s: &str) -> Option<String> {
    let name = s.trim();
    if !COUNCIL_LINE.is_match(name) || name.split_whitespace().count() < 2 {
        return None;
    }
    let first = name.split_whitespace().next().unwrap_or("");
    // "Minutes of the Full Council" names a body, not the council.
    let lower = name.to_lowercase();
    if NOT_A_NAME.iter().any(|w| w.eq_ignore_ascii_case(first))
        || lower.ends_with("full council")
        || ["minutes", "agenda", "meeting", "cofnodion"]
            .iter()
            .any(|w| lower.contains(w))
    {
        return None;
    }
    Some(if is_shouting(name) {
        title_case(name)
    } else {
        name.to_string()
    })
}

/// The council: a name at the head of the paper, else the authority the
/// paper names most often.
fn council(lines: &[Line], diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    council_at_head(lines).or_else(|| most_named(lines, diagnostics))
}

/// A council's name standing at the head of a paper, on a line or in a
/// column of its own.
pub(crate) fn council_at_head(lines: &[Line]) -> Option<String> {
    let head = &lines[..lines.len().min(COVER_LINES)];
    for l in head {
        // "Royal Sutton Coldfield Town Council Meeting 21 February 2017".
        let text = l.text.as_str();
        if let Some(name) = council_name(text) {
            return Some(name);
        }
        for col in columns(&l.raw) {
            if let Some(name) = council_name(&col) {
                return Some(name);
            }
        }
        if let Some(m) = AUTHORITY.find(text).filter(|m| m.start() == 0) {
            if text[m.end()..]
                .trim_start()
                .to_lowercase()
                .starts_with("meeting")
            {
                return Some(m.as_str().to_string());
            }
        }
    }
    None
}

/// The authority a paper names most often, preferring one whose name its
/// own web or e-mail address carries ("democracy.bristol.gov.uk"): papers
/// also name their neighbours.
pub(crate) fn most_named(lines: &[Line], diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b([a-z0-9-]+)\.gov\.(?:uk|wales|scot)\b").expect("valid regex")
    });
    /// "Caerphilly CBC": Welsh councils abbreviate "County Borough Council".
    static CBC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}) CBC\b").expect("valid regex")
    });
    let domains: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            DOMAIN
                .captures_iter(&l.text)
                .map(|c| c[1].to_lowercase().replace('-', ""))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        let full = AUTHORITY.find_iter(&l.text).map(|m| m.as_str().to_string());
        let short = CBC.captures_iter(&l.text).map(|c| {
            // "All Caerphilly CBC settings": the name starts after any
            // capitalised word that opens the sentence.
            let words: Vec<&str> = c[1].split_whitespace().collect();
            let from = words.iter().position(|w| !OPENERS.contains(w)).unwrap_or(0);
            format!("{} County Borough Council", words[from..].join(" "))
        });
        for name in full.chain(short) {
            let name = name
                .trim_start_matches("The ")
                .trim_start_matches("the ")
                .to_string();
            if NOT_A_NAME
                .iter()
                .chain(MEETING_WORDS.iter())
                .any(|w| name.starts_with(&format!("{w} ")))
            {
                continue;
            }
            let e = counts.entry(name).or_insert((0, i));
            e.0 += 1;
        }
    }
    let own = |name: &str| {
        let squashed: String = name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        domains
            .iter()
            .any(|d| d.len() >= 4 && squashed.contains(d.as_str()))
    };
    let (name, _) = counts.into_iter().max_by(|a, b| {
        own(&a.0)
            .cmp(&own(&b.0))
            .then(a.1 .0.cmp(&b.1 .0))
            .then(b.1 .1.cmp(&a.1 .1))
    })?;
    diagnostics.push(Diagnostic::info(
        format!("the paper does not print its council at its head; taken to be {name}, the authority it names most"),
        None,
    ));
    Some(name)
}

/// Words that make a line a body's name.
static BODY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:committee|cabinet|board|panel|council|forum|executive|commission|authority|scrutiny|sub-committee|pwyllgor|cabinet|cyngor|bwrdd)\b")
        .expect("valid regex")
});
/// The start of a line's date, with the words that may stand before it.
static WEEKDAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|dydd (?:llun|mawrth|mercher|iau|gwener|sadwrn|sul))\b,?\s*)$")
        .expect("valid regex")
});
static DATE_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}(?:st|nd|rd|th|af|il|ydd|ed|fed|eg)?\s+[a-z]+,?\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{4}\b").expect("valid regex")
});

/// A line that carries a meeting's date, and the words before and after it.
fn date_in(text: &str) -> Option<(chrono::NaiveDate, String, String)> {
    let m = DATE_AT.find_iter(text).find(|m| {
        parse_date(m.as_str())
            .or_else(|| parse_numeric_date(m.as_str()))
            .is_some()
    })?;
    let date = parse_date(m.as_str()).or_else(|| parse_numeric_date(m.as_str()))?;
    let before = WEEKDAY_WORD
        .replace(&text[..m.start()], "")
        .trim()
        .to_string();
    Some((date, before, text[m.end()..].trim().to_string()))
}

/// "Minutes of the X", "X –", "X MEETING:" → "X".
fn clean_body(s: &str) -> String {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:draft |confirmed )?minutes of (?:a |the )?(?:(?:special |extraordinary |annual )?meeting of )?(?:the )?|agenda (?:for|of) (?:a |the )?(?:meeting of )?(?:the )?|(?:report )?to:?\s+(?:the\s+)?|cofnodion\s+)")
            .expect("valid regex")
    });
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\s*[-–—,:]|\s+meeting\s*:?|\s+(?:held )?on|\s+held)+\s*$")
            .expect("valid regex")
    });
    // "PWYLLGOR CRAFFU / SCRUTINY COMMITTEE": one language's name, the one
    // that reads as a body in English if either does.
    let s = match s.split_once(" / ") {
        Some((a, b)) => {
            if ENGLISH_BODY.is_match(b) || !ENGLISH_BODY.is_match(a) {
                b
            } else {
                a
            }
        }
        None => s,
    };
    let s = LEAD.replace(s.trim(), "");
    let s = TAIL.replace(&s, "");
    let s = s.trim();
    if is_shouting(s) {
        title_case(s)
    } else {
        s.to_string()
    }
}

static ENGLISH_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:committee|cabinet|board|panel|council|forum|executive|commission|authority|scrutiny|minutes|agenda)\b").expect("valid regex")
});

/// Lines that are never part of a body's name above a date.
fn stops_body(l: &Line) -> bool {
    l.text.is_empty()
        || council_name(&l.text).is_some()
        || label_of(l).is_some_and(|(_, v)| !v.is_empty() || l.text.contains(':'))
        || l.text.contains('@')
        || l.text.to_lowercase().starts_with("item ")
}

/// What a masthead says: the body, the date and time, the venue, and the
/// line after it.
struct Masthead {
    body: Option<String>,
    date: chrono::NaiveDate,
    time: Option<chrono::NaiveTime>,
    venue: Option<String>,
    line: usize,
    after: usize,
    minutes: bool,
}

fn masthead(lines: &[Line]) -> Option<Masthead> {
    let end = lines.len().min(COVER_LINES);
    for i in 0..end {
        let l = &lines[i];
        // Labelled dates are the grid's to read ("Date Written" never).
        if l.text.is_empty() || label_of(l).is_some_and(|(_, v)| !v.is_empty()) {
            continue;
        }
        // A date in a running sentence is not a masthead's.
        let heading = ["minutes", "agenda", "notes", "cofnodion"]
            .iter()
            .any(|w| l.text.to_lowercase().starts_with(w));
        let words = l.text.split_whitespace().count();
        if words > if heading { 30 } else { 16 } || !heading && l.text.ends_with('.') && words > 8 {
            continue;
        }
        let Some((date, before, after)) = date_in(&l.text) else {
            continue;
        };
        let mut minutes = l.text.to_lowercase().contains("minutes");
        let mut body_lines: Vec<String> = Vec::new();
        // "Minutes of the meeting held on ...": words with no body's name;
        // the body is then the heading above.
        static NO_NAME: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)^(?:(?:draft |confirmed )?minutes(?: of)?|agenda(?: for)?|notes(?: of)?)?\s*(?:(?:a|the) )?(?:(?:special |extraordinary |annual |virtual )?meeting)?\s*(?:held)?\s*(?:on)?\s*[-–,:]?$")
                .expect("valid regex")
        });
        let before = if NO_NAME.is_match(&before) {
            String::new()
        } else {
            before
        };
        if !before.is_empty() {
            body_lines.push(before.clone());
        } else {
            // The lines above, up to a council's name, a label or two
            // blank lines; one blank line may part the body from its date.
            let mut j = i;
            let mut blanks = 0;
            while j > 0 && body_lines.len() < 3 {
                j -= 1;
                let above = &lines[j];
                if above.text.is_empty() {
                    blanks += 1;
                    if blanks > 1 || !body_lines.is_empty() && blanks > 0 {
                        break;
                    }
                    continue;
                }
                if stops_body(above)
                    || above.text.split_whitespace().count() > 12
                    || above.text.ends_with('.')
                {
                    break;
                }
                // "Minutes" or "Cofnodion / Minutes" alone: what the paper is,
                // not whose; the body's name is above it.
                let words_only = clean_body(&above.text);
                if body_lines.is_empty()
                    && (words_only.is_empty()
                        || NO_NAME.is_match(&words_only)
                        || NO_NAME.is_match(&above.text))
                {
                    minutes |= above.text.to_lowercase().contains("minutes")
                        || above.text.to_lowercase().contains("cofnodion");
                    blanks = 0;
                    continue;
                }
                body_lines.insert(0, above.text.clone());
            }
        }
        let raw_body = body_lines.join(" ");
        minutes |= raw_body.to_lowercase().starts_with("minutes")
            || raw_body.to_lowercase().starts_with("cofnodion");
        let body = clean_body(&raw_body);
        // A body is named like one, or stands above a weekday's date as an
        // agenda's front sheet prints it.
        let weekday = WEEKDAY_WORD
            .is_match(&l.text[..l.text.find(|c: char| c.is_ascii_digit()).unwrap_or(0)]);
        let body_like =
            !body.is_empty() && (BODY_WORD.is_match(&body) || weekday) && body.len() <= 120;
        if !body_like && !body_lines.is_empty() {
            continue;
        }
        // The venue after the date and time ("at the Civic Centre"), or on
        // the line straight after a weekday's date.
        let mut after_line = i + 1;
        let mut venue = venue_after(&after);
        if weekday && venue.is_none() {
            if let Some(v) = lines.get(i + 1).filter(|v| {
                !v.text.is_empty()
                    && !v.text.contains(':')
                    && v.text.split_whitespace().count() <= 10
                    && !v.text.ends_with('.')
            }) {
                venue = Some(v.text.clone());
                after_line = i + 2;
            }
        }
        return Some(Masthead {
            body: Some(body).filter(|b| !b.is_empty()),
            date,
            time: parse_time(&after).or_else(|| parse_time(&l.text)),
            venue,
            line: i,
            after: after_line,
            minutes,
        });
    }
    None
}

/// The venue printed after a meeting's date and time: "at 7.00pm in the
/// Memorial Hall", ", at the Civic Centre".
pub(crate) fn venue_after(after: &str) -> Option<String> {
    static VENUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:,?\s*(?:at|from)?\s*\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?)?,?\s*(?:at|in)\s+(?:the\s+)?(\S.*?)\.?$").expect("valid regex")
    });
    VENUE_AFTER
        .captures(after.trim())
        .map(|c| c[1].to_string())
        .filter(|v| parse_time(v).is_none())
}

/// "Members are summoned to attend a meeting of the Council to be held at
/// the Guildhall on Tuesday 9th March 2021 at 6.30pm".
fn summons(lines: &[Line]) -> Option<(Meeting, usize)> {
    static SUMMONS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)summoned to attend (?:an? |the )?(?:\w+ )?meeting of (?:the )?(?P<body>.+?)(?:,)? (?:to be |which will be )?held (?:(?:at|in) (?:the )?(?P<venue>.+?) )?on (?P<rest>.+)$")
            .expect("valid regex")
    });
    let end = lines.len().min(COVER_LINES);
    for i in 0..end {
        if !lines[i].text.to_lowercase().contains("summoned") {
            continue;
        }
        // The sentence may wrap over a few lines.
        let mut sentence = String::new();
        for l in lines[i..lines.len().min(i + 5)]
            .iter()
            .take_while(|l| !l.text.is_empty())
        {
            sentence.push_str(&l.text);
            sentence.push(' ');
        }
        let Some(c) = SUMMONS.captures(sentence.trim()) else {
            continue;
        };
        let date = parse_date(&c["rest"]).or_else(|| parse_numeric_date(&c["rest"]))?;
        let meeting = Meeting {
            body: Some(clean_body(&c["body"])),
            date: Some(date),
            time: parse_time(&c["rest"]),
            venue: c
                .name("venue")
                .map(|v| v.as_str().trim().trim_end_matches(',').to_string()),
            ..Meeting::default()
        };
        return Some((meeting, i + 1));
    }
    None
}

/// A body named only in the text: "To update Cabinet on ...", "the
/// Corporate Resources Committee considered".
fn body_in_text(lines: &[Line]) -> Option<String> {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:the ((?:[A-Z][a-z]+ ){1,5}(?:Committee|Panel|Board|Sub-Committee))|(Cabinet|Executive))\b").expect("valid regex")
    });
    lines.iter().take(COVER_LINES * 2).find_map(|l| {
        let c = NAMED.captures(&l.text)?;
        c.get(1).or(c.get(2)).map(|m| m.as_str().to_string())
    })
}

/// Whether a paper's first page reads as minutes: a "Present" list.
fn has_present_list(lines: &[Line]) -> bool {
    static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:members |councillors |cynghorwyr )?(?:present|yn bresennol)\s*:?-?")
            .expect("valid regex")
    });
    lines
        .iter()
        .take(COVER_LINES)
        .any(|l| PRESENT.is_match(&l.text))
}

/// The meeting of a paper with a cover sheet or masthead, if it has one.
pub(crate) fn find(lines: &[Line]) -> Option<Header> {
    let mut diagnostics = Vec::new();
    let fields = grid(lines);
    let get = |f: Field| fields.iter().find(|v| v.field == f);
    let mut meeting = Meeting::default();
    let mut line = None;
    let mut body_start = 0;
    let mut minutes = false;
    let mut summoned = false;

    if let Some(v) = get(Field::Body) {
        // "To: Chairman, Ladies and Gentlemen" is a greeting, not a body.
        if BODY_WORD.is_match(&v.text) || v.text.split_whitespace().count() <= 6 {
            let body = v.text.split(['–', '—']).next().unwrap_or(&v.text).trim();
            meeting.body = Some(clean_body(body));
            line = Some(v.line);
        }
    }
    if let Some(v) = get(Field::Date) {
        meeting.date = parse_date(&v.text).or_else(|| parse_numeric_date(&v.text));
        meeting.time = parse_time(&v.text);
        line = line.or(Some(v.line));
    }
    if let Some(v) = get(Field::Time) {
        meeting.time = meeting.time.or_else(|| parse_time(&v.text));
    }
    if let Some(v) = get(Field::Venue) {
        meeting.venue = Some(v.text.clone());
    }
    if let Some(max) = fields.iter().map(|v| v.line).max() {
        body_start = max + 1;
    }
    // A grid of Date:/Time:/Venue: under the body's name as a heading.
    if meeting.body.is_none() {
        if let Some(first) = fields.iter().map(|v| v.line).min() {
            let above = lines[..first]
                .iter()
                .rev()
                .filter(|l| !l.text.is_empty())
                .take(2)
                .find(|l| {
                    !stops_body(l)
                        && l.text.split_whitespace().count() <= 10
                        && !l.text.ends_with('.')
                        && BODY_WORD.is_match(&l.text)
                        && date_in(&l.text).is_none()
                });
            if let Some(b) = above {
                meeting.body = Some(clean_body(&b.text));
            }
        }
    }
    if meeting.body.is_none() || meeting.date.is_none() {
        if let Some((m, after)) = summons(lines) {
            meeting.body = meeting.body.or(m.body);
            meeting.date = meeting.date.or(m.date);
            meeting.time = meeting.time.or(m.time);
            meeting.venue = meeting.venue.or(m.venue);
            line = line.or(Some(after - 1));
            body_start = body_start.max(after);
            summoned = true;
        } else if let Some(m) = masthead(lines) {
            meeting.body = meeting.body.or(m.body);
            meeting.date = meeting.date.or(Some(m.date));
            meeting.time = meeting.time.or(m.time);
            meeting.venue = meeting.venue.or(m.venue);
            minutes = m.minutes;
            line = line.or(Some(m.line));
            body_start = body_start.max(m.after);
        }
    }
    if meeting.body.is_none() && meeting.date.is_some() {
        if let Some(b) = body_in_text(lines) {
            diagnostics.push(Diagnostic::info(
                format!("meeting body taken to be the {b}, named only in the text"),
                None,
            ));
            meeting.body = Some(b);
        }
    }
    // Nothing of a meeting here: leave the paper to the other readers.
    let line = line?;
    if meeting.date.is_none() {
        diagnostics.push(Diagnostic::warning(
            "the paper's cover gives no meeting date that could be read",
            lines.get(line).map(|l| l.page),
        ));
    }
    if meeting.body.is_none() {
        diagnostics.push(Diagnostic::warning(
            "the paper's cover does not say which committee the meeting is of",
            lines.get(line).map(|l| l.page),
        ));
    }
    meeting.council = council(lines, &mut diagnostics);
    // "A meeting of the above Council": the body is the council itself.
    static ABOVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:the )?above(?:[- ]?(?:named|mentioned))? \w+$").expect("valid regex")
    });
    if meeting.body.as_deref().is_some_and(|b| ABOVE.is_match(b)) {
        meeting.body = meeting.council.clone();
    }
    minutes |= has_present_list(lines);
    // A summons or an "AGENDA" heading heads an agenda; a "Present"
    // list, minutes.
    let agenda = lines.iter().take(COVER_LINES).any(|l| {
        let t = l.text.trim_end_matches(':').to_lowercase();
        t == "agenda" || t == "rhaglen" || t == "agenda / rhaglen" || t == "rhaglen / agenda"
    });
    let kind = if minutes {
        Kind::Minutes
    } else if summoned || agenda {
        Kind::Agenda
    } else {
        Kind::Cover
    };
    Some(Header {
        kind,
        line,
        body_start: body_start.min(lines.len()),
        meeting,
        diagnostics,
    })
}

/// The title of a paper with a cover: its labelled subject or title, the
/// line after its "Agenda Item N", a title set beside the author's box, or
/// the first heading-like block after the cover.
pub(crate) fn title_and_number(lines: &[Line]) -> (Option<String>, Option<String>, Option<usize>) {
    static ITEM_NO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:agenda\s+)?item(?:\s+no\.?)?\s*[:.]?\s*(\d{1,4}[a-z]?)\b\s*$")
            .expect("valid regex")
    });
    static REPORT_OF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^(?:joint )?report (?:of|by)\b").expect("valid regex"));
    let end = lines.len().min(COVER_LINES);
    let fields = grid(lines);
    let mut number = None;
    let mut title = fields
        .iter()
        .find(|v| v.field == Field::Title)
        .map(|v| (v.text.clone(), v.line));
    for i in 0..end {
        let l = &lines[i];
        let item_at = columns(&l.raw)
            .iter()
            .find_map(|c| ITEM_NO.captures(c).map(|m| m[1].to_string()));
        let Some(n) = item_at else { continue };
        number.get_or_insert(n);
        // "Agenda Item 166" on its own line: the title is the next line.
        if title.is_none()
            && ITEM_NO
                .find(&l.text)
                .is_some_and(|m| m.start() == 0 || l.text.to_lowercase().contains("section"))
        {
            if let Some((j, t)) = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .take(4)
                .find(|(_, t)| !t.text.is_empty())
            {
                if label_of(t).is_none() && date_in(&t.text).is_none() && !t.text.contains(':') {
                    title = Some((t.text.clone(), j));
                }
            }
        }
    }
    if title.is_none() {
        let start = masthead(lines)
            .map_or(0, |m| m.after)
            .max(fields.iter().map(|v| v.line + 1).max().unwrap_or(0));
        let mut i = start;
        while i < end && title.is_none() {
            let l = &lines[i];
            if REPORT_OF.is_match(&l.text) {
                // The author's box may have the title set beside it.
                let mut j = i;
                while j < end && !lines[j].text.is_empty() {
                    let cols = columns(&lines[j].raw);
                    if j > i && cols.len() >= 2 && !is_shouting(&cols[cols.len() - 1]) {
                        title = Some((cols[cols.len() - 1].clone(), j));
                    }
                    j += 1;
                }
                i = j;
                continue;
            }
            let skip = l.text.is_empty()
                || l.text.contains(':')
                || label_of(l).is_some()
                || council_name(&l.text).is_some()
                || date_in(&l.text).is_some()
                || ITEM_NO.is_match(&l.text)
                || l.text.ends_with('.')
                || l.text.split_whitespace().count() > 14
                || l.text.to_lowercase().contains("municipal year")
                || l.text.to_lowercase().ends_with(" report") && is_shouting(&l.text);
            if !skip {
                // A title may wrap onto a second line.
                let mut t = l.text.clone();
                if let Some(next) = lines.get(i + 1).filter(|n| {
                    !n.text.is_empty()
                        && !n.text.contains(':')
                        && !n.text.ends_with('.')
                        && n.text.split_whitespace().count() <= 6
                        && !REPORT_OF.is_match(&n.text)
                }) {
                    t.push(' ');
                    t.push_str(&next.text);
                }
                title = Some((t, i));
            }
            i += 1;
        }
    }
    let at = title.as_ref().map(|t| t.1);
    let title = title.map(|(t, _)| if is_shouting(&t) { title_case(&t) } else { t });
    (title, number, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        super::super::lines::from_pages(&[crate::ingest::Page {
            number: 1,
            text: text.into(),
        }])
    }

    #[test]
    fn labelled_grid_with_a_wrapped_label_and_value() {
        let l = lines(
            " REPORT TO:        BRACKENFORD DISTRICT\n                   COUNCIL CABINET\n\n DATE:             7 OCTOBER 2027\n\n REPORT            HOUSING REPAIRS\n TITLE:            BACKLOG\n\nPurpose of Report\n",
        );
        let f = grid(&l);
        let get = |k| f.iter().find(|v| v.field == k).map(|v| v.text.clone());
        assert_eq!(
            get(Field::Body).as_deref(),
            Some("BRACKENFORD DISTRICT COUNCIL CABINET"),
            "a value wrapped in its column"
        );
        assert_eq!(get(Field::Date).as_deref(), Some("7 OCTOBER 2027"));
        assert_eq!(
            get(Field::Title).as_deref(),
            Some("HOUSING REPAIRS BACKLOG"),
            "a label wrapped over two lines"
        );
    }

    #[test]
    fn date_written_is_not_the_meeting_date() {
        let l = lines(
            "        Date Written        3rd May 2027\n        Committee Date      19th May 2027\n",
        );
        let h = find(&l).expect("a cover");
        assert_eq!(h.meeting.date, chrono::NaiveDate::from_ymd_opt(2027, 5, 19));
    }

    #[test]
    fn a_sentence_opening_with_the_is_no_council() {
        assert_eq!(council_name("The Town Council"), None);
        assert_eq!(
            council_name("BRACKENFORD DISTRICT COUNCIL").as_deref(),
            Some("Brackenford District Council")
        );
    }
}
