//! Text with coordinates (issue 7): every paragraph, resolution and figure
//! of every item knows where it stands in the item's text, and each
//! paragraph its page; the app is sent paragraphs with their marks, so the
//! UI never searches text for what to mark.

use std::path::PathBuf;

use scrutineer::parse::{Item, Paper};

use crate::common::{corpus_dir, now, TempLibrary};

/// Every sample paper, and with ../shared the corpus PDFs and the other
/// councils' papers.
fn papers() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        std::fs::read_dir(crate::common::project_dir().join("assets/samples"))
            .expect("samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
    if let Some(corpus) = corpus_dir() {
        for dir in ["pdf", "councils"] {
            out.extend(
                std::fs::read_dir(corpus.join(dir))
                    .expect("corpus folder")
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "pdf" || e == "html")),
            );
        }
    }
    out.sort();
    out
}

fn read(path: &PathBuf) -> Paper {
    let bytes = std::fs::read(path).expect("read");
    scrutineer::parse::parse(&scrutineer::ingest::ingest(&bytes).expect("ingests"))
}

fn check_item(name: &str, item: &Item) -> Vec<String> {
    let mut problems = Vec::new();
    let text = &item.text;
    // The paragraphs tile the text in order.
    let mut at = 0;
    for p in &item.paragraphs {
        if p.span.start != at || text.get(p.span.start..p.span.end).is_none() {
            problems.push(format!(
                "{name}: paragraph {:?} does not follow on at {at}",
                p.span
            ));
            break;
        }
        at = p.span.end + 2;
    }
    if !item.paragraphs.is_empty() && at != text.len() + 2 {
        problems.push(format!(
            "{name}: paragraphs end at {at}, text at {}",
            text.len()
        ));
    }
    // Pages never go back, and none comes before the item's own.
    let pages: Vec<u32> = item.paragraphs.iter().filter_map(|p| p.page).collect();
    if pages.windows(2).any(|w| w[1] < w[0]) {
        problems.push(format!(
            "{name} / {}: paragraph pages go back: {pages:?}",
            item.title
        ));
    }
    if item.resolution_spans.len() != item.resolutions.len() {
        problems.push(format!(
            "{name}: {} resolutions, {} spans",
            item.resolutions.len(),
            item.resolution_spans.len()
        ));
    }
    for s in &item.resolution_spans {
        if text.get(s.start..s.end).is_none() {
            problems.push(format!("{name}: resolution span {s:?} is not in the text"));
        }
    }
    for f in &item.figures {
        let Some(s) = f.span else {
            problems.push(format!("{name}: figure {} has no span", f.text));
            continue;
        };
        match text.get(s.start..s.end) {
            Some(printed) if printed == f.text || printed.ends_with(f.text.as_str()) => {}
            other => problems.push(format!("{name}: figure {} spans {other:?}", f.text)),
        }
    }
    problems
}

#[test]
fn every_paragraph_resolution_and_figure_knows_its_place() {
    let mut problems = Vec::new();
    let mut paged = 0;
    for path in papers() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let paper = read(&path);
        for item in paper.meetings.iter().flat_map(|m| &m.items) {
            problems.extend(check_item(&name, item));
            paged += item.paragraphs.iter().filter(|p| p.page.is_some()).count();
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(paged > 0, "paragraphs carry pages");
}

/// A long appendix: its paragraphs cite the pages they are
/// printed on, not the page the item starts on.
#[test]
fn a_long_reports_paragraphs_cite_their_own_pages() {
    let Some(corpus) = corpus_dir() else { return };
    let pack = std::fs::read_dir(corpus.join("pdf"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("p02"))
        .expect("the budget monitoring appendix p02");
    let paper = read(&pack);
    let item = paper.meetings[0]
        .items
        .iter()
        .max_by_key(|i| i.text.len())
        .expect("items");
    let pages: std::collections::BTreeSet<u32> =
        item.paragraphs.iter().filter_map(|p| p.page).collect();
    assert!(pages.len() > 5, "a long report spans many pages: {pages:?}");
}

#[test]
fn the_app_gets_paragraphs_with_figures_marked_in_utf16() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let text = "MINUTES of a meeting of the Audit Committee held on Tuesday, 4 March 2025.\n\n\
        1. Budget — Monitoring\n\nThe forecast “overspend” is £1.2m in Adults; Children’s Services are £0.4m under budget.\n\n\
        RESOLVED that the report be noted.\n";
    scrutineer::import_bytes(&mut lib, "minutes.txt", text.as_bytes(), now()).unwrap();
    let meeting = lib.list_meetings().unwrap()[0].id;
    let item_id = lib.get_meeting(meeting).unwrap().items().next().unwrap().id;
    let item = lib.get_item(item_id).unwrap();
    let marked: Vec<String> = item
        .paragraphs
        .iter()
        .flat_map(|p| {
            let units: Vec<u16> = p.text.encode_utf16().collect();
            p.marks
                .iter()
                .map(move |m| String::from_utf16(&units[m.start..m.end]).unwrap())
        })
        .collect();
    assert_eq!(marked, ["£1.2m", "£0.4m"]);
    // Both sit beside the words that say their direction: no second label.
    let worded: Vec<bool> = item
        .paragraphs
        .iter()
        .flat_map(|p| p.marks.iter().map(|m| m.worded))
        .collect();
    assert_eq!(worded, [true, true]);
    let resolution = item
        .paragraphs
        .iter()
        .find(|p| p.resolution.is_some())
        .expect("a resolution paragraph");
    assert!(resolution.text.starts_with("RESOLVED"));
}

/// The text of every page is kept with the paper, and read anew with it.
#[test]
fn each_pages_text_is_stored_with_its_paper() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let text = "MINUTES of a meeting of the Audit Committee held on Tuesday, 4 March 2025.\n\n1. Apologies\n\nNone.\x0c2. Budget\n\nThe overspend is £1.2m.\n";
    let id =
        match scrutineer::import_bytes(&mut lib, "minutes.txt", text.as_bytes(), now()).unwrap() {
            scrutineer::FileOutcome::Imported { document_id, .. } => document_id,
            other => panic!("{other:?}"),
        };
    assert_eq!(lib.page_count(id).unwrap(), 2);
    assert!(lib
        .page_text(id, 2)
        .unwrap()
        .expect("page 2")
        .starts_with("2. Budget"));
    scrutineer::reread_library(&mut lib, &scrutineer::ReadIn::ThisProcess, |_| {}).unwrap();
    assert_eq!(
        lib.page_count(id).unwrap(),
        2,
        "a re-reading replaces the pages, never doubles them"
    );
}

/// A budget report's tables stand where the paper prints them, so the
/// report's prose comes first rather than after every table.
#[test]
fn tables_stand_where_the_paper_prints_them() {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    scrutineer::import_path(
        &mut lib,
        &crate::common::sample("Kent Cabinet 2018-03-26"),
        now(),
    )
    .unwrap();
    let meeting = lib
        .list_meetings()
        .unwrap()
        .into_iter()
        .find(|m| m.date == "2018-03-26")
        .unwrap();
    let detail = lib.get_meeting(meeting.id).unwrap();
    let budget = detail
        .items()
        .find(|i| i.title.contains("Budget Monitoring"))
        .expect("the budget item");
    let item = lib.get_item(budget.id).unwrap();
    assert!(item.tables.len() >= 5, "{} tables", item.tables.len());
    let placed: Vec<usize> = item
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.tables_before.iter().map(move |_| i))
        .collect();
    assert!(
        item.tables_unplaced.len() * 4 <= item.tables.len(),
        "most tables are placed: {} of {} not",
        item.tables_unplaced.len(),
        item.tables.len()
    );
    assert!(
        placed.first().is_some_and(|&i| i > 0),
        "the report's prose comes before its first table: {placed:?}"
    );
    assert!(
        placed.windows(2).all(|w| w[0] <= w[1]),
        "tables keep their order: {placed:?}"
    );
}
