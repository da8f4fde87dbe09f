//! Every corpus paper imports into a library on disk and reads back as the
//! meetings and items its expected/ facts describe.

use scrutineer::FileOutcome;
use serde_json::Value;

use crate::common::{corpus_dir, corpus_papers, expected_for, now, TempLibrary};

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

#[test]
fn each_corpus_paper_imports_with_its_meetings_and_items() {
    let Some(corpus) = corpus_dir() else { return };
    for paper in corpus_papers(&corpus) {
        let name = paper.file_name().unwrap().to_string_lossy().into_owned();
        let expected = expected_for(&paper);
        let lib_dir = TempLibrary::new();
        let mut lib = lib_dir.open();
        let outcome = scrutineer::import_path(&mut lib, &paper, now())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            matches!(outcome, FileOutcome::Imported { .. }),
            "{name}: first import stores the paper"
        );

        let index = lib.library_index().unwrap();
        let papers: Vec<_> = index.papers().collect();
        // The paper's own meeting, plus any minutes bound into it.
        let mut wanted = vec![expected.clone()];
        if let Some(embedded) = expected.get("embedded_minutes").filter(|v| !v.is_null()) {
            wanted.push(embedded.clone());
        }
        assert_eq!(
            papers.len(),
            wanted.len(),
            "{name}: one meeting per header in the paper"
        );
        for want in wanted {
            let date = str_field(&want, "date");
            let body = str_field(&want, "body");
            let found = papers
                .iter()
                .find(|p| p.date.as_deref() == date && p.body.as_deref() == body)
                .unwrap_or_else(|| panic!("{name}: no meeting {body:?} on {date:?} in {papers:?}"));
            // Dated papers are grouped into meetings; the others are listed apart.
            assert_eq!(
                found.meeting_id.is_some(),
                date.is_some() && body.is_some(),
                "{name}: {found:?}"
            );
            let detail = lib.get_paper(found.id).unwrap();
            let want_items = want["items"].as_array().expect("items listed");
            let got: Vec<(Option<&str>, &str)> = detail
                .items
                .iter()
                .map(|i| (i.number.as_deref(), i.title.as_str()))
                .collect();
            assert_eq!(
                got.len(),
                want_items.len(),
                "{name}: item count for {body:?} {date:?}: {got:?}"
            );
            for (g, w) in got.iter().zip(want_items) {
                assert_eq!(g.0, str_field(w, "number"), "{name}: item numbers in order");
            }
        }
    }
}

#[test]
fn agenda_pack_item_carries_its_report_text() {
    // The pack's agenda lists item titles only; the report bound further on
    // is what a councillor reads when they open the item.
    let Some(corpus) = corpus_dir() else { return };
    let paper = corpus_papers(&corpus)
        .into_iter()
        .find(|p| expected_for(p)["kind"] == "agenda_pack")
        .expect("a pack");
    let lib_dir = TempLibrary::new();
    let mut lib = lib_dir.open();
    scrutineer::import_path(&mut lib, &paper, now()).unwrap();
    let own = &lib.list_meetings().unwrap()[0];
    let detail = lib.get_meeting(own.id).unwrap();
    let with_pages: Vec<_> = detail.items().filter(|i| i.pages.is_some()).collect();
    assert!(!with_pages.is_empty(), "agenda page ranges are read");
    let budget = detail
        .items()
        .find(|i| i.title.to_lowercase().contains("budget monitoring"))
        .expect("the budget monitoring item");
    let item = lib.get_item(budget.id).unwrap();
    assert!(
        item.text.len() > 10_000,
        "the report's text is attached to its item, got {} bytes",
        item.text.len()
    );
}
