//! Parse: clean text with pages becomes meetings, agenda items, resolutions
//! and attendance.
//!
//! Parsing never fails. Whatever the paper looks like, `parse` returns the
//! best reading it can plus diagnostics saying what it had to guess or could
//! not find. It knows nothing of files, encodings or the database.
//!
//! A paper is read in three passes: `lines` normalises the text into lines
//! tagged with their page; `header` finds where each meeting starts (a
//! paper can bind several: an agenda pack carries the previous minutes);
//! `items` reads each meeting's items in the shape its header implies, and
//! reports in the pack are attached to the agenda items they belong to.

mod attendance;
mod cover;
mod header;
mod items;
mod lines;
mod model;
pub mod promises;
mod text;
mod votes;

pub use model::*;

use crate::ingest::Ingested;
use crate::money::figures::{self, Figure};
use crate::money::tables::{self, SourceLine};
use crate::money::{columns, laid_out, positions, totals};

impl PaperKind {
    fn of_header(k: header::Kind) -> Self {
        use header::Kind;
        match k {
            Kind::Agenda => Self::Agenda,
            Kind::WebPage | Kind::Cmis => Self::WebPage,
            Kind::Minutes => Self::Minutes,
            Kind::ItemPage | Kind::Report | Kind::Cover => Self::Report,
            Kind::Decision => Self::Decision,
            Kind::Questions => Self::Questions,
        }
    }
}

/// Reads meetings out of an ingested paper. Never fails.
pub fn parse(doc: &Ingested) -> Paper {
    let lines = lines::from_pages(&doc.pages);
    let mut diagnostics = Vec::new();
    let headers = header::find(&lines);
    let reports = items::find_reports(&lines);
    let stamps = items::stamped_starts(&lines);

    let mut meetings = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let next_header = headers.get(i + 1).map_or(lines.len(), |n| n.line);
        // Minutes and web pages end where the pack's reports begin; an
        // agenda runs on, because its reports are what the items are about.
        // A stamped pack's papers ("Agenda Item 5" atop each page) end
        // bound-in minutes too, on a page after their heading.
        let page_of = |i: usize| lines.get(i).map_or(0, |l| l.page);
        let next_paper = reports
            .iter()
            .map(|r| r.start)
            .chain(
                stamps
                    .iter()
                    .copied()
                    .filter(|&s| page_of(s) > page_of(h.line)),
            )
            .filter(|&s| s > h.line)
            .min();
        let end = match h.kind {
            header::Kind::Agenda => next_header,
            _ => next_paper.map_or(next_header, |s| s.min(next_header)),
        };
        let region = &lines[h.body_start.min(end)..end];
        // An agenda's items take the pack's papers after it, wherever
        // they are bound (its own meeting's attendance is its own region's).
        let items_end = if h.kind == header::Kind::Agenda && reports.is_empty() && i == 0 {
            lines.len()
        } else {
            end
        };
        let mut meeting = h.meeting.clone();
        meeting.kind = PaperKind::of_header(h.kind);
        meeting.items = items::read(
            h.kind,
            &lines[h.body_start.min(items_end)..items_end],
            &lines,
            &reports,
            &mut diagnostics,
        );
        meeting.attendance = attendance::read(region);
        diagnostics.extend(h.diagnostics.iter().cloned());
        if meeting.items.is_empty() {
            // Never drop text: the meeting's words stay readable as one item,
            // from the top of the paper for its first meeting (its header
            // may be all there is).
            let from = if i == 0 { 0 } else { h.line.min(h.body_start) };
            let region = &lines[from..end.max(from)];
            let text = text::paragraphs(region);
            let what = match (&meeting.body, meeting.date) {
                (Some(b), Some(d)) => format!("the {b} meeting of {}", d.format("%-d %B %Y")),
                (Some(b), None) => format!("the {b} meeting"),
                _ => "this meeting".to_string(),
            };
            diagnostics.push(Diagnostic::warning(
                format!("could not tell the agenda items apart in {what}; its whole text is kept as one item so nothing is lost"),
                lines.get(h.line).map(|l| l.page),
            ));
            if !text.is_empty() {
                let title = region
                    .iter()
                    .map(|l| l.text.as_str())
                    .find(|t| !t.is_empty())
                    .unwrap_or("Untitled");
                meeting.items.push(Item {
                    title: title.chars().take(120).collect(),
                    text,
                    page: region.first().map(|l| l.page),
                    ..Item::default()
                });
            }
        }
        meetings.push(meeting);
    }

    if meetings.is_empty() {
        diagnostics.push(Diagnostic::warning(
            "could not find which meeting this paper is for (no committee and date at its head); its text is kept as one item",
            None,
        ));
        let text = text::paragraphs(&lines);
        if !text.is_empty() {
            let title = lines
                .iter()
                .map(|l| l.text.as_str())
                .find(|t| !t.is_empty())
                .unwrap_or("Untitled");
            meetings.push(Meeting {
                council: cover::most_named(&lines, &mut diagnostics),
                items: vec![Item {
                    title: title.chars().take(120).collect(),
                    text,
                    page: lines.first().map(|l| l.page),
                    ..Item::default()
                }],
                ..Meeting::default()
            });
        }
    }

    if let Some(own) = meetings.first_mut() {
        if headers
            .first()
            .is_some_and(|h| h.kind == header::Kind::Agenda)
        {
            items::attach_reports(own, &lines, &reports, &mut diagnostics);
        }
    }
    let amount_lines = amount_index(&lines);
    let line_starts = line_index(&lines);
    for m in &mut meetings {
        for item in &mut m.items {
            (item.resolutions, item.resolution_spans) =
                text::resolutions(&item.text).into_iter().unzip();
            item.paragraphs = paragraph_pages(&item.text, item.page, &lines, &line_starts);
            item.attendance = attendance::for_item(&item.text);
            item.votes = votes::read(&item.text);
            item.figures = item_figures(item, &mut diagnostics);
            cite_pages(&mut item.figures, item.page, &lines, &amount_lines);
        }
    }
    let budget_tables = budget_tables(doc, &lines, &meetings, &mut diagnostics);
    Paper {
        meetings,
        budget_tables,
        figures: Vec::new(),
        diagnostics,
    }
}

/// Figures in an item's prose. Table rows flattened into the text are left
/// to the table reader: a paragraph that is mostly amounts is a row.
fn item_figures(item: &Item, diagnostics: &mut Vec<Diagnostic>) -> Vec<Figure> {
    let mut out = Vec::new();
    for (at, para) in paragraph_spans(&item.text) {
        let (found, doubts) = figures::find(para, item.page);
        // Spans are the paragraph's; the item's text is what they index.
        out.extend(found.into_iter().map(|mut f| {
            f.span = f.span.map(|s| Span {
                start: s.start + at,
                end: s.end + at,
            });
            f
        }));
        for d in doubts {
            diagnostics.push(Diagnostic::info(
                format!("\"{}\" is not read as a figure: {}", d.text, d.reason),
                item.page,
            ));
        }
    }
    out
}

/// The paragraphs of an item's text (separated by a blank line) with the
/// byte offset each starts at.
pub(crate) fn paragraph_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split("\n\n").scan(0, |at, p| {
        let start = *at;
        *at += p.len() + 2;
        Some((start, p))
    })
}

/// How long a key `line_index` files a line under, in bytes at most.
const LINE_KEY: usize = 24;

fn line_key(text: &str) -> &str {
    &text[..figures::floor_boundary(text, LINE_KEY)]
}

/// Lines by the start of their text, for finding where a paragraph begins.
fn line_index(lines: &[lines::Line]) -> std::collections::HashMap<&str, Vec<usize>> {
    let mut index: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| !l.text.is_empty()) {
        index.entry(line_key(&l.text)).or_default().push(i);
    }
    index
}

/// Each paragraph of an item's text with the page its first line is
/// printed on: the first line at or after the previous paragraph's (from
/// the item's own page) that the paragraph opens with. A paragraph begins
/// with a whole line of the paper, so the line's key is the paragraph's
/// start up to `LINE_KEY` bytes, or up to a space where the line was
/// shorter than that (the next line joined on).
fn paragraph_pages(
    text: &str,
    start_page: Option<u32>,
    lines: &[lines::Line],
    index: &std::collections::HashMap<&str, Vec<usize>>,
) -> Vec<Paragraph> {
    let mut cursor = lines.partition_point(|l| Some(l.page) < start_page);
    let mut page = start_page;
    let mut out = Vec::new();
    for (at, para) in paragraph_spans(text) {
        let span = Span {
            start: at,
            end: at + para.len(),
        };
        let full = line_key(para);
        // Shorter keys: the paragraph's start cut at each space or hyphen.
        let cuts = full
            .char_indices()
            .filter(|(_, c)| *c == ' ' || *c == '-')
            .map(|(i, _)| &full[..i]);
        let found = std::iter::once(full)
            .chain(cuts.collect::<Vec<_>>().into_iter().rev())
            .filter(|k| !k.is_empty())
            .filter_map(|k| index.get(k))
            .filter_map(|hits| {
                let from = hits.partition_point(|&i| i < cursor);
                hits[from..]
                    .iter()
                    .copied()
                    .take(64)
                    .find(|&i| para.starts_with(lines[i].text.as_str()))
            })
            .min();
        if let Some(i) = found {
            page = Some(lines[i].page);
            cursor = i + 1;
        }
        out.push(Paragraph { span, page });
    }
    out
}

/// Where each printed amount stands: its text, and the lines it is on.
fn amount_index(lines: &[lines::Line]) -> std::collections::HashMap<String, Vec<usize>> {
    let mut index: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        for a in figures::printed_amounts(&l.text) {
            index.entry(a).or_default().push(i);
        }
    }
    index
}

/// Gives each figure the page it is printed on: the first line at or after
/// the item's start that holds the amount in the words of its sentence,
/// each line used once, so a long report's figures cite their own pages.
fn cite_pages(
    figs: &mut [Figure],
    start_page: Option<u32>,
    lines: &[lines::Line],
    index: &std::collections::HashMap<String, Vec<usize>>,
) {
    let from = start_page.unwrap_or(1);
    // A line is used once per time the amount is printed on it: "£56 to
    // £124" serves one £56 and one £124.
    let mut used_count: std::collections::HashMap<(usize, &str), usize> =
        std::collections::HashMap::new();
    // Where each amount's fully used lines end: lines are used in order, so
    // the search starts there and looks a bounded way ahead. A paper that
    // prints one amount on 100,000 lines stays linear.
    let mut first_free: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    const LOOKAHEAD: usize = 64;
    for f in figs.iter_mut() {
        let Some((key, candidates)) = index.get_key_value(&f.text) else {
            continue;
        };
        let key = key.as_str();
        let used = |i: usize, counts: &std::collections::HashMap<(usize, &str), usize>| {
            counts.get(&(i, key)).copied().unwrap_or(0) >= lines[i].text.matches(key).count().max(1)
        };
        let in_sentence = |i: usize| {
            let t = &lines[i].text;
            t.find(key).is_some_and(|at| {
                let before: String = t[..at]
                    .chars()
                    .rev()
                    .take(15)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                f.sentence.contains(&format!("{before}{key}"))
            })
        };
        // Lines come in page order: the item's own pages start here.
        let start = match first_free.get(key) {
            Some(&at) => at,
            None => candidates.partition_point(|&i| lines[i].page < from),
        };
        let near = || {
            candidates[start.min(candidates.len())..]
                .iter()
                .copied()
                .take(LOOKAHEAD)
        };
        let pick = near()
            .filter(|&i| lines[i].page >= from && !used(i, &used_count))
            .find(|&i| in_sentence(i))
            .or_else(|| near().find(|&i| lines[i].page >= from && !used(i, &used_count)))
            // The item may start later than its words (a page misread):
            // the words themselves decide.
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .take(LOOKAHEAD)
                    .find(|&i| in_sentence(i))
            });
        if let Some(i) = pick {
            *used_count.entry((i, key)).or_default() += 1;
            f.page = Some(lines[i].page);
            let mut next = start;
            while next < candidates.len() && used(candidates[next], &used_count) {
                next += 1;
            }
            first_free.insert(key, next);
        }
    }
}

/// Budget tables, each given to the item whose text holds its first line,
/// with a warning for every total its lines do not add up to.
/// Tables come from word positions where the paper has them (PDFs), and
/// from the text's rows otherwise.
fn budget_tables(
    doc: &Ingested,
    lines: &[lines::Line],
    meetings: &[Meeting],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PaperTable> {
    let source: Vec<SourceLine> = lines
        .iter()
        .map(|l| SourceLine {
            text: &l.raw,
            page: l.page,
        })
        .collect();
    let found = if doc.words.iter().any(|p| !p.words.is_empty()) {
        let mut found = laid_out::tables(&positions::grids(&doc.words));
        // Where positions found no table on a page, rows of the laid-out
        // text may still hold one (labels set between two blocks of
        // figures): those with every column named are kept.
        let covered: std::collections::HashSet<u32> = found
            .iter()
            .flat_map(|t| {
                t.page
                    ..=t.lines
                        .iter()
                        .filter_map(|l| l.page)
                        .max()
                        .unwrap_or(t.page)
            })
            .collect();
        for t in tables::find(&source) {
            let named = t.columns.iter().all(|c| !c.starts_with("Column "));
            if named && t.lines.len() >= 2 && !covered.contains(&t.page) {
                found.push(t);
            }
        }
        found.sort_by_key(|t| t.page);
        found
    } else {
        tables::find(&source)
    };
    let sign = columns::sign_convention(
        &lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    let mut out = Vec::new();
    for mut table in found {
        for note in &table.notes {
            diagnostics.push(Diagnostic::info(
                format!(
                    "{}: {note}",
                    table.caption.as_deref().unwrap_or("a budget table")
                ),
                Some(table.page),
            ));
        }
        if table.roles.iter().any(|r| r.is_variance()) {
            table.sign = Some(sign.clone().unwrap_or(columns::SignConvention {
                positive_is_overspend: true,
                stated: None,
            }));
        }
        for m in tables::check_totals(&mut table) {
            diagnostics.push(Diagnostic::warning(
                totals::warning(&table, &m),
                Some(m.page.unwrap_or(table.page)),
            ));
        }
        let first_label = table
            .lines
            .first()
            .map(|l| l.label.clone())
            .unwrap_or_default();
        let needle = table.caption.clone().unwrap_or(first_label);
        let mut place = None;
        'find: for (mi, m) in meetings.iter().enumerate() {
            for (ii, item) in m.items.iter().enumerate() {
                if !needle.is_empty() && item.text.contains(&needle) {
                    place = Some((mi, ii));
                    break 'find;
                }
            }
        }
        let item = place.map(|(mi, ii)| &meetings[mi].items[ii]);
        if table.period.is_none() {
            table.period = item.and_then(|i| {
                let subject = i
                    .report
                    .as_ref()
                    .map_or(i.title.as_str(), |r| r.subject.as_str());
                tables::period_in(subject).or_else(|| tables::period_in(&i.title))
            });
        }
        table.finish_reading();
        out.push(PaperTable {
            item: item.map(|i| i.number.clone().unwrap_or_else(|| i.title.clone())),
            meeting: place.map(|p| p.0),
            item_index: place.map(|p| p.1),
            table,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::*;
    use crate::ingest;

    fn parse_str(s: &str) -> Paper {
        parse(&ingest::ingest(s.as_bytes()).unwrap())
    }

    #[test]
    fn numbered_paragraphs_in_a_minute_are_not_items() {
        let p = parse_str(
            "KENT COUNTY COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held in the Council Chamber on Thursday, 1 December 2022.\n\n\
             1. Apologies\n\n(Item 1)\n\nThere were none.\n\n2. Budget report\n\n(Item 4)\n\n1. Mr A introduced the report.\n2. RESOLVED to note the report.\n",
        );
        let m = &p.meetings[0];
        let numbers: Vec<_> = m
            .items
            .iter()
            .map(|i| i.number.as_deref().unwrap())
            .collect();
        assert_eq!(
            numbers,
            ["1", "2"],
            "paragraphs 1. and 2. inside minute 2 are not items"
        );
        assert_eq!(m.items[1].agenda_item.as_deref(), Some("4"));
        assert_eq!(m.items[1].resolutions, ["RESOLVED to note the report."]);
        assert_eq!(m.body.as_deref(), Some("Cabinet"));
        assert_eq!(m.council.as_deref(), Some("Kent County Council"));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2022, 12, 1));
        assert_eq!(m.venue.as_deref(), Some("Council Chamber"));
    }

    #[test]
    fn text_without_a_header_still_imports_with_a_warning() {
        let p = parse_str("Some notes about the budget.\nMore notes.\n");
        assert_eq!(p.meetings.len(), 1);
        assert_eq!(p.meetings[0].items.len(), 1);
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn minutes_without_items_keep_their_text() {
        let p = parse_str(
            "MINUTES of a meeting of the Cabinet held in the Council Chamber on Thursday, 1 December 2022.\n\nThe Leader welcomed everyone.\n\nThe budget was discussed at length.\n",
        );
        let m = &p.meetings[0];
        assert_eq!(m.items.len(), 1, "the text is kept as one item");
        assert!(m.items[0].text.contains("budget was discussed"));
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("nothing is lost")));
    }

    proptest::proptest! {
        /// Parsing never panics and never loses a paper: any text in the
        /// shapes the readers look for, jumbled, reads as at least one item.
        #[test]
        fn any_jumble_of_council_shapes_parses(parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("REPORT TO:   CABINET\n".to_string()),
            proptest::strategy::Just("DATE:\n".to_string()),
            proptest::strategy::Just("   COMMITTEE\n".to_string()),
            proptest::strategy::Just("Minutes of the Audit\n".to_string()),
            proptest::strategy::Just("Tuesday 9th March 2027 at 6.30 pm\n".to_string()),
            proptest::strategy::Just("Present: Cllrs A (Chair), B & C; Mrs D, OBE\n".to_string()),
            proptest::strategy::Just("Ymddiheuriadau:\n".to_string()),
            proptest::strategy::Just("(1) Apologies\n".to_string()),
            proptest::strategy::Just("Item 1412   Title   3 - 8\n".to_string()),
            proptest::strategy::Just("It was APPROVED that;\n".to_string()),
            proptest::strategy::Just("That the Committee:\n".to_string()),
            proptest::strategy::Just("1.    Noted the report.\n".to_string()),
            proptest::strategy::Just("Agenda Item No: 4\n".to_string()),
            proptest::strategy::Just("Decision details\nDecided at meeting: 14/05/2027 - \n".to_string()),
            proptest::strategy::Just("\n".to_string()),
            "[ -~İŵ–£\\t]{0,40}\n",
        ], 1..40)) {
            let text = parts.concat();
            if let Ok(doc) = ingest::ingest(text.as_bytes()) {
                let p = parse(&doc);
                let has_words = text.chars().any(char::is_alphanumeric);
                proptest::prop_assert!(!has_words || p.meetings.iter().any(|m| !m.items.is_empty()), "text kept: {:?}", text);
            }
        }
    }

    #[test]
    fn time_serialises_as_hh_mm() {
        let m = Meeting {
            time: NaiveTime::from_hms_opt(10, 0, 0),
            ..Meeting::default()
        };
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["time"], "10:00");
        let back: Meeting = serde_json::from_value(json).unwrap();
        assert_eq!(back.time, m.time);
    }
}
