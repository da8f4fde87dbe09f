//! The annotated question pack for one meeting, gathered from the library
//! once and then written out as HTML, Markdown or Word: the questions in
//! running order with their evidence, the member's notes item by item,
//! the flags, and what was left out as exempt.
//!
//! Everything here is data; no format's escaping or layout is decided here.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::annotations::AnchorState;
use crate::flags::{LineFacts, Severity};
use crate::ids::{ItemId, MeetingId};
use crate::store::{EvidenceView, ExemptState, QuestionStatus, StoreError};
use crate::Library;

/// What to put in a pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PackOptions {
    /// Keep exempt and confidential items, and the notes and questions on
    /// them (the member ticked to include them).
    pub include_exempt: bool,
    /// Only these items, and the notes, questions and flags on them (the
    /// app's print of selected items); None: the whole meeting.
    pub items: Option<Vec<ItemId>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionPack {
    pub meeting: PackMeeting,
    /// The member's name, where they gave one (the `author` setting).
    pub author: Option<String>,
    /// Only some items were chosen.
    pub selected_items: bool,
    pub questions: Vec<PackQuestion>,
    /// The member's notes, item by item in the meeting's order.
    pub notes: Vec<ItemNotes>,
    /// The meeting's flags, worst first; dismissed ones last, marked.
    pub flags: Vec<PackFlag>,
    /// Exempt items kept because the member asked for them.
    pub exempt_included: Vec<ExemptItem>,
    pub left_out: LeftOut,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackMeeting {
    pub id: MeetingId,
    pub council: Option<String>,
    pub body: String,
    /// ISO date.
    pub date: String,
    /// "26 March 2018".
    pub date_said: String,
    pub time: Option<String>,
    pub venue: Option<String>,
}

impl PackMeeting {
    /// "Cabinet, 26 March 2018": the pack's title.
    pub fn title(&self) -> String {
        format!("{}, {}", self.body, self.date_said)
    }

    /// "Kent County Council · 10:00 · Darent Room, Sessions House".
    pub fn details(&self) -> String {
        [
            self.council.as_deref(),
            self.time.as_deref(),
            self.venue.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
    }
}

/// An agenda item as the pack names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackItem {
    pub id: Option<ItemId>,
    pub number: Option<String>,
    pub title: String,
}

impl PackItem {
    /// "item 5 'Revenue Monitoring'", or "'Revenue Monitoring'" without a number.
    pub fn named(&self) -> String {
        match &self.number {
            Some(n) => format!("item {} '{}'", n.trim_end_matches('.'), self.title),
            None => format!("'{}'", self.title),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackQuestion {
    /// Its number in the pack, from 1.
    pub number: usize,
    /// A colleague's name, for a question imported from their bundle.
    pub author: Option<String>,
    pub to: String,
    pub status: QuestionStatus,
    pub status_label: &'static str,
    /// The member's Markdown, and it rendered and sanitised
    /// (`markdown::to_html`).
    pub text: String,
    pub html: String,
    pub answer: String,
    pub answer_html: String,
    /// Where the answer was quoted from (a later meeting's minutes).
    pub answer_source: Option<PackEvidence>,
    pub evidence: Vec<PackEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackEvidence {
    /// "quote", "flag", "line", "figure" or "item".
    pub kind: String,
    /// "Quote", "Flag", "Budget line", "Figure", "Item".
    pub kind_label: &'static str,
    /// The quote, the flag's reason, the line or figure as cited.
    pub label: String,
    pub item: Option<PackItem>,
    pub page: Option<u32>,
    /// The meeting the item is in, where it is not the pack's own.
    pub meeting: Option<String>,
    /// For a quote: where it stands in the papers now.
    pub state: Option<AnchorState>,
    /// For a flag: its rule and severity.
    pub flag: Option<FlagFacts>,
    /// For a budget line, or a flag on one: the line as printed.
    pub line: Option<PackLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagFacts {
    pub rule: &'static str,
    pub severity: Severity,
}

/// A budget line as its table prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackLine {
    pub caption: Option<String>,
    /// "£000", "£m"; None for a table without money.
    pub unit: Option<String>,
    pub label: String,
    pub page: Option<u32>,
    pub cells: Vec<PackCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackCell {
    pub column: String,
    pub printed: String,
    pub pence: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemNotes {
    pub item: PackItem,
    pub notes: Vec<PackNote>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackNote {
    /// The highlighted words.
    pub quote: String,
    /// What the passage reads now, where it was reworded.
    pub now: Option<String>,
    /// The highlight's name ("ask") and as the member reads it ("Ask").
    pub highlight: String,
    pub highlight_label: String,
    pub note: String,
    pub note_html: String,
    pub tags: Vec<String>,
    pub page: Option<u32>,
    pub state: AnchorState,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackFlag {
    pub rule: &'static str,
    pub severity: Severity,
    pub reason: String,
    pub item: Option<PackItem>,
    pub page: Option<u32>,
    /// The member's reason for dismissing it, where they did.
    pub dismissed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExemptItem {
    pub item: PackItem,
    /// "marked 'not for publication'", "marked exempt by you".
    pub reason: String,
}

/// What the pack leaves out because it is exempt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub items: Vec<ExemptItem>,
    pub notes: usize,
    pub questions: usize,
    pub flags: usize,
}

impl LeftOut {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.notes == 0 && self.questions == 0 && self.flags == 0
    }

    /// "Left out as exempt: item 12 'Property disposal' (marked 'not for
    /// publication'), 2 notes, 1 question." None when nothing was.
    pub fn sentence(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut parts: Vec<String> = self
            .items
            .iter()
            .map(|e| format!("{} ({})", e.item.named(), e.reason))
            .collect();
        for (n, one, many) in [
            (self.notes, "note", "notes"),
            (self.questions, "question", "questions"),
            (self.flags, "flag", "flags"),
        ] {
            if n > 0 {
                parts.push(count(n, one, many));
            }
        }
        Some(format!("Left out as exempt: {}.", parts.join(", ")))
    }
}

/// "1 note", "2 notes".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn status_label(s: QuestionStatus) -> &'static str {
    match s {
        QuestionStatus::Draft => "Draft",
        QuestionStatus::Ready => "Ready",
        QuestionStatus::Asked => "Asked",
        QuestionStatus::Answered => "Answered",
        QuestionStatus::FollowUp => "Follow-up",
    }
}

pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

pub fn state_label(s: AnchorState) -> &'static str {
    match s {
        AnchorState::Exact => "as highlighted",
        AnchorState::Moved => "moved or reworded in a later copy",
        AnchorState::Orphan => "no longer found in the papers",
        AnchorState::Waiting => "waiting for its paper to be imported",
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "quote" => "Quote",
        "flag" => "Flag",
        "line" => "Budget line",
        "figure" => "Figure",
        "item" => "Item",
        _ => "Evidence",
    }
}

/// "26 March 2018" from "2018-03-26"; the ISO date where it is not one.
pub fn date_said(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_or_else(|_| iso.to_string(), |d| d.format("%-d %B %Y").to_string())
}

impl Library {
    /// A meeting's annotated question pack (see `export::pack`).
    pub fn question_pack(
        &self,
        meeting: MeetingId,
        options: &PackOptions,
    ) -> Result<QuestionPack, StoreError> {
        QuestionPack::gather(self, meeting, options)
    }
}

/// Where an item stands and what the pack does with it.
struct Scope {
    items: HashMap<ItemId, PackItem>,
    chosen: Option<HashSet<ItemId>>,
    exempt: HashMap<ItemId, ExemptState>,
    include_exempt: bool,
}

impl Scope {
    fn item(&self, id: Option<ItemId>, fallback: Option<&str>) -> Option<PackItem> {
        match id.and_then(|i| self.items.get(&i)) {
            Some(item) => Some(item.clone()),
            None => fallback.map(|t| PackItem {
                id,
                number: None,
                title: t.to_string(),
            }),
        }
    }

    fn chosen(&self, item: ItemId) -> bool {
        self.chosen.as_ref().is_none_or(|c| c.contains(&item))
    }

    fn exempt(&self, item: ItemId) -> bool {
        self.exempt.get(&item).is_some_and(|e| e.exempt)
    }
}

impl QuestionPack {
    pub fn gather(
        lib: &Library,
        meeting: MeetingId,
        options: &PackOptions,
    ) -> Result<Self, StoreError> {
        let detail = lib.get_meeting(meeting)?;
        let s = &detail.summary;
        let head = PackMeeting {
            id: s.id,
            council: s.council.clone(),
            body: s.body.clone(),
            date: s.date.clone(),
            date_said: date_said(&s.date),
            time: s.time.clone(),
            venue: s.venue.clone(),
        };
        let order: Vec<ItemId> = detail.items().map(|i| i.id).collect();
        let scope = Scope {
            items: detail
                .items()
                .map(|i| {
                    (
                        i.id,
                        PackItem {
                            id: Some(i.id),
                            number: i.number.clone(),
                            title: i.title.clone(),
                        },
                    )
                })
                .collect(),
            chosen: options.items.as_ref().map(|v| v.iter().copied().collect()),
            exempt: lib.meeting_exempt(meeting)?,
            include_exempt: options.include_exempt,
        };
        let mut left_out = LeftOut::default();
        let mut exempt_included = Vec::new();
        for id in &order {
            let (Some(state), Some(item)) = (scope.exempt.get(id), scope.items.get(id)) else {
                continue;
            };
            let Some(reason) = state.reason() else {
                continue;
            };
            if !scope.chosen(*id) {
                continue;
            }
            let e = ExemptItem {
                item: item.clone(),
                reason,
            };
            if scope.include_exempt {
                exempt_included.push(e)
            } else {
                left_out.items.push(e)
            }
        }

        let flags = lib.meeting_flags(meeting)?;
        let report = lib.report(meeting)?;
        let line_of = |key: &str| report.lines.iter().find(|l| l.key == key).map(pack_line);

        // Questions: left out when any of their evidence is on an exempt
        // item; with a choice of items, only those citing a chosen one.
        let mut questions = Vec::new();
        let mut cited_notes: HashSet<String> = HashSet::new();
        for q in lib.questions(Some(meeting))? {
            let on: Vec<ItemId> = q.evidence.iter().filter_map(|e| e.item_id).collect();
            cited_notes.extend(
                q.evidence
                    .iter()
                    .filter(|e| e.kind == "quote")
                    .filter_map(|e| e.target.clone()),
            );
            if scope.chosen.is_some() && !on.iter().any(|i| scope.chosen(*i)) {
                continue;
            }
            if !scope.include_exempt && on.iter().any(|i| scope.exempt(*i)) {
                left_out.questions += 1;
                continue;
            }
            // An answer quoted from a later meeting's minutes stays out
            // where that item is exempt (the question itself can go).
            let answer_exempt = !scope.include_exempt
                && q.answer_source
                    .as_ref()
                    .and_then(|e| e.item_id)
                    .map(|i| lib.item_exempt(i).map(|x| x.exempt))
                    .transpose()?
                    .unwrap_or(false);
            let mut q = q;
            if answer_exempt {
                left_out.notes += 1;
                q.answer = String::new();
                q.answer_source = None;
            }
            let cited = q
                .evidence
                .iter()
                .map(|e| {
                    let flag = (e.kind == "flag")
                        .then(|| {
                            e.target
                                .as_deref()
                                .and_then(|k| flags.flags.iter().find(|f| f.key == k))
                        })
                        .flatten();
                    let line = match (e.kind.as_str(), flag, e.target.as_deref()) {
                        ("line", _, Some(k)) => line_of(k),
                        ("flag", Some(f), _) => line_of(&f.target),
                        _ => None,
                    };
                    evidence(
                        e,
                        &scope,
                        flag.map(|f| FlagFacts {
                            rule: f.rule.title(),
                            severity: f.severity,
                        }),
                        line,
                    )
                })
                .collect();
            questions.push(PackQuestion {
                number: questions.len() + 1,
                author: q.author.clone(),
                to: q.to.clone(),
                status: q.status,
                status_label: status_label(q.status),
                html: q.html.clone(),
                text: q.text.clone(),
                answer_html: if q.answer.trim().is_empty() {
                    String::new()
                } else {
                    crate::markdown::to_html(&q.answer)
                },
                answer: q.answer.clone(),
                answer_source: q
                    .answer_source
                    .as_ref()
                    .map(|e| evidence(e, &scope, None, None)),
                evidence: cited,
            });
        }

        // Notes, item by item. A passage highlighted only to quote it in a
        // question (no note, no tags) is shown under that question.
        let mut by_item: HashMap<ItemId, Vec<(Option<usize>, PackNote)>> = HashMap::new();
        for a in lib.annotations(Some(meeting))? {
            let Some(item) = a.item_id else { continue };
            if !scope.chosen(item) {
                continue;
            }
            if a.note.trim().is_empty()
                && a.tags.is_empty()
                && cited_notes.contains(&a.id.to_string())
            {
                continue;
            }
            if !scope.include_exempt && scope.exempt(item) {
                left_out.notes += 1;
                continue;
            }
            let mut label = a.colour.clone();
            if let Some(first) = label.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            // A colleague's note (from their bundle) says whose it is.
            if let Some(author) = &a.author {
                label = format!("{label}, by {author}");
            }
            by_item.entry(item).or_default().push((
                a.start,
                PackNote {
                    quote: a.quote,
                    now: a.now,
                    highlight: a.colour,
                    highlight_label: label,
                    note: a.note,
                    note_html: a.note_html,
                    tags: a.tags,
                    page: a.page,
                    state: a.state,
                },
            ));
        }
        let mut notes = Vec::new();
        for id in &order {
            let Some(mut list) = by_item.remove(id) else {
                continue;
            };
            // In the order they stand in the text; orphans last.
            list.sort_by_key(|(start, _)| start.unwrap_or(usize::MAX));
            let item = scope.items.get(id).cloned().unwrap_or(PackItem {
                id: Some(*id),
                number: None,
                title: String::new(),
            });
            notes.push(ItemNotes {
                item,
                notes: list.into_iter().map(|(_, n)| n).collect(),
            });
        }

        let mut pack_flags = Vec::new();
        for f in &flags.flags {
            let item = f.evidence.item_id;
            if !scope.chosen(item) {
                continue;
            }
            if !scope.include_exempt && scope.exempt(item) {
                left_out.flags += 1;
                continue;
            }
            pack_flags.push(PackFlag {
                rule: f.rule.title(),
                severity: f.severity,
                reason: f.reason.clone(),
                item: scope.item(Some(item), None),
                page: f.evidence.page,
                dismissed: f.dismissed.as_ref().map(|d| d.reason.clone()),
            });
        }

        Ok(QuestionPack {
            meeting: head,
            author: lib.setting("author")?.filter(|a| !a.trim().is_empty()),
            selected_items: options.items.is_some(),
            questions,
            notes,
            flags: pack_flags,
            exempt_included,
            left_out,
        })
    }

    /// How many notes the pack holds.
    pub fn note_count(&self) -> usize {
        self.notes.iter().map(|i| i.notes.len()).sum()
    }
}

fn evidence(
    e: &EvidenceView,
    scope: &Scope,
    flag: Option<FlagFacts>,
    line: Option<PackLine>,
) -> PackEvidence {
    PackEvidence {
        kind: e.kind.clone(),
        kind_label: kind_label(&e.kind),
        label: e.label.clone(),
        item: scope.item(
            e.item_id,
            e.item_title
                .as_deref()
                .filter(|_| e.kind == "quote" || e.kind == "item"),
        ),
        page: e.page,
        meeting: e.meeting.clone().filter(|_| e.meeting_id.is_some()),
        state: e.state,
        flag,
        line,
    }
}

fn pack_line(l: &LineFacts) -> PackLine {
    PackLine {
        caption: l.caption.clone(),
        unit: l.unit.map(|u| u.label().to_string()),
        label: l.label.clone(),
        page: l.page,
        cells: l
            .cells
            .iter()
            .map(|c| PackCell {
                column: c.column.clone(),
                printed: c.printed.clone(),
                pence: c.pence,
            })
            .collect(),
    }
}
