//! Meetings as the unit (issue 7): every paper of one meeting joins it;
//! papers whose meeting cannot be told are listed apart, and the member
//! can attach, detach or remove them; their decisions survive re-reading.

use scrutineer::ids::MeetingId;
use scrutineer::{FileOutcome, Library, ReadIn};

use crate::common::{corpus_dir, now, sample, scrutineer, stderr, stdout, TempLibrary};

fn import(lib: &mut Library, name: &str, text: &str) -> scrutineer::ids::DocumentId {
    match scrutineer::import_bytes(lib, name, text.as_bytes(), now()).expect("imports") {
        FileOutcome::Imported { document_id, .. } => document_id,
        other => panic!("{name}: {other:?}"),
    }
}

const AGENDA: &str = "AUDIT COMMITTEE\n\nAGENDA\n\nTuesday, 4 March 2025 at 10.00 am in the Council Chamber\n\n\
    1. Apologies\n\n2. Budget Monitoring Report (Pages 1 - 10)\n\n3. Internal Audit Plan (Pages 11 - 20)\n";
const MINUTES: &str = "MINUTES of a meeting of the Audit Committee held on Tuesday, 4 March 2025.\n\n\
    1. Apologies\n\nThere were none.\n\n2. Budget Monitoring Report\n\nRESOLVED that the report be noted.\n";
const APPENDIX: &str = "Appendix A\n\nDirectorate\tBudget\tForecast\tVariance\n\
    Adult Social Care\t£100.0m\t£104.2m\t£4.2m\nChildren's Services\t£80.0m\t£81.0m\t£1.0m\n";

#[test]
fn an_agenda_and_its_minutes_are_one_meeting_with_two_papers() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "agenda.txt", AGENDA);
    import(&mut lib, "minutes.txt", MINUTES);
    let index = lib.library_index().unwrap();
    assert_eq!(index.meetings.len(), 1, "{index:#?}");
    let m = &index.meetings[0];
    assert_eq!(
        (m.body.as_str(), m.date.as_str()),
        ("Audit Committee", "2025-03-04")
    );
    let kinds: Vec<&str> = m.papers.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["agenda", "minutes"],
        "the agenda first, the minutes last"
    );
    let detail = lib.get_meeting(m.id).unwrap();
    assert_eq!(detail.items().count(), 5, "the items of both papers");
}

#[test]
fn a_paper_with_no_header_is_unmatched_until_attached_and_keeps_its_place_when_reread() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "agenda.txt", AGENDA);
    import(&mut lib, "appendix.txt", APPENDIX);
    let index = lib.library_index().unwrap();
    assert_eq!(index.unmatched.len(), 1, "{index:#?}");
    let (meeting, appendix) = (index.meetings[0].id, index.unmatched[0].id);

    lib.attach_paper(appendix, meeting).unwrap();
    let index = lib.library_index().unwrap();
    assert!(index.unmatched.is_empty());
    assert_eq!(index.meetings[0].papers.len(), 2);
    assert!(index.meetings[0].papers.iter().any(|p| p.placed_by_member));

    // A re-reading replaces every paper row; the member's decision stays.
    let results = scrutineer::reread_library(&mut lib, &ReadIn::ThisProcess, |_| {}).unwrap();
    assert!(results.iter().all(|r| r.error.is_none()));
    let index = lib.library_index().unwrap();
    assert_eq!(index.meetings.len(), 1);
    assert_eq!(index.meetings[0].id, meeting, "the meeting keeps its id");
    assert_eq!(
        index.meetings[0].papers.len(),
        2,
        "still attached after the re-reading: {index:#?}"
    );

    // Detached, it is listed apart again; the meeting keeps its agenda.
    let appendix = index.meetings[0]
        .papers
        .iter()
        .find(|p| p.file_name == "appendix.txt")
        .unwrap()
        .id;
    lib.detach_paper(appendix).unwrap();
    let index = lib.library_index().unwrap();
    assert_eq!(index.unmatched.len(), 1);
    assert_eq!(index.meetings[0].papers.len(), 1);
}

#[test]
fn a_detached_paper_stays_out_of_the_meeting_its_header_names() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "agenda.txt", AGENDA);
    import(&mut lib, "minutes.txt", MINUTES);
    let m = &lib.library_index().unwrap().meetings[0];
    let minutes = m
        .papers
        .iter()
        .find(|p| p.file_name == "minutes.txt")
        .unwrap()
        .id;
    lib.detach_paper(minutes).unwrap();
    let index = lib.library_index().unwrap();
    assert_eq!(index.meetings[0].papers.len(), 1);
    assert_eq!(index.unmatched[0].id, minutes);
}

#[test]
fn an_appendix_imported_with_its_report_joins_its_meeting() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let agenda = import(&mut lib, "agenda.txt", AGENDA);
    let appendix = import(&mut lib, "appendix.txt", APPENDIX);
    let meeting = lib
        .place_batch(&[agenda, appendix])
        .unwrap()
        .expect("one meeting in the batch");
    let index = lib.library_index().unwrap();
    assert!(index.unmatched.is_empty(), "{index:#?}");
    assert_eq!(index.meetings[0].id, meeting);
    assert_eq!(index.meetings[0].papers.len(), 2);
    assert!(
        !index.meetings[0].papers.iter().any(|p| p.placed_by_member),
        "the batch placed it, not the member"
    );
}

#[test]
fn a_batch_of_two_meetings_places_nothing() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let agenda = import(&mut lib, "agenda.txt", AGENDA);
    let other = import(
        &mut lib,
        "other.txt",
        &AGENDA.replace("4 March 2025", "5 March 2025"),
    );
    let appendix = import(&mut lib, "appendix.txt", APPENDIX);
    assert_eq!(lib.place_batch(&[agenda, other, appendix]).unwrap(), None);
    assert_eq!(lib.library_index().unwrap().unmatched.len(), 1);
}

#[test]
fn removing_the_last_paper_of_a_meeting_removes_the_meeting() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let agenda = import(&mut lib, "agenda.txt", AGENDA);
    let minutes = import(&mut lib, "minutes.txt", MINUTES);
    lib.remove_document(agenda).unwrap();
    let index = lib.library_index().unwrap();
    assert_eq!(index.meetings.len(), 1, "the minutes keep the meeting");
    lib.remove_document(minutes).unwrap();
    assert!(lib.library_index().unwrap().meetings.is_empty());
    assert!(matches!(
        lib.get_meeting(MeetingId(1)),
        Err(scrutineer::store::StoreError::NotFound { .. })
    ));
}

#[test]
fn the_cli_lists_meetings_with_their_papers_and_attaches_and_detaches() {
    let dir = TempLibrary::new();
    let tmp = tempfile::tempdir().unwrap();
    let (agenda, appendix) = (
        tmp.path().join("agenda.txt"),
        tmp.path().join("appendix.txt"),
    );
    std::fs::write(&agenda, AGENDA).unwrap();
    std::fs::write(&appendix, APPENDIX).unwrap();
    // Imported apart: the appendix cannot be told to belong anywhere.
    for f in [&agenda, &appendix] {
        let out = scrutineer(&dir.path, &["import", f.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&scrutineer(&dir.path, &["meetings", "--json"]).stdout)
            .expect("JSON");
    let meeting = &json["meetings"][0];
    assert_eq!(meeting["body"], "Audit Committee");
    assert_eq!(meeting["papers"][0]["kind"], "agenda");
    assert_eq!(meeting["papers"][0]["file_name"], "agenda.txt");
    let paper = json["unmatched"][0]["id"]
        .as_i64()
        .expect("the appendix is unmatched")
        .to_string();
    let id = meeting["id"].as_i64().unwrap().to_string();

    let out = scrutineer(&dir.path, &["attach", &paper, &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&scrutineer(&dir.path, &["meetings"]));
    assert!(!listed.contains("not matched"), "{listed}");
    let items: serde_json::Value =
        serde_json::from_slice(&scrutineer(&dir.path, &["items", &id, "--json"]).stdout)
            .expect("JSON");
    assert_eq!(items["papers"].as_array().unwrap().len(), 2);

    // The appendix's item, with its paragraphs' pages and places in its text.
    let item = items["items"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let item: serde_json::Value =
        serde_json::from_slice(&scrutineer(&dir.path, &["item", &item, "--json"]).stdout)
            .expect("JSON");
    let first = &item["paragraphs"][0];
    assert!(
        first["span"]["end"].as_u64().unwrap() > 0 && first["page"].is_u64(),
        "{first}"
    );

    let out = scrutineer(&dir.path, &["detach", &paper]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&scrutineer(&dir.path, &["meetings"])).contains("Papers not matched to a meeting")
    );
    let out = scrutineer(&dir.path, &["attach", &paper, "999"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no meeting with id 999"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_samples_make_one_meeting_each() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    scrutineer::import_path(&mut lib, &sample("Kent Cabinet 2018-03-26"), now()).unwrap();
    let index = lib.library_index().unwrap();
    // The pack's own meeting and the previous minutes bound into it.
    let dates: Vec<&str> = index.meetings.iter().map(|m| m.date.as_str()).collect();
    assert_eq!(dates, ["2018-03-26", "2018-02-05"]);
    assert_eq!(index.meetings[1].papers[0].kind.as_str(), "minutes");
}

/// The corpus PDFs of Kent's Cabinet of 30 January 2025: the agenda front
/// sheet, the budget monitoring report, its appendix (no header of its
/// own) and the printed minutes, imported together, are one meeting.
#[test]
fn the_cabinet_of_30_january_2025_is_one_meeting_with_four_papers() {
    let Some(corpus) = corpus_dir() else { return };
    let dir = TempLibrary::new();
    let pdfs: Vec<String> = ["p07", "p01", "p02", "p04"]
        .iter()
        .map(|prefix| {
            std::fs::read_dir(corpus.join("pdf"))
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
                .unwrap_or_else(|| panic!("{prefix} in corpus/pdf"))
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut args = vec!["import"];
    args.extend(pdfs.iter().map(String::as_str));
    let out = scrutineer(&dir.path, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let lib = dir.open();
    let index = lib.library_index().unwrap();
    assert_eq!(index.meetings.len(), 1, "{index:#?}");
    assert!(index.unmatched.is_empty(), "{index:#?}");
    let m = &index.meetings[0];
    assert_eq!(
        (m.body.as_str(), m.date.as_str(), m.council.as_deref()),
        ("Cabinet", "2025-01-30", Some("Kent County Council"))
    );
    let kinds: Vec<&str> = m.papers.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, ["agenda", "report", "paper", "minutes"]);
}
