//! Agenda items and minutes within one meeting's region of a paper, and the
//! reports of an agenda pack attached to the items they belong to.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::header::Kind;
use super::lines::Line;
use super::{text, Diagnostic, Item, Meeting, Report as ReportFacts};

static WEB_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4}[a-z]?)\.$").expect("valid regex"));
/// CMIS prints item numbers without a full stop.
static BARE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4}[a-z]?)\.?$").expect("valid regex"));
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4}[a-z]?)\.\s+(.+)$").expect("valid regex"));
static ITEM_REF_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)\s*\*?\(Item (\d{1,4}[a-z]?)\)\*?$").expect("valid regex"));
static ITEM_REF_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*?\(Item (\d{1,4}[a-z]?)\)\*?$").expect("valid regex"));
static PAGES_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*\(Pages?\s+(\d+)(?:\s*[-–]\s*(\d+))?\)$").expect("valid regex")
});
static FILE_ICON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?:pdf icon )?PDF \d+(?:\.\d+)? [KM]B\b").expect("valid regex")
});
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{2}/\d{4,6})\s*[-–]\s*(.+)$").expect("valid regex"));
static TRUNCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*\.\.\.\s*view the full minutes text for item \S+?\.?\s*$")
        .expect("valid regex")
});
static REPORT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:By|From):\s*\S").expect("valid regex"));

/// Titles longer than this are sentences, not headings.
const MAX_TITLE_CHARS: usize = 250;

/// Reads the items of one meeting from the lines of its region.
/// `lines` and `reports` are the whole paper's: a report standing on its own
/// is its meeting's item.
pub(crate) fn read(
    kind: Kind,
    region: &[Line],
    lines: &[Line],
    reports: &[Report],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    match kind {
        Kind::WebPage => web_items(region, &WEB_NUMBER),
        Kind::Cmis => web_items(region, &BARE_NUMBER),
        Kind::Decision => decision_item(region),
        Kind::Report => reports_as_items(lines, reports),
        Kind::Questions => question_items(region),
        Kind::Minutes => {
            let kent = minute_items(region);
            let numbered = if kent.is_empty() {
                numbered_items(region)
            } else {
                kent
            };
            if numbered.is_empty() {
                headed_items(region)
            } else {
                numbered
            }
        }
        Kind::Agenda => {
            let (mut listed, list_end) = agenda_list(region);
            // Kent-style packs have their reports attached by their cover
            // blocks later; any other pack's papers are placed by title.
            if !listed.is_empty() {
                stopped_early(&listed, &region[list_end..], diagnostics);
            }
            if !listed.is_empty() && reports.is_empty() {
                fill_from_pack(&mut listed, &region[list_end..], diagnostics);
            }
            // An agenda's list stands on its first pages; the reports of a
            // pack after it have numbered sections of their own.
            if listed.is_empty() {
                numbered_items_within(region, Some(2))
            } else {
                listed
            }
        }
        Kind::Cover => cover_item(lines),
        Kind::ItemPage => item_page(region, diagnostics),
    }
}

/// Strips page furniture from a title and splits off a decision reference.
fn clean_title(raw: &str) -> (String, Option<String>) {
    let t = FILE_ICON.replace_all(raw, "");
    let t = t.trim();
    match REFERENCE.captures(t) {
        Some(c) => (c[2].trim().to_string(), Some(c[1].to_string())),
        None => (t.to_string(), None),
    }
}

/// modern.gov "Agenda and minutes": "62." alone on a line, the title on the
/// next, then "Minutes:" and the text.
fn web_items(region: &[Line], number_line: &Regex) -> Vec<Item> {
    let starts: Vec<(usize, String, usize)> = region
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let number = number_line.captures(&l.text)?[1].to_string();
            // A number alone in its own block, as a web page's item table
            // gives it, not "2025." wrapped from the line above.
            if i > 0
                && !region[i - 1].text.is_empty()
                && !region[i - 1].text.eq_ignore_ascii_case("no. item")
            {
                return None;
            }
            let (title_at, title) = next_nonempty(region, i + 1)?;
            if title.columns || NUMBERED.is_match(&title.text) || number_line.is_match(&title.text)
            {
                return None;
            }
            Some((i, number, title_at))
        })
        .collect();
    let mut items = Vec::new();
    for (k, (_, number, title_at)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(region.len(), |s| s.0);
        let (title, reference) = clean_title(&region[*title_at].text);
        let (body, truncated) = untruncate(&region[(title_at + 1).min(end)..end]);
        items.push(Item {
            number: Some(number.clone()),
            title,
            reference,
            truncated,
            text: body,
            page: Some(region[*title_at].page),
            ..Item::default()
        });
    }
    items
}

/// Takes off the "... view the full minutes text for item N." link.
fn untruncate(lines: &[Line]) -> (String, bool) {
    let body = text::paragraphs(lines);
    if TRUNCATION.is_match(&body) {
        (format!("{} …", TRUNCATION.replace(&body, "")), true)
    } else {
        (body, false)
    }
}

/// Printed minutes: "3. Title" followed by "(Item 4)", or a bold "53. Title".
/// Numbered paragraphs inside a minute have neither.
fn minute_items(region: &[Line]) -> Vec<Item> {
    let mut heads: Vec<(usize, usize, Item)> = Vec::new(); // (heading line, text start, item)
    for (i, l) in region.iter().enumerate() {
        let Some(c) = NUMBERED.captures(&l.text) else {
            continue;
        };
        let number = c[1].to_string();
        let rest = c[2].trim();
        if rest.chars().count() > MAX_TITLE_CHARS {
            continue;
        }
        let Some((title, agenda_item, text_start)) = minute_heading(region, i, rest, l.emphasised)
        else {
            continue;
        };
        let (title, reference) = clean_title(&title);
        let page = Some(l.page);
        heads.push((
            i,
            text_start,
            Item {
                number: Some(number),
                title,
                reference,
                agenda_item,
                page,
                ..Item::default()
            },
        ));
    }
    let mut items = Vec::new();
    for k in 0..heads.len() {
        let end = heads.get(k + 1).map_or(region.len(), |h| h.0);
        let (_, text_start, mut item) = heads[k].clone();
        let (body, truncated) = untruncate(&region[text_start.min(end)..end]);
        item.text = body;
        item.truncated = truncated;
        items.push(item);
    }
    items
}

/// Reads a minute's heading starting at line `i`: its title (which a PDF
/// may wrap over a few lines) and the "(Item N)" that marks it as a minute
/// rather than a numbered paragraph. Returns the line its text starts on.
fn minute_heading(
    region: &[Line],
    i: usize,
    rest: &str,
    emphasised: bool,
) -> Option<(String, Option<String>, usize)> {
    let mut title = rest.to_string();
    for j in i..region.len().min(i + 5) {
        if j > i {
            let l = &region[j];
            if l.text.is_empty() || NUMBERED.is_match(&l.text) {
                break;
            }
            if let Some(r) = ITEM_REF_LINE.captures(&l.text) {
                return Some((title, Some(r[1].to_string()), j + 1));
            }
            title.push(' ');
            title.push_str(&l.text);
        }
        if let Some(t) = ITEM_REF_TAIL.captures(&title) {
            return Some((t[1].to_string(), Some(t[2].to_string()), j + 1));
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return None;
        }
    }
    // "(Item N)" on its own line after a blank one.
    if let Some((j, next)) = next_nonempty(region, i + 1) {
        if let Some(r) = ITEM_REF_LINE.captures(&next.text) {
            return Some((rest.to_string(), Some(r[1].to_string()), j + 1));
        }
    }
    emphasised.then(|| (rest.to_string(), None, i + 1))
}

/// An agenda list: the first run of "N. Title (Pages a - b)" lines, and
/// the line after its last row.
fn agenda_list(region: &[Line]) -> (Vec<Item>, usize) {
    let mut items: Vec<Item> = Vec::new();
    let mut list_end = region.len();
    for (at, l) in region.iter().enumerate() {
        if l.text.is_empty() {
            continue;
        }
        // Where the list would end if this row does not carry it on.
        let here = at;
        let heading = NUMBERED
            .captures(&l.text)
            .filter(|c| c[2].chars().count() <= MAX_TITLE_CHARS);
        match heading {
            Some(c) => {
                let (title, pages) = match PAGES_TAIL.captures(c[2].trim()) {
                    Some(p) => {
                        let from: Option<u32> = p[2].parse().ok();
                        let to = p.get(3).and_then(|t| t.as_str().parse().ok()).or(from);
                        (p[1].to_string(), from.zip(to).map(|(a, b)| [a, b]))
                    }
                    None => (c[2].to_string(), None),
                };
                let (title, reference) = clean_title(&title);
                let page = Some(l.page);
                items.push(Item {
                    number: Some(c[1].to_string()),
                    title,
                    reference,
                    pages,
                    page,
                    ..Item::default()
                });
            }
            None if items.is_empty() => {}
            None => {
                // A title wrapped over lines, its "(Pages 31 - 40)" on a
                // line of its own: the list goes on after it.
                let Some(last) = items.last_mut().filter(|i: &&mut Item| i.pages.is_none()) else {
                    list_end = here;
                    break;
                };
                let open_bracket =
                    last.title.matches('(').count() > last.title.matches(')').count();
                let carries_on = l.text.starts_with(char::is_lowercase)
                    || l.text.starts_with("(Page")
                    || open_bracket;
                if !carries_on || l.text.split_whitespace().count() > 14 {
                    list_end = here;
                    break;
                }
                let joined = format!("{} {}", last.title, l.text);
                let (title, pages) = match PAGES_TAIL.captures(&joined) {
                    Some(p) => {
                        let from: Option<u32> = p[2].parse().ok();
                        let to = p.get(3).and_then(|t| t.as_str().parse().ok()).or(from);
                        (p[1].to_string(), from.zip(to).map(|(a, b)| [a, b]))
                    }
                    None => (joined, None),
                };
                last.title = clean_title(title.trim()).0;
                last.pages = pages;
            }
        }
    }
    (items, list_end)
}

/// Says so when the agenda list seems to go on after where it was read
/// to: the next number in the same form soon after the last row.
fn stopped_early(listed: &[Item], rest: &[Line], diagnostics: &mut Vec<Diagnostic>) {
    let Some(last) = listed.last().and_then(|i| i.number.as_deref()) else {
        return;
    };
    let Ok(n) = last
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u32>()
    else {
        return;
    };
    let Some(first_page) = rest.iter().find(|l| !l.text.is_empty()).map(|l| l.page) else {
        return;
    };
    let next = rest
        .iter()
        .take_while(|l| l.page <= first_page + 1)
        .find(|l| {
            NUMBERED
                .captures(&l.text)
                .is_some_and(|c| c[1] == (n + 1).to_string())
        });
    if let Some(l) = next {
        diagnostics.push(Diagnostic::warning(
            format!("the agenda list was read to item {last}, but an item {} follows on page {}; later items may be missing", n + 1, l.page),
            Some(l.page),
        ));
    }
}

/// modern.gov stamps each page of a pack's papers "Agenda Item 5", at the
/// right of its first line.
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s{2,})agenda item\s+(\d{1,4}[a-z]?)\s*$").expect("valid regex")
});

/// The lines where a stamped paper of a pack starts: the first stamp of
/// each run of pages stamped with the same item.
pub(crate) fn stamped_starts(lines: &[Line]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut last: Option<String> = None;
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = STAMP.captures(l.raw.trim_end()) {
            let n = c[1].to_lowercase();
            if last.as_deref() != Some(n.as_str()) {
                out.push(i);
            }
            last = Some(n);
        }
    }
    out
}

/// The papers of a pack bound in after its agenda list, each given to the
/// item whose title it opens with; what comes before the first of them
/// stays with the item before. Nothing after the list is dropped.
fn fill_from_pack(items: &mut [Item], rest: &[Line], diagnostics: &mut Vec<Diagnostic>) {
    if items.is_empty() || rest.iter().all(|l| l.text.is_empty()) {
        return;
    }
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (item, line)
    let mut cursor = 0;
    for (k, item) in items.iter().enumerate() {
        let stamped = item.number.as_deref().and_then(|n| {
            rest[cursor..].iter().position(|l| {
                STAMP
                    .captures(l.raw.trim_end())
                    .is_some_and(|c| c[1].eq_ignore_ascii_case(n))
            })
        });
        let found = stamped.or_else(|| {
            rest[cursor..].iter().position(|l| {
                !l.text.is_empty()
                    && l.text.split_whitespace().count() <= 20
                    && similarity(&l.text, &item.title) >= 0.75
            })
        });
        if let Some(p) = found {
            // A report's cover lines above its title, on the same page.
            let at = cursor + p;
            let page = rest[at].page;
            let top = rest[cursor..at]
                .iter()
                .position(|l| l.page == page)
                .map_or(at, |q| cursor + q);
            starts.push((k, top));
            cursor = at + 1;
        }
    }
    let first_line = starts.first().map_or(rest.len(), |s| s.1);
    let before = text::paragraphs(&rest[..first_line]);
    if !before.is_empty() {
        // Before the first matched paper: the last item with no paper of
        // its own ahead of it, or the last item when none matched.
        let k = starts
            .first()
            .map_or(items.len() - 1, |s| s.0.saturating_sub(1));
        push_text(&mut items[k], &before);
        if starts.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "the papers bound in after the agenda could not be matched to its items; they are kept under the last item",
                rest.iter().find(|l| !l.text.is_empty()).map(|l| l.page),
            ));
        }
    }
    for (n, &(k, line)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(rest.len(), |s| s.1);
        let body = text::paragraphs(&rest[line..end]);
        push_text(&mut items[k], &body);
    }
}

fn push_text(item: &mut Item, text: &str) {
    if !item.text.is_empty() {
        item.text.push_str("\n\n");
    }
    item.text.push_str(text);
}

/// A single "Agenda item" page: the title follows, then the minutes.
fn item_page(region: &[Line], diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    let Some((title_at, title_line)) = next_nonempty(region, 1) else {
        diagnostics.push(Diagnostic::warning(
            "the agenda item page has no title",
            None,
        ));
        return Vec::new();
    };
    let (title, reference) = clean_title(&title_line.text);
    // "Meeting: 03/03/2025 - Panel (Item 7)" gives the item's number.
    let number = super::header::meeting_line(region, title_at + 1).and_then(|m| m.item);
    let body_from = region[title_at + 1..]
        .iter()
        .position(|l| l.text.eq_ignore_ascii_case("minutes:"))
        .map_or(title_at + 1, |p| title_at + 1 + p);
    let (body, truncated) = untruncate(&region[body_from..]);
    vec![Item {
        number,
        title,
        reference,
        truncated,
        text: body,
        page: Some(title_line.page),
        ..Item::default()
    }]
}

/// Each "Question N" with its question and answer.
fn question_items(region: &[Line]) -> Vec<Item> {
    static QUESTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^Question (\d+)$").expect("valid regex"));
    let starts: Vec<(usize, String)> = region
        .iter()
        .enumerate()
        .filter_map(|(i, l)| QUESTION.captures(&l.text).map(|c| (i, c[1].to_string())))
        .collect();
    let mut items = Vec::new();
    for (k, (at, number)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(region.len(), |s| s.0);
        let body = &region[at + 1..end];
        // "Question by Paul Stepto to Rory Love, Cabinet Member for ..." may wrap.
        let asked = body
            .iter()
            .position(|l| l.text.starts_with("Question by "))
            .map(|p| {
                let mut t = body[p].text.clone();
                if let Some(next) = body
                    .get(p + 1)
                    .filter(|n| !n.text.is_empty() && !t.ends_with('.'))
                {
                    t.push(' ');
                    t.push_str(&next.text);
                }
                t
            });
        let title = asked.unwrap_or_else(|| format!("Question {number}"));
        items.push(Item {
            number: Some(number.clone()),
            title,
            text: text::paragraphs(body),
            page: Some(region[*at].page),
            ..Item::default()
        });
    }
    items
}

/// A "Decision details" page: its title, and the decision as its text.
fn decision_item(region: &[Line]) -> Vec<Item> {
    let Some((title_at, title_line)) = next_nonempty(region, 0) else {
        return Vec::new();
    };
    let (title, mut reference) = clean_title(&title_line.text);
    // "Meeting: 03/02/2020 - Cabinet (Item 12)" numbers the item.
    let number = super::header::meeting_line(region, title_at + 1).and_then(|m| m.item);
    let mut body = Vec::new();
    let mut in_decision = false;
    for l in &region[title_at + 1..] {
        if let Some(r) = l
            .text
            .strip_prefix("Decision Number:")
            .or_else(|| l.text.strip_prefix("Record of decision:"))
        {
            reference = reference.or(Some(r.trim().to_string()).filter(|r| !r.is_empty()));
        } else if l.text.eq_ignore_ascii_case("decision:")
            || l.text.eq_ignore_ascii_case("minutes:")
        {
            in_decision = true;
        } else if l.text.contains(':')
            && l.text
                .split(':')
                .next()
                .is_some_and(|k| k.split_whitespace().count() <= 4)
            && in_decision
            && !l.text.ends_with('.')
        {
            in_decision = false;
        } else if in_decision {
            body.push(l.clone());
        }
    }
    vec![Item {
        number,
        title,
        reference,
        text: text::paragraphs(&body),
        page: Some(title_line.page),
        ..Item::default()
    }]
}

/// A paper that is one report: its title and number from its cover, and
/// the whole paper as its text, so nothing is lost.
fn cover_item(lines: &[Line]) -> Vec<Item> {
    let (title, number, at) = super::cover::title_and_number(lines);
    let title = title.map(|t| clean_title(&t).0).unwrap_or_else(|| {
        lines
            .iter()
            .map(|l| l.text.as_str())
            .find(|t| !t.is_empty())
            .unwrap_or("Untitled")
            .chars()
            .take(120)
            .collect()
    });
    let page = at
        .and_then(|i| lines.get(i))
        .or_else(|| lines.first())
        .map(|l| l.page);
    let pages = indexed_pages(lines, &title);
    vec![Item {
        number,
        title,
        pages,
        text: text::paragraphs(lines),
        page,
        ..Item::default()
    }]
}

/// The pages a report's own index gives it: a row whose first column
/// starts the title (which may wrap) and which holds a page range, "2-5".
fn indexed_pages(lines: &[Line], title: &str) -> Option<[u32; 2]> {
    static RANGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,4})\s*[-–]\s*(\d{1,4})$").expect("valid regex"));
    static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}|\t").expect("valid regex"));
    let squash = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let want = squash(title);
    lines.iter().take(90).find_map(|l| {
        let cols: Vec<&str> = GAP.split(l.raw.trim()).filter(|c| !c.is_empty()).collect();
        let first = squash(cols.first()?);
        if cols.len() < 2 || first.len() < 8 || !want.starts_with(&first) {
            return None;
        }
        let c = cols[1..].iter().find_map(|c| RANGE.captures(c.trim()))?;
        let (a, b): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        (a <= b).then_some([a, b])
    })
}

/// Minutes with no numbers: each heading in capitals (or emphasised) set
/// apart by a blank line starts a minute ("ELECTION OF CHAIR", "PRECEPT").
fn headed_items(region: &[Line]) -> Vec<Item> {
    let heads: Vec<usize> = (0..region.len())
        .filter(|&i| {
            let l = &region[i];
            let words = l.text.split_whitespace().count();
            let spaced = i == 0 || region[i - 1].text.is_empty();
            let followed = region
                .get(i + 1..)
                .and_then(|r| r.iter().find(|n| !n.text.is_empty()))
                .is_some_and(|n| !super::header::is_shouting(&n.text));
            spaced
                && followed
                && (1..=10).contains(&words)
                && !l.text.ends_with(['.', ',', ';'])
                && !l.text.contains(':')
                && (super::header::is_shouting(&l.text)
                    && l.text.chars().filter(|c| c.is_alphabetic()).count() >= 4
                    || l.emphasised)
        })
        .collect();
    if heads.len() < 2 {
        return Vec::new();
    }
    heads
        .iter()
        .enumerate()
        .map(|(k, &h)| {
            let end = heads.get(k + 1).copied().unwrap_or(region.len());
            let (title, reference) = clean_title(&region[h].text);
            Item {
                title,
                reference,
                text: text::paragraphs(&region[h + 1..end]),
                page: Some(region[h].page),
                ..Item::default()
            }
        })
        .collect()
}

/// A numbered heading as councils print minutes and agendas: "1 Title",
/// "1. Title", "1) Title", "(1) Title", "Item 1 Title", "Minute 1412 Title",
/// "3.2 Title", "4a Title".
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:agenda item|item|minute|min\.?|eitem|cofnod)\s+(?:no\.?\s*)?)?\(?((?:[A-Z]{1,5}[ ./-]?)?\d{1,4}[a-z]?/\d{2,4}|\d{1,4}(?:\.\d{1,3}){0,2}[a-z]?)(?:[.):]|\s+[-–])?\s+(\S.*)$")
        .expect("valid regex")
});

/// One numbered heading found in the text, before the headings are
/// chosen.
#[derive(Debug, Clone)]
struct Heading {
    /// Set apart by a blank line (or a page break), as minutes print
    /// headings; a list row is weaker evidence.
    spaced: bool,
    at: usize,
    number: String,
    /// Everything but the last part of a dotted number: "21.03" of "21.03.04".
    prefix: String,
    last: u32,
    letter: Option<char>,
    /// How the number is printed: bare, "1.", "1)", "(1)", "Item 1".
    style: u8,
    indent: usize,
    title: String,
    text_start: usize,
    pages: Option<[u32; 2]>,
}

fn heading_at(region: &[Line], i: usize) -> Option<Heading> {
    let l = &region[i];
    let c = HEADING.captures(&l.text)?;
    let number = c[1].to_string();
    let (title, mut pages) = pages_column(l, c[2].trim());
    let title = title.as_str();
    let first = title.chars().next()?;
    if !(first.is_uppercase() || first.is_ascii_digit() || "‘'\"“".contains(first)) {
        return None;
    }
    // "01 Name" rows of a list; years; sentences and list items.
    let lead: String = number.chars().take_while(char::is_ascii_digit).collect();
    if number.starts_with('0')
        || lead.len() == 4
            && (lead.starts_with("19") || lead.starts_with("20"))
            && !number.contains('.')
    {
        return None;
    }
    let words = title.split_whitespace().count();
    if words > 24 || title.ends_with([',', ';']) || title.ends_with('.') && words > 10 {
        return None;
    }
    // A heading stands after a blank line or at the top of a page; a row
    // of an agenda list or an "Item No | Item" grid, under the row before.
    let spaced = i == 0 || region[i - 1].text.is_empty() || region[i - 1].page != l.page;
    if !spaced && !in_list(region, i) {
        return None;
    }
    let text = &l.text;
    let head = &text[..text.len() - c[2].len()];
    let style = if head
        .to_lowercase()
        .starts_with(|ch: char| ch.is_alphabetic())
    {
        4
    } else if head.starts_with('(') {
        3
    } else if head.trim_end().ends_with(')') {
        2
    } else if head.trim_end().ends_with('.') {
        1
    } else {
        0
    };
    // "P.123/27", "45/27": the number runs on; letters before it and the
    // year after it stay the same along the minutes.
    static SLASHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([A-Z]{0,5}[ ./-]?)(\d{1,4})([a-z]?)(/\d{2,4})$").expect("valid regex")
    });
    let (prefix, digits, letter) = match SLASHED.captures(&number) {
        Some(sc) => (
            format!("{}{}", &sc[1], &sc[4]),
            sc[2].to_string(),
            sc[3].chars().next(),
        ),
        None => {
            let (prefix, last_part) = number
                .rsplit_once('.')
                .map_or((String::new(), number.as_str()), |(p, l)| {
                    (p.to_string(), l)
                });
            let digits: String = last_part.chars().take_while(char::is_ascii_digit).collect();
            let letter = last_part
                .chars()
                .find(char::is_ascii_alphabetic)
                .map(|ch| ch.to_ascii_lowercase());
            (prefix, digits, letter)
        }
    };
    // The title may wrap: a line that carries it on (lower case, a
    // connecting word at the end of the first) or a "(Pages 3 - 9)" line.
    let mut title = title.to_string();
    let mut text_start = i + 1;
    if let Some(next) = region
        .get(i + 1)
        .filter(|n| !n.text.is_empty() && n.page == l.page)
    {
        let connector = [
            "and", "of", "for", "the", "to", "on", "in", "&", "-", "–", "with",
        ]
        .iter()
        .any(|w| title.to_lowercase().ends_with(&format!(" {w}")));
        let wraps = next.text.starts_with(char::is_lowercase)
            || connector
            || PAGES_ALONE.is_match(&next.text);
        if wraps
            && next.text.split_whitespace().count() <= 12
            && HEADING.captures(&next.text).is_none()
        {
            title.push(' ');
            let (rest, more) = pages_column(next, &next.text);
            title.push_str(&rest);
            pages = pages.or(more);
            text_start = i + 2;
            if let Some(pages) = region.get(i + 2).filter(|p| PAGES_ALONE.is_match(&p.text)) {
                title.push(' ');
                title.push_str(&pages.text);
                text_start = i + 3;
            }
        }
    }
    Some(Heading {
        spaced,
        at: i,
        number: number.clone(),
        prefix,
        last: digits.parse().ok()?,
        letter,
        style,
        indent: l.raw.chars().take_while(|c| c.is_whitespace()).count(),
        title,
        text_start,
        pages,
    })
}

/// A grid's page column at the end of a row, "3 - 8", set off by a column
/// gap: taken off the title and read as the item's pages.
fn pages_column(l: &Line, text: &str) -> (String, Option<[u32; 2]>) {
    static RANGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?$").expect("valid regex"));
    let raw = l.raw.trim_end();
    let Some(gap) = raw.rfind("  ") else {
        return (text.to_string(), None);
    };
    let last = raw[gap..].trim();
    let Some(c) = RANGE.captures(last) else {
        return (text.to_string(), None);
    };
    let Some(title) = text.strip_suffix(last) else {
        return (text.to_string(), None);
    };
    let from: Option<u32> = c[1].parse().ok();
    let to = c.get(2).and_then(|t| t.as_str().parse().ok()).or(from);
    (
        title.trim_end().to_string(),
        from.zip(to).map(|(a, b)| [a, b]),
    )
}

/// Whether line `i` is a row of a list of items: a grid's header row or
/// another numbered row stands within the three lines above, unbroken.
fn in_list(region: &[Line], i: usize) -> bool {
    static GRID_HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:agenda )?(?:item|no\.?)(?: no\.?)?\s+(?:item|title|subject|business)\b",
        )
        .expect("valid regex")
    });
    for j in (i.saturating_sub(3)..i).rev() {
        let above = &region[j];
        if above.text.is_empty() || above.page != region[i].page {
            return false;
        }
        if GRID_HEAD.is_match(&above.text) || HEADING.is_match(&above.text) {
            return true;
        }
    }
    false
}

/// "(Pages 31 - 40)" on a line of its own, under a wrapped title.
static PAGES_ALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(Pages?\s+\d+(?:\s*[-–]\s*\d+)?\)$").expect("valid regex"));

/// Whether heading `b` can follow heading `a` in one run of minutes or
/// agenda items, and how well: the next number, the next letter under the
/// same number, or (weaker) a number skipped.
fn follows(a: &Heading, b: &Heading) -> Option<u32> {
    if a.prefix != b.prefix || a.style != b.style {
        return None;
    }
    let next_letter = |l: Option<char>| l.map_or(Some('a'), |c| char::from_u32(c as u32 + 1));
    match (b.last.checked_sub(a.last)?, b.letter) {
        (0, Some(l)) if next_letter(a.letter) == Some(l) => Some(2),
        (1, None) => Some(2),
        (1, Some('a')) => Some(2),
        (2, None) => Some(1),
        _ => None,
    }
}

/// The longest run of headings whose numbers follow one another, by score,
/// over headings in order of the text.
fn longest_run(heads: &[Heading]) -> Vec<usize> {
    let mut score = vec![0u32; heads.len()];
    let mut prev: Vec<Option<usize>> = vec![None; heads.len()];
    for k in 0..heads.len() {
        score[k] = 2;
        for j in 0..k {
            if let Some(w) = follows(&heads[j], &heads[k]) {
                if score[j] + w > score[k] {
                    score[k] = score[j] + w;
                    prev[k] = Some(j);
                }
            }
        }
    }
    let Some(best) = (0..heads.len()).max_by_key(|&k| (score[k], std::cmp::Reverse(k))) else {
        return Vec::new();
    };
    let mut chain = vec![best];
    while let Some(p) = chain.last().and_then(|&c| prev[c]) {
        chain.push(p);
    }
    chain.reverse();
    chain
}

/// Minutes or agenda items numbered in any of the common ways: the longest
/// run of headings whose numbers follow one another (minute numbers that
/// run on from the last meeting included). Numbered paragraphs inside a
/// minute restart, or break the run, so they are left as text.
fn numbered_items(region: &[Line]) -> Vec<Item> {
    numbered_items_within(region, None)
}

/// As `numbered_items`, with headings looked for only on the region's
/// first page and the `pages` after it, when given.
fn numbered_items_within(region: &[Line], pages: Option<u32>) -> Vec<Item> {
    let first_page = region
        .iter()
        .find(|l| !l.text.is_empty())
        .map_or(1, |l| l.page);
    let all: Vec<Heading> = (0..region.len())
        .filter(|&i| pages.is_none_or(|p| region[i].page <= first_page + p))
        .filter_map(|i| heading_at(region, i))
        .collect();
    // Headings set apart by blank lines first: a list of names or
    // statements numbered one a line must not outrun the minutes. Rows of
    // a list are the items only where no such headings run.
    let spaced: Vec<Heading> = all.iter().filter(|h| h.spaced).cloned().collect();
    let mut heads = spaced;
    let mut chain = longest_run(&heads);
    if chain.len() < 2 {
        heads = all;
        chain = longest_run(&heads);
    }
    if chain.len() < 2 {
        return Vec::new();
    }
    // A number skipped with one heading between, printed the same way:
    // the missing minute with its number misprinted ("6" for "56").
    let mut picked: Vec<usize> = Vec::new();
    for w in chain.windows(2) {
        picked.push(w[0]);
        let (a, b) = (&heads[w[0]], &heads[w[1]]);
        if b.last == a.last + 2 {
            let between: Vec<usize> = (w[0] + 1..w[1])
                .filter(|&m| heads[m].indent == a.indent && heads[m].style == a.style)
                .collect();
            if let [m] = between[..] {
                picked.push(m);
            }
        }
    }
    picked.extend(chain.last());
    let mut items = Vec::new();
    for (k, &h) in picked.iter().enumerate() {
        let head = &heads[h];
        let end = picked.get(k + 1).map_or(region.len(), |&n| heads[n].at);
        let (title, pages) = match PAGES_TAIL.captures(&head.title) {
            Some(p) => {
                let from: Option<u32> = p[2].parse().ok();
                let to = p.get(3).and_then(|t| t.as_str().parse().ok()).or(from);
                (p[1].to_string(), from.zip(to).map(|(a, b)| [a, b]))
            }
            None => (head.title.clone(), head.pages),
        };
        let (title, reference) = clean_title(&title);
        let (body, truncated) = untruncate(&region[head.text_start.min(end)..end]);
        items.push(Item {
            number: Some(head.number.clone()),
            title,
            reference,
            pages,
            truncated,
            text: body,
            page: Some(region[head.at].page),
            ..Item::default()
        });
    }
    items
}

fn next_nonempty(lines: &[Line], from: usize) -> Option<(usize, &Line)> {
    lines
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, l)| !l.text.is_empty())
}

/// A report bound into an agenda pack: "By:"/"From:", "To:", "Subject:".
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub start: usize,
    pub end: usize,
    pub subject: String,
    pub page: u32,
    pub facts: ReportFacts,
}

static SUMMARY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d+\.\s*)?(?:executive\s+)?summary\s*:?\s*(.*)$").expect("valid regex")
});
static RECOMMENDATIONS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d+\.\s*)?recommendations?(?:\(s\))?\s*:?\s*(.*)$").expect("valid regex")
});
/// A heading that ends a section: "3. SUMMARISED REVENUE ...", "Background".
static NEXT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d+\.\s+[A-Z][A-Za-z&,'-]*(?: [A-Za-z&,'-]+){0,5}$|[A-Z][a-z]+(?: [a-z]+)?:$|[A-Z][A-Z &,'-]{6,}$)").expect("valid regex")
});

/// The text of a report section from its heading to the next heading, as
/// paragraphs, at most about 2,000 characters.
fn section(body: &[Line], heading: &Regex) -> Option<String> {
    let at = body
        .iter()
        .take(120)
        .position(|l| heading.is_match(&l.text))?;
    let rest = heading
        .captures(&body[at].text)
        .map(|c| c[1].trim().to_string())
        .unwrap_or_default();
    let end = body[at + 1..]
        .iter()
        .position(|l| {
            NEXT_HEADING.is_match(&l.text)
                || SUMMARY_HEADING.is_match(&l.text)
                || RECOMMENDATIONS_HEADING.is_match(&l.text)
        })
        .map_or(body.len(), |p| at + 1 + p);
    let mut text = text::paragraphs(&body[at + 1..end.min(at + 60)]);
    if !rest.is_empty() {
        text = if text.is_empty() {
            rest
        } else {
            format!("{rest}\n\n{text}")
        };
    }
    if text.len() > 2000 {
        let cut = text
            .char_indices()
            .take_while(|(i, _)| *i < 2000)
            .last()
            .map_or(0, |(i, _)| i);
        text.truncate(cut);
        text.push_str(" …");
    }
    Some(text).filter(|t| !t.is_empty())
}

/// Reads a cover-block field, "To: Cabinet – 26 March 2018", with any
/// continuation lines (a "By:" often names three people, a line each).
fn cover_field(window: &[Line], label: &str) -> Option<String> {
    let at = window.iter().position(|w| w.text.starts_with(label))?;
    let mut value = window[at].text[label.len()..].trim().to_string();
    for next in &window[at + 1..] {
        if next.text.is_empty() || next.text.contains(':') {
            break;
        }
        value.push_str(", ");
        value.push_str(&next.text);
    }
    Some(value).filter(|v| !v.is_empty())
}

pub(crate) fn find_reports(lines: &[Line]) -> Vec<Report> {
    let mut reports: Vec<Report> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !REPORT_START.is_match(&l.text) {
            continue;
        }
        let window = &lines[i..lines.len().min(i + 16)];
        let has_to = window.iter().any(|w| w.text.starts_with("To:"));
        let subject = window.iter().find_map(|w| w.text.strip_prefix("Subject:"));
        if let (true, Some(subject)) = (has_to, subject) {
            let subject = subject.trim().to_string();
            let by = cover_field(window, "By:").or_else(|| cover_field(window, "From:"));
            let facts = ReportFacts {
                by,
                to: cover_field(window, "To:"),
                subject: subject.clone(),
                classification: cover_field(window, "Classification:"),
                decision: cover_field(window, "Decision No:")
                    .or_else(|| cover_field(window, "Key decision:")),
                summary: None,
                recommendations: None,
                pages: [l.page, l.page],
            };
            reports.push(Report {
                start: i,
                end: lines.len(),
                subject,
                page: l.page,
                facts,
            });
        }
    }
    for k in 1..reports.len() {
        reports[k - 1].end = reports[k].start;
    }
    for r in &mut reports {
        let body = &lines[r.start..r.end];
        let last = body
            .iter()
            .rev()
            .find(|l| !l.text.is_empty())
            .map_or(r.page, |l| l.page);
        r.facts.pages = [r.page, last];
        r.facts.summary = section(body, &SUMMARY_HEADING);
        r.facts.recommendations = section(body, &RECOMMENDATIONS_HEADING);
    }
    reports
}

/// Reports that stand alone: each is an item of the meeting it goes to.
pub(crate) fn reports_as_items(lines: &[Line], reports: &[Report]) -> Vec<Item> {
    reports
        .iter()
        .map(|r| {
            let (title, reference) = clean_title(&r.subject);
            Item {
                title,
                reference: reference.or_else(|| r.facts.decision.clone()),
                text: text::paragraphs(&lines[r.start..r.end]),
                page: Some(r.page),
                report: Some(r.facts.clone()),
                ..Item::default()
            }
        })
        .collect()
}

/// Gives each report's text to the agenda item whose title it matches best.
pub(crate) fn attach_reports(
    meeting: &mut Meeting,
    lines: &[Line],
    reports: &[Report],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for r in reports {
        let best = meeting
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (i, similarity(&item.title, &r.subject)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, score)) if score >= 0.5 => {
                let body = text::paragraphs(&lines[r.start..r.end]);
                let item = &mut meeting.items[i];
                item.report.get_or_insert_with(|| r.facts.clone());
                if !item.text.is_empty() {
                    item.text.push_str("\n\n");
                }
                item.text.push_str(&body);
            }
            _ => diagnostics.push(Diagnostic::warning(
                format!("the report \"{}\" matches no agenda item", r.subject),
                Some(r.page),
            )),
        }
    }
}

/// Dice similarity of two titles' significant words.
fn similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> HashSet<String> {
        const STOP: [&str; 8] = ["and", "the", "of", "for", "to", "on", "a", "in"];
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    2.0 * wa.intersection(&wb).count() as f64 / (wa.len() + wb.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_file_icons_and_keep_references() {
        assert_eq!(
            clean_title("24/00077 - Revenue and Capital Budget Monitoring Report - June 2024-2025 pdf icon PDF 61 KB"),
            ("Revenue and Capital Budget Monitoring Report - June 2024-2025".to_string(), Some("24/00077".to_string()))
        );
        assert_eq!(clean_title("Apologies").0, "Apologies");
    }

    #[test]
    fn report_subjects_match_agenda_titles() {
        let s = similarity(
            "Revenue and Capital Budget Monitoring - January 2018",
            "REVENUE & CAPITAL BUDGET MONITORING – JANUARY 2017-18",
        );
        assert!(s >= 0.5, "same report, different styling: {s}");
        let s = similarity(
            "Apologies and Substitutions",
            "REVENUE & CAPITAL BUDGET MONITORING",
        );
        assert!(s < 0.2, "unrelated: {s}");
    }
}
