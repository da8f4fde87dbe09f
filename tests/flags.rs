//! Flags (issue 11) on a real library file: two quarterly reports of one
//! council, flags computed from the stored lines, and the member's
//! decisions (thresholds, dismissals, flags by hand, line corrections)
//! kept across re-import, re-reading and reopening the library.

use scrutineer::flags::{Rule, Thresholds};
use scrutineer::ids::MeetingId;
use scrutineer::{FileOutcome, Library, ReadIn};

use crate::common::{now, project_dir, scrutineer, stdout, TempLibrary};

const Q1: &str = "northshire_cabinet_2025-09-18_budget_monitoring_q1.txt";
const Q2: &str = "northshire_cabinet_2025-12-11_budget_monitoring_q2.txt";

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(project_dir().join("tests/fixtures/flags").join(name)).expect("fixture")
}

fn import(lib: &mut Library, name: &str) -> scrutineer::ids::DocumentId {
    match scrutineer::import_bytes(lib, name, &bytes(name), now()).expect("imports") {
        FileOutcome::Imported { document_id, .. } => document_id,
        other => panic!("{name}: {other:?}"),
    }
}

/// The meetings, oldest first.
fn meetings(lib: &Library) -> Vec<MeetingId> {
    let mut m: Vec<(String, MeetingId)> = lib
        .library_index()
        .unwrap()
        .meetings
        .iter()
        .map(|m| (m.date.clone(), m.id))
        .collect();
    m.sort();
    m.into_iter().map(|(_, id)| id).collect()
}

fn live(lib: &Library, m: MeetingId) -> Vec<(Rule, String)> {
    lib.meeting_flags(m)
        .unwrap()
        .flags
        .iter()
        .filter(|f| f.dismissed.is_none())
        .map(|f| (f.rule, f.evidence.line.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn flags_follow_lines_across_reports_and_the_members_decisions_are_kept() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, Q1);
    let q2_doc = import(&mut lib, Q2);
    let [q1, q2] = meetings(&lib)[..] else {
        panic!("two meetings")
    };

    // The later report is judged against the earlier one, its relabelled
    // line followed ("Adult Social Care & Health" / "Adult Health & Social Care").
    let flags = lib.meeting_flags(q2).unwrap();
    assert_eq!(flags.compared_with.as_deref(), Some("2025-09-18"));
    let adults = "Adult Health & Social Care - Adults".to_string();
    let got = live(&lib, q2);
    for want in [
        (Rule::VarianceOverThreshold, adults.clone()),
        (Rule::AdverseMovement, adults.clone()),
        (Rule::PersistentOverspend, adults.clone()),
        (Rule::LargeUnderspend, "Highways & Transport".to_string()),
        (Rule::SavingsAtRisk, String::new()),
        (Rule::ProseDisagreesWithTable, String::new()),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:#?}");
    }
    let over = flags
        .flags
        .iter()
        .find(|f| {
            f.rule == Rule::VarianceOverThreshold && f.evidence.line.as_deref() == Some(&adults)
        })
        .unwrap();
    assert_eq!(over.reason, "Adult Health & Social Care - Adults: forecast overspend +£4.6m against a budget of £412.5m (1.1%); threshold £0.5m or 5%");
    assert!(
        over.under
            .as_deref()
            .is_some_and(|k| k.starts_with("variance_over_threshold|")),
        "grouped under the flagged total"
    );
    // Libraries (+£0.7m, 5.8%) is over both defaults; at £1m or 10% it is not.
    assert!(got.contains(&(Rule::VarianceOverThreshold, "Libraries".to_string())));

    // Thresholds: the meeting's own first, the library's otherwise, and the flags follow at once.
    lib.set_thresholds(
        Some(q2),
        Some(Thresholds {
            variance_pence: 100_000_000,
            variance_basis_points: 1_000,
            ..Thresholds::default()
        }),
    )
    .unwrap();
    assert!(!live(&lib, q2).contains(&(Rule::VarianceOverThreshold, "Libraries".to_string())));
    assert!(lib.thresholds(Some(q2)).unwrap().1, "its own");
    assert!(
        !lib.thresholds(Some(q1)).unwrap().1,
        "the other meeting keeps the library's"
    );
    assert!(
        lib.set_thresholds(
            None,
            Some(Thresholds {
                variance_pence: -1,
                ..Thresholds::default()
            })
        )
        .is_err(),
        "a negative threshold is refused"
    );

    // Dismiss with a reason, add a flag by hand, correct a line match.
    let key = over.key.clone();
    lib.dismiss_flag(&key, "Demand-led; asked at the last meeting")
        .unwrap();
    let libraries_line = lib
        .report(q2)
        .unwrap()
        .lines
        .iter()
        .find(|l| l.label == "Libraries")
        .unwrap()
        .key
        .clone();
    let hand = lib
        .add_hand_flag(&libraries_line, "Ask about the mobile library contract")
        .unwrap();
    let q1_adults = lib
        .report(q1)
        .unwrap()
        .lines
        .iter()
        .find(|l| l.label.starts_with("Adult"))
        .unwrap()
        .key
        .clone();
    let q2_adults = lib
        .report(q2)
        .unwrap()
        .lines
        .iter()
        .find(|l| l.label.starts_with("Adult"))
        .unwrap()
        .key
        .clone();
    lib.link_lines(&q2_adults, &q1_adults, false).unwrap();
    assert!(
        !live(&lib, q2).contains(&(Rule::AdverseMovement, adults.clone())),
        "split: no longer compared"
    );
    drop(lib);

    // Reopened, re-imported and re-read: all of it is still there.
    let mut lib = dir.open();
    lib.remove_document(q2_doc).unwrap();
    import(&mut lib, Q2);
    scrutineer::import::reread_library(&mut lib, &ReadIn::ThisProcess, |_| {}).unwrap();
    let q2 = meetings(&lib)[1];
    let flags = lib.meeting_flags(q2).unwrap();
    let dismissed = flags
        .flags
        .iter()
        .find(|f| f.key == key)
        .expect("the dismissed flag is still listed");
    assert_eq!(
        dismissed.dismissed.as_ref().map(|d| d.reason.as_str()),
        Some("Demand-led; asked at the last meeting")
    );
    let by_hand = flags
        .flags
        .iter()
        .find(|f| f.rule == Rule::ByHand)
        .expect("the flag by hand");
    assert_eq!(by_hand.hand.as_ref().map(|h| h.id), Some(hand));
    assert!(
        by_hand
            .reason
            .contains("Libraries: flagged by you: Ask about the mobile library contract"),
        "{}",
        by_hand.reason
    );
    assert!(
        lib.thresholds(Some(q2)).unwrap().1,
        "the meeting's own thresholds"
    );
    assert!(
        !live(&lib, q2).contains(&(Rule::AdverseMovement, adults.clone())),
        "the split is kept"
    );

    // Joined again, and restored.
    lib.link_lines(&q1_adults, &q2_adults, true).unwrap();
    lib.restore_flag(&key).unwrap();
    lib.remove_hand_flag(hand).unwrap();
    let got = live(&lib, q2);
    assert!(
        got.contains(&(Rule::AdverseMovement, adults.clone()))
            && got.contains(&(Rule::VarianceOverThreshold, adults.clone()))
    );
    assert!(!got.iter().any(|(r, _)| *r == Rule::ByHand));
}

#[test]
fn a_lines_history_runs_across_the_councils_reports() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, Q2);
    import(&mut lib, Q1);
    let [q1, q2] = meetings(&lib)[..] else {
        panic!("two meetings")
    };
    let key = lib
        .report(q1)
        .unwrap()
        .lines
        .iter()
        .find(|l| l.label.starts_with("Adult"))
        .unwrap()
        .key
        .clone();
    let h = lib.line_history(q1, &key).unwrap();
    let points: Vec<(&str, Option<i64>, Option<i64>)> = h
        .points
        .iter()
        .map(|p| (p.date.as_str(), p.budget_pence, p.variance_pence))
        .collect();
    assert_eq!(
        points,
        vec![
            ("2025-09-18", Some(41_250_000_000), Some(280_000_000)),
            ("2025-12-11", Some(41_250_000_000), Some(460_000_000))
        ]
    );
    assert_eq!(h.points[1].meeting_id, q2);
    assert_eq!(
        h.points[1].movement_pence,
        Some(180_000_000),
        "the change since the library's previous report"
    );
    assert_eq!(
        h.points[1].said,
        [
            Some("£412.5m".to_string()),
            Some("+£4.6m".to_string()),
            Some("+£1.8m".to_string())
        ],
        "as a councillor says them"
    );
    assert!(h.points[1].sureness.is_some() && h.points[0].sureness.is_none());
}

#[test]
fn a_table_of_counts_is_never_flagged() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let text = "NORTHSHIRE COUNTY COUNCIL\n\nCORPORATE PARENTING PANEL\n\nMinutes of the meeting held on Monday, 6 October 2025 at 2.00 pm\n\n\
        1. Children in care\n\nTable 2: Children in care by age\n\nAge group          Q1    Q2   Change\n\
        Under 5            120   131       11\nAged 5 to 15       402   455       53\nAged 16 and 17     150   171       21\nTotal              672   757       85\n";
    match scrutineer::import_bytes(&mut lib, "counts.txt", text.as_bytes(), now()).unwrap() {
        FileOutcome::Imported { .. } => {}
        other => panic!("{other:?}"),
    }
    let m = meetings(&lib)[0];
    let flags = lib.meeting_flags(m).unwrap();
    assert_eq!(
        (flags.lines_checked, flags.flags.len()),
        (0, 0),
        "{flags:#?}"
    );
}

#[test]
fn the_command_line_lists_a_meetings_flags() {
    let dir = TempLibrary::new();
    let db = dir.path.clone();
    for name in [Q1, Q2] {
        let p = project_dir().join("tests/fixtures/flags").join(name);
        assert!(scrutineer(&db, &["import", p.to_str().unwrap()])
            .status
            .success());
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&db, &["meetings", "--json"]))).unwrap();
    let id = json["meetings"][0]["id"].as_i64().unwrap().to_string();
    let out = stdout(&scrutineer(&db, &["flags", &id]));
    assert!(
        out.contains("Worsened since last report") && out.contains("p. 1"),
        "{out}"
    );
}
