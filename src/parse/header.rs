//! Meeting headers: where in a paper each meeting starts, and what it says
//! about the meeting (council, body, date, time, venue).
//!
//! Header styles recognised:
//! - a modern.gov web page: "Cabinet - Thursday, 26th September, 2024 10.00 am"
//!   with "Venue: ..." below;
//! - printed minutes: "MINUTES of a meeting of the Cabinet held in the
//!   Council Chamber on Thursday, 1 December 2022.";
//! - an agenda front sheet: "AGENDA", the body, the date line, the venue;
//! - a single modern.gov "Agenda item" page, which has no header at all.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;

use super::lines::Line;
use super::{Diagnostic, Meeting};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    WebPage,
    Minutes,
    Agenda,
    ItemPage,
    /// A CMIS "Meeting Details" page.
    Cmis,
    /// A modern.gov "Decision details" page: one decision.
    Decision,
    /// A report on its own: the meeting is the one its "To:" line names.
    Report,
    /// Questions put at a meeting and the answers given.
    Questions,
    /// A paper read from its cover sheet or masthead (`cover`): one report.
    Cover,
}

#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub kind: Kind,
    /// The header's first line.
    pub line: usize,
    /// The first line after the header, where items may begin.
    pub body_start: usize,
    pub meeting: Meeting,
    pub diagnostics: Vec<Diagnostic>,
}

/// English and Welsh weekdays ("Dydd Mawrth" is Tuesday).
const WEEKDAY: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Dydd (?:Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul))";

/// English month names and their usual abbreviations, then Welsh ones.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "ionawr"],
    &["february", "feb", "chwefror"],
    &["march", "mar", "mawrth"],
    &["april", "apr", "ebrill"],
    &["may", "mai"],
    &["june", "jun", "mehefin"],
    &["july", "jul", "gorffennaf"],
    &["august", "aug", "awst"],
    &["september", "sept", "sep", "medi"],
    &["october", "oct", "hydref"],
    &["november", "nov", "tachwedd"],
    &["december", "dec", "rhagfyr"],
];

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = MONTHS.iter().flat_map(|m| m.iter().copied()).collect();
    // Welsh ordinals too: 1af, 2il, 3ydd, 5ed, 7fed, 11eg.
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|af|il|ydd|ed|fed|eg)?\s+({}),?\s+(\d{{4}})\b",
        names.join("|")
    ))
    .expect("valid regex")
});
/// "14/01/2025", as modern.gov's item and decision pages print dates.
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b").expect("valid regex"));
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?m\b\.?").expect("valid regex")
});
static WEB_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    // Case-insensitive weekday: a pack's covering letter shouts
    // "COUNTY COUNCIL - THURSDAY, 13 FEBRUARY 2025".
    Regex::new(&format!(
        r"^(?P<body>[A-Z][^–]{{1,100}}?) [-–] (?i:{WEEKDAY}),? (?P<rest>.+)$"
    ))
    .expect("valid regex")
});
static MINUTES_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^MINUTES of (?:a|the) (?:special |extraordinary |virtual |annual |ordinary )?meeting of (?:the )?(?P<body>.+?) held(?: (?:in|at) (?:the )?(?P<venue>.+?))? on (?P<rest>.+)$")
        .expect("valid regex")
});
/// "Agenda for a meeting of the Audit Committee on Tuesday, 4 March 2025
/// at 10.00 am", "Notice of a meeting of the Cabinet to be held at County
/// Hall on ...": an agenda's front sheet in one sentence.
static AGENDA_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:agenda for|notice of) (?:a|the) (?:special |extraordinary |virtual |annual |ordinary )?meeting of (?:the )?(?P<body>.+?)(?: (?:to be )?held(?: (?:in|at) (?:the )?(?P<venue>.+?))?)? on (?P<rest>.+)$")
        .expect("valid regex")
});
static AGENDA_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{WEEKDAY},? ")).expect("valid regex"));
static COUNCIL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Z &'-]+ COUNCIL$").expect("valid regex"));
static IMPLIED_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bthe ((?:[A-Z][a-z]+ )+(?:Committee|Panel|Board|Cabinet))\b")
        .expect("valid regex")
});

pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let c = DATE.captures(s)?;
    let day: u32 = c[1].parse().ok()?;
    let month = month_number(&c[2])?;
    let year: i32 = c[3].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| m.contains(&lower.as_str()))
        .map(|i| i as u32 + 1)
}

/// A UK day/month/year date.
pub(crate) fn parse_numeric_date(s: &str) -> Option<NaiveDate> {
    let c = NUMERIC_DATE.captures(s)?;
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)
}

pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    let c = TIME.captures(s)?;
    let mut hour: u32 = c[1].parse().ok()?;
    let minute: u32 = c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
    let pm = c[3].eq_ignore_ascii_case("p");
    if hour > 12 {
        return None;
    }
    if pm && hour < 12 {
        hour += 12;
    } else if !pm && hour == 12 {
        hour = 0;
    }
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// "KENT COUNTY COUNCIL" → "Kent County Council".
pub(crate) fn title_case(s: &str) -> String {
    const SMALL: [&str; 6] = ["of", "and", "for", "the", "in", "on"];
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else {
                // "SUB-COMMITTEE" → "Sub-Committee".
                lower
                    .split('-')
                    .map(|part| {
                        let mut cs = part.chars();
                        cs.next()
                            .map_or(String::new(), |c| c.to_uppercase().chain(cs).collect())
                    })
                    .collect::<Vec<_>>()
                    .join("-")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn is_shouting(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic()) && !s.chars().any(|c| c.is_lowercase())
}

/// Finds every meeting header, in order of appearance.
pub(crate) fn find(lines: &[Line]) -> Vec<Header> {
    let mut headers = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let found = web_header(lines, i)
            .or_else(|| minutes_header(lines, i))
            .or_else(|| agenda_header(lines, i))
            .or_else(|| agenda_sentence_header(lines, i))
            .or_else(|| cmis_header(lines, i))
            .or_else(|| decision_header(lines, i));
        if let Some(h) = found {
            i = h.body_start.max(i + 1);
            headers.push(h);
        } else {
            i += 1;
        }
    }
    if headers.is_empty() {
        headers.extend(item_page_header(lines));
    }
    if headers.is_empty() {
        headers.extend(questions_header(lines));
    }
    if headers.is_empty() {
        headers.extend(report_header(lines));
    }
    if headers.is_empty() {
        headers.extend(super::cover::find(lines));
    } else if let Some(first) = headers
        .first()
        .filter(|h| lines.get(h.line).map(|l| l.page) > lines.first().map(|l| l.page))
    {
        // A pack's front sheet before the first heading read (the last
        // meeting's minutes bound in on a later page): the pack's own
        // meeting comes first.
        let front = super::cover::find(&lines[..first.line]).filter(|c| c.kind == Kind::Agenda);
        if let Some(front) = front {
            headers.insert(0, front);
        }
    }
    if headers.iter().all(|h| h.meeting.council.is_none()) {
        // A paper that names its council only in its text.
        let mut diagnostics = Vec::new();
        if let Some(h) = headers.first_mut() {
            if let Some(c) = super::cover::council_at_head(lines)
                .or_else(|| super::cover::most_named(lines, &mut diagnostics))
            {
                h.meeting.council = Some(c);
                h.diagnostics.extend(diagnostics);
            }
        }
    }
    if headers.iter().all(|h| h.meeting.council.is_none()) {
        // A web page may name its council only in a contact address.
        static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"@([a-z0-9-]+(?:\.[a-z0-9-]+)*\.gov\.(?:uk|wales|scot))\b")
                .expect("valid regex")
        });
        if let (Some(h), Some(domain)) = (
            headers.first_mut(),
            lines
                .iter()
                .find_map(|l| DOMAIN.captures(&l.text).map(|c| c[1].to_string())),
        ) {
            h.diagnostics.push(Diagnostic::info(
                format!("the paper does not name its council; its contact e-mail is at {domain}"),
                None,
            ));
        }
    }
    if let Some(council) = headers.iter().find_map(|h| h.meeting.council.clone()) {
        for h in headers.iter_mut().filter(|h| h.meeting.council.is_none()) {
            h.meeting.council = Some(council.clone());
            h.diagnostics.push(Diagnostic::info(
                format!("council taken to be {council}, named elsewhere in the paper"),
                lines.get(h.line).map(|l| l.page),
            ));
        }
    }
    headers
}

fn web_header(lines: &[Line], i: usize) -> Option<Header> {
    let c = WEB_HEADER.captures(&lines[i].text)?;
    let date = parse_date(&c["rest"])?;
    let body = c["body"].trim();
    let mut meeting = Meeting {
        body: Some(if is_shouting(body) {
            title_case(body)
        } else {
            body.to_string()
        }),
        date: Some(date),
        time: parse_time(&c["rest"]),
        ..Meeting::default()
    };
    let mut body_start = i + 1;
    // The venue follows the meeting's links to its papers, which a saved
    // page may list at length; the items start after it.
    for (j, l) in lines.iter().enumerate().skip(i + 1).take(40) {
        if l.text.eq_ignore_ascii_case("items") || WEB_HEADER.is_match(&l.text) {
            break;
        }
        if let Some(v) = l.text.strip_prefix("Venue:") {
            let v = v.trim().trim_end_matches("View directions").trim();
            meeting.venue = Some(v.trim_end_matches('.').to_string()).filter(|v| !v.is_empty());
            body_start = j + 1;
        }
    }
    Some(Header {
        kind: Kind::WebPage,
        line: i,
        body_start,
        meeting,
        diagnostics: Vec::new(),
    })
}

fn minutes_header(lines: &[Line], i: usize) -> Option<Header> {
    if !lines[i].text.to_lowercase().starts_with("minutes of ") {
        return None;
    }
    sentence_header(lines, i, &MINUTES_HEADER, Kind::Minutes)
}

/// An agenda that names its meeting in one sentence. Only near the top of
/// a page, where a front sheet puts it: the same words in a minute's prose
/// ("notice of a meeting of the Cabinet on ...") are not a header.
fn agenda_sentence_header(lines: &[Line], i: usize) -> Option<Header> {
    let lower = lines[i].text.to_lowercase();
    if !(lower.starts_with("agenda for ") || lower.starts_with("notice of ")) {
        return None;
    }
    let above = lines[..i]
        .iter()
        .rev()
        .take_while(|l| l.page == lines[i].page)
        .filter(|l| !l.text.is_empty())
        .count();
    if above > 12 {
        return None;
    }
    sentence_header(lines, i, &AGENDA_SENTENCE, Kind::Agenda).filter(|h| h.meeting.date.is_some())
}

/// A header that is one sentence naming the meeting ("MINUTES of a meeting
/// of X held at Y on DATE."), perhaps wrapped over a few lines.
fn sentence_header(lines: &[Line], i: usize, re: &Regex, kind: Kind) -> Option<Header> {
    // PDF text wraps the header sentence; read it up to its full stop.
    let mut sentence = lines[i].text.clone();
    let mut last = i;
    while !sentence.trim_end().ends_with('.')
        && last + 1 < lines.len()
        && last < i + 3
        && !lines[last + 1].text.is_empty()
    {
        last += 1;
        sentence.push(' ');
        sentence.push_str(&lines[last].text);
    }
    let c = re.captures(&sentence)?;
    let date = parse_date(&c["rest"]);
    let mut diagnostics = Vec::new();
    if date.is_none() {
        diagnostics.push(Diagnostic::warning(
            "the minutes' date could not be read",
            Some(lines[i].page),
        ));
    }
    let meeting = Meeting {
        council: council_above(lines, i),
        body: Some(c["body"].trim().to_string()),
        date,
        time: parse_time(&c["rest"]),
        // "... held on Thursday 13th May 2027 at 7.00pm in the Memorial Hall".
        venue: c
            .name("venue")
            .map(|v| v.as_str().trim().to_string())
            .or_else(|| {
                DATE.find(&c["rest"])
                    .and_then(|d| super::cover::venue_after(&c["rest"][d.end()..]))
            }),
        ..Meeting::default()
    };
    Some(Header {
        kind,
        line: i,
        body_start: last + 1,
        meeting,
        diagnostics,
    })
}

/// The council's name in capitals a few lines above a header.
fn council_above(lines: &[Line], i: usize) -> Option<String> {
    // Forwards: "KENT COUNTY COUNCIL" heads the page, above a body line
    // such as "COUNTY COUNCIL" that only looks like a council's name.
    lines[i.saturating_sub(8)..i]
        .iter()
        .find(|l| COUNCIL_LINE.is_match(&l.text))
        .map(|l| title_case(&l.text))
}

fn agenda_header(lines: &[Line], i: usize) -> Option<Header> {
    if !lines[i].text.eq_ignore_ascii_case("agenda") {
        return None;
    }
    let mut next = lines
        .iter()
        .enumerate()
        .skip(i + 1)
        .filter(|(_, l)| !l.text.is_empty());
    let (_, body_line) = next.next()?;
    let (date_at, date_line) = next.next()?;
    if !AGENDA_DATE.is_match(&date_line.text) {
        return None;
    }
    let date = parse_date(&date_line.text)?;
    // The venue runs from the line after the date to the next blank line.
    let venue_lines: Vec<&str> = lines[date_at + 1..]
        .iter()
        .take_while(|l| !l.text.is_empty())
        .map(|l| l.text.as_str())
        .collect();
    let body_start = date_at + 1 + venue_lines.len();
    let body = if is_shouting(&body_line.text) {
        title_case(&body_line.text)
    } else {
        body_line.text.clone()
    };
    let meeting = Meeting {
        council: council_above(lines, i),
        body: Some(body),
        date: Some(date),
        time: parse_time(&date_line.text),
        venue: Some(venue_lines.join(" ")).filter(|v| !v.is_empty()),
        ..Meeting::default()
    };
    Some(Header {
        kind: Kind::Agenda,
        line: i,
        body_start,
        meeting,
        diagnostics: Vec::new(),
    })
}

/// The value after a label, on the label's line or the next non-empty one
/// (CMIS puts labels and values in separate boxes).
fn labelled(lines: &[Line], from: usize, to: usize, label: &str) -> Option<(usize, String)> {
    let to = to.min(lines.len());
    for j in from..to {
        let text = &lines[j].text;
        // Labels vary in case between sites: "Decision Maker:", "Decision maker:".
        let rest = text
            .get(..label.len())
            .filter(|head| head.eq_ignore_ascii_case(label))
            .map(|_| &text[label.len()..]);
        if let Some(rest) = rest {
            let rest = rest.trim();
            if !rest.is_empty() {
                return Some((j, rest.to_string()));
            }
            let next = lines[j + 1..to].iter().position(|l| !l.text.is_empty())?;
            return Some((j + 1 + next, lines[j + 1 + next].text.clone()));
        }
    }
    None
}

fn cmis_header(lines: &[Line], i: usize) -> Option<Header> {
    if !lines[i].text.eq_ignore_ascii_case("meeting details") {
        return None;
    }
    let (_, body) = labelled(lines, i + 1, i + 20, "Committee:")?;
    let (at, when) = labelled(lines, i + 1, i + 20, "Date/Time:")?;
    let venue = labelled(lines, i + 1, i + 30, "Venue:");
    let end = venue.as_ref().map_or(at, |v| v.0.max(at)) + 1;
    let meeting = Meeting {
        body: Some(body),
        date: parse_date(&when).or_else(|| parse_numeric_date(&when)),
        time: parse_time(&when).or_else(|| parse_24h(&when)),
        venue: venue.map(|v| v.1),
        ..Meeting::default()
    };
    Some(Header {
        kind: Kind::Cmis,
        line: i,
        body_start: end,
        meeting,
        diagnostics: Vec::new(),
    })
}

/// "14:00" after a date: CMIS prints 24-hour times without am/pm.
fn parse_24h(s: &str) -> Option<NaiveTime> {
    static HHMM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b([01]?\d|2[0-3]):([0-5]\d)\b").expect("valid regex"));
    let c = HHMM.captures(s)?;
    NaiveTime::from_hms_opt(c[1].parse().ok()?, c[2].parse().ok()?, 0)
}

/// modern.gov "Decision details" (mgDecisionDetails, ieDecisionDetails) and
/// "Issue details" (ieIssueDetails) pages.
fn decision_header(lines: &[Line], i: usize) -> Option<Header> {
    let heading = lines[i].text.to_ascii_lowercase();
    let heading = heading.trim_end_matches(':');
    if ![
        "decision details",
        "issue details",
        "issue - meetings",
        "issue – meetings",
        "issue history",
    ]
    .contains(&heading)
    {
        return None;
    }
    // A decision taken at a meeting names that meeting: "Decided at
    // meeting: 14/05/2021 - Executive", or "Meeting: 03/02/2020 - Cabinet
    // (Item 12)" on an issue's meetings page.
    let at_meeting = labelled(lines, i + 1, i + 40, "Decided at meeting:")
        .and_then(|(_, v)| {
            v.split_once(" - ")
                .map(|(d, b)| (d.trim().to_string(), b.trim().to_string()))
        })
        .or_else(|| meeting_line(lines, i + 1).map(|m| (m.date, m.body)));
    let maker = labelled(lines, i + 1, i + 40, "Decision Maker:").map(|(_, m)| m);
    let body = at_meeting.as_ref().map(|(_, b)| b.clone()).or(maker)?;
    let date = at_meeting
        .as_ref()
        .and_then(|(d, _)| parse_numeric_date(d).or_else(|| parse_date(d)))
        .or_else(|| {
            ["Date of decision:", "Decision due:", "Decision date:"]
                .iter()
                .find_map(|label| labelled(lines, i + 1, lines.len(), label))
                .and_then(|(_, d)| parse_numeric_date(&d).or_else(|| parse_date(&d)))
        });
    let meeting = Meeting {
        body: Some(body),
        date,
        ..Meeting::default()
    };
    let diagnostics = vec![Diagnostic::info(
        if at_meeting.is_some() {
            "a decision page: the meeting is the one the decision was taken at"
        } else {
            "a decision page: the meeting is the decision maker's, on the date of decision"
        },
        Some(lines[i].page),
    )];
    Some(Header {
        kind: Kind::Decision,
        line: i,
        body_start: i + 1,
        meeting,
        diagnostics,
    })
}

/// "To: Cabinet, 30 January 2025" or "To: Cabinet – 26 March 2018".
fn report_header(lines: &[Line]) -> Option<Header> {
    let first_report = lines
        .iter()
        .position(|l| l.text.starts_with("From:") || l.text.starts_with("By:"))?;
    let (at, to) = labelled(lines, first_report, first_report + 16, "To:")?;
    let date = parse_date(&to)?;
    let body = to
        .split([',', '–', '-'])
        .next()
        .map(str::trim)
        .filter(|b| !b.is_empty())?
        .to_string();
    let meeting = Meeting {
        body: Some(body),
        date: Some(date),
        ..Meeting::default()
    };
    let diagnostics = vec![Diagnostic::info(
        "a report on its own: the meeting is the one named on its \"To:\" line",
        Some(lines[at].page),
    )];
    Some(Header {
        kind: Kind::Report,
        line: first_report,
        body_start: first_report,
        meeting,
        diagnostics,
    })
}

/// "Question 1" / "COUNTY COUNCIL" / "Thursday 13 March 2025" / "Question by ...".
fn questions_header(lines: &[Line]) -> Option<Header> {
    static QUESTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^Question \d+$").expect("valid regex"));
    let at = lines.iter().position(|l| QUESTION.is_match(&l.text))?;
    let window: Vec<&Line> = lines[at + 1..]
        .iter()
        .filter(|l| !l.text.is_empty())
        .take(4)
        .collect();
    let asked = window.iter().any(|l| l.text.starts_with("Question by "));
    let date_line = window.iter().find(|l| parse_date(&l.text).is_some())?;
    let body_line = window.first()?;
    if !asked || !is_shouting(&body_line.text) {
        return None;
    }
    let meeting = Meeting {
        body: Some(title_case(&body_line.text)),
        date: parse_date(&date_line.text),
        ..Meeting::default()
    };
    Some(Header {
        kind: Kind::Questions,
        line: at,
        body_start: at,
        meeting,
        diagnostics: Vec::new(),
    })
}

/// What modern.gov's item page says of its meeting:
/// "Meeting: 03/03/2025 - Environment Scrutiny Panel (Item 7)".
pub(crate) struct MeetingLine {
    pub date: String,
    pub body: String,
    pub item: Option<String>,
}

/// The "Meeting:" line within a dozen lines after `at`.
pub(crate) fn meeting_line(lines: &[Line], at: usize) -> Option<MeetingLine> {
    static MEETING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\S+) - (.+?)(?: \(Item (\w+)\))?$").expect("valid regex"));
    let (_, m) = labelled(lines, at, at + 12, "Meeting:")?;
    let c = MEETING.captures(&m)?;
    Some(MeetingLine {
        date: c[1].to_string(),
        body: c[2].to_string(),
        item: c.get(3).map(|i| i.as_str().to_string()),
    })
}

/// A single "Agenda item" page: no header, the body at best implied.
fn item_page_header(lines: &[Line]) -> Option<Header> {
    let at = lines
        .iter()
        .position(|l| l.text.eq_ignore_ascii_case("agenda item"))?;
    let mut diagnostics = vec![Diagnostic::info(
        "this is a single agenda item page: it gives no meeting date",
        Some(lines[at].page),
    )];
    if let Some(m) = meeting_line(lines, at) {
        let date = parse_numeric_date(&m.date).or_else(|| parse_date(&m.date));
        let meeting = Meeting {
            body: Some(m.body),
            date,
            ..Meeting::default()
        };
        return Some(Header {
            kind: Kind::ItemPage,
            line: at,
            body_start: at,
            meeting,
            diagnostics: Vec::new(),
        });
    }
    let body = lines
        .iter()
        .find_map(|l| IMPLIED_BODY.captures(&l.text).map(|c| c[1].to_string()));
    if let Some(b) = &body {
        diagnostics.push(Diagnostic::info(
            format!("meeting body taken to be the {b}, named only in the text"),
            None,
        ));
    }
    let meeting = Meeting {
        body,
        ..Meeting::default()
    };
    Some(Header {
        kind: Kind::ItemPage,
        line: at,
        body_start: at,
        meeting,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_council_styles() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(
            parse_date("Thursday, 26th September, 2024 10.00 am"),
            d(2024, 9, 26)
        );
        assert_eq!(parse_date("on Thursday, 1 December 2022."), d(2022, 12, 1));
        assert_eq!(
            parse_date("Monday, 26th March, 2018, at 10.00 am"),
            d(2018, 3, 26)
        );
        assert_eq!(
            parse_date("31st February 2024"),
            None,
            "an impossible date is no date"
        );
        assert_eq!(parse_date("3 Aug 2026 - 10:00"), d(2026, 8, 3));
        assert_eq!(
            parse_date("Dydd Mawrth, 14eg Ionawr, 2025"),
            d(2025, 1, 14),
            "Welsh"
        );
        assert_eq!(
            parse_numeric_date("Meeting: 14/01/2025 - Cabinet"),
            d(2025, 1, 14)
        );
    }

    #[test]
    fn an_agenda_named_in_one_sentence_is_an_agenda() {
        let text = "AUDIT COMMITTEE\n\nAgenda for a meeting of the Audit Committee on Tuesday, 4 March 2025 at 10.00 am\n\n1. Apologies\n";
        let lines = crate::parse::lines::from_pages(&[crate::ingest::Page {
            number: 1,
            text: text.into(),
        }]);
        let h = &find(&lines)[0];
        assert_eq!(h.kind, Kind::Agenda);
        assert_eq!(h.meeting.body.as_deref(), Some("Audit Committee"));
        assert_eq!(h.meeting.date, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(h.meeting.time, NaiveTime::from_hms_opt(10, 0, 0));
        let notice = "Notice of a meeting of the Cabinet to be held at County Hall on Monday 9 June 2025\n\n1. Minutes\n";
        let lines = crate::parse::lines::from_pages(&[crate::ingest::Page {
            number: 1,
            text: notice.into(),
        }]);
        let h = &find(&lines)[0];
        assert_eq!(
            (h.kind, h.meeting.venue.as_deref()),
            (Kind::Agenda, Some("County Hall"))
        );
    }

    #[test]
    fn times_in_council_styles() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("2024 10.00 am"), t(10, 0));
        assert_eq!(parse_time("at 2pm"), t(14, 0));
        assert_eq!(parse_time("12.30 p.m."), t(12, 30));
        assert_eq!(parse_time("no time here"), None);
    }

    #[test]
    fn shouted_names_are_title_cased() {
        assert_eq!(title_case("KENT COUNTY COUNCIL"), "Kent County Council");
        assert_eq!(
            title_case("CHILDREN AND YOUNG PEOPLE'S SCRUTINY PANEL"),
            "Children and Young People's Scrutiny Panel"
        );
    }
}
