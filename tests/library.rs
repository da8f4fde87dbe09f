//! The library's promises: an import completes or changes nothing.

use crate::common::{now, sample, TempLibrary};

#[test]
fn a_failed_import_leaves_the_library_as_it_was() {
    let lib_dir = TempLibrary::new();
    let mut lib = lib_dir.open();
    scrutineer::import_path(&mut lib, &sample("Kent Cabinet 2024-09-26"), now()).unwrap();
    let before = lib.list_meetings().unwrap();

    // Make the database refuse one agenda item half-way through an import,
    // as a full disk or a crash would.
    let conn = rusqlite::Connection::open(&lib_dir.path).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER refuse_item BEFORE INSERT ON agenda_items WHEN NEW.title = 'Developer Contributions Guide'
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
    let failed = scrutineer::import_path(&mut lib, &sample("Kent Cabinet 2022-12-01"), now());
    assert!(failed.is_err(), "the refused insert fails the import");

    assert_eq!(
        lib.list_meetings().unwrap(),
        before,
        "no half-imported meeting remains"
    );
    assert_eq!(lib.count_documents().unwrap(), 1, "no document row remains");
    let items: i64 = conn
        .query_row("SELECT count(*) FROM agenda_items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(items, 6, "only the first paper's items");
}

#[test]
fn migrations_validate_and_reopening_keeps_data() {
    let lib_dir = TempLibrary::new();
    {
        let mut lib = lib_dir.open();
        scrutineer::import_path(&mut lib, &sample("Kent Scrutiny"), now()).unwrap();
    }
    let lib = lib_dir.open();
    assert_eq!(
        lib.count_documents().unwrap(),
        1,
        "data survives closing and reopening the file"
    );
    assert_eq!(
        lib.schema_version().unwrap(),
        scrutineer::store::migrations_count()
    );
}

#[test]
fn budget_tables_and_figures_are_stored_exactly() {
    let lib_dir = TempLibrary::new();
    let mut lib = lib_dir.open();
    let pack = sample("Kent Cabinet 2018-03-26");
    scrutineer::import_path(&mut lib, &pack, now()).unwrap();
    let parsed = {
        let doc = scrutineer::ingest::ingest(&std::fs::read(&pack).unwrap()).unwrap();
        scrutineer::parse::parse(&doc)
    };
    let own = &lib.list_meetings().unwrap()[0];
    let rows = lib.meeting_budget_lines(own.id).unwrap();
    let parsed_lines: usize = parsed
        .budget_tables
        .iter()
        .filter(|t| t.meeting == Some(0))
        .map(|t| t.table.lines.len())
        .sum();
    assert_eq!(
        rows.len(),
        parsed_lines,
        "every line of the meeting's tables is stored and listed"
    );
    // Values come back to the penny, with the text as printed.
    let first = &parsed
        .budget_tables
        .iter()
        .find(|t| t.meeting == Some(0))
        .unwrap()
        .table
        .lines[0];
    let stored = rows.iter().find(|r| r.line.label == first.label).unwrap();
    for (v, s) in first.values.iter().zip(&stored.line.values) {
        assert_eq!(
            (v.pence, v.printed.as_str(), v.column.as_str()),
            (s.pence, s.printed.as_str(), s.column.as_str())
        );
        assert_eq!(v.role, s.role, "{}: the column's role is kept", v.column);
    }
    // The Budget view's variance is the one the reader chose by role.
    for row in &rows {
        // The same label may stand in two tables: match the printed values too.
        let printed: Vec<&str> = row.line.values.iter().map(|v| v.printed.as_str()).collect();
        let parsed_line = parsed
            .budget_tables
            .iter()
            .flat_map(|t| &t.table.lines)
            .find(|l| {
                l.label == row.line.label
                    && l.values
                        .iter()
                        .map(|v| v.printed.as_str())
                        .collect::<Vec<_>>()
                        == printed
            });
        if let Some(l) = parsed_line {
            assert_eq!(
                row.variance.as_ref().map(|v| &v.printed),
                l.variance().map(|v| &v.printed),
                "{}",
                l.label
            );
        }
    }
    let item = lib.get_item(stored.item_id).unwrap();
    assert!(!item.tables.is_empty(), "the item shows its tables");
    assert!(!item.figures.is_empty(), "and the figures in its text");
    assert!(
        item.figures.iter().all(|f| f.amount_pence >= 0),
        "amounts are never negative: direction carries the sense"
    );
}

/// A library made by the previous version (schema 10, commit 2d68514):
/// the two sample packs imported, two notes (`annotate`), two questions
/// (`question add`, one citing a quote and the Asylum flag), and, written
/// in that schema by SQL since that version's CLI had no command for
/// them, a commitment, a dismissed flag and the library's thresholds.
#[test]
fn a_library_of_the_previous_version_keeps_the_members_work_when_upgraded() {
    let dir = TempLibrary::new();
    let fixture = crate::common::project_dir()
        .join("tests/fixtures/library/schema-10-notes-and-questions.sqlite3");
    std::fs::copy(fixture, &dir.path).expect("copy the previous version's library");
    let old = rusqlite::Connection::open(&dir.path).unwrap();
    assert_eq!(
        old.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .unwrap(),
        10
    );
    drop(old);

    let lib = dir.open();
    assert_eq!(
        lib.schema_version().unwrap(),
        scrutineer::store::migrations_count(),
        "opening upgrades it"
    );
    let march = lib
        .library_index()
        .unwrap()
        .meetings
        .iter()
        .find(|m| m.date == "2018-03-26")
        .expect("the March 2018 meeting")
        .id;

    let notes = lib.annotations(None).unwrap();
    assert_eq!(notes.len(), 3, "two notes and the quoted evidence");
    let note = notes
        .iter()
        .find(|a| a.quote == "This report provides the budget monitoring position")
        .expect("the note on item 5");
    assert_eq!(
        (note.note.as_str(), note.tags.clone(), note.state),
        (
            "Which **months**?",
            vec!["budget".to_string(), "ask".to_string()],
            scrutineer::annotations::AnchorState::Exact
        )
    );
    assert!(note.note_html.contains("<strong>months</strong>"));

    let questions = lib.questions(Some(march)).unwrap();
    assert_eq!(
        questions
            .iter()
            .map(|q| (q.position, q.to.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "Leader"), (2, "Chair")]
    );
    let first = &questions[0];
    let evidence: Vec<(
        &str,
        Option<u32>,
        Option<scrutineer::annotations::AnchorState>,
    )> = first
        .evidence
        .iter()
        .map(|e| (e.kind.as_str(), e.page, e.state))
        .collect();
    assert_eq!(
        evidence,
        vec![
            (
                "quote",
                Some(1),
                Some(scrutineer::annotations::AnchorState::Exact)
            ),
            ("flag", Some(1), None)
        ]
    );
    assert!(
        first.evidence[0].item_id.is_some() && first.evidence[1].item_id.is_some(),
        "both still link into the papers"
    );
    assert!(first.evidence[1]
        .label
        .starts_with("Children, Young People & Education - Asylum: forecast overspend +£3.37m"));
    assert!(
        first
            .text
            .contains("Can you explain what is driving the £3.37m"),
        "{}",
        first.text
    );
    assert_eq!(first.answer_source, None);

    let commitments = lib.commitments(None).unwrap();
    assert_eq!(commitments.len(), 1);
    assert_eq!(commitments[0].due.as_deref(), Some("2023-03-31"));
    let flags = lib.meeting_flags(march).unwrap();
    let dismissed: Vec<&str> = flags
        .flags
        .iter()
        .filter_map(|f| f.dismissed.as_ref().map(|d| d.reason.as_str()))
        .collect();
    assert_eq!(dismissed, vec!["Counted twice"], "the dismissal is kept");
    assert_eq!(
        lib.thresholds(None).unwrap().0.variance_pence,
        100_000_000,
        "and the library's thresholds"
    );
}
