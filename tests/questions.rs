//! Questions (issue 12) on a real library file: drafted from a flag and a
//! quoted passage, with text built from the evidence; running order,
//! status, answer; kept across reopening; deleting undoable.

use scrutineer::flags::Rule;
use scrutineer::ids::{ItemId, MeetingId};
use scrutineer::store::{EvidenceInput, QuestionStatus};
use scrutineer::{FileOutcome, Library};

use crate::common::{now, project_dir, scrutineer, stderr, stdout, TempLibrary};

fn import(lib: &mut Library, name: &str) {
    let bytes =
        std::fs::read(project_dir().join("tests/fixtures/flags").join(name)).expect("fixture");
    match scrutineer::import_bytes(lib, name, &bytes, now()).expect("imports") {
        FileOutcome::Imported { .. } => {}
        other => panic!("{name}: {other:?}"),
    }
}

const Q1: &str = "northshire_cabinet_2025-09-18_budget_monitoring_q1.txt";
const Q2: &str = "northshire_cabinet_2025-12-11_budget_monitoring_q2.txt";

fn december(lib: &Library) -> MeetingId {
    lib.library_index()
        .unwrap()
        .meetings
        .iter()
        .find(|m| m.date == "2025-12-11")
        .expect("the December meeting")
        .id
}

#[test]
fn a_question_drafted_from_a_flag_and_a_passage_carries_its_evidence() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, Q1);
    import(&mut lib, Q2);
    let m = december(&lib);
    let flag = lib
        .meeting_flags(m)
        .unwrap()
        .flags
        .into_iter()
        .find(|f| {
            f.rule == Rule::VarianceOverThreshold
                && f.evidence
                    .line
                    .as_deref()
                    .is_some_and(|l| l.starts_with("Adult"))
        })
        .expect("the Adults overspend flag");
    let item = flag.evidence.item_id;
    let id = lib
        .add_question(
            m,
            "",
            "Cabinet Member for Adult Social Care",
            &[
                EvidenceInput::Flag {
                    key: flag.key.clone(),
                },
                EvidenceInput::Quote {
                    item,
                    quote: "Savings of £2.1m are rated red".into(),
                },
            ],
        )
        .unwrap();
    let q = &lib.questions(Some(m)).unwrap()[0];
    assert_eq!(q.id, id);
    assert!(q.text.starts_with("Adult Health & Social Care - Adults: forecast overspend +£4.6m against a budget of £412.5m (1.1%)"), "{}", q.text);
    assert!(q.text.contains("(page 1). Can you explain what is driving the £4.6m on Adult Health & Social Care - Adults"), "{}", q.text);
    assert!(
        q.text.contains("> Savings of £2.1m are rated red"),
        "{}",
        q.text
    );
    assert!(q.html.contains("<blockquote>"), "{}", q.html);
    let kinds: Vec<(&str, Option<u32>)> = q
        .evidence
        .iter()
        .map(|e| (e.kind.as_str(), e.page))
        .collect();
    assert_eq!(kinds, vec![("flag", Some(1)), ("quote", Some(1))]);
    assert_eq!(
        q.evidence[1].item_id,
        Some(item),
        "a live link back to the item"
    );
    assert_eq!(
        (q.status, q.to.as_str(), q.position),
        (
            QuestionStatus::Draft,
            "Cabinet Member for Adult Social Care",
            1
        )
    );
    assert!(lib
        .add_question(
            m,
            "",
            "",
            &[EvidenceInput::Flag {
                key: "no such flag".into()
            }]
        )
        .is_err());
    // From a budget line and from a figure.
    let report = lib.report(m).unwrap();
    let libraries = report
        .lines
        .iter()
        .find(|l| l.label == "Libraries")
        .unwrap()
        .key
        .clone();
    let figure = report
        .figures
        .iter()
        .find(|f| f.text == "£2.9m")
        .unwrap()
        .key
        .clone();
    let from_line = lib
        .add_question(
            m,
            "",
            "",
            &[
                EvidenceInput::Line { key: libraries },
                EvidenceInput::Figure { key: figure },
            ],
        )
        .unwrap();
    let q = lib
        .questions(Some(m))
        .unwrap()
        .into_iter()
        .find(|q| q.id == from_line)
        .unwrap();
    assert!(q.text.starts_with("The report shows Libraries: forecast variance +£0.7m against a budget of £12m (page 1)."), "{}", q.text);
    assert!(
        q.text.contains("> ")
            && q.text
                .contains("Children's Services is forecast to overspend by £2.9m"),
        "{}",
        q.text
    );
    let kinds: Vec<(&str, Option<ItemId>)> = q
        .evidence
        .iter()
        .map(|e| (e.kind.as_str(), e.item_id))
        .collect();
    assert_eq!(kinds, vec![("line", Some(item)), ("figure", Some(item))]);
    lib.delete_question(from_line).unwrap();

    // Running order, status and answer.
    let second = lib
        .add_question(m, "Why is **Libraries** over budget?", "Chair", &[])
        .unwrap();
    let third = lib.add_question(m, "And Highways?", "", &[]).unwrap();
    lib.move_question(third, 1).unwrap();
    let order: Vec<i64> = lib
        .questions(Some(m))
        .unwrap()
        .iter()
        .map(|q| q.id)
        .collect();
    assert_eq!(order, vec![third, id, second]);
    lib.update_question(
        id,
        "Edited text",
        "Cabinet Member",
        QuestionStatus::Answered,
        "A recovery plan is in hand.",
    )
    .unwrap();
    let open: Vec<i64> = lib.questions(None).unwrap().iter().map(|q| q.id).collect();
    assert_eq!(open, vec![third, second], "answered questions are not open");
    lib.delete_question(second).unwrap();
    drop(lib);

    // Reopened: all of it is still there; the deletion can be undone.
    let mut lib = dir.open();
    let qs = lib.questions(Some(m)).unwrap();
    assert_eq!(qs.iter().map(|q| q.id).collect::<Vec<_>>(), vec![third, id]);
    assert_eq!(
        (qs[1].status, qs[1].answer.as_str(), qs[1].text.as_str()),
        (
            QuestionStatus::Answered,
            "A recovery plan is in hand.",
            "Edited text"
        )
    );
    lib.restore_question(second).unwrap();
    assert_eq!(lib.questions(Some(m)).unwrap().len(), 3);
}

#[test]
fn the_command_line_adds_and_lists_questions() {
    let dir = TempLibrary::new();
    let db = dir.path.clone();
    let p = project_dir().join("tests/fixtures/flags").join(Q2);
    assert!(scrutineer(&db, &["import", p.to_str().unwrap()])
        .status
        .success());
    let items: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&db, &["items", "1", "--json"]))).unwrap();
    let item = items["items"][0]["id"].to_string();
    let flags: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&db, &["flags", "1", "--json"]))).unwrap();
    let key = flags["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "savings_at_risk")
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let quote = format!("{item}:The forecast overspend has risen to £7.0m");
    let out = scrutineer(
        &db,
        &[
            "question",
            "add",
            "1",
            "--text",
            "",
            "--to",
            "Chair",
            "--evidence-quote",
            &quote,
            "--evidence-flag",
            &key,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&db, &["questions", "1", "--json"]))).unwrap();
    let q = &list["questions"][0];
    assert_eq!(
        (
            q["status"].as_str(),
            q["to"].as_str(),
            q["position"].as_i64()
        ),
        (Some("draft"), Some("Chair"), Some(1))
    );
    assert_eq!(q["evidence"].as_array().unwrap().len(), 2);
    let bad = scrutineer(
        &db,
        &[
            "question",
            "add",
            "1",
            "--text",
            "x",
            "--evidence-quote",
            "no colon",
        ],
    );
    assert!(!bad.status.success() && stderr(&bad).contains("ITEM:TEXT"));
}

#[test]
fn commitments_suggested_from_minutes_are_due_and_overdue() {
    let minutes =
        std::fs::read_to_string(crate::common::sample("Kent Cabinet 2022-12-01")).expect("sample");
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    match scrutineer::import_bytes(&mut lib, "minutes.txt", minutes.as_bytes(), now()).unwrap() {
        FileOutcome::Imported { .. } => {}
        other => panic!("{other:?}"),
    }
    let m = lib.library_index().unwrap().meetings[0].id;
    let suggested = lib.commitment_suggestions(m).unwrap();
    assert!(!suggested.is_empty(), "the minutes promise something");
    for s in &suggested {
        assert!(
            minutes.contains(s.sentence.split_whitespace().next().unwrap()),
            "{s:?}"
        );
    }
    let first = &suggested[0];
    let soon = lib
        .add_commitment(first.item_id, &first.sentence, Some("2023-01-31"))
        .unwrap();
    assert!(
        lib.add_commitment(first.item_id, &first.sentence, Some("31/01/2023"))
            .is_err(),
        "dates are ISO"
    );
    let later = match suggested.get(1) {
        Some(s) => lib
            .add_commitment(s.item_id, &s.sentence, Some("2023-06-30"))
            .unwrap(),
        None => lib
            .add_commitment(first.item_id, &first.sentence, None)
            .unwrap(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    let list = lib.commitments_on(None, today).unwrap();
    let got: Vec<(i64, bool)> = list.iter().map(|c| (c.id, c.overdue)).collect();
    assert_eq!(
        got,
        vec![(soon, true), (later, false)],
        "the soonest first, overdue marked"
    );
    assert_eq!(list[0].words.quote, first.sentence);
    assert_eq!(
        lib.commitment_suggestions(m).unwrap().len(),
        suggested.len() - 2.min(suggested.len()),
        "marked ones are not suggested again"
    );
    lib.set_commitment(soon, Some("2023-01-31"), true).unwrap();
    assert!(
        !lib.commitments_on(None, today).unwrap()[0].overdue,
        "done is never overdue"
    );
}
