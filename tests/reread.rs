//! `reread`: a library made by the last release, read again by this one,
//! keeps its meetings and items, adds what the reader now finds, and a
//! second run changes nothing.

use std::collections::BTreeMap;

use scrutineer::{Library, ReadIn};

use crate::common::{scrutineer, stdout, TempLibrary};

/// Meetings by (date, body), each with its item numbers and titles.
fn outline(
    lib: &Library,
) -> BTreeMap<(Option<String>, Option<String>), Vec<(Option<String>, String)>> {
    lib.library_index()
        .expect("meetings")
        .papers()
        .map(|p| {
            let items = lib
                .get_paper(p.id)
                .expect("paper")
                .items
                .into_iter()
                .map(|i| (i.number, i.title))
                .collect();
            ((p.date.clone(), p.body.clone()), items)
        })
        .collect()
}

fn release_library() -> TempLibrary {
    let lib = TempLibrary::new();
    let fixture =
        crate::common::project_dir().join("tests/fixtures/library/release-0.1-samples.sqlite3");
    std::fs::copy(fixture, &lib.path).expect("copy the release's library");
    lib
}

#[test]
fn a_release_library_reread_keeps_its_meetings_and_items_and_is_stable() {
    let dir = release_library();
    let mut lib = dir.open();
    assert_eq!(
        lib.schema_version().unwrap(),
        scrutineer::store::migrations_count(),
        "opening migrates it"
    );
    let before = outline(&lib);
    assert!(
        before.len() >= 5,
        "the release library holds the sample meetings"
    );

    let first = scrutineer::reread_library(&mut lib, &ReadIn::ThisProcess, |_| {}).expect("reread");
    assert!(first.iter().all(|r| r.error.is_none()), "{first:?}");
    let after = outline(&lib);
    for (meeting, items) in &before {
        let now = after
            .get(meeting)
            .unwrap_or_else(|| panic!("meeting {meeting:?} lost by reread"));
        for (number, title) in items {
            assert!(
                now.iter().any(|(n, _)| n == number),
                "{meeting:?}: item {number:?} {title:?} lost by reread; now {now:?}"
            );
        }
    }
    assert_eq!(
        lib.count_documents().unwrap(),
        5,
        "documents are kept, not re-imported"
    );

    let second =
        scrutineer::reread_library(&mut lib, &ReadIn::ThisProcess, |_| {}).expect("reread again");
    assert!(
        second.iter().all(|r| !r.changed() && r.error.is_none()),
        "a second reread changes nothing: {second:?}"
    );
    assert_eq!(outline(&lib), after);
}

#[test]
fn the_cli_rereads_through_its_worker() {
    let dir = release_library();
    let out = scrutineer(&dir.path, &["reread"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("re-read 5 paper(s)"),
        "{}",
        stdout(&out)
    );
    let again = stdout(&scrutineer(&dir.path, &["reread"]));
    assert!(again.contains("0 changed"), "{again}");
}
