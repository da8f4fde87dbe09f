//! Share bundles in and out of the library. Exporting gathers the member's
//! annotations, questions and flag decisions (of some meetings, or all);
//! importing stores a colleague's under their name in one transaction:
//! new items added, newer versions of the colleague's items replacing
//! older, and nothing of the member's own ever touched. Where a note's
//! paper is not in the library it waits (`AnchorState::Waiting`) and
//! anchors by itself when the paper is imported: anchoring is worked out
//! each time annotations are read (`store::annotations`).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::{Library, MeetingKey, StoreError};
use crate::annotations::AnchorState;
use crate::ids::MeetingId;
use crate::share::{
    self, AnnotationParts, Bundle, HandDismissal, MeetingRef, SharedDismissal, SharedEvidence,
    SharedFlags, SharedHandFlag, SharedQuestion,
};

/// What became of one kind of item in an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ShareCounts {
    pub added: usize,
    /// A newer version replaced the one imported before.
    pub updated: usize,
    /// Already in the library as it is (or the bundle's is older).
    pub unchanged: usize,
    /// Left out: the id is the member's own or another colleague's, or
    /// the member had decided on that flag already.
    pub skipped: usize,
}

/// What an import did, as counts and as sentences for the member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportReport {
    /// Who made the bundle.
    pub author: String,
    pub annotations: ShareCounts,
    pub questions: ShareCounts,
    /// Flags dismissed and flags added by hand.
    pub flags: ShareCounts,
    /// Notes of this bundle waiting for a paper the library does not hold.
    pub waiting: usize,
    /// Why anything was skipped, one sentence each.
    pub skipped: Vec<String>,
    /// The whole outcome in a sentence or two.
    pub message: String,
}

impl ImportReport {
    /// Nothing was added or replaced.
    pub fn nothing_new(&self) -> bool {
        [self.annotations, self.questions, self.flags]
            .iter()
            .all(|c| c.added == 0 && c.updated == 0)
    }

    fn sentence(&self) -> String {
        let who = &self.author;
        let added = listed(&[
            (self.annotations.added, "note"),
            (self.questions.added, "question"),
            (self.flags.added, "flag decision"),
        ]);
        let updated = listed(&[
            (self.annotations.updated, "note"),
            (self.questions.updated, "question"),
            (self.flags.updated, "flag decision"),
        ]);
        let mut s = if self.nothing_new() && self.skipped.is_empty() {
            format!("Nothing new from {who}: everything in this bundle is already in your library.")
        } else if self.nothing_new() {
            format!("Nothing new from {who}.")
        } else {
            let mut done = Vec::new();
            if !added.is_empty() {
                done.push(format!("added {added}"));
            }
            if !updated.is_empty() {
                done.push(format!("replaced {updated} with newer versions"));
            }
            let unchanged =
                self.annotations.unchanged + self.questions.unchanged + self.flags.unchanged;
            let mut s = format!("From {who}: {}.", done.join("; "));
            if unchanged > 0 {
                s.push_str(&format!(
                    " {} already in your library {} left as {}.",
                    count(unchanged, "item"),
                    were(unchanged),
                    if unchanged == 1 {
                        "it was"
                    } else {
                        "they were"
                    }
                ));
            }
            s
        };
        if self.waiting > 0 {
            s.push_str(&format!(
                " {} {} for papers you do not have yet; {} appear once you import those papers.",
                count(self.waiting, "note"),
                if self.waiting == 1 { "waits" } else { "wait" },
                if self.waiting == 1 {
                    "it will"
                } else {
                    "they will"
                }
            ));
        }
        for k in &self.skipped {
            s.push(' ');
            s.push_str(k);
        }
        s
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn were(n: usize) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// "3 notes, 1 question and 2 flag decisions" (the non-zero ones).
fn listed(parts: &[(usize, &str)]) -> String {
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| count(*n, w))
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn meeting_ref(council: Option<String>, body: String, date: String) -> MeetingRef {
    MeetingRef {
        council,
        body,
        date,
    }
}

fn key_of(m: &MeetingRef) -> MeetingKey {
    MeetingKey {
        council: m.council.clone(),
        body: m.body.clone(),
        date: m.date.clone(),
        time: None,
    }
}

/// Whether `a` (RFC 3339) is later than `b`; a stored time that cannot
/// be read counts as older.
fn newer(a: &str, b: &str) -> bool {
    match (
        DateTime::parse_from_rfc3339(a),
        DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a > b,
        (Ok(_), Err(_)) => true,
        _ => false,
    }
}

/// A bundle's time as stored: UTC, as precise as given.
fn stored_time(t: &str) -> String {
    DateTime::parse_from_rfc3339(t).map_or_else(
        |_| t.to_string(),
        |d| {
            d.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::AutoSi, true)
        },
    )
}

/// The sha256 a flag's key (`rule|sha|...`) or a target's key (`sha|...`) names.
fn sha_in(key: &str, rule_first: bool) -> Option<&str> {
    key.split('|').nth(usize::from(rule_first))
}

const BY_HAND: &str = "by_hand|";
/// How a flag by hand is named in a bundle: by its uid (its row id is this
/// library's only).
const BY_HAND_UID: &str = "by_hand|uid:";

/// The meetings chosen for an export: their keys and their papers' sha256s.
struct Scope {
    keys: Vec<MeetingKey>,
    shas: HashSet<String>,
}

impl Scope {
    fn holds(&self, sha: Option<&str>, meeting: Option<&MeetingRef>) -> bool {
        sha.is_some_and(|s| self.shas.contains(s))
            || meeting.is_some_and(|m| self.keys.iter().any(|k| k.same_meeting(&key_of(m))))
    }
}

/// An annotation as read for export.
struct Stored {
    parts: AnnotationParts,
    author: Option<String>,
    deleted: bool,
}

/// What became of one item: for the counts.
enum Outcome {
    Added,
    Updated,
    Unchanged,
    /// The member's own id, or their own decision on that flag.
    Yours,
    /// Another colleague's id.
    Other,
}

#[derive(Default)]
struct Tally {
    yours: usize,
    decided: usize,
    other: usize,
}

fn tally(c: &mut ShareCounts, t: &mut Tally, o: Outcome, flag: bool) {
    match o {
        Outcome::Added => c.added += 1,
        Outcome::Updated => c.updated += 1,
        Outcome::Unchanged => c.unchanged += 1,
        Outcome::Yours => {
            c.skipped += 1;
            if flag {
                t.decided += 1
            } else {
                t.yours += 1
            }
        }
        Outcome::Other => {
            c.skipped += 1;
            t.other += 1;
        }
    }
}

impl Library {
    /// A bundle of the member's annotations, questions and flag decisions
    /// for the chosen meetings (or all), under `author`. With
    /// `include_colleagues`, what colleagues shared is passed on too,
    /// under their names; without it (the default in the app and the
    /// command line) only the member's own work goes, so nobody's notes
    /// travel further than they sent them. Notes that questions quote go
    /// with the questions. `now` is the bundle's date.
    pub fn export_bundle(
        &self,
        meetings: Option<&[MeetingId]>,
        author: &str,
        include_colleagues: bool,
        now: DateTime<Utc>,
    ) -> Result<Bundle, StoreError> {
        Ok(self
            .export_bundle_with(meetings, author, include_colleagues, false, now)?
            .0)
    }

    /// `export_bundle`, saying whether notes and questions on exempt or
    /// confidential items go too (a bundle is e-mailed: they stay out
    /// unless the member asks), and how many were left out.
    pub fn export_bundle_with(
        &self,
        meetings: Option<&[MeetingId]>,
        author: &str,
        include_colleagues: bool,
        include_exempt: bool,
        now: DateTime<Utc>,
    ) -> Result<(Bundle, usize), StoreError> {
        let author = author.trim();
        if author.is_empty() {
            return Err(StoreError::Invalid(
                "give your name for the bundle: colleagues see your notes and questions under it"
                    .into(),
            ));
        }
        let scope = match meetings {
            None => None,
            Some(ids) => {
                let mut keys = Vec::new();
                let mut shas = HashSet::new();
                for m in ids {
                    keys.push(super::grouping::meeting_key(self.conn(), *m)?);
                    let mut stmt = self
                        .conn()
                        .prepare_cached("SELECT DISTINCT d.sha256 FROM papers p JOIN documents d ON d.id = p.document_id WHERE p.meeting_id = ?1")?;
                    for sha in stmt.query_map([m.0], |r| r.get::<_, String>(0))? {
                        shas.insert(sha?);
                    }
                }
                Some(Scope { keys, shas })
            }
        };
        let in_scope = |sha: Option<&str>, meeting: Option<&MeetingRef>| {
            scope.as_ref().is_none_or(|s| s.holds(sha, meeting))
        };
        let wanted = |a: &Option<String>| a.is_none() || include_colleagues;
        let name_of = |a: &Option<String>| a.clone().unwrap_or_else(|| author.to_string());

        // Exempt items, by the keys notes and item evidence name them by.
        let mut exempt: HashSet<(String, u32, u32)> = HashSet::new();
        if !include_exempt {
            let items: Vec<(i64, String, u32, u32)> = self
                .conn()
                .prepare(
                    "SELECT i.id, d.sha256, p.position, i.position FROM agenda_items i
                     JOIN papers p ON p.id = i.paper_id JOIN documents d ON d.id = p.document_id",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            for (id, sha, paper, item) in items {
                if self.item_exempt(crate::ids::ItemId(id))?.exempt {
                    exempt.insert((sha, paper, item));
                }
            }
        }
        let on_exempt = |p: &AnnotationParts| {
            exempt.contains(&(p.sha256.clone(), p.paper_position, p.item_position))
        };
        let item_key_exempt = |key: &str| {
            super::questions::parse_item_key(key)
                .is_some_and(|(sha, p, i)| exempt.contains(&(sha.to_string(), p, i)))
        };
        let mut left_out = 0;

        let stored = self.stored_annotations()?;
        let by_uid: HashMap<&str, &Stored> =
            stored.iter().map(|s| (s.parts.uid.as_str(), s)).collect();
        let mut chosen: HashSet<String> = HashSet::new();
        for s in &stored {
            if s.deleted
                || !wanted(&s.author)
                || !in_scope(Some(&s.parts.sha256), s.parts.meeting.as_ref())
            {
                continue;
            }
            if on_exempt(&s.parts) {
                left_out += 1;
                continue;
            }
            chosen.insert(s.parts.uid.clone());
        }

        // Questions, with the notes they quote.
        type QRow = (
            i64,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            String,
        );
        let rows: Vec<QRow> = self
            .conn()
            .prepare(
                "SELECT id, uid, author, council, body, date, position, text, addressee, status, answer, answer_annotation, created_at, updated_at
                 FROM questions WHERE deleted_at IS NULL ORDER BY date, body, author IS NOT NULL, author, position, id",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let hand_uids: HashMap<i64, String> = self
            .conn()
            .prepare("SELECT id, coalesce(uid, printf('local-%08d', id)) FROM hand_flags")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        // A quoted note goes with its question, unless it was deleted.
        let quoted = |uid: Option<String>, chosen: &mut HashSet<String>| -> Option<String> {
            let u = uid?;
            let s = by_uid.get(u.as_str()).filter(|s| !s.deleted)?;
            chosen.insert(s.parts.uid.clone());
            Some(u)
        };
        let mut questions = Vec::new();
        for (
            id,
            uid,
            qauthor,
            council,
            body,
            date,
            position,
            text,
            to,
            status,
            answer,
            answer_annotation,
            created,
            modified,
        ) in rows
        {
            let meeting = meeting_ref(council, body, date);
            if !wanted(&qauthor) || !in_scope(None, Some(&meeting)) {
                continue;
            }
            let evidence_rows = self.evidence_rows(id)?;
            // A question standing on an exempt item (a quote from it, the
            // item itself, an answer quoted from it) stays out with it.
            let exempt_note = |u: &Option<String>| {
                u.as_deref()
                    .and_then(|u| by_uid.get(u))
                    .is_some_and(|s| on_exempt(&s.parts))
            };
            if exempt_note(&answer_annotation)
                || evidence_rows
                    .iter()
                    .any(|(kind, annotation, target, _, _)| {
                        exempt_note(annotation)
                            || (kind == "item" && target.as_deref().is_some_and(item_key_exempt))
                    })
            {
                left_out += 1;
                continue;
            }
            let evidence = evidence_rows
                .into_iter()
                .map(|(kind, annotation, target, label, page)| {
                    let target = target.map(|t| {
                        match t
                            .strip_prefix(BY_HAND)
                            .and_then(|id| id.parse::<i64>().ok())
                            .and_then(|id| hand_uids.get(&id))
                        {
                            Some(uid) => format!("{BY_HAND_UID}{uid}"),
                            None => t,
                        }
                    });
                    SharedEvidence {
                        kind,
                        annotation: quoted(annotation, &mut chosen),
                        target,
                        label,
                        page,
                    }
                })
                .collect();
            questions.push(SharedQuestion {
                uid,
                author: name_of(&qauthor),
                meeting,
                position: u32::try_from(position.max(1)).unwrap_or(1),
                // Raw HTML (a paper's own "<i>", quoted) goes as text.
                text: crate::markdown::literal_html(&text),
                to,
                status,
                answer: crate::markdown::literal_html(&answer),
                answer_annotation: quoted(answer_annotation, &mut chosen),
                created,
                modified,
                evidence,
            });
        }
        let annotations = stored
            .iter()
            .filter(|s| chosen.contains(&s.parts.uid))
            .map(|s| {
                AnnotationParts {
                    author: name_of(&s.author),
                    ..s.parts.clone()
                }
                .to_web()
            })
            .collect();

        // Flag decisions, by the sha256 their keys name.
        let dismissals: Vec<(String, String, String, Option<String>)> = self
            .conn()
            .prepare("SELECT flag_key, reason, dismissed_at, author FROM flag_dismissals ORDER BY flag_key")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let hand_dismissed: HashMap<&str, (&str, &str, &Option<String>)> = dismissals
            .iter()
            .filter(|d| d.0.starts_with(BY_HAND))
            .map(|d| (d.0.as_str(), (d.1.as_str(), d.2.as_str(), &d.3)))
            .collect();
        let dismissed = dismissals
            .iter()
            .filter(|(key, _, _, a)| {
                !key.starts_with(BY_HAND) && wanted(a) && in_scope(sha_in(key, true), None)
            })
            .map(|(key, reason, when, a)| SharedDismissal {
                key: key.clone(),
                reason: reason.clone(),
                when: when.clone(),
                author: name_of(a),
            })
            .collect();
        let hand_rows: Vec<(i64, String, String, String, String, Option<String>)> = self
            .conn()
            .prepare("SELECT id, coalesce(uid, printf('local-%08d', id)), target, note, created_at, author FROM hand_flags ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<Result<_, _>>()?;
        let hand = hand_rows
            .into_iter()
            .filter(|(_, _, target, _, _, a)| wanted(a) && in_scope(sha_in(target, false), None))
            .map(|(id, uid, target, note, when, a)| {
                // Its own author's dismissal of it goes with it.
                let dismissed = hand_dismissed
                    .get(format!("{BY_HAND}{id}").as_str())
                    .filter(|(_, _, by)| **by == a)
                    .map(|(reason, when, _)| HandDismissal {
                        reason: reason.to_string(),
                        when: when.to_string(),
                    });
                SharedHandFlag {
                    uid,
                    target,
                    note,
                    when,
                    author: name_of(&a),
                    dismissed,
                }
            })
            .collect();

        let meetings = match &scope {
            Some(s) => s
                .keys
                .iter()
                .map(|k| meeting_ref(k.council.clone(), k.body.clone(), k.date.clone()))
                .collect(),
            None => {
                let mut seen: Vec<MeetingRef> = Vec::new();
                let from_notes = stored
                    .iter()
                    .filter(|s| chosen.contains(&s.parts.uid))
                    .filter_map(|s| s.parts.meeting.clone());
                for m in
                    from_notes.chain(questions.iter().map(|q: &SharedQuestion| q.meeting.clone()))
                {
                    if !seen.iter().any(|s| key_of(s).same_meeting(&key_of(&m))) {
                        seen.push(m);
                    }
                }
                seen
            }
        };
        let bundle = Bundle {
            format: share::FORMAT.into(),
            version: share::VERSION,
            author: author.to_string(),
            created: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            meetings,
            annotations,
            questions,
            flags: SharedFlags { dismissed, hand },
        };
        // What Scrutineer writes, Scrutineer must read: a note a colleague
        // would refuse (raw HTML in it, say) is named now, not by them.
        share::check(&bundle).map_err(|e| {
            StoreError::Invalid(format!(
                "the bundle could not be made: {e}. Change it and export again"
            ))
        })?;
        Ok((bundle, left_out))
    }

    /// Every annotation with what a bundle needs of it: the meeting and the
    /// paper's kind as they are now where its paper is held, else as
    /// stored when it was made.
    fn stored_annotations(&self) -> Result<Vec<Stored>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT a.uid, a.author, a.sha256, a.paper_position, a.item_position, a.item_title, a.page, a.exact, a.prefix, a.suffix,
                    a.start, a.end, a.note, a.tags, a.colour, a.created_at, a.updated_at,
                    coalesce(m.body, a.body), coalesce(m.date, a.date), CASE WHEN m.id IS NULL THEN a.council ELSE m.council END,
                    coalesce(p.kind, a.paper_kind), a.deleted_at IS NOT NULL
             FROM annotations a LEFT JOIN documents d ON d.sha256 = a.sha256
             LEFT JOIN papers p ON p.document_id = d.id AND p.position = a.paper_position
             LEFT JOIN meetings m ON m.id = p.meeting_id
             ORDER BY a.id",
        )?;
        let mut out: Vec<Stored> = Vec::new();
        let mut seen = HashSet::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let uid: String = r.get(0)?;
            if !seen.insert(uid.clone()) {
                continue;
            }
            let tags: String = r.get(13)?;
            let (body, date, council): (Option<String>, Option<String>, Option<String>) =
                (r.get(17)?, r.get(18)?, r.get(19)?);
            out.push(Stored {
                author: r.get(1)?,
                deleted: r.get(21)?,
                parts: AnnotationParts {
                    uid,
                    author: String::new(),
                    sha256: r.get(2)?,
                    paper_position: u32::try_from(r.get::<_, i64>(3)?).unwrap_or_default(),
                    item_position: u32::try_from(r.get::<_, i64>(4)?).unwrap_or_default(),
                    item_title: r.get(5)?,
                    page: r.get(6)?,
                    exact: r.get(7)?,
                    prefix: r.get(8)?,
                    suffix: r.get(9)?,
                    start: u64::try_from(r.get::<_, i64>(10)?).unwrap_or_default(),
                    end: u64::try_from(r.get::<_, i64>(11)?).unwrap_or_default(),
                    note: crate::markdown::literal_html(&r.get::<_, String>(12)?),
                    tags: serde_json::from_str(&tags)?,
                    colour: r.get(14)?,
                    created: r.get(15)?,
                    modified: r.get(16)?,
                    meeting: body
                        .zip(date)
                        .map(|(body, date)| meeting_ref(council, body, date)),
                    paper_kind: r.get(20)?,
                },
            });
        }
        Ok(out)
    }

    /// Stores a colleague's bundle, checked first (`share::check`), in one
    /// transaction: their notes, questions and flag decisions under their
    /// names. Items already imported are replaced only by a newer version
    /// (a later `modified`); an id that is the member's own is skipped and
    /// said in the report (a bundle never overwrites the member's work);
    /// a colleague's dismissal applies only where the member has not
    /// decided on that flag. Importing the same bundle again changes nothing.
    pub fn import_bundle(&mut self, bundle: &Bundle) -> Result<ImportReport, StoreError> {
        share::check(bundle)?;
        let parts = bundle
            .annotations
            .iter()
            .enumerate()
            .map(|(i, a)| a.parts(i))
            .collect::<Result<Vec<_>, _>>()?;
        let mut report = ImportReport {
            author: bundle.author.trim().to_string(),
            ..ImportReport::default()
        };
        let mut t = Tally::default();
        let tx = self.conn_mut().transaction()?;
        for p in &parts {
            let o = upsert_annotation(&tx, p)?;
            tally(&mut report.annotations, &mut t, o, false);
        }
        for h in &bundle.flags.hand {
            let o = upsert_hand_flag(&tx, h)?;
            tally(&mut report.flags, &mut t, o, false);
        }
        for d in &bundle.flags.dismissed {
            let o = upsert_dismissal(&tx, &d.key, &d.reason, &d.when, d.author.trim())?;
            tally(&mut report.flags, &mut t, o, true);
        }
        for q in &bundle.questions {
            let o = upsert_question(&tx, q)?;
            tally(&mut report.questions, &mut t, o, false);
        }
        tx.commit()?;
        let uids: HashSet<&str> = parts.iter().map(|p| p.uid.as_str()).collect();
        report.waiting = self
            .annotations(None)?
            .iter()
            .filter(|a| {
                a.state == AnchorState::Waiting
                    && a.author.is_some()
                    && uids.contains(a.uid.as_str())
            })
            .count();
        if t.yours > 0 {
            report.skipped.push(format!(
                "{} skipped: {} your own, sent back to you; a bundle never replaces your own notes or questions.",
                count(t.yours, "item"),
                if t.yours == 1 { "it is" } else { "they are" }
            ));
        }
        if t.other > 0 {
            report.skipped.push(format!(
                "{} skipped: {} already in your library from another colleague, and {} left as that colleague made {}.",
                count(t.other, "item"),
                if t.other == 1 { "it is" } else { "they are" },
                if t.other == 1 { "is" } else { "are" },
                if t.other == 1 { "it" } else { "them" }
            ));
        }
        match t.decided {
            0 => {}
            1 => report.skipped.push(
                "You had already decided on one of these flags: your decision stands.".into(),
            ),
            n => report.skipped.push(format!(
                "You had already decided on {n} of these flags: your decisions stand."
            )),
        }
        report.message = report.sentence();
        Ok(report)
    }
}

fn upsert_annotation(tx: &Transaction, p: &AnnotationParts) -> Result<Outcome, StoreError> {
    let existing: Option<(Option<String>, String)> = tx
        .query_row(
            "SELECT author, updated_at FROM annotations WHERE uid = ?1",
            [&p.uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (council, body, date) = match &p.meeting {
        Some(m) => (
            m.council.clone(),
            Some(m.body.clone()),
            Some(m.date.clone()),
        ),
        None => (None, None, None),
    };
    let values = params![
        p.uid,
        p.sha256,
        p.paper_position,
        p.item_position,
        p.item_title,
        p.exact,
        p.prefix,
        p.suffix,
        p.start as i64,
        p.end as i64,
        p.page,
        p.colour,
        p.note,
        serde_json::to_string(&p.tags)?,
        stored_time(&p.created),
        stored_time(&p.modified),
        p.author,
        council,
        body,
        date,
        p.paper_kind
    ];
    match existing {
        None => {
            tx.execute(
                "INSERT INTO annotations (uid, sha256, paper_position, item_position, item_title, exact, prefix, suffix, start, end, page,
                                          colour, note, tags, created_at, updated_at, author, council, body, date, paper_kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                values,
            )?;
            Ok(Outcome::Added)
        }
        Some((None, _)) => Ok(Outcome::Yours),
        Some((Some(a), _)) if a != p.author => Ok(Outcome::Other),
        Some((Some(_), at)) if newer(&p.modified, &at) => {
            // A hidden one stays hidden: that was the member's choice.
            tx.execute(
                "UPDATE annotations SET sha256 = ?2, paper_position = ?3, item_position = ?4, item_title = ?5, exact = ?6, prefix = ?7,
                        suffix = ?8, start = ?9, end = ?10, page = ?11, colour = ?12, note = ?13, tags = ?14, created_at = ?15,
                        updated_at = ?16, author = ?17, council = ?18, body = ?19, date = ?20, paper_kind = ?21
                 WHERE uid = ?1",
                values,
            )?;
            Ok(Outcome::Updated)
        }
        Some(_) => Ok(Outcome::Unchanged),
    }
}

fn upsert_hand_flag(tx: &Transaction, h: &SharedHandFlag) -> Result<Outcome, StoreError> {
    let author = h.author.trim();
    let existing: Option<(i64, Option<String>)> = tx
        .query_row(
            "SELECT id, author FROM hand_flags WHERE uid = ?1",
            [&h.uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, outcome) = match existing {
        None => {
            tx.execute(
                "INSERT INTO hand_flags (target, note, created_at, uid, author) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![h.target, h.note.trim(), stored_time(&h.when), h.uid, author],
            )?;
            (tx.last_insert_rowid(), Outcome::Added)
        }
        Some((_, None)) => return Ok(Outcome::Yours),
        Some((_, Some(a))) if a != author => return Ok(Outcome::Other),
        Some((id, Some(_))) => (id, Outcome::Unchanged),
    };
    // Flags by hand never change; their author may have dismissed one since.
    if let Some(d) = &h.dismissed {
        let o = upsert_dismissal(tx, &format!("{BY_HAND}{id}"), &d.reason, &d.when, author)?;
        if matches!(
            (&outcome, o),
            (Outcome::Unchanged, Outcome::Added | Outcome::Updated)
        ) {
            return Ok(Outcome::Updated);
        }
    }
    Ok(outcome)
}

fn upsert_dismissal(
    tx: &Transaction,
    key: &str,
    reason: &str,
    when: &str,
    author: &str,
) -> Result<Outcome, StoreError> {
    let existing: Option<(Option<String>, String)> = tx
        .query_row(
            "SELECT author, dismissed_at FROM flag_dismissals WHERE flag_key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match existing {
        None => {
            tx.execute(
                "INSERT INTO flag_dismissals (flag_key, reason, dismissed_at, author) VALUES (?1, ?2, ?3, ?4)",
                params![key, reason.trim(), stored_time(when), author],
            )?;
            Ok(Outcome::Added)
        }
        // The member decided: their decision stands.
        Some((None, _)) => Ok(Outcome::Yours),
        Some((Some(a), _)) if a != author => Ok(Outcome::Other),
        Some((Some(_), at)) if newer(when, &at) => {
            tx.execute(
                "UPDATE flag_dismissals SET reason = ?2, dismissed_at = ?3 WHERE flag_key = ?1",
                params![key, reason.trim(), stored_time(when)],
            )?;
            Ok(Outcome::Updated)
        }
        Some(_) => Ok(Outcome::Unchanged),
    }
}

fn upsert_question(tx: &Transaction, q: &SharedQuestion) -> Result<Outcome, StoreError> {
    let author = q.author.trim();
    let existing: Option<(i64, Option<String>, String)> = tx
        .query_row(
            "SELECT id, author, updated_at FROM questions WHERE uid = ?1",
            [&q.uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let values = params![
        q.uid,
        q.meeting.council,
        q.meeting.body,
        q.meeting.date,
        q.position,
        q.text,
        q.to.trim(),
        q.status,
        q.answer,
        q.answer_annotation,
        stored_time(&q.created),
        stored_time(&q.modified),
        author
    ];
    let (id, outcome) = match existing {
        None => {
            tx.execute(
                "INSERT INTO questions (uid, council, body, date, position, text, addressee, status, answer, answer_annotation, created_at, updated_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                values,
            )?;
            (tx.last_insert_rowid(), Outcome::Added)
        }
        Some((_, None, _)) => return Ok(Outcome::Yours),
        Some((_, Some(a), _)) if a != author => return Ok(Outcome::Other),
        Some((id, Some(_), at)) if newer(&q.modified, &at) => {
            tx.execute(
                "UPDATE questions SET council = ?2, body = ?3, date = ?4, position = ?5, text = ?6, addressee = ?7, status = ?8, answer = ?9,
                        answer_annotation = ?10, created_at = ?11, updated_at = ?12, author = ?13
                 WHERE uid = ?1",
                values,
            )?;
            tx.execute("DELETE FROM question_evidence WHERE question_id = ?1", [id])?;
            (id, Outcome::Updated)
        }
        Some(_) => return Ok(Outcome::Unchanged),
    };
    for (i, e) in q.evidence.iter().enumerate() {
        // A flag by hand is named by its uid in a bundle: this library's id for it.
        let target = match e
            .target
            .as_deref()
            .and_then(|t| t.strip_prefix(BY_HAND_UID))
        {
            Some(uid) => tx
                .query_row("SELECT id FROM hand_flags WHERE uid = ?1", [uid], |r| {
                    r.get::<_, i64>(0)
                })
                .optional()?
                .map_or_else(|| e.target.clone(), |id| Some(format!("{BY_HAND}{id}"))),
            None => e.target.clone(),
        };
        tx.execute(
            "INSERT INTO question_evidence (question_id, position, kind, annotation, target, label, page) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, i as i64, e.kind, e.annotation, target, e.label, e.page],
        )?;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_says_what_happened_in_a_sentence() {
        let mut r = ImportReport {
            author: "Cllr A".into(),
            ..ImportReport::default()
        };
        r.annotations = ShareCounts {
            added: 3,
            updated: 1,
            unchanged: 2,
            skipped: 0,
        };
        r.questions.added = 1;
        r.waiting = 1;
        assert_eq!(
            r.sentence(),
            "From Cllr A: added 3 notes and 1 question; replaced 1 note with newer versions. 2 items already in your library were left as they were. \
             1 note waits for papers you do not have yet; it will appear once you import those papers."
        );
        let r = ImportReport {
            author: "Cllr A".into(),
            questions: ShareCounts {
                unchanged: 4,
                ..ShareCounts::default()
            },
            ..ImportReport::default()
        };
        assert!(r.nothing_new());
        assert_eq!(
            r.sentence(),
            "Nothing new from Cllr A: everything in this bundle is already in your library."
        );
    }

    #[test]
    fn a_library_of_version_11_gets_meetings_on_its_notes_and_uids_on_its_flags() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        for sql in &super::super::MIGRATION_SQL[..11] {
            conn.execute_batch(sql).unwrap();
        }
        let sha = "ab".repeat(32);
        conn.execute_batch(&format!(
            "PRAGMA user_version = 11;
             INSERT INTO documents (id, file_name, sha256, size, format, content, imported_at) VALUES (1, 'pack.txt', '{sha}', 0, 'text', x'', '2026-01-01T00:00:00Z');
             INSERT INTO meetings (id, council, body, date) VALUES (7, 'Kent County Council', 'Cabinet', '2018-03-26');
             INSERT INTO papers (id, document_id, position, kind, meeting_id) VALUES (3, 1, 0, 'agenda', 7);
             INSERT INTO annotations (uid, sha256, paper_position, item_position, item_title, exact, prefix, suffix, start, end, colour, created_at, updated_at)
                 VALUES ('0123456789abcdef', '{sha}', 0, 2, 'Budget', 'words', '', '', 0, 5, 'ask', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO hand_flags (target, note, created_at) VALUES ('{sha}|t0|x|0', 'a', '2026-01-01T00:00:00Z');
             INSERT INTO hand_flags (target, note, created_at) VALUES ('{sha}|t0|y|0', 'b', '2026-01-01T00:00:00Z');"
        ))
        .unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute_batch(super::super::MIGRATION_SQL[11]).unwrap();
        let row: (Option<String>, String, String, String, Option<String>) = tx
            .query_row(
                "SELECT council, body, date, paper_kind, author FROM annotations",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            (
                Some("Kent County Council".into()),
                "Cabinet".into(),
                "2018-03-26".into(),
                "agenda".into(),
                None
            ),
            "the note knows its meeting"
        );
        let uids: Vec<String> = tx
            .prepare("SELECT uid FROM hand_flags")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            uids.len() == 2 && uids[0] != uids[1] && uids.iter().all(|u| u.len() == 32),
            "each flag by hand has its own uid: {uids:?}"
        );
    }

    #[test]
    fn only_a_later_time_is_newer() {
        assert!(newer("2026-01-02T00:00:00Z", "2026-01-01T23:59:59Z"));
        assert!(
            !newer("2026-01-01T00:00:00+01:00", "2025-12-31T23:00:00Z"),
            "the same moment in another zone"
        );
        assert!(!newer("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"));
        assert_eq!(
            stored_time("2026-01-01T01:00:00+01:00"),
            "2026-01-01T00:00:00Z"
        );
    }
}
