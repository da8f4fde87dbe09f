//! Share bundles (issue 13) on real library files: one member's notes,
//! questions and flag decisions exported, then imported by a colleague
//! holding the same papers, a revised copy of one, or not yet the paper;
//! imported twice, and again after changes; then 30 malformed bundles,
//! each refused with its own message and the library left as it was.

use std::collections::BTreeMap;
use std::path::Path;

use scrutineer::annotations::AnchorState;
use scrutineer::ids::{ItemId, MeetingId};
use scrutineer::share::{self, Bundle};
use scrutineer::store::{AnnotationView, EvidenceInput, QuestionStatus, QuestionView};
use scrutineer::{FileOutcome, Library};

use crate::common::{now, sample, scrutineer, stderr, stdout, TempLibrary};

const PACK: &str = "Kent Cabinet 2018-03-26";
const MINUTES: &str = "Kent Cabinet 2022-12-01";
const ADA: &str = "Cllr Ada Brown";

// Passages of the March 2018 pack's budget monitoring item (as in
// tests/annotations.rs): reworded, below an insertion, moved and removed
// in the revised copy below.
const REWORDED: &str =
    "The forecast for asylum services has decreased by -£0.378m since the December report";
const BELOW: &str = "Within Children’s Assessment Staffing, a net +£1.3m pressure is forecast";
const MOVED: &str = "The forecast variance for 'Adult Health & Social Care – Adults' is -£0.6m.";
const REMOVED: &str = "We continue to lobby Ministers and officials for full reimbursement.";
/// From the December 2022 minutes.
const RECYCLING: &str =
    "The income generated through recycling had been affected by market changes";

fn text_of(name: &str) -> String {
    std::fs::read_to_string(sample(name)).expect("sample")
}

fn import(lib: &mut Library, name: &str, text: &str) {
    match scrutineer::import_bytes(lib, name, text.as_bytes(), now()).expect("imports") {
        FileOutcome::Imported { .. } => {}
        other => panic!("{name}: {other:?}"),
    }
}

/// The March 2018 pack republished: one paragraph reworded, one inserted,
/// one moved, one sentence removed.
fn revised_pack() -> String {
    let original = text_of(PACK);
    let moved_line = original
        .lines()
        .find(|l| l.contains(MOVED))
        .expect("the moved paragraph")
        .to_string();
    let revised = original
        .replacen(
            REWORDED,
            "The forecast for asylum services has fallen by -£0.378m since the December report",
            1,
        )
        .replacen(
            "3.4.2.2 Within",
            "3.4.2.1A A new paragraph on agency staff was added here.\n\n3.4.2.2 Within",
            1,
        )
        .replacen(&format!("{moved_line}\n"), "", 1)
        .replacen(
            "5. REVENUE BUDGET VIREMENTS/CHANGES TO BUDGETS",
            &format!("{moved_line}\n\n5. REVENUE BUDGET VIREMENTS/CHANGES TO BUDGETS"),
            1,
        )
        .replacen(&format!(" {REMOVED}"), "", 1);
    assert_ne!(revised, original);
    revised
}

fn meeting(lib: &Library, date: &str) -> MeetingId {
    lib.library_index()
        .unwrap()
        .meetings
        .iter()
        .find(|m| m.date == date)
        .unwrap_or_else(|| panic!("a meeting on {date}"))
        .id
}

fn item(lib: &Library, date: &str, title: &str) -> ItemId {
    let detail = lib.get_meeting(meeting(lib, date)).unwrap();
    let found: Vec<ItemId> = detail
        .items()
        .filter(|i| i.title.starts_with(title))
        .map(|i| i.id)
        .collect();
    *found
        .last()
        .unwrap_or_else(|| panic!("an item {title} on {date}"))
}

/// Every row of every table, in order: the library "query for query".
fn snapshot(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open the library file");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{t}\"")))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push_str(&t);
            for i in 0..n {
                out.push_str(&format!("|{:?}", r.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}

/// Library A: both samples, with notes, questions and flag decisions.
struct Prepared {
    dir: TempLibrary,
    march: MeetingId,
    questions: Vec<i64>,
    notes: Vec<i64>,
}

fn prepare_a() -> Prepared {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "pack.txt", &text_of(PACK));
    import(&mut lib, "minutes.txt", &text_of(MINUTES));
    let budget = item(&lib, "2018-03-26", "Revenue and Capital Budget Monitoring");
    let mut notes = Vec::new();
    for (quote, note, tags, colour) in [
        (
            REWORDED,
            "Ask **why** asylum fell",
            vec!["asylum", "finance"],
            "ask",
        ),
        (
            BELOW,
            "Agency staff? See [the report](https://democracy.kent.gov.uk/)",
            vec!["staffing"],
            "concern",
        ),
        (MOVED, "", vec![], "good"),
        (REMOVED, "Has lobbying worked?", vec!["lobbying"], "check"),
    ] {
        let tags: Vec<String> = tags.into_iter().map(String::from).collect();
        notes.push(
            lib.annotate(budget, quote, note, &tags, colour)
                .expect("annotated"),
        );
    }
    let recycling = item(&lib, "2022-12-01", "Revenue and Capital Budget Monitoring");
    notes.push(
        lib.annotate(
            recycling,
            RECYCLING,
            "Which markets?",
            &["waste".to_string()],
            "ask",
        )
        .unwrap(),
    );

    let march = meeting(&lib, "2018-03-26");
    let flags = lib.meeting_flags(march).unwrap();
    let overspend = flags
        .flags
        .iter()
        .find(|f| f.rule == scrutineer::flags::Rule::VarianceOverThreshold)
        .expect("an overspend flag")
        .key
        .clone();
    let rephasing = flags
        .flags
        .iter()
        .find(|f| f.rule == scrutineer::flags::Rule::Rephasing)
        .expect("a re-phasing flag")
        .key
        .clone();
    let line = flags
        .targets
        .iter()
        .find(|t| t.kind == "line")
        .expect("a budget line")
        .key
        .clone();
    let other_line = flags
        .targets
        .iter()
        .filter(|t| t.kind == "line")
        .nth(3)
        .expect("another line")
        .key
        .clone();
    lib.dismiss_flag(&rephasing, "Re-phasing is routine at year end")
        .unwrap();
    let hand = lib.add_hand_flag(&line, "Watch this one").unwrap();
    let dropped = lib.add_hand_flag(&other_line, "Flagged in error").unwrap();
    lib.dismiss_flag(&format!("by_hand|{dropped}"), "Not a concern after all")
        .unwrap();

    let q1 = lib
        .add_question(
            march,
            "",
            "Cabinet Member for Finance",
            &[
                EvidenceInput::Flag { key: overspend },
                EvidenceInput::Annotation { id: notes[0] },
                EvidenceInput::Line { key: line },
                EvidenceInput::Flag {
                    key: format!("by_hand|{hand}"),
                },
            ],
        )
        .unwrap();
    let q2 = lib
        .add_question(
            march,
            "Why is **Schools** overspent?",
            "Corporate Director",
            &[EvidenceInput::Annotation { id: notes[1] }],
        )
        .unwrap();
    let q3 = lib
        .add_question(march, "And the lobbying?", "Leader", &[])
        .unwrap();
    lib.move_question(q3, 1).unwrap();
    lib.update_question(
        q2,
        "Why is **Schools** overspent?",
        "Corporate Director",
        QuestionStatus::Answered,
        "A recovery plan is in hand.",
    )
    .unwrap();
    let december = meeting(&lib, "2022-12-01");
    let q4 = lib
        .add_question(december, "What happened to recycling income?", "", &[])
        .unwrap();
    drop(lib);
    Prepared {
        dir,
        march,
        questions: vec![q1, q2, q3, q4],
        notes,
    }
}

/// An annotation as a member sees it, without ids or author: quote,
/// note, tags, highlight, state, item title, page, place, on a revision.
type SeenNote = (
    String,
    String,
    Vec<String>,
    String,
    AnchorState,
    Option<String>,
    Option<u32>,
    Option<usize>,
    Option<usize>,
    bool,
);

fn seen_note(lib: &Library, a: &AnnotationView) -> SeenNote {
    let item = a.item_id.map(|i| lib.get_item(i).unwrap().summary.title);
    (
        a.quote.clone(),
        a.note.clone(),
        a.tags.clone(),
        a.colour.clone(),
        a.state,
        item,
        a.page,
        a.start,
        a.end,
        a.on_revision,
    )
}

/// A question as a member sees it, without ids or author; a quote's
/// evidence by its note's words, a flag by hand by its note.
fn seen_question(lib: &Library, q: &QuestionView) -> String {
    let notes = lib.annotations(None).unwrap();
    let evidence: Vec<String> = q
        .evidence
        .iter()
        .map(|e| {
            let target = match (e.kind.as_str(), &e.target) {
                ("quote", Some(id)) => notes
                    .iter()
                    .find(|a| a.id.to_string() == *id)
                    .map(|a| a.quote.clone()),
                (_, Some(t)) if t.starts_with("by_hand|") => Some("by hand".into()),
                (_, t) => t.clone(),
            };
            let label = e
                .label
                .replace(&format!("flagged by {ADA}"), "flagged by you");
            let item = e.item_id.map(|i| lib.get_item(i).unwrap().summary.title);
            format!(
                "{}|{label}|{item:?}|{:?}|{:?}|{target:?}",
                e.kind, e.page, e.state
            )
        })
        .collect();
    format!(
        "{}|{}|{}|{:?}|{}|{}|{evidence:?}",
        q.position, q.text, q.to, q.status, q.answer, q.meeting
    )
}

fn flag_states(lib: &Library, m: MeetingId) -> BTreeMap<String, (Option<String>, Option<String>)> {
    lib.meeting_flags(m)
        .unwrap()
        .flags
        .into_iter()
        .map(|f| {
            // A flag by hand by its target and note (its key has this library's id).
            let key = match &f.hand {
                Some(h) => format!("by hand|{}|{}", f.target, h.note),
                None => f.key.clone(),
            };
            (key, (f.dismissed.map(|d| d.reason), f.hand.map(|h| h.note)))
        })
        .collect()
}

#[test]
fn a_bundle_round_trips_into_a_library_with_the_same_papers() {
    let a = prepare_a();
    let lib_a = a.dir.open();
    let bundle = lib_a.export_bundle(None, ADA, false, now()).unwrap();
    assert_eq!(
        (bundle.annotations.len(), bundle.questions.len()),
        (5, 4),
        "every note and question"
    );
    assert_eq!(
        (bundle.flags.dismissed.len(), bundle.flags.hand.len()),
        (1, 2)
    );
    assert!(
        bundle.flags.hand.iter().any(|h| h
            .dismissed
            .as_ref()
            .is_some_and(|d| d.reason == "Not a concern after all")),
        "a dismissed flag by hand keeps its dismissal"
    );
    let first = &bundle.annotations[0];
    assert_eq!(first.context, "http://www.w3.org/ns/anno.jsonld");
    assert!(
        first.id.starts_with("urn:scrutineer:annotation:")
            && first.target.source.starts_with("urn:sha256:"),
        "{first:?}"
    );
    assert_eq!(
        first
            .target
            .meeting
            .as_ref()
            .map(|m| (m.body.as_str(), m.date.as_str())),
        Some(("Cabinet", "2018-03-26"))
    );

    // Written, read back: the same bundle.
    let file = a.dir.dir.path().join("ada.scrutineer");
    share::write_bundle(&file, &bundle).unwrap();
    let read = share::read_bundle_file(&file).unwrap();
    assert_eq!(read, bundle, "what is written is read back whole");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(json["annotations"][0]["type"], "Annotation");
    assert_eq!(
        json["annotations"][0]["target"]["selector"][0]["type"],
        "TextQuoteSelector"
    );
    assert_eq!(json["annotations"][0]["body"][0]["format"], "text/markdown");

    // B holds the same papers, imported the other way round (other ids).
    let dir_b = TempLibrary::new();
    let mut lib_b = dir_b.open();
    import(&mut lib_b, "minutes.txt", &text_of(MINUTES));
    import(&mut lib_b, "pack.txt", &text_of(PACK));
    let report = lib_b.import_bundle(&read).unwrap();
    assert_eq!(
        (
            report.annotations.added,
            report.questions.added,
            report.flags.added,
            report.waiting
        ),
        (5, 4, 3, 0),
        "{report:?}"
    );
    assert!(
        report.message.starts_with(&format!(
            "From {ADA}: added 5 notes, 4 questions and 3 flag decisions."
        )),
        "{}",
        report.message
    );

    let notes_a = lib_a.annotations(None).unwrap();
    let notes_b = lib_b.annotations(None).unwrap();
    assert_eq!(notes_a.len(), notes_b.len());
    for na in &notes_a {
        let nb = notes_b
            .iter()
            .find(|n| n.uid == na.uid)
            .expect("the same note by its uid");
        assert_eq!(
            seen_note(&lib_b, nb),
            seen_note(&lib_a, na),
            "the note on {:?} is the same in B",
            na.quote
        );
        assert_eq!(
            (na.author.as_deref(), nb.author.as_deref()),
            (None, Some(ADA)),
            "B shows it under Ada's name"
        );
    }
    for date in ["2018-03-26", "2022-12-01"] {
        let qa = lib_a.questions(Some(meeting(&lib_a, date))).unwrap();
        let qb = lib_b.questions(Some(meeting(&lib_b, date))).unwrap();
        let seen = |lib: &Library, qs: &[QuestionView]| {
            qs.iter().map(|q| seen_question(lib, q)).collect::<Vec<_>>()
        };
        assert_eq!(
            seen(&lib_b, &qb),
            seen(&lib_a, &qa),
            "the questions of {date}: text, to, status, answer, order, evidence"
        );
        assert!(qb.iter().all(|q| q.author.as_deref() == Some(ADA)));
    }
    let march_b = meeting(&lib_b, "2018-03-26");
    assert_eq!(
        flag_states(&lib_b, march_b),
        flag_states(&lib_a, a.march),
        "every flag dismissed or added by hand alike"
    );
    let hand_b = lib_b
        .meeting_flags(march_b)
        .unwrap()
        .flags
        .into_iter()
        .filter(|f| f.hand.is_some())
        .collect::<Vec<_>>();
    assert!(
        hand_b
            .iter()
            .all(|f| f.hand.as_ref().unwrap().author.as_deref() == Some(ADA)
                && f.reason.contains(&format!("flagged by {ADA}"))),
        "{hand_b:?}"
    );
    let q1 = lib_b
        .questions(Some(march_b))
        .unwrap()
        .into_iter()
        .find(|q| q.evidence.len() == 4)
        .unwrap();
    let by_hand = q1
        .evidence
        .iter()
        .find(|e| {
            e.target
                .as_deref()
                .is_some_and(|t| t.starts_with("by_hand|"))
        })
        .unwrap();
    assert!(
        by_hand.label.contains("Watch this one"),
        "the flag by hand it cites is B's copy of Ada's: {by_hand:?}"
    );

    // The same bundle again: nothing changes.
    drop(lib_b);
    let before = snapshot(&dir_b.path);
    let mut lib_b = dir_b.open();
    let again = lib_b.import_bundle(&read).unwrap();
    assert!(again.nothing_new(), "{again:?}");
    assert_eq!(
        (
            again.annotations.unchanged,
            again.questions.unchanged,
            again.flags.unchanged
        ),
        (5, 4, 3)
    );
    assert!(
        again
            .message
            .starts_with(&format!("Nothing new from {ADA}")),
        "{}",
        again.message
    );
    drop(lib_b);
    assert_eq!(
        snapshot(&dir_b.path),
        before,
        "importing the same bundle twice changes nothing"
    );

    // B's own work, then a newer bundle from A: A's changes replace the
    // older versions; B's own note, question and decision are untouched.
    let mut lib_b = dir_b.open();
    let budget_b = item(
        &lib_b,
        "2018-03-26",
        "Revenue and Capital Budget Monitoring",
    );
    let own_note = lib_b
        .annotate(budget_b, MOVED, "My own view", &[], "check")
        .unwrap();
    let own_q = lib_b
        .add_question(march_b, "My own question", "", &[])
        .unwrap();
    let ada_flags = lib_a.meeting_flags(a.march).unwrap();
    let undecided = ada_flags
        .flags
        .iter()
        .find(|f| f.dismissed.is_none() && f.hand.is_none())
        .unwrap()
        .key
        .clone();
    lib_b
        .dismiss_flag(&undecided, "B: already asked in January")
        .unwrap();
    let own_before = (
        lib_b
            .annotations(None)
            .unwrap()
            .into_iter()
            .find(|n| n.id == own_note)
            .unwrap(),
        lib_b
            .questions(Some(march_b))
            .unwrap()
            .into_iter()
            .find(|q| q.id == own_q)
            .unwrap(),
    );
    assert_eq!(
        own_before.1.position, 1,
        "B's own question is first in B's running order"
    );
    drop(lib_a);
    // Stamps are to the second: make the edits later than the first export.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut lib_a = a.dir.open();
    lib_a
        .update_annotation(
            a.notes[0],
            "Ask why asylum fell, and by how much",
            &["asylum".to_string()],
            "concern",
        )
        .unwrap();
    lib_a
        .update_question(
            a.questions[3],
            "What happened to recycling income since the spring?",
            "Cabinet Member",
            QuestionStatus::Ready,
            "",
        )
        .unwrap();
    lib_a.dismiss_flag(&undecided, "A: not material").unwrap();
    let newer = lib_a.export_bundle(None, ADA, false, now()).unwrap();
    let report = lib_b.import_bundle(&newer).unwrap();
    assert_eq!(
        (
            report.annotations.updated,
            report.questions.updated,
            report.annotations.unchanged
        ),
        (1, 1, 4),
        "{report:?}"
    );
    assert_eq!(
        report.flags.skipped, 1,
        "B had decided that flag: {report:?}"
    );
    assert!(
        report
            .message
            .contains("You had already decided on one of these flags: your decision stands."),
        "{}",
        report.message
    );
    let changed = lib_b
        .annotations(None)
        .unwrap()
        .into_iter()
        .find(|n| n.uid == newer.annotations[0].id.rsplit(':').next().unwrap())
        .unwrap();
    assert_eq!(
        (
            changed.note.as_str(),
            changed.tags.clone(),
            changed.colour.as_str()
        ),
        (
            "Ask why asylum fell, and by how much",
            vec!["asylum".to_string()],
            "concern"
        )
    );
    let qs = lib_b
        .questions(Some(meeting(&lib_b, "2022-12-01")))
        .unwrap();
    assert_eq!(
        (qs[0].text.as_str(), qs[0].status),
        (
            "What happened to recycling income since the spring?",
            QuestionStatus::Ready
        )
    );
    let own_after = (
        lib_b
            .annotations(None)
            .unwrap()
            .into_iter()
            .find(|n| n.id == own_note)
            .unwrap(),
        lib_b
            .questions(Some(march_b))
            .unwrap()
            .into_iter()
            .find(|q| q.id == own_q)
            .unwrap(),
    );
    assert_eq!(
        own_after, own_before,
        "B's own note and question are untouched"
    );
    let b_flag = lib_b
        .meeting_flags(march_b)
        .unwrap()
        .flags
        .into_iter()
        .find(|f| f.key == undecided)
        .unwrap()
        .dismissed
        .unwrap();
    assert_eq!(
        (b_flag.reason.as_str(), b_flag.author),
        ("B: already asked in January", None),
        "B's decision stands"
    );
    // Colleagues' questions follow the member's own in running order.
    let order: Vec<Option<String>> = lib_b
        .questions(Some(march_b))
        .unwrap()
        .into_iter()
        .map(|q| q.author)
        .collect();
    assert_eq!(order.first(), Some(&None));
    assert!(
        order[1..].iter().all(|a| a.as_deref() == Some(ADA)),
        "{order:?}"
    );

    // The older bundle once more: ignored, the newer versions stay.
    let older = lib_b.import_bundle(&bundle).unwrap();
    assert!(
        older.nothing_new(),
        "an older version is ignored: {older:?}"
    );
    let still = lib_b
        .annotations(None)
        .unwrap()
        .into_iter()
        .find(|n| n.uid == changed.uid)
        .unwrap();
    assert_eq!(still.note, "Ask why asylum fell, and by how much");

    // Exported for one meeting: only its notes, questions and flags.
    let december = meeting(&lib_a, "2022-12-01");
    let one = lib_a
        .export_bundle(Some(&[december]), ADA, false, now())
        .unwrap();
    assert_eq!(
        (
            one.annotations.len(),
            one.questions.len(),
            one.flags.dismissed.len() + one.flags.hand.len()
        ),
        (1, 1, 0),
        "{one:#?}"
    );
    assert_eq!(one.meetings.len(), 1);
    // B's bundle leaves Ada's items out unless asked to pass them on.
    let from_b = lib_b
        .export_bundle(None, "Cllr Ben Cole", false, now())
        .unwrap();
    assert_eq!(
        (from_b.annotations.len(), from_b.questions.len()),
        (1, 1),
        "only B's own work"
    );
    let passed_on = lib_b
        .export_bundle(None, "Cllr Ben Cole", true, now())
        .unwrap();
    assert_eq!(passed_on.annotations.len(), 6);
    assert!(
        passed_on
            .annotations
            .iter()
            .filter(|n| n.creator.name == ADA)
            .count()
            == 5,
        "Ada's notes keep her name"
    );
    // Ada imports what B passed on: her own items are skipped and said so.
    let back = lib_a.import_bundle(&passed_on).unwrap();
    assert_eq!(
        (back.annotations.added, back.annotations.skipped),
        (1, 5),
        "{back:?}"
    );
    assert!(
        back.message.contains(
            "your own, sent back to you; a bundle never replaces your own notes or questions"
        ),
        "{}",
        back.message
    );
}

#[test]
fn notes_re_anchor_on_a_revised_copy_of_the_paper() {
    let a = prepare_a();
    let bundle = a.dir.open().export_bundle(None, ADA, false, now()).unwrap();
    // C holds only the republished pack: another sha256, the same meeting.
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "pack (republished).txt", &revised_pack());
    import(&mut lib, "minutes.txt", &text_of(MINUTES));
    let report = lib.import_bundle(&bundle).unwrap();
    assert_eq!(
        report.waiting, 0,
        "the revised copy is the same meeting's paper: {report:?}"
    );
    let notes = lib.annotations(None).unwrap();
    let by_quote = |q: &str| {
        notes
            .iter()
            .find(|n| n.quote == q)
            .unwrap_or_else(|| panic!("{q}"))
    };
    let got: Vec<(AnchorState, bool)> = [REWORDED, BELOW, MOVED, REMOVED]
        .iter()
        .map(|q| (by_quote(q).state, by_quote(q).on_revision))
        .collect();
    assert_eq!(
        got,
        vec![
            (AnchorState::Moved, true),
            (AnchorState::Exact, true),
            (AnchorState::Moved, true),
            (AnchorState::Orphan, true)
        ],
        "reworded, below an insertion, moved, removed"
    );
    let budget = item(&lib, "2018-03-26", "Revenue and Capital Budget Monitoring");
    assert_eq!(
        by_quote(BELOW).item_id,
        Some(budget),
        "shown on the revised copy's item"
    );
    let text = lib.get_item(budget).unwrap().text;
    let moved = by_quote(MOVED);
    assert_eq!(
        &text[moved.start.unwrap()..moved.end.unwrap()],
        MOVED,
        "found where it now stands"
    );
    assert!(
        by_quote(REWORDED)
            .now
            .as_deref()
            .is_some_and(|n| n.contains("has fallen by")),
        "says what it reads now"
    );
    assert_eq!(
        by_quote(RECYCLING).state,
        AnchorState::Exact,
        "the minutes are the same bytes"
    );
    assert_eq!(
        lib.annotations(Some(meeting(&lib, "2018-03-26")))
            .unwrap()
            .len(),
        4,
        "listed with their meeting"
    );
}

#[test]
fn notes_on_a_paper_not_held_wait_and_anchor_when_it_is_imported() {
    let a = prepare_a();
    let bundle = a.dir.open().export_bundle(None, ADA, false, now()).unwrap();
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "minutes.txt", &text_of(MINUTES));
    let report = lib.import_bundle(&bundle).unwrap();
    assert_eq!(
        (report.annotations.added, report.waiting),
        (5, 4),
        "{report:?}"
    );
    assert!(
        report
            .message
            .contains("4 notes wait for papers you do not have yet"),
        "{}",
        report.message
    );
    let notes = lib.annotations(None).unwrap();
    let waiting: Vec<&AnnotationView> = notes
        .iter()
        .filter(|n| n.state == AnchorState::Waiting)
        .collect();
    assert_eq!(waiting.len(), 4);
    for w in &waiting {
        assert_eq!(
            (w.item_id, w.start, w.author.as_deref()),
            (None, None, Some(ADA))
        );
        assert_eq!(
            w.waiting_for.as_deref(),
            Some("the agenda of Cabinet, 2018-03-26"),
            "says which paper it waits for"
        );
        assert!(
            !w.quote.is_empty() && w.page.is_some(),
            "keeps its quote and page: {w:?}"
        );
    }
    let open = lib.questions(None).unwrap();
    assert_eq!(
        open.len(),
        3,
        "questions wait with their meeting too (one was answered)"
    );
    assert!(open
        .iter()
        .filter(|q| q.meeting.contains("2018-03-26"))
        .all(|q| q.meeting_id.is_none()));

    import(&mut lib, "pack.txt", &text_of(PACK));
    let notes = lib.annotations(None).unwrap();
    assert!(
        notes
            .iter()
            .all(|n| n.state == AnchorState::Exact && n.waiting_for.is_none()),
        "anchored by themselves: {notes:#?}"
    );
    let march = meeting(&lib, "2018-03-26");
    assert_eq!(lib.annotations(Some(march)).unwrap().len(), 4);
    let qs = lib.questions(Some(march)).unwrap();
    assert_eq!(qs.len(), 3);
    let quote = qs
        .iter()
        .flat_map(|q| &q.evidence)
        .find(|e| e.kind == "quote")
        .unwrap();
    assert_eq!(
        quote.state,
        Some(AnchorState::Exact),
        "a question's quoted evidence anchors with its note"
    );
}

/// A valid bundle's JSON to spoil, and a library to keep unchanged.
fn base() -> (Prepared, serde_json::Value) {
    let a = prepare_a();
    let bundle = a.dir.open().export_bundle(None, ADA, false, now()).unwrap();
    (a, serde_json::to_value(&bundle).unwrap())
}

fn with(v: &serde_json::Value, change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v = v.clone();
    change(&mut v);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn malformed_bundles_are_refused_with_a_clear_message_and_change_nothing() {
    let (_a, good) = base();
    let dir = TempLibrary::new();
    {
        let mut lib = dir.open();
        import(&mut lib, "pack.txt", &text_of(PACK));
        import(&mut lib, "minutes.txt", &text_of(MINUTES));
        let budget = item(&lib, "2018-03-26", "Revenue and Capital Budget Monitoring");
        lib.annotate(budget, MOVED, "the member's own", &[], "ask")
            .unwrap();
    }
    let good_bytes = serde_json::to_vec_pretty(&good).unwrap();
    let sha = good["annotations"][0]["target"]["source"]
        .as_str()
        .unwrap()
        .to_string();
    let deep = format!(
        "{{\"format\":\"scrutineer-bundle\",\"version\":1,\"author\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let note = |text: &str| {
        let text = text.to_string();
        with(&good, move |v| {
            v["annotations"][0]["body"][0]["value"] = text.into()
        })
    };
    let question = |field: &'static str, text: &str| {
        let text = text.to_string();
        with(&good, move |v| v["questions"][0][field] = text.into())
    };
    let source = |s: &str| {
        let s = s.to_string();
        with(&good, move |v| {
            v["annotations"][1]["target"]["source"] = s.into()
        })
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty file", Vec::new(), "the bundle file is empty"),
        ("only white space", b"  \n\n ".to_vec(), "the bundle file is empty"),
        ("truncated", good_bytes[..good_bytes.len() / 2].to_vec(), "the bundle is cut short"),
        ("not JSON", b"Dear colleague, my notes are attached.".to_vec(), "it is not JSON"),
        ("binary", noise, "it is a binary file"),
        ("a JSON list", b"[1, 2, 3]".to_vec(), "not a Scrutineer bundle"),
        ("wrong format name", with(&good, |v| v["format"] = "hypothesis-export".into()), "its format is \"hypothesis-export\""),
        ("version 2", with(&good, |v| v["version"] = 2.into()), "made by a newer Scrutineer (bundle version 2"),
        ("version as text", with(&good, |v| v["version"] = "one".into()), "version"),
        ("huge", with(&good, |v| v["annotations"][0]["body"][0]["value"] = "x".repeat(33 << 20).into()), "larger than the 32.0 MB a bundle may be"),
        (
            "too many annotations",
            with(&good, |v| v["annotations"] = serde_json::Value::Array(vec![serde_json::json!({}); share::MAX_ANNOTATIONS + 1])),
            "the bundle holds 20001 annotations; a bundle may hold at most 20000",
        ),
        (
            "a note too long",
            note(&"word ".repeat(30_000)),
            "annotation 1 (“The forecast for asylum services has…”): its note is 150000 characters long, longer than the 100000",
        ),
        (
            "script in a note",
            note("Look <script>fetch('http://x')</script>"),
            "annotation 1 (“The forecast for asylum services has…”): its note contains HTML (<script>); bundles may only hold Markdown",
        ),
        (
            "img onerror in a question",
            question("text", "See <img src=x onerror=alert(1)>"),
            "question 1 (“See <img src=x onerror=alert(1)>”): its text contains HTML (<img>)",
        ),
        ("iframe in an answer", question("answer", "<iframe src=\"http://x\"></iframe>"), "its answer contains HTML (<iframe>)"),
        ("onerror on any tag", question("text", "Hello <b onmouseover=alert(1)>there</b>"), "contains HTML (<b>)"),
        (
            "javascript: link",
            note("[the report](javascript:alert(1))"),
            "its note links to javascript:alert(1); links in a bundle may only be http, https or mailto",
        ),
        (
            "file: source",
            source("file:///etc/passwd"),
            "annotation 2 (“Within Children’s Assessment Staffing, a…”): its document is named by a path or an address (file:///etc/passwd)",
        ),
        ("../ source", source("../../../etc/passwd"), "named by a path or an address (../../../etc/passwd)"),
        ("C:\\ source", source("C:\\Users\\ada\\pack.pdf"), "named by a path or an address (C:\\Users\\ada\\pack.pdf)"),
        ("URL source", source("https://democracy.kent.gov.uk/pack.pdf"), "named by a path or an address (https://democracy.kent.gov.uk/pack.pdf)"),
        ("bad sha256", source(&sha[..sha.len() - 1]), "its document's fingerprint is not a sha256 (64 hexadecimal digits)"),
        (
            "duplicate annotation ids",
            with(&good, |v| {
                let first = v["annotations"][0]["id"].clone();
                v["annotations"][2]["id"] = first;
            }),
            "annotation 3 (“The forecast variance for 'Adult Health…”): its id",
        ),
        (
            "duplicate question ids",
            with(&good, |v| {
                let first = v["questions"][0]["uid"].clone();
                v["questions"][1]["uid"] = first;
            }),
            "is used twice in the bundle (also by question 1",
        ),
        ("unknown status", question("status", "maybe"), "its status \"maybe\" is not one of draft, ready, asked, answered, follow_up"),
        (
            "unknown highlight",
            with(&good, |v| {
                let bodies = v["annotations"][0]["body"].as_array_mut().unwrap();
                bodies.last_mut().unwrap()["value"] = "purple".into();
            }),
            "its highlight \"purple\" is not one of ask, good, check, concern",
        ),
        (
            "bad date",
            with(&good, |v| v["annotations"][3]["modified"] = "yesterday".into()),
            "annotation 4 (“We continue to lobby Ministers and…”): its date modified (yesterday) is not a date Scrutineer can read",
        ),
        ("bad meeting date", with(&good, |v| v["questions"][2]["meeting"]["date"] = "2018-02-30".into()), "its meeting's date (2018-02-30) is not a date"),
        (
            "control characters",
            with(&good, |v| v["author"] = "Cllr \u{1b}[2J Ada".into()),
            "the bundle: its author's name contains a control character (U+001B)",
        ),
        ("nesting bomb", deep.into_bytes(), "the bundle is nested too deeply"),
        ("unknown top-level field", with(&good, |v| v["script"] = "x".into()), "the bundle is not in the form a bundle needs (unknown field `script`)"),
        (
            "unknown field in an annotation",
            with(&good, |v| v["annotations"][1]["target"]["scrutineer:path"] = "/etc".into()),
            "annotation 2 is not in the form a bundle needs (unknown field `scrutineer:path`",
        ),
        (
            "missing field",
            with(&good, |v| {
                v["questions"][0].as_object_mut().unwrap().remove("status");
            }),
            "question 1 is not in the form a bundle needs (missing field `status`)",
        ),
        (
            "a quote not in the bundle",
            with(&good, |v| {
                v["annotations"].as_array_mut().unwrap().remove(0);
            }),
            "quotes a note that is not in the bundle",
        ),
        ("an unknown flag", with(&good, |v| v["flags"]["dismissed"][0]["key"] = "delete_everything|x".into()), "does not name one of Scrutineer's flags"),
        (
            "a dismissal naming the member's own flag by its number",
            with(&good, |v| v["flags"]["dismissed"][0]["key"] = "by_hand|1".into()),
            "it names a flag added by hand by its number in another library",
        ),
    ];
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let before = snapshot(&dir.path);
    for (what, bytes, said) in &cases {
        let err = share::read_bundle(bytes).expect_err(what);
        let msg = err.to_string();
        assert!(msg.contains(said), "{what}: {msg:?} does not say {said:?}");
        assert!(
            msg.len() < 400 && !msg.contains('\u{1b}'),
            "{what}: one short, safe sentence: {msg:?}"
        );
        // Through the command line: refused, said, nothing changed.
        let file = dir.dir.path().join("bad.scrutineer");
        std::fs::write(&file, bytes).unwrap();
        let out = scrutineer(&dir.path, &["bundle", "import", file.to_str().unwrap()]);
        assert!(!out.status.success(), "{what}: refused");
        assert!(stderr(&out).contains(said), "{what}: {}", stderr(&out));
        // And through the library, where serde alone accepts it.
        if let Ok(b) = serde_json::from_slice::<Bundle>(bytes) {
            let mut lib = dir.open();
            let e = lib.import_bundle(&b).expect_err(what);
            // Read whole, a huge bundle is refused for its note's length.
            let said = if *what == "huge" { "longer than" } else { said };
            assert!(e.to_string().contains(said), "{what}: {e}");
        }
        assert_eq!(
            snapshot(&dir.path),
            before,
            "{what}: the library is unchanged"
        );
    }

    // A bundle claiming the member's own note: accepted, that item skipped.
    let mut lib = dir.open();
    let own = lib
        .annotations(None)
        .unwrap()
        .into_iter()
        .find(|n| n.author.is_none())
        .unwrap();
    let claim = with(&good, |v| {
        let mut a = v["annotations"][2].clone();
        a["id"] = format!("urn:scrutineer:annotation:{}", own.uid).into();
        a["body"] = serde_json::json!([{ "type": "TextualBody", "value": "Overwritten!", "format": "text/markdown", "purpose": "commenting" }, { "type": "TextualBody", "value": "ask", "purpose": "highlighting" }]);
        a["modified"] = "2099-01-01T00:00:00Z".into();
        v["annotations"] = serde_json::json!([a]);
        v["questions"] = serde_json::json!([]);
        v["flags"] = serde_json::json!({ "dismissed": [], "hand": [] });
    });
    let report = lib
        .import_bundle(&share::read_bundle(&claim).unwrap())
        .unwrap();
    assert_eq!(
        (report.annotations.skipped, report.nothing_new()),
        (1, true),
        "{report:?}"
    );
    assert!(
        report
            .message
            .contains("1 item skipped: it is your own, sent back to you"),
        "{}",
        report.message
    );
    drop(lib);
    assert_eq!(
        snapshot(&dir.path),
        before,
        "the member's own note is never overwritten"
    );

    // A paper the library does not hold: accepted, the note waits.
    let mut lib = dir.open();
    let elsewhere = with(&good, |v| {
        let mut a = v["annotations"][0].clone();
        a["id"] = "urn:scrutineer:annotation:0123456789abcdef0123456789abcdef".into();
        a["target"]["source"] = format!("urn:sha256:{}", "0".repeat(64)).into();
        a["target"]["scrutineer:meeting"] = serde_json::json!({ "council": "Kent County Council", "body": "Cabinet", "date": "2019-01-28" });
        v["annotations"] = serde_json::json!([a]);
        v["questions"] = serde_json::json!([]);
        v["flags"] = serde_json::json!({ "dismissed": [], "hand": [] });
    });
    let report = lib
        .import_bundle(&share::read_bundle(&elsewhere).unwrap())
        .unwrap();
    assert_eq!(
        (report.annotations.added, report.waiting),
        (1, 1),
        "{report:?}"
    );
}

#[test]
fn the_command_line_exports_and_imports_bundles() {
    let a = TempLibrary::new();
    let b = TempLibrary::new();
    let pack = sample(PACK);
    for lib in [&a, &b] {
        assert!(scrutineer(&lib.path, &["import", pack.to_str().unwrap()])
            .status
            .success());
    }
    let items: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&a.path, &["items", "1", "--json"]))).unwrap();
    let budget = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["title"]
                .as_str()
                .unwrap()
                .starts_with("Revenue and Capital")
        })
        .unwrap()["id"]
        .to_string();
    let out = scrutineer(
        &a.path,
        &[
            "annotate",
            &budget,
            "--quote",
            BELOW,
            "--note",
            "Agency **staff**?",
            "--tag",
            "staffing",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(scrutineer(
        &a.path,
        &[
            "question",
            "add",
            "1",
            "--text",
            "Why the pressure?",
            "--to",
            "Chair"
        ]
    )
    .status
    .success());

    let file = a.dir.path().join("ada.scrutineer");
    let out = scrutineer(
        &a.path,
        &[
            "bundle",
            "export",
            "-o",
            file.to_str().unwrap(),
            "1",
            "--author",
            ADA,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 annotation(s), 1 question(s)"),
        "{}",
        stdout(&out)
    );
    let out = scrutineer(&b.path, &["bundle", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("From {ADA}: added 1 note and 1 question.")),
        "{}",
        stdout(&out)
    );
    let notes: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&b.path, &["annotations", "--json"]))).unwrap();
    let n = &notes["annotations"][0];
    assert_eq!(
        (
            n["author"].as_str(),
            n["state"].as_str(),
            n["note"].as_str()
        ),
        (Some(ADA), Some("exact"), Some("Agency **staff**?"))
    );
    assert_eq!(n["tags"], serde_json::json!(["staffing"]));
    let again = scrutineer(&b.path, &["bundle", "import", file.to_str().unwrap()]);
    assert!(
        stdout(&again).contains(&format!("Nothing new from {ADA}")),
        "{}",
        stdout(&again)
    );

    // The author comes from the library's setting when not given.
    a.open().set_setting("author", Some("Cllr Ada B.")).unwrap();
    let file2 = a.dir.path().join("all.scrutineer");
    assert!(scrutineer(
        &a.path,
        &["bundle", "export", "-o", file2.to_str().unwrap()]
    )
    .status
    .success());
    assert_eq!(
        share::read_bundle_file(&file2).unwrap().author,
        "Cllr Ada B."
    );
    // Not a bundle: refused by the command line with the reason, non-zero.
    let out = scrutineer(&b.path, &["bundle", "import", pack.to_str().unwrap()]);
    assert!(
        !out.status.success() && stderr(&out).contains("it is not JSON"),
        "{}",
        stderr(&out)
    );
    let out = scrutineer(
        &b.path,
        &["bundle", "import", b.dir.path().to_str().unwrap()],
    );
    assert!(
        !out.status.success() && stderr(&out).contains("is not a bundle file"),
        "{}",
        stderr(&out)
    );
}

/// A colleague's notes and questions in a member's question pack say whose
/// they are.
#[test]
fn a_colleagues_notes_and_questions_in_a_question_pack_say_whose_they_are() {
    let a = prepare_a();
    let bundle = a.dir.open().export_bundle(None, ADA, false, now()).unwrap();
    let b = TempLibrary::new();
    let mut lib = b.open();
    import(&mut lib, "pack.txt", &text_of(PACK));
    import(&mut lib, "minutes.txt", &text_of(MINUTES));
    lib.import_bundle(&bundle).unwrap();
    let march = meeting(&lib, "2018-03-26");
    let request = scrutineer::export::ExportRequest {
        format: scrutineer::export::Format::Md,
        pack: scrutineer::export::PackOptions::default(),
        sheet: None,
        line: None,
    };
    let md = String::from_utf8(
        scrutineer::export::export(&lib, march, &request)
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert!(md.contains(&format!("({ADA}'s question)")), "{md}");
    assert!(md.contains(&format!(", by {ADA}")), "{md}");
}

/// A question quoting a paper's own markup (the Kent pack prints
/// "<i>Sub Total ...</i>" in a table) shows it as the paper prints it, and
/// still goes into a bundle, as text.
#[test]
fn a_question_quoting_markup_from_a_paper_is_bundled_as_text() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "pack.txt", &text_of(PACK));
    let march = meeting(&lib, "2018-03-26");
    let budget = item(&lib, "2018-03-26", "Revenue and Capital Budget Monitoring");
    let quote = "<i>Sub Total Adult Social Care & Health</i>";
    lib.add_question(
        march,
        "",
        "",
        &[EvidenceInput::Quote {
            item: budget,
            quote: quote.into(),
        }],
    )
    .unwrap();
    let mine = lib.questions(Some(march)).unwrap()[0].html.clone();
    assert!(
        mine.contains("&lt;i&gt;Sub Total Adult Social Care &amp; Health&lt;/i&gt;"),
        "as printed: {mine}"
    );
    let bundle = lib.export_bundle(None, ADA, false, now()).expect("bundled");
    let b = TempLibrary::new();
    let mut other = b.open();
    import(&mut other, "pack.txt", &text_of(PACK));
    other.import_bundle(&bundle).unwrap();
    let theirs = other
        .questions(Some(meeting(&other, "2018-03-26")))
        .unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(
        theirs[0].html, mine,
        "the colleague sees what the member sees"
    );
}

/// Notes and questions on an exempt item stay out of a bundle (it is sent
/// by e-mail) unless the member asks, and the count left out is said.
#[test]
fn notes_and_questions_on_exempt_items_stay_out_of_a_bundle_unless_asked() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "pack.txt", &text_of(PACK));
    let march = meeting(&lib, "2018-03-26");
    let budget = item(&lib, "2018-03-26", "Revenue and Capital Budget Monitoring");
    lib.annotate(budget, REWORDED, "Confidential?", &[], "ask")
        .unwrap();
    lib.add_question(march, "", "", &[EvidenceInput::Item { item: budget }])
        .unwrap();
    lib.add_question(march, "A question on nothing exempt", "", &[])
        .unwrap();
    let all = lib
        .export_bundle_with(None, ADA, false, false, now())
        .unwrap();
    assert_eq!(
        (all.0.annotations.len(), all.0.questions.len(), all.1),
        (1, 2, 0)
    );
    lib.set_item_exempt(budget, Some(true)).unwrap();
    let (bundle, left_out) = lib
        .export_bundle_with(None, ADA, false, false, now())
        .unwrap();
    assert_eq!(
        (bundle.annotations.len(), bundle.questions.len(), left_out),
        (0, 1, 2)
    );
    assert_eq!(bundle.questions[0].text, "A question on nothing exempt");
    let (asked, left_out) = lib
        .export_bundle_with(None, ADA, false, true, now())
        .unwrap();
    assert_eq!(
        (asked.annotations.len(), asked.questions.len(), left_out),
        (1, 2, 0)
    );
}

/// A colleague's note or question is theirs: editing it is refused with a
/// way forward (their next bundle would undo the edit); copying is not.
#[test]
fn a_colleagues_note_or_question_is_not_edited_but_can_be_copied() {
    let a = prepare_a();
    let bundle = a.dir.open().export_bundle(None, ADA, false, now()).unwrap();
    let b = TempLibrary::new();
    let mut lib = b.open();
    import(&mut lib, "pack.txt", &text_of(PACK));
    import(&mut lib, "minutes.txt", &text_of(MINUTES));
    lib.import_bundle(&bundle).unwrap();
    let march = meeting(&lib, "2018-03-26");
    let theirs = lib
        .questions(Some(march))
        .unwrap()
        .into_iter()
        .find(|q| q.author.is_some())
        .expect("a colleague's question");
    let said = lib
        .update_question(theirs.id, "mine now", "", QuestionStatus::Draft, "")
        .unwrap_err()
        .to_string();
    assert!(
        said.contains(&format!("this is {ADA}'s")) && said.contains("Copy it"),
        "{said}"
    );
    let note = lib
        .annotations(None)
        .unwrap()
        .into_iter()
        .find(|n| n.author.is_some())
        .expect("a colleague's note");
    assert!(lib
        .update_annotation(note.id, "edited", &[], "ask")
        .is_err());
    let copy = lib
        .add_question(march, &theirs.text, &theirs.to, &[])
        .unwrap();
    lib.update_question(copy, "mine now", "", QuestionStatus::Draft, "")
        .unwrap();
}
