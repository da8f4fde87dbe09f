//! Annotations (issue 12) on a real library file: made on a sample paper's
//! item, then found again on a revised copy of the paper imported for the
//! same meeting, in which paragraphs were inserted, reworded, moved and
//! removed. Every annotation ends in its right state and none is lost.

use scrutineer::annotations::AnchorState;
use scrutineer::ids::ItemId;
use scrutineer::{FileOutcome, Library, ReadIn};

use crate::common::{now, sample, scrutineer, stdout, TempLibrary};

fn import(lib: &mut Library, name: &str, text: &str) -> scrutineer::ids::DocumentId {
    match scrutineer::import_bytes(lib, name, text.as_bytes(), now()).expect("imports") {
        FileOutcome::Imported { document_id, .. } => document_id,
        other => panic!("{name}: {other:?}"),
    }
}

/// The item of the one meeting whose title starts so.
fn item(lib: &Library, title: &str) -> ItemId {
    let m = lib.library_index().unwrap().meetings[0].id;
    let detail = lib.get_meeting(m).unwrap();
    let found = detail
        .items()
        .filter(|i| i.title.starts_with(title))
        .map(|i| i.id)
        .collect::<Vec<_>>();
    *found.last().expect("the item")
}

const REWORDED: &str = "Mr Oakford said there was a projected revenue overspend of £60.9 million, an increase of £10.3 million since the last report";
const BELOW_INSERT: &str =
    "The income generated through recycling had been affected by market changes";
const MOVED: &str = "noted that a small net underspend had been recorded";
const REMOVED: &str = "Mrs Prendergast (Cabinet Member for Communications and People) noted that work was ongoing to identify non-essential spending";

/// The sample minutes revised: a paragraph inserted, one reworded, one
/// moved further down, one removed.
fn revised(original: &str) -> String {
    let hill = original
        .lines()
        .find(|l| l.contains(MOVED))
        .expect("Mr Hill's paragraph")
        .to_string();
    let prendergast = original
        .lines()
        .find(|l| l.contains("Mrs Prendergast"))
        .expect("Mrs Prendergast's paragraph")
        .to_string();
    let leader = original
        .lines()
        .find(|l| l.starts_with("11. The Leader said"))
        .expect("the Leader's paragraph")
        .to_string();
    original
        .replace("4. Miss Carey", "3A. A late paper on fuel prices was tabled and noted.\n\n4. Miss Carey")
        .replace(REWORDED, "Mr Oakford said there was a forecast revenue overspend of £60.9 million, up £10.3 million on the last report")
        .replacen(&format!("{hill}\n"), "", 1)
        .replacen(&format!("{prendergast}\n"), "", 1)
        .replacen(&leader, &format!("{leader}\n\n{hill}"), 1)
}

#[test]
fn annotations_are_found_again_on_a_revised_paper_and_never_lost() {
    let original = std::fs::read_to_string(sample("Kent Cabinet 2022-12-01")).expect("sample");
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let first = import(&mut lib, "minutes.txt", &original);
    let budget = item(&lib, "Revenue and Capital Budget Monitoring");
    let tags = vec!["finance".to_string()];
    let mut ids = Vec::new();
    for (quote, note) in [
        (REWORDED, "Ask about the £10.3m rise"),
        (BELOW_INSERT, "Recycling income"),
        (MOVED, "Which services?"),
        (REMOVED, "Examples?"),
    ] {
        ids.push(
            lib.annotate(budget, quote, note, &tags, "ask")
                .expect("annotated"),
        );
    }
    assert!(
        lib.annotate(budget, "words not in the item", "", &[], "ask")
            .is_err(),
        "a quote not in the text is refused"
    );
    let states = |lib: &Library| {
        lib.annotations(None)
            .unwrap()
            .iter()
            .map(|a| a.state)
            .collect::<Vec<_>>()
    };
    assert_eq!(states(&lib), vec![AnchorState::Exact; 4]);
    let listed = lib.annotations(None).unwrap();
    assert_eq!(
        (listed[0].page, listed[0].tags.clone(), listed[0].item_id),
        (Some(1), tags.clone(), Some(budget))
    );

    // The revised copy joins the same meeting; annotations move onto it.
    import(&mut lib, "minutes (revised).txt", &revised(&original));
    assert_eq!(
        lib.library_index().unwrap().meetings.len(),
        1,
        "one meeting with both copies"
    );
    let now = lib.annotations(None).unwrap();
    let got: Vec<(AnchorState, bool)> = now.iter().map(|a| (a.state, a.on_revision)).collect();
    assert_eq!(
        got,
        vec![
            (AnchorState::Moved, true),
            (AnchorState::Exact, true),
            (AnchorState::Moved, true),
            (AnchorState::Orphan, true)
        ],
        "reworded, below an insertion, moved, removed: {now:#?}"
    );
    let revised_item = item(&lib, "Revenue and Capital Budget Monitoring");
    assert_ne!(revised_item, budget);
    assert_eq!(now[1].item_id, Some(revised_item));
    let reworded = now[0].now.as_deref().expect("what it reads now");
    assert!(
        reworded.contains("up £10.3 million on the last report"),
        "{reworded}"
    );
    assert_eq!(now[0].quote, REWORDED, "the old words are kept");
    let text = lib.get_item(revised_item).unwrap().text;
    assert_eq!(&text[now[2].start.unwrap()..now[2].end.unwrap()], MOVED);
    assert_eq!(now[3].quote, REMOVED, "an orphan keeps its quote");
    assert_eq!(
        now[3].item_id,
        Some(budget),
        "and points at the older version, which stays readable"
    );
    assert!(lib.get_item(budget).unwrap().text.contains(REMOVED));

    // Deleting is undoable; re-reading and re-importing lose nothing.
    lib.delete_annotation(ids[1]).unwrap();
    assert_eq!(lib.annotations(None).unwrap().len(), 3);
    lib.restore_annotation(ids[1]).unwrap();
    scrutineer::import::reread_library(&mut lib, &ReadIn::ThisProcess, |_| {}).unwrap();
    assert_eq!(lib.annotations(None).unwrap().len(), 4);
    drop(lib);
    let mut lib = dir.open();
    lib.remove_document(first).unwrap();
    assert_eq!(
        states(&lib)[3],
        AnchorState::Orphan,
        "the paper it was made on is gone: kept as an orphan"
    );
    import(&mut lib, "minutes.txt", &original);
    assert_eq!(lib.annotations(None).unwrap().len(), 4, "nothing lost");
}

#[test]
fn the_command_line_annotates_and_lists_with_anchor_states() {
    let dir = TempLibrary::new();
    let db = dir.path.clone();
    let paper = sample("Kent Cabinet 2022-12-01");
    assert!(scrutineer(&db, &["import", paper.to_str().unwrap()])
        .status
        .success());
    let items: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&db, &["items", "1", "--json"]))).unwrap();
    let id = items["items"]
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
        &db,
        &[
            "annotate",
            &id,
            "--quote",
            MOVED,
            "--note",
            "Which **services**?",
            "--tag",
            "finance",
            "--tag",
            "ask",
        ],
    );
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&scrutineer(&db, &["annotations", "--json"]))).unwrap();
    let a = &list["annotations"][0];
    assert_eq!(
        (a["state"].as_str(), a["quote"].as_str(), a["note"].as_str()),
        (Some("exact"), Some(MOVED), Some("Which **services**?"))
    );
    assert_eq!(a["tags"], serde_json::json!(["finance", "ask"]));
    assert_eq!(a["page"], serde_json::json!(1));
    let bad = scrutineer(&db, &["annotate", &id, "--quote", "not in the item"]);
    assert!(!bad.status.success() && crate::common::stderr(&bad).contains("not in this item"));
}

#[test]
fn a_selection_in_the_window_is_annotated_highlighted_and_edited() {
    use scrutineer::store::TextPoint;
    let original = std::fs::read_to_string(sample("Kent Cabinet 2022-12-01")).expect("sample");
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "minutes.txt", &original);
    let budget = item(&lib, "Revenue and Capital Budget Monitoring");
    let detail = lib.get_item(budget).unwrap();
    // The window counts UTF-16 units in a paragraph: "£" is one unit, two bytes.
    let (i, p) = detail
        .paragraphs
        .iter()
        .enumerate()
        .find(|(_, p)| p.text.contains("£60.9 million"))
        .unwrap();
    let at = p.text.find("£60.9 million").unwrap();
    let from = p.text[..at].encode_utf16().count();
    let to = from + "£60.9 million".encode_utf16().count();
    let id = lib
        .annotate_range(
            budget,
            TextPoint {
                paragraph: i,
                offset: from,
            },
            TextPoint {
                paragraph: i,
                offset: to,
            },
            "See **table 1**\n\n<script>x()</script>",
            &[],
            "check",
        )
        .unwrap();
    let shown = lib.item_annotations(budget).unwrap();
    assert_eq!(shown.annotations[0].quote, "£60.9 million");
    assert_eq!(
        shown.annotations[0].note_html, "<p>See <strong>table 1</strong></p>\n",
        "rendered, the script dropped"
    );
    let h = &shown.highlights[0];
    assert_eq!(
        (h.paragraph, h.start, h.end, h.annotation, h.colour.as_str()),
        (i, from, to, id, "check")
    );
    lib.update_annotation(id, "Changed", &["finance".into()], "concern")
        .unwrap();
    let a = &lib.item_annotations(budget).unwrap().annotations[0];
    assert_eq!(
        (a.note.as_str(), a.tags.clone(), a.colour.as_str()),
        ("Changed", vec!["finance".to_string()], "concern")
    );
    assert!(
        lib.update_annotation(id, "", &[], "purple").is_err(),
        "only the named highlights"
    );
    let blank = TextPoint {
        paragraph: i,
        offset: 0,
    };
    assert!(
        lib.annotate_range(budget, blank, blank, "", &[], "ask")
            .is_err(),
        "an empty selection is refused"
    );
}

#[test]
fn the_march_2018_pack_revised_keeps_every_note_in_its_right_state() {
    let original = std::fs::read_to_string(sample("Kent Cabinet 2018-03-26")).expect("sample");
    let reworded =
        "The forecast for asylum services has decreased by -£0.378m since the December report";
    let below = "Within Children’s Assessment Staffing, a net +£1.3m pressure is forecast";
    let moved = "The forecast variance for 'Adult Health & Social Care – Adults' is -£0.6m.";
    let removed = "We continue to lobby Ministers and officials for full reimbursement.";
    for q in [reworded, below, moved, removed] {
        assert!(original.contains(q), "{q}");
    }
    let moved_line = original
        .lines()
        .find(|l| l.contains(moved))
        .unwrap()
        .to_string();
    let revised = original
        .replacen(
            reworded,
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
        .replacen(&format!(" {removed}"), "", 1);
    assert_ne!(revised, original);
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "pack.txt", &original);
    let it = item(&lib, "Revenue and Capital Budget Monitoring");
    for q in [reworded, below, moved, removed] {
        lib.annotate(it, q, "", &[], "check").unwrap();
    }
    import(&mut lib, "pack (republished).txt", &revised);
    let got: Vec<(AnchorState, bool)> = lib
        .annotations(None)
        .unwrap()
        .iter()
        .map(|a| (a.state, a.on_revision))
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
    assert_eq!(lib.annotations(None).unwrap().len(), 4, "nothing lost");
}

#[test]
fn deleted_notes_are_kept_for_thirty_days_then_purged() {
    let original = std::fs::read_to_string(sample("Kent Cabinet 2022-12-01")).expect("sample");
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    import(&mut lib, "minutes.txt", &original);
    let budget = item(&lib, "Revenue and Capital Budget Monitoring");
    let id = lib.annotate(budget, MOVED, "", &[], "ask").unwrap();
    lib.delete_annotation(id).unwrap();
    assert_eq!(lib.purge_expired().unwrap(), 0, "deleted today: kept");
    drop(lib);
    let mut lib = dir.open();
    let deleted = lib.recently_deleted().unwrap();
    assert_eq!(
        (
            deleted.len(),
            deleted[0].kind.as_str(),
            deleted[0].id,
            deleted[0].label.as_str()
        ),
        (1, "note", id, MOVED),
        "listed to restore"
    );
    lib.restore_annotation(id).unwrap();
    assert_eq!(
        lib.annotations(None).unwrap().len(),
        1,
        "undone after a restart"
    );
    assert!(lib.recently_deleted().unwrap().is_empty());
    lib.delete_annotation(id).unwrap();
    let later = chrono::Utc::now() + chrono::Duration::days(31);
    assert_eq!(lib.purge_deleted(later).unwrap(), 1, "31 days on: gone");
    lib.restore_annotation(id).unwrap();
    assert!(lib.annotations(None).unwrap().is_empty());
}

/// A cell of a budget table is marked on its row of the printed text, so
/// the highlight is found again like any other.
#[test]
fn a_budget_table_cell_is_annotated_on_its_row() {
    let dir = crate::common::TempLibrary::new();
    let mut lib = dir.open();
    scrutineer::import_path(
        &mut lib,
        &crate::common::sample("Kent Cabinet 2018-03-26"),
        crate::common::now(),
    )
    .unwrap();
    let m = lib
        .library_index()
        .unwrap()
        .meetings
        .iter()
        .find(|m| m.date == "2018-03-26")
        .unwrap()
        .id;
    let row = lib
        .meeting_budget_lines(m)
        .unwrap()
        .into_iter()
        .find(|r| r.line.label.ends_with("Asylum") && r.variance.is_some())
        .expect("the Asylum row");
    let cell = row.variance.clone().unwrap().printed;
    let id = lib
        .annotate_cell(
            row.item_id,
            &row.line.label,
            &cell,
            "Why so large?",
            &[],
            "concern",
        )
        .unwrap();
    let a = lib
        .annotations(Some(m))
        .unwrap()
        .into_iter()
        .find(|a| a.id == id)
        .unwrap();
    assert_eq!(
        (a.quote.as_str(), a.state),
        (cell.as_str(), scrutineer::annotations::AnchorState::Exact)
    );
    let item = lib.get_item(row.item_id).unwrap();
    let para = item
        .paragraphs
        .iter()
        .find(|p| p.span.start <= a.start.unwrap() && a.end.unwrap() <= p.span.end)
        .expect("a paragraph holds it");
    assert!(
        para.text
            .contains(row.line.label.split_whitespace().last().unwrap()),
        "on the row's own line: {}",
        para.text
    );
    assert!(lib
        .annotate_cell(
            row.item_id,
            &row.line.label,
            "no such figure",
            "",
            &[],
            "ask"
        )
        .is_err());
}
