//! Money measured against the hand-written facts: the seed papers in
//! ../shared/corpus and the papers of other councils in
//! ../shared/corpus/councils (PDFs and a saved web page), read the way the
//! app reads them (`ingest` then `parse`).
//!
//! Per paper: budget lines found (labels compared loosely, a heading put in
//! front allowed), values exact under the right column, each table's unit,
//! figures found (recall) and invented (precision, only where the facts
//! list every amount), direction, and whether the page a figure or a line
//! cites is a page its words are printed on. Then the "does not add up"
//! warnings, each of which must be one the paper's own numbers earn.
//!
//! The levels asserted at the end are those this build reaches (a
//! ratchet); the targets are printed beside them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use scrutineer::money::tables::BudgetLine;
use scrutineer::money::Unit;
use scrutineer::parse::Paper;
use serde_json::Value;

use crate::common::{corpus_dir, corpus_papers, expected_for};

#[derive(Default, Clone, Copy)]
struct Count {
    hit: usize,
    of: usize,
}

impl Count {
    fn add(&mut self, hit: bool) {
        self.of += 1;
        self.hit += usize::from(hit);
    }
    fn rate(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
    fn merge(&mut self, o: Count) {
        self.hit += o.hit;
        self.of += o.of;
    }
    fn cell(self) -> String {
        if self.of == 0 {
            "-".into()
        } else {
            format!("{}/{}", self.hit, self.of)
        }
    }
}

#[derive(Default, Clone)]
struct Scores {
    lines: Count,
    values: Count,
    units: Count,
    recall: Count,
    precision: Count,
    direction: Count,
    page: Count,
    line_page: Count,
    add_up: Vec<String>,
    /// Figures missed or found with the wrong direction, for the report.
    wrong_direction: Vec<String>,
}

impl Scores {
    fn merge(&mut self, o: &Scores) {
        self.lines.merge(o.lines);
        self.values.merge(o.values);
        self.units.merge(o.units);
        self.recall.merge(o.recall);
        self.precision.merge(o.precision);
        self.direction.merge(o.direction);
        self.page.merge(o.page);
        self.line_page.merge(o.line_page);
        self.add_up.extend(o.add_up.iter().cloned());
        self.wrong_direction
            .extend(o.wrong_direction.iter().cloned());
    }
}

fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A column named loosely: the expected name's words all in ours ("£m"
/// alone names the table's only money column).
fn column_matches(expected: &str, got: &str) -> bool {
    let g = words(got);
    let e = words(expected);
    loose(expected) == loose(got)
        || (!e.is_empty() && e.iter().all(|w| g.contains(w)))
        || (e.len() <= 1 && expected.contains('£') && e.iter().all(|w| w == "m" || w == "000"))
}

/// A label as the facts write it: the line's own, or its section's in front.
fn label_matches(want: &str, line: &BudgetLine) -> bool {
    let w = loose(want);
    let own = loose(&line.label);
    // A label the facts cut short after 30 letters or more matches the
    // whole label as printed.
    let prefix = |a: &str, b: &str| a.len() >= 30 && b.starts_with(a);
    own == w
        || prefix(&w, &own)
        || line
            .section
            .as_deref()
            .is_some_and(|s| loose(&format!("{s}{}", line.label)) == w)
}

/// Expected JSON numbers are as printed ("58.39"); read them exactly.
fn expected_pence(v: &Value, unit: Unit) -> Option<i64> {
    scrutineer::money::pence(&v.to_string(), unit)
}

fn unit_of(marker: &str) -> Option<Unit> {
    Unit::from_marker(marker)
}

/// The papers measured: the seed text papers and every paper in councils/.
fn papers(corpus: &Path) -> Vec<PathBuf> {
    let mut v = corpus_papers(corpus);
    let mut councils: Vec<PathBuf> = std::fs::read_dir(corpus.join("councils"))
        .expect("corpus/councils")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf" || e == "html"))
        .collect();
    councils.sort();
    v.extend(councils);
    v
}

/// Text of a page with white space squeezed, to find printed words on it.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn score_paper(paper: &Paper, pages: &BTreeMap<u32, String>, want: &Value) -> Scores {
    let mut sc = Scores::default();
    // Budget lines and values, preferring a line in the table of the same caption.
    let mut units_by_table: BTreeMap<String, (Unit, Vec<Option<Unit>>)> = BTreeMap::new();
    for w in want
        .get("budget_lines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let label = w["label"].as_str().unwrap_or("");
        let caption = loose(w["table"].as_str().unwrap_or(""));
        let Some(unit) = unit_of(w["unit"].as_str().unwrap_or("£")) else {
            continue;
        };
        let values = w["values"].as_object().cloned().unwrap_or_default();
        let candidates: Vec<(&scrutineer::parse::PaperTable, &BudgetLine, bool)> = paper
            .budget_tables
            .iter()
            .flat_map(|t| {
                let same = t.table.caption.as_deref().is_some_and(|c| {
                    !caption.is_empty()
                        && !loose(c).is_empty()
                        && (loose(c).contains(&caption) || caption.contains(&loose(c)))
                });
                t.table.lines.iter().map(move |l| (t, l, same))
            })
            .filter(|(_, l, _)| label_matches(label, l))
            .collect();
        // With one column of figures on each side there is only one right column.
        let right = |l: &BudgetLine| {
            let single = values.len() == 1 && l.values.len() == 1;
            values
                .iter()
                .filter(|(col, v)| {
                    l.values.iter().any(|g| {
                        (single || column_matches(col, &g.column))
                            && Some(g.pence) == expected_pence(v, unit)
                    })
                })
                .count()
        };
        let best = candidates
            .iter()
            .max_by_key(|(_, l, same)| (right(l), *same));
        sc.lines.add(best.is_some());
        let r = best.map_or(0, |(_, l, _)| right(l));
        sc.values.hit += r;
        sc.values.of += values.len();
        let entry = units_by_table
            .entry(caption.clone())
            .or_insert((unit, Vec::new()));
        entry.1.push(best.and_then(|(t, _, _)| t.table.unit));
    }
    for (want_unit, got) in units_by_table.values() {
        // A table's unit is right when the tables its lines were found in
        // all say it (a line not found is counted under lines).
        let found: Vec<Unit> = got.iter().flatten().copied().collect();
        sc.units
            .add(!found.is_empty() && found.iter().all(|u| u == want_unit));
    }
    // Every line the reader gives cites its page: a page on which its
    // label's first word or its first value is printed.
    for t in &paper.budget_tables {
        for l in &t.table.lines {
            let page = l.page.unwrap_or(t.table.page);
            let text = pages.get(&page).map(|p| squeeze(p)).unwrap_or_default();
            let first = l.values.first().map(|v| v.printed.as_str()).unwrap_or("");
            let label_word = l.label.split_whitespace().next().unwrap_or("");
            sc.line_page
                .add(text.contains(first) && text.contains(label_word));
        }
    }

    // Figures: every figure the app shows, matched by amount.
    let complete = want.get("figures_complete").and_then(Value::as_bool) == Some(true);
    let got: Vec<&scrutineer::money::figures::Figure> = paper
        .meetings
        .iter()
        .flat_map(|m| m.items.iter())
        .flat_map(|i| i.figures.iter())
        .chain(paper.figures.iter())
        .collect();
    let mut used = vec![false; got.len()];
    for w in want
        .get("figures")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let pence = w
            .get("amount_pence")
            .and_then(Value::as_i64)
            .unwrap_or_else(|| (w["amount_gbp"].as_f64().unwrap_or(-1.0) * 100.0).round() as i64);
        let hit = (0..got.len()).find(|&k| !used[k] && got[k].amount_pence == pence);
        sc.recall.add(hit.is_some());
        if hit.is_none() {
            sc.wrong_direction.push(format!(
                "missed £{:.2} ({})",
                pence as f64 / 100.0,
                w["context"].as_str().unwrap_or("")
            ));
        }
        if let Some(k) = hit {
            used[k] = true;
            let d = w["direction"].as_str().unwrap_or("any");
            let right = d == "any" || d == got[k].direction.as_str();
            sc.direction.add(right);
            if !right {
                sc.wrong_direction.push(format!(
                    "{} read {} (facts: {d}): {}",
                    got[k].text,
                    got[k].direction.as_str(),
                    got[k].sentence.chars().take(110).collect::<String>()
                ));
            }
        }
    }
    if complete {
        sc.precision.hit = used.iter().filter(|u| **u).count();
        sc.precision.of = got.len();
    }
    for f in &got {
        let on = f
            .page
            .and_then(|p| pages.get(&p))
            .is_some_and(|t| squeeze(t).contains(&squeeze(&f.text)));
        sc.page.add(on);
    }
    for d in &paper.diagnostics {
        if d.message.contains("add up") {
            sc.add_up
                .push(format!("p{}: {}", d.page.unwrap_or(0), d.message));
        }
    }
    sc
}

/// What the reader made of a paper's tables, for looking into a score.
fn dump(paper: &Paper) {
    for t in &paper.budget_tables {
        let t = &t.table;
        println!(
            "TABLE p{} {:?} unit {:?} columns {:?}",
            t.page, t.caption, t.unit, t.columns
        );
        for l in &t.lines {
            let cells: Vec<String> = l
                .values
                .iter()
                .map(|v| format!("{}={}", v.column, v.printed))
                .collect();
            println!(
                "   {}{}{} | {}",
                l.section
                    .as_deref()
                    .map_or(String::new(), |s| format!("[{s}] ")),
                l.label,
                if l.total_row { " (T)" } else { "" },
                cells.join("; ")
            );
        }
    }
    for d in &paper.diagnostics {
        println!("DIAG p{:?} {}", d.page, d.message);
    }
}

fn read(path: &Path) -> (Paper, BTreeMap<u32, String>) {
    let bytes = std::fs::read(path).expect("read paper");
    let doc = scrutineer::ingest::ingest(&bytes).expect("corpus papers ingest");
    if std::env::var("SCRUTINEER_MONEY_GRIDS")
        .is_ok_and(|d| !d.is_empty() && path.to_string_lossy().contains(&d))
    {
        for g in scrutineer::money::positions::grids(&doc.words) {
            println!(
                "GRID p{} caption {:?} header {:?} label header {:?} notes {:?}",
                g.page, g.caption, g.header, g.label_header, g.notes
            );
            for r in &g.rows {
                println!(
                    "   p{} [{}] {} | {:?}",
                    r.page,
                    r.section.as_deref().unwrap_or(""),
                    r.label,
                    r.cells
                );
            }
        }
    }
    let pages = doc
        .pages
        .iter()
        .map(|p| (p.number, p.text.clone()))
        .collect();
    (scrutineer::parse::parse(&doc), pages)
}

/// Warnings of totals that do not add up which are the paper's own: the
/// printed total really differs from its lines. Each was checked by hand
/// against the page (name start, words in the warning, why it is real).
const REAL_ADD_UP_WARNINGS: &[(&str, &str, &str)] = &[(
    "c16_",
    "The table's total for Total Income in",
    "Parking, penalty notice and levy income print as 10,896,732.60 + 2,343,350.68 + 9,052,940.85 = 22,293,024.13, but the total is printed 22,292,940.85",
)];

#[test]
fn money_against_the_facts() {
    let Some(corpus) = corpus_dir() else { return };
    let mut report = String::new();
    let mut all = Scores::default();
    let mut false_warnings = Vec::new();
    let mut real_warnings = 0;
    writeln!(
        report,
        "{:<34} {:>7} {:>9} {:>5} {:>7} {:>7} {:>7} {:>7} {:>9} {:>4}",
        "paper", "lines", "values", "units", "figs", "prec", "dir", "page", "line pg", "+?"
    )
    .unwrap();
    for path in papers(&corpus) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let want = expected_for(&path);
        let (paper, pages) = read(&path);
        let sc = score_paper(&paper, &pages, &want);
        if std::env::var("SCRUTINEER_MONEY_DUMP").is_ok_and(|d| !d.is_empty() && name.contains(&d))
        {
            dump(&paper);
            for f in paper
                .meetings
                .iter()
                .flat_map(|m| m.items.iter())
                .flat_map(|i| i.figures.iter())
            {
                let on = f
                    .page
                    .and_then(|p| pages.get(&p))
                    .is_some_and(|t| squeeze(t).contains(&squeeze(&f.text)));
                println!(
                    "FIG {} p{:?} {} {:?} | {}",
                    if on { "ok " } else { "BAD" },
                    f.page,
                    f.text,
                    f.direction,
                    f.sentence.chars().take(120).collect::<String>()
                );
            }
        }
        let short: String = name.chars().take(34).collect();
        writeln!(
            report,
            "{short:<34} {:>7} {:>9} {:>5} {:>7} {:>7} {:>7} {:>7} {:>9} {:>4}",
            sc.lines.cell(),
            sc.values.cell(),
            sc.units.cell(),
            sc.recall.cell(),
            sc.precision.cell(),
            sc.direction.cell(),
            sc.page.cell(),
            sc.line_page.cell(),
            sc.add_up.len()
        )
        .unwrap();
        for w in &sc.add_up {
            let real = REAL_ADD_UP_WARNINGS
                .iter()
                .any(|(paper, words, _)| name.starts_with(paper) && w.contains(words));
            if real {
                real_warnings += 1;
            } else {
                false_warnings.push(format!("{short}: {w}"));
            }
        }
        all.merge(&sc);
    }
    let pct = |c: Count| format!("{:>5.1}%", c.rate() * 100.0);
    writeln!(
        report,
        "ALL: lines {} values {} units {} figures recall {} precision {} direction {} page {} line page {}; unexplained add-up warnings {}",
        pct(all.lines),
        pct(all.values),
        pct(all.units),
        pct(all.recall),
        pct(all.precision),
        pct(all.direction),
        pct(all.page),
        pct(all.line_page),
        false_warnings.len()
    )
    .unwrap();
    for w in &false_warnings {
        writeln!(report, "  unexplained: {w}").unwrap();
    }
    for w in &all.wrong_direction {
        writeln!(report, "  figure: {w}").unwrap();
    }
    writeln!(report, "targets (issue 10): lines 95% values 98% figures recall 97% precision 95% direction 97% page 99%, units all right, no false add-up warnings").unwrap();
    println!("{report}");
    if let Ok(out) = std::env::var("SCRUTINEER_MONEY_REPORT") {
        std::fs::write(out, &report).expect("write the money report");
    }

    // The ratchet: the levels this build reaches, never to fall back.
    // (Issue 10's targets are printed above; the gap is what is left.)
    assert!(all.lines.rate() >= 1.0, "budget lines found\n{report}");
    assert!(
        all.values.rate() >= 1.0,
        "values exact under the right column\n{report}"
    );
    assert!(all.units.rate() >= 1.0, "table units\n{report}");
    assert!(all.recall.rate() >= 1.0, "figures recall\n{report}");
    assert!(all.precision.rate() >= 0.999, "figures precision\n{report}");
    assert!(all.direction.rate() >= 0.98, "figure directions\n{report}");
    assert!(
        all.page.rate() >= 0.99,
        "figures cite the page they are printed on\n{report}"
    );
    assert!(
        all.line_page.rate() >= 1.0,
        "budget lines cite the page they are printed on\n{report}"
    );
    assert!(
        false_warnings.is_empty(),
        "'does not add up' warnings that are the reader's own\n{report}"
    );
    assert_eq!(
        real_warnings,
        REAL_ADD_UP_WARNINGS.len(),
        "each real 'does not add up' in the corpus is still reported\n{report}"
    );
}

/// A one-page PDF that prints each (x, y, text) with Helvetica at 10pt,
/// y from the top of an A4 page: enough for poppler to give word boxes.
fn pdf_with(words: &[(f32, f32, &str)]) -> Vec<u8> {
    pdf_pages(&[words])
}

/// The same over several pages.
fn pdf_pages(pages: &[&[(f32, f32, &str)]]) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then a page and its content each.
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    for (i, words) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 10 Tf\n");
        for (x, y, t) in words.iter() {
            // "£" as an octal escape keeps every byte ASCII.
            let esc = t
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)")
                .replace('£', "\\243");
            content.push_str(&format!("1 0 0 1 {x} {} Tm ({esc}) Tj\n", 842.0 - y));
        }
        content.push_str("ET\n");
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>", 5 + 2 * i));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    crate::common::pdf(
        &objects
            .into_iter()
            .map(String::into_bytes)
            .collect::<Vec<_>>(),
    )
}

fn parse_pdf(words: &[(f32, f32, &str)]) -> Paper {
    let doc = scrutineer::ingest::ingest(&pdf_with(words)).expect("a generated PDF reads");
    scrutineer::parse::parse(&doc)
}

fn parse_pdf_pages(pages: &[&[(f32, f32, &str)]]) -> Paper {
    let doc = scrutineer::ingest::ingest(&pdf_pages(pages)).expect("a generated PDF reads");
    scrutineer::parse::parse(&doc)
}

#[test]
fn a_table_over_a_page_break_keeps_its_unit_from_a_note_with_or_without_its_header_again() {
    if !poppler() {
        return;
    }
    // "All figures in £m" stands only above the first page's part; the
    // second part repeats the header, the third has none.
    let head = |y: f32| {
        vec![
            (60.0, y, "Directorate"),
            (330.0, y, "Budget"),
            (410.0, y, "Forecast"),
            (490.0, y, "Variance"),
        ]
    };
    let mut p1: Vec<(f32, f32, &str)> = vec![
        (60.0, 80.0, "Table 2: Revenue position"),
        (60.0, 96.0, "All figures in £m"),
    ];
    p1.extend(head(120.0));
    p1.extend([
        (60.0, 140.0, "Adults"),
        (340.0, 140.0, "412.6"),
        (420.0, 140.0, "419.9"),
        (505.0, 140.0, "7.3"),
        (60.0, 154.0, "Children"),
        (340.0, 154.0, "301.2"),
        (420.0, 154.0, "298.4"),
        (500.0, 154.0, "(2.8)"),
    ]);
    let mut p2: Vec<(f32, f32, &str)> = head(80.0);
    p2.extend([
        (60.0, 100.0, "Highways"),
        (345.0, 100.0, "88.0"),
        (425.0, 100.0, "91.5"),
        (505.0, 100.0, "3.5"),
    ]);
    let p3: Vec<(f32, f32, &str)> = vec![
        (60.0, 80.0, "Libraries"),
        (345.0, 80.0, "12.4"),
        (425.0, 80.0, "12.1"),
        (500.0, 80.0, "(0.3)"),
        (60.0, 94.0, "Total"),
        (340.0, 94.0, "814.2"),
        (420.0, 94.0, "821.9"),
        (505.0, 94.0, "7.7"),
    ];
    let p = parse_pdf_pages(&[&p1, &p2, &p3]);
    assert_eq!(
        p.budget_tables.len(),
        1,
        "one table over three pages: {:?}",
        p.budget_tables
            .iter()
            .map(|t| (&t.table.caption, t.table.lines.len()))
            .collect::<Vec<_>>()
    );
    let t = &p.budget_tables[0].table;
    assert_eq!(
        t.unit,
        Some(Unit::Millions),
        "the note's unit holds on every page"
    );
    let got: Vec<(&str, Option<u32>, i64)> = t
        .lines
        .iter()
        .map(|l| {
            (
                l.label.as_str(),
                l.page,
                l.variance().map_or(0, |v| v.pence),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Adults", Some(1), 730_000_000),
            ("Children", Some(1), -280_000_000),
            ("Highways", Some(2), 350_000_000),
            ("Libraries", Some(3), -30_000_000),
            ("Total", Some(3), 770_000_000)
        ],
        "each line on its own page, its variance exact"
    );
    assert!(
        p.diagnostics.iter().all(|d| !d.message.contains("add up")),
        "the total adds up over the pages: {:?}",
        p.diagnostics
    );
}

#[test]
fn a_one_row_table_and_a_table_with_no_unit_printed() {
    if !poppler() {
        return;
    }
    // A one-row table under its header; then a table whose header says
    // "Budget" but prints no unit: read in pounds, and the guess is said.
    let p = parse_pdf(&[
        (60.0, 80.0, "Scheme"),
        (380.0, 80.0, "Cost £000"),
        (60.0, 96.0, "Depot roof"),
        (400.0, 96.0, "640"),
        (60.0, 200.0, "Year"),
        (250.0, 200.0, "Children"),
        (380.0, 200.0, "Budget"),
        (60.0, 216.0, "2024-25"),
        (260.0, 216.0, "1,650"),
        (380.0, 216.0, "3,548,173"),
        (60.0, 230.0, "2025-26"),
        (260.0, 230.0, "1,740"),
        (380.0, 230.0, "3,736,351"),
    ]);
    let tables: Vec<_> = p.budget_tables.iter().map(|t| &t.table).collect();
    assert_eq!(tables.len(), 2, "{tables:?}");
    assert_eq!(tables[0].lines.len(), 1, "a one-row table is a table");
    assert_eq!(
        (tables[0].unit, tables[0].lines[0].values[0].pence),
        (Some(Unit::Thousands), 64_000_000)
    );
    assert_eq!(
        tables[1].columns,
        ["Budget"],
        "children are counted, not money"
    );
    assert_eq!(tables[1].lines[1].values[0].pence, 373_635_100);
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.message.contains("no unit is printed")),
        "a guessed unit is said: {:?}",
        p.diagnostics
    );
}

fn poppler() -> bool {
    std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok()
}

#[test]
fn a_laid_out_table_with_a_two_line_header_category_rows_and_a_wrapped_label() {
    if !poppler() {
        return;
    }
    // Our own numbers: a monitoring table in £000s whose header wraps over
    // two lines, two category rows, a label wrapped onto a second line,
    // bracketed negatives and a total that adds up.
    let p = parse_pdf(&[
        (60.0, 100.0, "Table 4: Service forecasts"),
        (300.0, 130.0, "Approved"),
        (380.0, 130.0, "Forecast"),
        (460.0, 130.0, "Variance"),
        (60.0, 144.0, "Service"),
        (305.0, 144.0, "Budget"),
        (380.0, 144.0, "Outturn"),
        (300.0, 158.0, "£000s"),
        (380.0, 158.0, "£000s"),
        (460.0, 158.0, "£000s"),
        (60.0, 180.0, "Neighbourhoods"),
        (60.0, 194.0, "Waste collection"),
        (310.0, 194.0, "4,210"),
        (390.0, 194.0, "4,395"),
        (475.0, 194.0, "185"),
        (60.0, 208.0, "Parks, open spaces and"),
        (60.0, 222.0, "cemeteries"),
        (310.0, 222.0, "1,980"),
        (390.0, 222.0, "1,902"),
        (470.0, 222.0, "(78)"),
        (60.0, 244.0, "Housing"),
        (60.0, 258.0, "Homelessness"),
        (310.0, 258.0, "2,640"),
        (390.0, 258.0, "2,640"),
        (480.0, 258.0, "-"),
        (60.0, 272.0, "Total"),
        (310.0, 272.0, "8,830"),
        (390.0, 272.0, "8,937"),
        (475.0, 272.0, "107"),
    ]);
    let t = &p.budget_tables.first().expect("the table is found").table;
    assert_eq!(t.unit, Some(Unit::Thousands), "£000s in the header");
    assert_eq!(
        t.columns,
        ["Approved Budget", "Forecast Outturn", "Variance"],
        "two header lines joined by position"
    );
    use scrutineer::money::columns::ColumnRole;
    assert_eq!(
        t.roles,
        [
            ColumnRole::Budget,
            ColumnRole::Forecast,
            ColumnRole::Variance
        ]
    );
    let labels: Vec<&str> = t.lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Waste collection",
            "Parks, open spaces and cemeteries",
            "Homelessness",
            "Total"
        ],
        "a wrapped label is one line"
    );
    assert_eq!(
        t.lines[0].section.as_deref(),
        Some("Neighbourhoods"),
        "a category row is a section, not a line"
    );
    assert_eq!(t.lines[2].section.as_deref(), Some("Housing"));
    let pence: Vec<Vec<i64>> = t
        .lines
        .iter()
        .map(|l| l.values.iter().map(|v| v.pence).collect())
        .collect();
    assert_eq!(
        pence,
        [
            vec![421_000_000, 439_500_000, 18_500_000],
            vec![198_000_000, 190_200_000, -7_800_000],
            vec![264_000_000, 264_000_000],
            vec![883_000_000, 893_700_000, 10_700_000]
        ],
        "exact pence; '(78)' is negative; '-' is nil, not zero"
    );
    assert_eq!(
        t.lines[1].variance().map(|v| v.printed.as_str()),
        Some("(78)"),
        "the variance is found by its role"
    );
    assert!(t.lines[3].total_row);
    assert!(t.lines.iter().all(|l| l.page == Some(1)));
    assert!(
        p.diagnostics.iter().all(|d| !d.message.contains("add up")),
        "its total adds up: {:?}",
        p.diagnostics
    );
}

#[test]
fn a_table_whose_cells_carry_the_pound_sign_and_counts_beside_them() {
    if !poppler() {
        return;
    }
    // No unit in the header: the money column's cells carry "£" (and "k"),
    // the count column beside it is not money.
    let p = parse_pdf(&[
        (60.0, 100.0, "Scheme"),
        (300.0, 100.0, "Places"),
        (400.0, 100.0, "Cost"),
        (60.0, 120.0, "Play area renewal"),
        (305.0, 120.0, "40"),
        (400.0, 120.0, "£120k"),
        (60.0, 134.0, "Library refit"),
        (305.0, 134.0, "12"),
        (400.0, 134.0, "£ 45,500"),
    ]);
    let t = &p.budget_tables.first().expect("the table is found").table;
    assert_eq!(t.columns, ["Cost"], "places are counted, not money");
    assert_eq!(t.lines[0].values[0].pence, 12_000_000, "£120k is £120,000");
    assert_eq!(
        t.lines[1].values[0].pence, 4_550_000,
        "'£ 5,000' with a space is one cell"
    );
}

#[test]
fn a_table_of_counts_is_not_money() {
    if !poppler() {
        return;
    }
    let p = parse_pdf(&[
        (60.0, 100.0, "Ward"),
        (300.0, 100.0, "Children"),
        (400.0, 100.0, "Places"),
        (60.0, 120.0, "North"),
        (305.0, 120.0, "1,650"),
        (405.0, 120.0, "120"),
        (60.0, 134.0, "South"),
        (305.0, 134.0, "1,740"),
        (405.0, 134.0, "98"),
    ]);
    assert!(
        p.budget_tables.is_empty(),
        "counts are never read as money: {:?}",
        p.budget_tables
    );
}

#[test]
fn ingest_with_word_positions_costs_little_more_than_pdftotext_alone() {
    let Some(corpus) = corpus_dir() else { return };
    if !poppler() {
        return;
    }
    // The largest corpus PDF by size.
    let mut pdfs: Vec<PathBuf> = ["pdf", "councils"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(corpus.join(d))
                .expect("corpus folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
        })
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    let largest = pdfs.pop().expect("a PDF");
    let bytes = std::fs::read(&largest).expect("read");
    let best = |f: &mut dyn FnMut()| {
        (0..5)
            .map(|_| {
                let t = std::time::Instant::now();
                f();
                t.elapsed()
            })
            .min()
            .expect("runs")
    };
    let alone = best(&mut || {
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&largest)
            .arg("-")
            .output()
            .expect("pdftotext");
        assert!(out.status.success());
    });
    let ingest = best(&mut || {
        let doc = scrutineer::ingest::ingest(&bytes).expect("ingest");
        assert!(!doc.words.is_empty(), "word positions read");
    });
    let ratio = ingest.as_secs_f64() / alone.as_secs_f64();
    println!("bench: ingest with word positions {ingest:?} vs pdftotext -layout alone {alone:?} on {} = {ratio:.2}x", largest.display());
    // The target is 1.5x, for the optimised build the app ships; a debug
    // build parses the positions several times slower, so it is only told.
    if !cfg!(debug_assertions) {
        assert!(ratio < 1.5, "ingest {ingest:?} vs pdftotext {alone:?}");
    }
}

mod generated {
    //! Tables generated in a supported layout (a header of names, a row of
    //! units, labelled rows of right-aligned figures, brackets or minus
    //! signs for negatives) read back to the same pence, units and roles.

    use proptest::prelude::*;
    use scrutineer::money::columns::role;
    use scrutineer::money::Unit;

    use super::{parse_pdf, poppler};

    const NAMES: [&str; 6] = [
        "Budget", "Forecast", "Variance", "Movement", "Income", "Outturn",
    ];
    const LABELS: [&str; 8] = [
        "Waste Services",
        "Libraries",
        "Highways",
        "Adult Care",
        "Parks",
        "Housing Needs",
        "Transport",
        "Planning",
    ];

    /// Digits grouped in threes: "1234567" is "1,234,567".
    fn grouped(int: &str) -> String {
        let chars: Vec<char> = int.chars().collect();
        chars
            .rchunks(3)
            .rev()
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// A value printed as a table prints it in its unit.
    fn print(pence: i64, unit: Unit, brackets: bool) -> String {
        let plain = unit.format(pence.abs());
        let (int, frac) = plain
            .split_once('.')
            .map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
        let decimals = match unit {
            Unit::Pounds => 2,
            Unit::Millions => 1,
            _ => 0,
        };
        let frac = if decimals == 0 {
            String::new()
        } else {
            format!(".{:0<decimals$}", frac.unwrap_or(""))
        };
        let body = format!("{}{frac}", grouped(int));
        match (pence < 0, brackets) {
            (false, _) => body,
            (true, true) => format!("({body})"),
            (true, false) => format!("-{body}"),
        }
    }

    fn unit() -> impl Strategy<Value = (Unit, &'static str)> {
        prop_oneof![
            Just((Unit::Thousands, "£000s")),
            Just((Unit::Millions, "£m")),
            Just((Unit::Pounds, "£"))
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn a_generated_table_reads_back(
            (unit, marker) in unit(),
            ncols in 1usize..=4,
            nrows in 2usize..=6,
            raw in proptest::collection::vec(-99_999i64..999_999, 24),
            brackets: bool,
        ) {
            if !poppler() {
                return Ok(());
            }
            // Values a unit can print: whole thousands, tenths of millions, pence.
            let step = match unit { Unit::Thousands => 100_000, Unit::Millions => 10_000_000, _ => 1 };
            let values: Vec<Vec<i64>> = (0..nrows).map(|r| (0..ncols).map(|c| raw[r * 4 + c] * step).collect()).collect();
            let names = &NAMES[..ncols];
            let mut words: Vec<(f32, f32, String)> = Vec::new();
            let right = |c: usize| 300.0 + 80.0 * c as f32;
            // Helvetica's digits are 0.556 em wide; right-align by estimate.
            let width = |s: &str| s.chars().map(|ch| if ch == ',' || ch == '.' { 2.78 } else if ch == '(' || ch == ')' || ch == '-' { 3.33 } else { 5.56 }).sum::<f32>();
            words.push((60.0, 100.0, "Table 1: Generated service figures".to_string()));
            words.push((60.0, 130.0, "Service".to_string()));
            for (c, n) in names.iter().enumerate() {
                words.push((right(c) - width(n) * 1.2, 130.0, n.to_string()));
                words.push((right(c) - width(marker) * 1.2, 144.0, marker.to_string()));
            }
            for (r, row) in values.iter().enumerate() {
                let y = 166.0 + 14.0 * r as f32;
                words.push((60.0, y, LABELS[r].to_string()));
                for (c, v) in row.iter().enumerate() {
                    let p = print(*v, unit, brackets);
                    words.push((right(c) - width(&p), y, p));
                }
            }
            let refs: Vec<(f32, f32, &str)> = words.iter().map(|(x, y, t)| (*x, *y, t.as_str())).collect();
            let paper = parse_pdf(&refs);
            let t = &paper.budget_tables.first().expect("the generated table is found").table;
            prop_assert_eq!(t.unit, Some(unit));
            prop_assert_eq!(&t.columns, &names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
            prop_assert_eq!(&t.roles, &names.iter().map(|n| role(n)).collect::<Vec<_>>());
            prop_assert_eq!(t.lines.len(), nrows);
            for (r, row) in values.iter().enumerate() {
                let l = &t.lines[r];
                prop_assert_eq!(&l.label, LABELS[r]);
                let got: Vec<i64> = l.values.iter().map(|v| v.pence).collect();
                prop_assert_eq!(&got, row, "line {}", r);
            }
        }
    }
}

#[test]
fn no_add_up_warnings_on_the_kent_pdfs() {
    // No facts are given for these: every "does not add up" warning on
    // them would be listed here with the reason it is real. None is.
    let Some(corpus) = corpus_dir() else { return };
    if !poppler() {
        return;
    }
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(corpus.join("pdf"))
        .expect("corpus/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    let mut warnings = Vec::new();
    for p in pdfs {
        let (paper, _) = read(&p);
        for d in paper
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("add up"))
        {
            warnings.push(format!(
                "{}: {}",
                p.file_name().unwrap().to_string_lossy(),
                d.message
            ));
        }
    }
    assert!(
        warnings.is_empty(),
        "warnings that are the reader's own: {warnings:#?}"
    );
}
