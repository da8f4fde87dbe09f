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

#[test]
fn a_question_drafted_from_an_item_or_a_budget_view_row_links_back_to_it() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, Q2);
    let m = december(&lib);
    let row = lib
        .meeting_budget_lines(m)
        .unwrap()
        .into_iter()
        .find(|r| r.line.label == "Libraries")
        .expect("the Libraries row");
    let item = row.item_id;
    let id = lib
        .add_question(
            m,
            "",
            "Chair",
            &[
                EvidenceInput::Item { item },
                EvidenceInput::BudgetLine {
                    line_id: row.line.id,
                },
            ],
        )
        .unwrap();
    let q = lib
        .questions(Some(m))
        .unwrap()
        .into_iter()
        .find(|q| q.id == id)
        .unwrap();
    let detail = lib.get_item(item).unwrap();
    assert!(
        q.text.contains(detail.summary.title.trim()),
        "the draft names the item: {}",
        q.text
    );
    assert!(
        q.text
            .contains("The report says: “The forecast overspend has risen to £7.0m"),
        "and quotes its largest variance: {}",
        q.text
    );
    assert!(
        q.text
            .contains("The report shows Libraries: forecast variance +£0.7m"),
        "{}",
        q.text
    );
    let kinds: Vec<(&str, Option<ItemId>)> = q
        .evidence
        .iter()
        .map(|e| (e.kind.as_str(), e.item_id))
        .collect();
    assert_eq!(kinds, vec![("item", Some(item)), ("line", Some(item))]);
    assert!(
        lib.add_question(m, "", "", &[EvidenceInput::BudgetLine { line_id: -1 }])
            .is_err(),
        "a row not in the meeting is refused"
    );

    // Re-reading the library keeps the links (the item is found by its
    // paper's sha256 and positions, not its row id).
    scrutineer::reread_library(&mut lib, &scrutineer::ReadIn::ThisProcess, |_| {}).unwrap();
    let q = lib
        .questions(Some(m))
        .unwrap()
        .into_iter()
        .find(|q| q.id == id)
        .unwrap();
    assert!(
        q.evidence.iter().all(|e| e.item_id.is_some()),
        "{:?}",
        q.evidence
    );
}

#[test]
fn an_answer_is_quoted_from_a_later_meetings_minutes_and_links_there() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    scrutineer::import_path(
        &mut lib,
        &crate::common::sample("Kent Cabinet 2018-03-26"),
        now(),
    )
    .unwrap();
    scrutineer::import_path(
        &mut lib,
        &crate::common::sample("Kent Cabinet 2022-12-01"),
        now(),
    )
    .unwrap();
    let meetings = lib.library_index().unwrap().meetings;
    let march = meetings
        .iter()
        .find(|m| m.date == "2018-03-26")
        .expect("the 2018 meeting")
        .id;
    let december = meetings
        .iter()
        .find(|m| m.date == "2022-12-01")
        .expect("the 2022 meeting")
        .id;
    let q = lib
        .add_question(march, "What is the plan for **Asylum**?", "Leader", &[])
        .unwrap();
    lib.update_question(
        q,
        "What is the plan for **Asylum**?",
        "Leader",
        QuestionStatus::Asked,
        "",
    )
    .unwrap();

    let minutes = lib.get_meeting(december).unwrap();
    let item = minutes
        .paper_items
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.title.len() > 10)
        .expect("an item of the minutes")
        .id;
    let detail = lib.get_item(item).unwrap();
    let para = &detail.paragraphs[0];
    let words: String = para.text.chars().take(40).collect();
    let to = scrutineer::store::TextPoint {
        paragraph: 0,
        offset: words.encode_utf16().count(),
    };
    lib.answer_from_minutes(
        q,
        item,
        scrutineer::store::TextPoint {
            paragraph: 0,
            offset: 0,
        },
        to,
    )
    .unwrap();

    let asked = lib
        .questions(Some(march))
        .unwrap()
        .into_iter()
        .find(|x| x.id == q)
        .unwrap();
    assert_eq!(asked.status, QuestionStatus::Answered);
    assert!(
        asked.answer.starts_with(&format!("> {}", words.trim())),
        "the answer quotes the minutes: {}",
        asked.answer
    );
    assert!(
        asked.answer.contains("Minutes of ") && asked.answer.contains("2022-12-01"),
        "and says where: {}",
        asked.answer
    );
    let source = asked
        .answer_source
        .expect("the answer links to its passage");
    assert_eq!(
        (source.item_id, source.meeting_id),
        (Some(item), Some(december))
    );
    assert!(source.meeting.is_some_and(|m| m.contains("2022-12-01")));
    // The quoted passage is an annotation of the minutes, as any other.
    assert!(lib.annotations(Some(december)).unwrap().iter().any(|a| a
        .note
        .starts_with("The answer to the question: What is the plan")));
    assert!(lib
        .answer_from_minutes(
            9999,
            item,
            scrutineer::store::TextPoint {
                paragraph: 0,
                offset: 0
            },
            to
        )
        .is_err());
}

/// Words in a canonical form for comparing a suggestion with a label: lower
/// case, one space, straight quotes.
fn canonical(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Commitments suggested in other councils' minutes (Bristol's printed
/// minutes, a combined authority's modern.gov page, a town council's
/// minutes), against promises marked by hand in each paper: every marked
/// promise is suggested, and few suggestions are not promises.
#[test]
fn commitments_are_suggested_in_other_councils_minutes() {
    let Some(corpus) = crate::common::corpus_dir() else {
        return;
    };
    let labels: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(
            project_dir().join("tests/fixtures/commitments/council-minutes.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let (mut found, mut wanted, mut right, mut suggested) = (0, 0, 0, 0);
    let mut report = Vec::new();
    for (file, marks) in labels.iter().filter(|(k, _)| !k.starts_with('_')) {
        let dir = TempLibrary::new();
        let mut lib = dir.open();
        scrutineer::import_path(&mut lib, &corpus.join("councils").join(file), now())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let suggestions: Vec<String> = lib
            .library_index()
            .unwrap()
            .meetings
            .iter()
            .flat_map(|m| lib.commitment_suggestions(m.id).unwrap())
            .map(|s| canonical(&s.sentence))
            .collect();
        let list = |k: &str| -> Vec<String> {
            marks[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| canonical(v.as_str().unwrap()))
                .collect()
        };
        let (promises, either) = (list("promises"), list("either"));
        let missed: Vec<&String> = promises
            .iter()
            .filter(|p| !suggestions.iter().any(|s| s.contains(p.as_str())))
            .collect();
        let wrong: Vec<&String> = suggestions
            .iter()
            .filter(|s| {
                !promises
                    .iter()
                    .chain(&either)
                    .any(|p| s.contains(p.as_str()))
            })
            .collect();
        wanted += promises.len();
        found += promises.len() - missed.len();
        suggested += suggestions.len()
            - suggestions
                .iter()
                .filter(|s| {
                    either.iter().any(|p| s.contains(p.as_str()))
                        && !promises.iter().any(|p| s.contains(p.as_str()))
                })
                .count();
        right += suggestions.len()
            - wrong.len()
            - suggestions
                .iter()
                .filter(|s| {
                    either.iter().any(|p| s.contains(p.as_str()))
                        && !promises.iter().any(|p| s.contains(p.as_str()))
                })
                .count();
        report.push(format!(
            "{file}: {}/{} promises suggested; missed {missed:?}; not promises {wrong:?}",
            promises.len() - missed.len(),
            promises.len()
        ));
    }
    let recall = found as f64 / wanted as f64;
    let precision = right as f64 / suggested.max(1) as f64;
    eprintln!(
        "commitment suggestions: recall {:.1}%, precision {:.1}%\n{}",
        recall * 100.0,
        precision * 100.0,
        report.join("\n")
    );
    assert!(recall >= 0.9, "recall {recall:.2}\n{}", report.join("\n"));
    assert!(
        precision >= 0.8,
        "precision {precision:.2}\n{}",
        report.join("\n")
    );
}

/// An answer quoted from minutes that are exempt stays out of the pack
/// (the question goes), unless the member includes exempt items.
#[test]
fn an_answer_quoted_from_exempt_minutes_stays_out_of_the_pack() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    scrutineer::import_path(
        &mut lib,
        &crate::common::sample("Kent Cabinet 2018-03-26"),
        now(),
    )
    .unwrap();
    scrutineer::import_path(
        &mut lib,
        &crate::common::sample("Kent Cabinet 2022-12-01"),
        now(),
    )
    .unwrap();
    let meetings = lib.library_index().unwrap().meetings;
    let march = meetings.iter().find(|m| m.date == "2018-03-26").unwrap().id;
    let december = meetings.iter().find(|m| m.date == "2022-12-01").unwrap().id;
    let q = lib
        .add_question(march, "What is the plan?", "Leader", &[])
        .unwrap();
    let item = lib
        .get_meeting(december)
        .unwrap()
        .paper_items
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.title.len() > 10)
        .unwrap()
        .id;
    let words: String = lib.get_item(item).unwrap().paragraphs[0]
        .text
        .chars()
        .take(30)
        .collect();
    let to = scrutineer::store::TextPoint {
        paragraph: 0,
        offset: words.encode_utf16().count(),
    };
    lib.answer_from_minutes(
        q,
        item,
        scrutineer::store::TextPoint {
            paragraph: 0,
            offset: 0,
        },
        to,
    )
    .unwrap();
    lib.set_item_exempt(item, Some(true)).unwrap();
    let md = |include_exempt| {
        let request = scrutineer::export::ExportRequest {
            format: scrutineer::export::Format::Md,
            pack: scrutineer::export::PackOptions {
                include_exempt,
                items: None,
            },
            sheet: None,
            line: None,
        };
        String::from_utf8(
            scrutineer::export::export(&lib, march, &request)
                .unwrap()
                .bytes,
        )
        .unwrap()
    };
    let out = md(false);
    assert!(
        out.contains("What is the plan?") && !out.contains(words.trim()),
        "{out}"
    );
    assert!(md(true).contains(words.trim()));
}
