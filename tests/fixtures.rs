//! Papers in the shapes other councils publish, written for this project
//! (tests/fixtures/): modern.gov pages, a CMIS page, a decision page, a
//! Welsh bilingual page and a hostile page. Each is read end to end.

use scrutineer::parse::{AttendanceStatus, Paper};

fn read(name: &str) -> Paper {
    let path = crate::common::project_dir()
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    scrutineer::parse::parse(
        &scrutineer::ingest::ingest(&bytes).unwrap_or_else(|e| panic!("{name}: {e}")),
    )
}

fn numbers_and_titles(p: &Paper) -> Vec<(Option<String>, String)> {
    p.meetings[0]
        .items
        .iter()
        .map(|i| (i.number.clone(), i.title.clone()))
        .collect()
}

#[test]
fn moderngov_agenda_and_minutes_page() {
    let p = read("html/moderngov_agenda_and_minutes.html");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Audit and Governance Committee"));
    assert_eq!(m.date.unwrap().to_string(), "2025-01-14");
    assert_eq!(m.time.unwrap().to_string(), "14:00:00");
    assert_eq!(
        m.venue.as_deref(),
        Some("Committee Room 2, Shire Hall, Borchester"),
        "'View directions' is a link, not the venue"
    );
    let items = numbers_and_titles(&p);
    assert_eq!(
        items
            .iter()
            .map(|(n, t)| (n.as_deref().unwrap(), t.as_str()))
            .collect::<Vec<_>>(),
        [
            ("12", "Apologies and Substitutes"),
            ("13", "Minutes of the meeting held on 12 November 2024"),
            ("14", "Treasury Management Mid-Year Review"),
        ],
        "titles lose the PDF link text and the decision reference"
    );
    assert_eq!(m.items[2].reference.as_deref(), Some("25/00012"));
    assert!(
        m.items[2].truncated,
        "'view the full minutes text' marks a cut-short minute"
    );
    assert!(!m.items[2].text.contains("view the full minutes"));
    assert_eq!(m.items[1].resolutions.len(), 1);
    let att: Vec<_> = m
        .attendance
        .iter()
        .map(|a| (a.name.as_str(), a.status))
        .collect();
    assert_eq!(
        att,
        [
            ("Amy Brook", AttendanceStatus::Apologies),
            ("Dev Patel", AttendanceStatus::Apologies),
            ("Sam Hale", AttendanceStatus::Substitute),
        ],
        "names without the title of office, as the corpus facts give them"
    );
    let all_text: String = m.items.iter().map(|i| i.text.as_str()).collect();
    assert!(
        !all_text.contains("analytics") && !all_text.contains("injected"),
        "scripts are not text"
    );
}

#[test]
fn moderngov_agenda_item_page() {
    let p = read("html/moderngov_agenda_item.html");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Environment Scrutiny Panel"));
    assert_eq!(m.date.unwrap().to_string(), "2025-03-03");
    assert_eq!(m.items.len(), 1, "lettered points a. and b. are not items");
    assert_eq!(m.items[0].number.as_deref(), Some("7"));
    assert_eq!(
        m.items[0].title,
        "Highways Maintenance Contract Performance"
    );
    assert_eq!(
        m.items[0].resolutions,
        ["RESOLVED that the Panel note the report and receive a further update in July."]
    );
}

#[test]
fn moderngov_decision_page() {
    let p = read("html/moderngov_decision.html");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Cabinet"));
    assert_eq!(m.date.unwrap().to_string(), "2025-02-18");
    assert_eq!(m.items[0].title, "Library Service Opening Hours");
    assert_eq!(m.items[0].reference.as_deref(), Some("25/00031"));
    assert_eq!(
        m.items[0].resolutions.len(),
        1,
        "'Cabinet resolved to' is a decision: {:?}",
        m.items[0].text
    );
}

#[test]
fn cmis_meeting_page() {
    let p = read("html/cmis_meeting.html");
    let m = &p.meetings[0];
    assert_eq!(
        m.body.as_deref(),
        Some("Overview and Scrutiny Committee (Resources)")
    );
    assert_eq!(
        m.date.unwrap().to_string(),
        "2025-09-09",
        "'9 Sept 2025' is a date"
    );
    assert_eq!(m.time.unwrap().to_string(), "14:00:00");
    assert_eq!(m.venue.as_deref(), Some("Council House, Committee Room 6"));
    assert_eq!(m.items.len(), 4);
    assert_eq!(
        m.items[2].title,
        "Month 4 Revenue Budget Monitoring 2025/26"
    );
}

#[test]
fn welsh_bilingual_page() {
    let p = read("text/welsh_bilingual_minutes.txt");
    let m = &p.meetings[0];
    assert_eq!(
        m.date.unwrap().to_string(),
        "2025-01-14",
        "Dydd Mawrth, 14eg Ionawr, 2025"
    );
    assert_eq!(m.body.as_deref(), Some("Cabinet"));
    assert_eq!(m.items.len(), 2);
    assert_eq!(m.items[1].resolutions.len(), 1);
}

#[test]
fn hostile_page_is_read_as_text_only() {
    let p = read("html/hostile.html");
    let m = &p.meetings[0];
    assert_eq!(m.items.len(), 1);
    let text = &m.items[0].text;
    assert!(
        text.contains("<script>alert(\"escaped\")</script> stays text."),
        "escaped markup stays literal text: {text}"
    );
    assert!(text.contains("Deep text survives."));
    for bad in [
        "alert('onload')",
        "alert('img')",
        "alert('svg",
        "steal",
        "track.css",
        "example.invalid",
    ] {
        assert!(!text.contains(bad), "{bad} must not survive: {text}");
    }
}

/// A Word document built here, as a clerk's minutes would be circulated.
fn minutes_docx() -> Vec<u8> {
    use std::io::Write as _;
    let para = |t: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>");
    let body = [
        para("NORTHSHIRE DISTRICT COUNCIL"),
        para("MINUTES of a meeting of the Resources Scrutiny Panel held in the Ryedale Room on Wednesday, 5 March 2025."),
        para("PRESENT: Councillor P Lowe (Chair), Councillor R Singh and Councillor T Walsh"),
        para("21. Budget Monitoring Quarter 3"),
        para("(Item 5)"),
        para("The panel noted a forecast overspend of £0.8m in waste services."),
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Waste</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4.10</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>0.80</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".to_string(),
        para("RESOLVED that the report be noted."),
    ]
    .concat();
    let xml = format!("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn word_minutes_are_read_with_their_table() {
    let doc = scrutineer::ingest::ingest(&minutes_docx()).expect("a .docx reads");
    assert_eq!(doc.format, scrutineer::ingest::Format::Docx);
    assert!(
        doc.pages[0].text.contains("Waste\t4.10\t0.80"),
        "table rows keep their columns"
    );
    let p = scrutineer::parse::parse(&doc);
    let m = &p.meetings[0];
    assert_eq!(m.council.as_deref(), Some("Northshire District Council"));
    assert_eq!(m.body.as_deref(), Some("Resources Scrutiny Panel"));
    assert_eq!(m.items.len(), 1);
    assert_eq!(m.items[0].agenda_item.as_deref(), Some("5"));
    assert_eq!(
        m.items[0].resolutions,
        ["RESOLVED that the report be noted."]
    );
    assert_eq!(m.attendance.len(), 3);
}

#[test]
fn moderngov_issue_page() {
    let p = read("html/moderngov_issue.html");
    let m = &p.meetings[0];
    assert_eq!(
        m.body.as_deref(),
        Some("Cabinet Member for Adult Social Care"),
        "the decision maker"
    );
    assert_eq!(
        m.date.unwrap().to_string(),
        "2025-04-07",
        "the date the decision is due"
    );
    assert_eq!(m.items[0].title, "Adult Day Services Recommissioning");
    assert_eq!(m.items[0].reference.as_deref(), Some("25/00044"));
    let amounts: Vec<i64> = m.items[0].figures.iter().map(|f| f.amount_pence).collect();
    assert_eq!(amounts, [320_000_000, 40_000_000]);
}

#[test]
fn pipe_flattened_web_table() {
    let p = read("text/pipe_table_budget_page.txt");
    let t = &p.budget_tables[0].table;
    assert_eq!(
        t.caption.as_deref(),
        Some("Table 2: Service forecasts (£000)")
    );
    assert_eq!(t.unit, Some(scrutineer::money::Unit::Thousands));
    assert_eq!(t.columns, ["Budget", "Forecast", "Variance"]);
    assert_eq!(
        t.lines[1].value("Variance").unwrap().pence,
        -25_000_000,
        "(250) is negative, in £000"
    );
    assert!(t.lines[3].total_row);
    let figs: Vec<_> = p.meetings[0].items[0]
        .figures
        .iter()
        .map(|f| (f.amount_pence, f.direction.as_str()))
        .collect();
    assert_eq!(
        figs,
        [(160_000_000, "overspend"), (25_000_000, "underspend")],
        "£1.6M overspend; £250k favourable"
    );
    assert!(
        p.diagnostics.iter().all(|d| !d.message.contains("add up")),
        "its total adds up"
    );
}

#[test]
fn cell_per_line_flattened_table() {
    let p = read("text/cell_per_line_budget_page.txt");
    let t = &p.budget_tables[0].table;
    assert_eq!(t.columns, ["Budget", "Forecast", "Variance"]);
    assert_eq!(t.lines.len(), 3);
    assert_eq!(t.lines[1].value("Variance").unwrap().pence, -40_500_000);
    assert!(t.lines[2].total_row);
    assert_eq!(
        p.budget_tables[0].item,
        Some("Housing Revenue Account Monitoring - Month 6".to_string()),
        "the table belongs to the page's item"
    );
}

/// An item as an agenda lists it: number, title, pages.
type Listed<'a> = (Option<&'a str>, &'a str, Option<[u32; 2]>);

fn listed(m: &scrutineer::parse::Meeting) -> Vec<Listed<'_>> {
    m.items
        .iter()
        .map(|i| (i.number.as_deref(), i.title.as_str(), i.pages))
        .collect()
}

fn date(p: &Paper) -> String {
    p.meetings[0]
        .date
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn cover_sheet_with_labelled_grid() {
    let p = read("text/cover_grid_report.txt");
    let m = &p.meetings[0];
    assert_eq!(m.council.as_deref(), Some("Brackenford District Council"));
    assert_eq!(
        m.body.as_deref(),
        Some("Cabinet"),
        "REPORT TO: names the body"
    );
    assert_eq!(date(&p), "2027-10-07", "DATE:, not the signature's 'Dated'");
    assert_eq!(
        numbers_and_titles(&p),
        [(None, "Housing Repairs Backlog and Voids Plan".to_string())],
        "one report, its SUBJECT wrapped in its column; 1.00 sections are not items"
    );
    assert!(
        m.items[0].text.contains("412 jobs"),
        "the report's text is kept"
    );
    assert!(
        m.items[0].resolutions.is_empty(),
        "a recommendation is not a decision"
    );
}

#[test]
fn minutes_under_a_masthead_with_bare_numbers() {
    let p = read("text/masthead_minutes_committee.txt");
    let m = &p.meetings[0];
    assert_eq!(m.council.as_deref(), Some("Brackenford District Council"));
    assert_eq!(
        m.body.as_deref(),
        Some("Leisure and Parks Policy Committee"),
        "'Minutes of the' is not the body; the name wraps"
    );
    assert_eq!(date(&p), "2027-03-09");
    assert_eq!(m.time.map(|t| t.to_string()).as_deref(), Some("18:30:00"));
    let items: Vec<(String, String)> = m
        .items
        .iter()
        .map(|i| (i.number.clone().unwrap_or_default(), i.title.clone()))
        .collect();
    let want = [
        ("1", "Welcome and Safety Information"),
        ("2", "Apologies for Absence and Substitutions"),
        ("3", "Allotment Rents 2027/28"),
        ("4", "Play Area Renewal Programme and Funding for 2027/28"),
        ("5", "Quarter 3 Performance Report"),
    ];
    assert_eq!(
        items,
        want.map(|(n, t)| (n.to_string(), t.to_string())),
        "numbered decisions inside a minute are not minutes"
    );
}

#[test]
fn town_council_minutes_with_a_misprinted_minute_number() {
    let p = read("text/town_minutes_misprinted_number.txt");
    let m = &p.meetings[0];
    assert_eq!(
        m.body.as_deref(),
        Some("Parks and Open Spaces"),
        "the line above a weekday's date"
    );
    assert_eq!(
        date(&p),
        "2027-04-13",
        "'30 Apr 27' in the corner is a later meeting's"
    );
    assert_eq!(m.venue.as_deref(), Some("Brackenford Town Hall"));
    let numbers: Vec<&str> = m.items.iter().filter_map(|i| i.number.as_deref()).collect();
    assert_eq!(
        numbers,
        ["140", "141", "42", "143"],
        "a minute between 141 and 143 printed '42' is still a minute"
    );
    assert_eq!(m.items[2].title, "Bandstand Repairs");
}

#[test]
fn summons_and_an_agenda_numbered_in_brackets() {
    let p = read("text/summons_agenda.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Planning Committee"));
    assert_eq!(
        date(&p),
        "2027-03-09",
        "the summons' date, not the letter's 'Dated'"
    );
    assert_eq!(m.time.map(|t| t.to_string()).as_deref(), Some("18:30:00"));
    assert_eq!(m.venue.as_deref(), Some("Guildhall, Brackenford"));
    let items = listed(m);
    assert_eq!(
        items,
        [
            (Some("1"), "Apologies for absence", None),
            (Some("2"), "Declarations of interest", None),
            (
                Some("3"),
                "Land at Mill Lane, Brackenford: outline application for sixty homes",
                Some([31, 40])
            ),
            (Some("4"), "Appeals lodged and decided", Some([41, 44])),
        ],
        "a title wrapped with its pages on a line of their own; the list goes on after it"
    );
}

#[test]
fn board_report_with_running_header_and_title_beside_the_author() {
    let p = read("text/masthead_board_item_page.txt");
    let m = &p.meetings[0];
    assert_eq!(
        m.council.as_deref(),
        Some("Brackenford County Borough Council")
    );
    assert_eq!(m.body.as_deref(), Some("Housing and Communities Board"));
    assert_eq!(date(&p), "2027-06-14");
    assert_eq!(
        numbers_and_titles(&p),
        [(Some("6".to_string()), "Empty Homes Update".to_string())]
    );
}

fn attendance(p: &Paper) -> Vec<(String, AttendanceStatus, Option<String>)> {
    p.meetings[0]
        .attendance
        .iter()
        .map(|a| (a.name.clone(), a.status, a.role.clone()))
        .collect()
}

#[test]
fn attendance_in_comma_runs_with_a_substitute_named_in_the_text() {
    use AttendanceStatus::*;
    let p = read("text/masthead_minutes_committee.txt");
    let got = attendance(&p);
    let names: Vec<(&str, AttendanceStatus)> =
        got.iter().map(|(n, s, _)| (n.as_str(), *s)).collect();
    assert_eq!(
        names,
        [
            ("Asha Verma", Present),
            ("Tom Hale", Present),
            ("Rhiannon Pugh", Present),
            ("Oliver Stack", Present),
            ("Mrs Joan Ellery", Present),
            ("Dev Mistry", Present),
            ("Brennan", Apologies),
            ("Carys Lloyd", Substitute),
        ],
        "'Councillors:' is shared by the list; OBE is an honour, not a person; the substitute is listed once"
    );
    assert_eq!(got[0].2.as_deref(), Some("Chair"));
}

#[test]
fn town_council_attendance_with_shared_cllrs_and_officers_roles() {
    use AttendanceStatus::*;
    let p = read("text/town_minutes_misprinted_number.txt");
    let got = attendance(&p);
    let has = |n: &str, s: AttendanceStatus| got.iter().any(|(gn, gs, _)| gn == n && *gs == s);
    for n in ["Okafor", "Whitlock", "Baines", "Szabo"] {
        assert!(has(n, Present), "{n} present: {got:?}");
    }
    assert!(
        has("Fenn", Substitute) && !has("Fenn", Present),
        "substituting with voting rights: {got:?}"
    );
    for n in ["Doyle", "Marsh"] {
        assert!(
            has(n, Apologies),
            "{n} sent apologies (names under the Apologies minute): {got:?}"
        );
    }
    let clerk = got
        .iter()
        .find(|(n, _, _)| n == "Priya Nair")
        .expect("the clerk");
    assert_eq!(
        (clerk.1, clerk.2.as_deref()),
        (InAttendance, Some("Town Clerk")),
        "a role after a dash"
    );
    assert!(has("Sam Clarke", InAttendance));
}

#[test]
fn welsh_attendance_labels_and_semicolon_lists() {
    use AttendanceStatus::*;
    let p = read("text/welsh_minutes_attendance.txt");
    let m = &p.meetings[0];
    assert_eq!(date(&p), "2027-03-09", "9fed Mawrth 2027");
    assert_eq!(m.body.as_deref(), Some("Cabinet"));
    let got = attendance(&p);
    let names: Vec<(&str, AttendanceStatus)> =
        got.iter().map(|(n, s, _)| (n.as_str(), *s)).collect();
    assert_eq!(
        names,
        [
            ("Eleri Morgan", Present),
            ("Huw Parry", Present),
            ("Mrs Sian Rees", Present),
            ("Gareth Lewis", Present),
            ("Patel", Apologies),
            ("Morgan", Apologies),
            ("Hughes", Apologies),
            ("Dr Alun Price", InAttendance),
        ],
        "Yn bresennol / Ymddiheuriadau; a name with an honour, then another person; 'Cllrs A, B & C'"
    );
}

#[test]
fn decisions_in_the_forms_councils_print_them() {
    let p = read("text/masthead_minutes_committee.txt");
    let m = &p.meetings[0];
    let res = |n: &str| {
        m.items
            .iter()
            .find(|i| i.number.as_deref() == Some(n))
            .map(|i| i.resolutions.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        res("3"),
        ["Agreed a rent of £40 a plot from April 2027.\n2. Asked officers to report back on waiting lists in the autumn."],
        "'It was APPROVED that;' then a preamble, then the numbered parts kept whole"
    );
    assert_eq!(
        res("4").len(),
        1,
        "a summary under a heading: {:?}",
        res("4")
    );
    assert!(
        res("4")[0].starts_with("The Committee RESOLVED:\n1. Approved")
            && res("4")[0].contains("a. Agreed to bid"),
        "{:?}",
        res("4")
    );
    assert_eq!(
        res("5"),
        ["The Leisure and Parks Policy Committee noted the report."],
        "a decision with no RESOLVED"
    );

    let p = read("text/town_minutes_misprinted_number.txt");
    let all: Vec<String> = p.meetings[0]
        .items
        .iter()
        .flat_map(|i| i.resolutions.clone())
        .collect();
    assert_eq!(
        all.len(),
        4,
        "'Committee resolved to', 'Resolved that': {all:?}"
    );

    let p = read("text/welsh_minutes_attendance.txt");
    let all: Vec<String> = p.meetings[0]
        .items
        .iter()
        .flat_map(|i| i.resolutions.clone())
        .collect();
    assert_eq!(
        all,
        [
            "Nodwyd yr ymddiheuriadau.",
            "nodi'r adroddiad / that the report be noted."
        ],
        "Welsh decisions"
    );
}

#[test]
fn agenda_as_an_item_no_grid_with_a_pages_column() {
    let p = read("text/agenda_item_grid.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Licensing Committee"));
    let items = listed(m);
    assert_eq!(
        items,
        [
            (Some("1"), "Apologies for Absence", None),
            (Some("2"), "Declarations of Interest", None),
            (
                Some("3"),
                "Minutes of the meeting held on 4 November 2026",
                Some([3, 8])
            ),
            (
                Some("4"),
                "Review of the Street Trading Policy and the fees for 2027/28",
                Some([9, 30])
            ),
            (Some("5"), "Exclusion of the Press and Public", None),
        ],
        "rows one under another; the page column is not part of the title"
    );
}

#[test]
fn decision_page_names_the_meeting_it_was_decided_at() {
    let p = read("html/moderngov_decided_at_meeting.html");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Executive"));
    assert_eq!(
        date(&p),
        "2027-05-14",
        "the meeting's date, not the publication date"
    );
    assert_eq!(
        m.items[0].title, "Garden Waste Collection Rounds",
        "'Decision details' is the page's heading, not a title"
    );
    assert_eq!(
        m.items[0].resolutions,
        ["RESOLVED that the new collection rounds start on 7 June 2027."]
    );
}

#[test]
fn issue_meetings_page() {
    let p = read("html/moderngov_issue_meetings.html");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Cabinet"));
    assert_eq!(date(&p), "2027-02-03");
    assert_eq!(
        numbers_and_titles(&p),
        [(
            Some("12".to_string()),
            "Town Centre Car Parks Strategy".to_string()
        )],
        "'Issue - meetings' is not a title"
    );
    assert_eq!(m.items[0].resolutions, ["That the strategy be adopted."]);
}

#[test]
fn votes_recorded_as_data() {
    let p = read("text/recorded_vote_minutes.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Full Council"));
    let v = &m.items[0].votes;
    assert_eq!(v.len(), 2, "{v:?}");
    assert_eq!(
        (v[0].motion.as_deref(), v[0].outcome.as_deref()),
        (Some("amendment"), Some("lost"))
    );
    assert_eq!(
        (v[0].for_count, v[0].against, v[0].abstain),
        (Some(3), Some(9), Some(2))
    );
    assert_eq!(
        (v[1].motion.as_deref(), v[1].outcome.as_deref()),
        (Some("substantive motion"), Some("carried"))
    );
    assert_eq!(
        (v[1].for_count, v[1].against, v[1].abstain),
        (Some(5), Some(2), Some(1))
    );
    assert_eq!(
        v[1].names_for,
        ["Verma", "Hale", "Pugh", "Stack", "Mistry"],
        "names wrapped over lines"
    );
    assert_eq!(v[1].names_against, ["Lloyd", "Ellery"]);
    assert_eq!(v[1].names_abstain, ["Brennan"]);
    assert_eq!(
        m.items[0].resolutions,
        ["RESOLVED that the scheme be adopted."]
    );
    assert!(m.items[1].votes.is_empty());
}

#[test]
fn parish_minutes_with_run_on_minute_numbers_and_sub_items() {
    let p = read("text/minutes_run_on_numbers.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Parish Council"));
    assert_eq!(m.venue.as_deref(), Some("Village Hall, Low Street"));
    assert_eq!(
        date(&p),
        "2027-04-05",
        "the meeting's date; the signature's 'Dated' is blank"
    );
    let numbers: Vec<&str> = m.items.iter().filter_map(|i| i.number.as_deref()).collect();
    assert_eq!(
        numbers,
        ["1412", "1413", "1414", "1414a", "1415"],
        "numbers that run on; 1414.1 and 1414.2 are paragraphs of 1414"
    );
    assert_eq!(m.items[3].title, "Grass cutting contract");
    let res: Vec<usize> = m.items.iter().map(|i| i.resolutions.len()).collect();
    assert_eq!(
        res,
        [0, 1, 1, 0, 0],
        "'Agreed:' and 'It was resolved' are decisions"
    );
}

#[test]
fn report_cover_with_date_written_and_the_body_named_in_its_purpose() {
    let p = read("text/cover_date_written_body_in_text.txt");
    let m = &p.meetings[0];
    assert_eq!(
        date(&p),
        "2027-03-24",
        "'Committee Date', never 'Date Written'"
    );
    assert_eq!(
        m.body.as_deref(),
        Some("Cabinet"),
        "named only in 'To update Cabinet'"
    );
    assert_eq!(
        m.council.as_deref(),
        Some("Brackenford County Borough Council")
    );
    assert_eq!(
        numbers_and_titles(&p),
        [(None, "Community Hubs update".to_string())],
        "'To: Chairman, Ladies and Gentlemen' is a greeting"
    );
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.message.contains("named only in the text")));
}

#[test]
fn agenda_front_sheet_with_a_date_time_venue_grid_under_the_body() {
    let p = read("text/front_sheet_grid_agenda.txt");
    let m = &p.meetings[0];
    assert_eq!(
        m.body.as_deref(),
        Some("Planning Committee"),
        "the heading above the grid"
    );
    assert_eq!(m.council.as_deref(), Some("Brackenford District Council"));
    assert_eq!(date(&p), "2027-03-09");
    assert_eq!(m.time.map(|t| t.to_string()).as_deref(), Some("18:30:00"));
    assert_eq!(
        m.venue.as_deref(),
        Some("Council Chamber, Civic Offices, Brackenford")
    );
    let items = listed(m);
    assert_eq!(
        items,
        [
            (Some("1"), "Apologies for Absence", None),
            (Some("2"), "Minutes of the Previous Meeting", Some([1, 6])),
            (Some("3"), "Land East of Mill Lane", Some([7, 40])),
        ]
    );
}

#[test]
fn minutes_of_the_meeting_held_on_under_the_body_heading() {
    let p = read("text/minutes_meeting_held_on.txt");
    let m = &p.meetings[0];
    assert_eq!(
        m.body.as_deref(),
        Some("Licensing Sub-Committee"),
        "'the meeting held on' names no body; the heading above does"
    );
    assert_eq!(date(&p), "2027-03-09");
    assert_eq!(m.time.map(|t| t.to_string()).as_deref(), Some("10:00:00"));
    assert_eq!(m.venue.as_deref(), Some("Civic Centre, Brackenford"));
    assert_eq!(m.attendance.len(), 3);
    let numbers: Vec<&str> = m.items.iter().filter_map(|i| i.number.as_deref()).collect();
    assert_eq!(
        numbers,
        ["1", "2"],
        "an unnumbered-looking 'Election of Chair' minute is still read"
    );
    assert_eq!(m.items[1].resolutions.len(), 1);
}

#[test]
fn parish_summons_of_the_above_council_with_a_wrapped_agenda() {
    let p = read("text/parish_summons_above_council.txt");
    let m = &p.meetings[0];
    assert_eq!(m.council.as_deref(), Some("Hollinbrook Parish Council"));
    assert_eq!(
        m.body.as_deref(),
        Some("Hollinbrook Parish Council"),
        "'the above Council' is the council itself, never 'above Council'"
    );
    assert_eq!(
        date(&p),
        "2027-03-11",
        "the summons' date, not 'Dated 4th March'"
    );
    let items = listed(m);
    assert_eq!(
        items,
        [
            (Some("1"), "Apologies for absence.", None),
            (
                Some("2"),
                "Budget monitoring report for the year to date and the draft precept for 2027/28",
                Some([3, 9])
            ),
            (Some("3"), "Planning applications received", Some([10, 12])),
            (Some("4"), "Correspondence.", None),
        ],
        "the list goes on past a wrapped title and its pages"
    );
}

#[test]
fn cover_line_to_body_dash_date_without_a_colon() {
    let p = read("text/cover_to_body_dash_date.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Executive"));
    assert_eq!(date(&p), "2027-05-12");
    assert_eq!(
        numbers_and_titles(&p),
        [(None, "Leisure Centre Roof Repairs".to_string())]
    );
}

#[test]
fn bilingual_printed_minutes() {
    use AttendanceStatus::*;
    let p = read("text/welsh_bilingual_printed_minutes.txt");
    let m = &p.meetings[0];
    assert_eq!(
        m.council.as_deref(),
        Some("Brackenford County Borough Council"),
        "the English line of a bilingual masthead"
    );
    assert_eq!(
        m.body.as_deref(),
        Some("Scrutiny Committee"),
        "'Cofnodion / Minutes' says what the paper is, not whose"
    );
    assert_eq!(date(&p), "2027-03-11");
    let names: Vec<(&str, AttendanceStatus)> = m
        .attendance
        .iter()
        .map(|a| (a.name.as_str(), a.status))
        .collect();
    assert_eq!(
        names,
        [
            ("Eleri Morgan", Present),
            ("Huw Parry", Present),
            ("Sian Rees", Present),
            ("Gareth Lewis", Apologies)
        ],
        "'Yn bresennol / Present:', 'Ymddiheuriadau gan y Cynghorydd'"
    );
    assert_eq!(m.items.len(), 3);
    assert_eq!(
        m.items[2].resolutions,
        ["That the report be noted."],
        "'PENDERFYNWYD / RESOLVED:' is the label"
    );
}

#[test]
fn minute_numbers_with_the_year_after_a_slash() {
    let p = read("text/parish_minutes_slash_numbers.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Hollinbrook Parish Council"));
    let items: Vec<(&str, &str)> = m
        .items
        .iter()
        .map(|i| (i.number.as_deref().unwrap_or(""), i.title.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("101/27", "Apologies for absence"),
            ("102/27", "Precept 2027/28"),
            ("102a/27", "Grants to local groups"),
            ("103/27", "Date of next meeting")
        ],
        "'2027/28' in a title is not a minute number"
    );
    assert_eq!(m.items[1].resolutions.len(), 1);
}

#[test]
fn unnumbered_minutes_under_headings_in_capitals() {
    let p = read("text/parish_minutes_unnumbered.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Parish Council"));
    assert_eq!(m.venue.as_deref(), Some("Memorial Hall"));
    assert_eq!(date(&p), "2027-05-13");
    let titles: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "ELECTION OF CHAIR",
            "APOLOGIES FOR ABSENCE",
            "PRECEPT 2027/28"
        ],
        "minutes with no numbers still hold their decisions"
    );
    let res: Vec<usize> = m.items.iter().map(|i| i.resolutions.len()).collect();
    assert_eq!(res, [1, 0, 1]);
}

#[test]
fn agenda_pack_list_is_not_outrun_by_a_report_s_sections() {
    let p = read("text/agenda_pack_with_numbered_report.txt");
    let m = &p.meetings[0];
    assert_eq!(m.body.as_deref(), Some("Audit Committee"));
    let numbers: Vec<&str> = m.items.iter().filter_map(|i| i.number.as_deref()).collect();
    assert_eq!(
        numbers,
        ["1", "2", "3"],
        "the report's six sections come after the agenda and are its text"
    );
    assert!(
        m.items[2].text.contains("Forty audits"),
        "the pack's report stays readable under its item"
    );
    assert_eq!(m.items[2].pages, Some([3, 5]));
}

#[test]
fn agenda_pack_papers_are_placed_under_their_items_by_title() {
    let p = read("text/agenda_pack_with_numbered_report.txt");
    let m = &p.meetings[0];
    let report = &m.items[2].text;
    assert!(
        report.contains("Report to Audit Committee") && report.contains("Forty audits"),
        "the report and its cover lines: {report}"
    );
    assert!(!m.items[1].text.contains("Forty audits"));
}

#[test]
fn moderngov_pack_with_stamped_papers_and_last_minutes_bound_in() {
    let p = read("text/moderngov_pack_with_stamps.txt");
    assert_eq!(
        p.meetings.len(),
        2,
        "the pack's meeting, then the minutes bound in"
    );
    let own = &p.meetings[0];
    assert_eq!(
        (own.body.as_deref(), date(&p).as_str()),
        (Some("Cabinet"), "2027-07-06"),
        "the front sheet, not the minutes on page 2"
    );
    assert_eq!(own.items.len(), 3);
    assert!(
        own.items[1].text.contains("frozen for a year"),
        "item 2's paper is the minutes"
    );
    assert!(
        own.items[2].text.contains("weekly food waste"),
        "item 3's paper, found by its 'Agenda Item 3' stamp"
    );
    assert!(
        !own.items[2].text.contains("Agenda Item 3"),
        "the stamp is page furniture"
    );
    let minutes = &p.meetings[1];
    assert_eq!(
        minutes.date.map(|d| d.to_string()).as_deref(),
        Some("2027-06-08")
    );
    let numbers: Vec<&str> = minutes
        .items
        .iter()
        .filter_map(|i| i.number.as_deref())
        .collect();
    assert_eq!(numbers, ["12", "13"]);
    assert!(
        !minutes.items[1].text.contains("food waste"),
        "the bound minutes end where the next stamped paper starts"
    );
}

#[test]
fn an_agenda_list_read_short_says_so() {
    let p = read("text/err_agenda_list_interrupted.txt");
    assert_eq!(p.meetings[0].items.len(), 2);
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.message.contains("read to item 2, but an item 3 follows")),
        "a councillor is told items may be missing: {:?}",
        p.diagnostics
    );
    assert!(
        p.meetings[0].items[1].text.contains("Land at Mill Lane"),
        "and the text after the list is kept"
    );
}

#[test]
fn report_with_its_own_index_of_items_and_pages() {
    let p = read("text/report_with_own_index.txt");
    let m = &p.meetings[0];
    assert_eq!(
        m.body.as_deref(),
        Some("Housing and Regeneration Cabinet Board"),
        "a body over two lines above its date"
    );
    assert_eq!(date(&p), "2027-11-04");
    assert_eq!(
        numbers_and_titles(&p),
        [(
            Some("1".to_string()),
            "Empty Homes Grant Scheme Review".to_string()
        )]
    );
    assert_eq!(
        m.items[0].pages,
        Some([2, 4]),
        "from the index row, its title wrapped"
    );
}
