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
