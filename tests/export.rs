//! Exports of a meeting (issue 13): the annotated question pack as Word,
//! HTML and Markdown, and budget lines, flags and a line's history as CSV
//! and .xlsx, each read back and checked; exempt items left out; the
//! `scrutineer export` command.

use std::collections::{HashMap, HashSet};
use std::io::Read as _;

use quick_xml::events::Event;
use scrutineer::export::{self, ExportRequest, Format, PackOptions, Sheet};
use scrutineer::flags::Rule;
use scrutineer::ids::{ItemId, MeetingId};
use scrutineer::store::EvidenceInput;
use scrutineer::{FileOutcome, Library};

use crate::common::{now, sample, scrutineer, stderr, stdout, TempLibrary};

const HOSTILE: &str = "Check this. <script>alert(1)</script> [x](javascript:alert(1)) ![i](http://evil.example/x.png) \
                       and the [council's page](https://www.kent.gov.uk/budget).";
const EXEMPT_NOTE: &str = "Ask about the bidder named in the exempt report";
const EXEMPT_QUESTION: &str = "Who are the bidders for the performance contract?";

/// The sample meeting with notes, questions (one on an exempt item), a
/// dismissed flag and an item marked exempt.
struct Setup {
    dir: TempLibrary,
    meeting: MeetingId,
    /// Texts that must appear, in running order: one fragment per
    /// question included, with fragments of its evidence.
    questions: Vec<(String, Vec<String>)>,
    exempt_item: ItemId,
    exempt_title: String,
    asylum_key: String,
    dismissed_reason: String,
}

/// The first `n` words of the first paragraph of an item holding `needle`.
fn words_from(lib: &Library, item: ItemId, needle: &str, n: usize) -> String {
    let detail = lib.get_item(item).unwrap();
    let p = detail
        .paragraphs
        .iter()
        .find(|p| p.text.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} in item {item}"));
    let from = p.text.find(needle).unwrap();
    p.text[from..]
        .split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

fn setup() -> Setup {
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    let bytes = std::fs::read(sample("Kent Cabinet 2018-03-26")).unwrap();
    assert!(matches!(
        scrutineer::import_bytes(&mut lib, "kent.txt", &bytes, now()).unwrap(),
        FileOutcome::Imported { .. }
    ));
    let meeting = lib
        .library_index()
        .unwrap()
        .meetings
        .iter()
        .find(|m| m.date == "2018-03-26")
        .expect("the March meeting")
        .id;
    let detail = lib.get_meeting(meeting).unwrap();
    let item = |starts: &str| {
        detail
            .items()
            .find(|i| i.title.starts_with(starts))
            .unwrap_or_else(|| panic!("item {starts}"))
            .clone()
    };
    let budget = item("Revenue and Capital Budget Monitoring");
    let performance = item("Quarterly Performance Monitoring");
    lib.set_setting("author", Some("Cllr A. Member")).unwrap();

    // Notes: an ordinary one, a hostile one, one on the exempt item.
    let asylum_words = words_from(
        &lib,
        budget.id,
        "The only other potential outstanding adjustment relates to Asylum",
        10,
    );
    lib.annotate(
        budget.id,
        &asylum_words,
        "Home Office funding **not certain**: ask when it is expected.",
        &["asylum".into()],
        "check",
    )
    .unwrap();
    let residual = words_from(
        &lib,
        budget.id,
        "the residual position is once again showing",
        7,
    );
    lib.annotate(
        budget.id,
        &residual,
        HOSTILE,
        &["=cmd|' /C calc'!A0".into()],
        "concern",
    )
    .unwrap();
    let perf_words = words_from(&lib, performance.id, "Quarterly Performance Report", 4);
    lib.annotate(performance.id, &perf_words, EXEMPT_NOTE, &[], "ask")
        .unwrap();

    // Questions: from the Asylum flag and a quote; from a budget line;
    // one citing the exempt item; one with hostile text and no evidence.
    let flags = lib.meeting_flags(meeting).unwrap();
    let asylum = flags
        .flags
        .iter()
        .find(|f| {
            f.rule == Rule::VarianceOverThreshold
                && f.evidence
                    .line
                    .as_deref()
                    .is_some_and(|l| l.ends_with("- Asylum"))
                && f.reason.contains("against a budget")
        })
        .expect("the Asylum overspend flag")
        .clone();
    let q1 = lib
        .add_question(
            meeting,
            "Why has the **Asylum** budget overspent, and when will the Home Office pay?",
            "Cabinet Member for Children",
            &[
                EvidenceInput::Flag {
                    key: asylum.key.clone(),
                },
                EvidenceInput::Quote {
                    item: budget.id,
                    quote: asylum_words.clone(),
                },
            ],
        )
        .unwrap();
    let report = lib.report(meeting).unwrap();
    let line = report
        .lines
        .iter()
        .find(|l| l.label.ends_with("- Asylum") && l.budget().is_some())
        .expect("the Asylum line");
    let q2 = lib
        .add_question(
            meeting,
            "",
            "Corporate Director of Finance",
            &[EvidenceInput::Line {
                key: line.key.clone(),
            }],
        )
        .unwrap();
    lib.add_question(
        meeting,
        EXEMPT_QUESTION,
        "Chair",
        &[EvidenceInput::Quote {
            item: performance.id,
            quote: perf_words.clone(),
        }],
    )
    .unwrap();
    let q4 = lib
        .add_question(
            meeting,
            "<script>alert(2)</script>Plain question about the **reserves** drawn this year.",
            "",
            &[],
        )
        .unwrap();
    lib.move_question(q4, 1).unwrap();
    let text = |id: i64| {
        lib.questions(Some(meeting))
            .unwrap()
            .into_iter()
            .find(|q| q.id == id)
            .unwrap()
            .text
    };
    assert!(
        text(q2).starts_with("The report shows"),
        "drafted from the line: {}",
        text(q2)
    );

    // A flag dismissed with a reason a spreadsheet would run as a formula.
    let other = flags
        .flags
        .iter()
        .find(|f| f.rule == Rule::Rephasing)
        .expect("a re-phasing flag")
        .key
        .clone();
    let dismissed_reason = "=1+2 re-phasing is expected".to_string();
    lib.dismiss_flag(&other, &dismissed_reason).unwrap();

    // Answered from the words of another meeting's minutes (the pack
    // carries February's minutes too).
    let february = lib
        .library_index()
        .unwrap()
        .meetings
        .iter()
        .find(|m| m.date == "2018-02-05")
        .expect("February's minutes")
        .id;
    let minutes_item = lib
        .get_meeting(february)
        .unwrap()
        .items()
        .last()
        .unwrap()
        .id;
    let point = |offset| scrutineer::store::TextPoint {
        paragraph: 0,
        offset,
    };
    lib.answer_from_minutes(q1, minutes_item, point(0), point(30))
        .unwrap();

    lib.set_item_exempt(performance.id, Some(true)).unwrap();
    let questions = vec![
        ("Plain question about the".to_string(), vec![]),
        (
            "Why has the".to_string(),
            vec![
                "Cabinet, 2018-02-05".to_string(),
                asylum.reason.clone(),
                asylum_words.clone(),
            ],
        ),
        ("The report shows".to_string(), vec![line.label.clone()]),
    ];
    Setup {
        dir,
        meeting,
        questions,
        exempt_item: performance.id,
        exempt_title: performance.title.clone(),
        asylum_key: line.key.clone(),
        dismissed_reason,
    }
}

fn export_bytes(
    lib: &Library,
    meeting: MeetingId,
    format: Format,
    include_exempt: bool,
) -> Vec<u8> {
    let request = ExportRequest {
        format,
        pack: PackOptions {
            include_exempt,
            items: None,
        },
        sheet: None,
        line: None,
    };
    export::export(lib, meeting, &request).unwrap().bytes
}

/// Where each fragment first stands in `text`, after the one before.
fn in_order(text: &str, fragments: &[&str]) {
    let mut at = 0;
    for f in fragments {
        match text[at..].find(f) {
            Some(i) => at += i + f.len(),
            None => panic!("{f:?} is missing or out of order (looked from byte {at})"),
        }
    }
}

// ---------------------------------------------------------------- Word

/// An XML element, enough to check structure.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: HashMap<String, String>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }

    fn all(&self, name: &str) -> Vec<&Node> {
        let mut v = Vec::new();
        self.walk(&mut v);
        v.into_iter().filter(|n| n.name == name).collect()
    }

    fn text_of(&self) -> String {
        let mut v = Vec::new();
        self.walk(&mut v);
        v.iter().map(|n| n.text.as_str()).collect()
    }
}

/// Parses a part, failing on anything not well-formed.
fn parse_xml(name: &str, xml: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    let element = |e: &quick_xml::events::BytesStart| Node {
        name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap_or_else(|err| panic!("{name}: bad attribute: {err}"));
                (
                    String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect(),
        ..Node::default()
    };
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"))
        {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(element(&e)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack
                    .last_mut()
                    .unwrap_or_else(|| panic!("{name}: unbalanced"))
                    .children
                    .push(done);
            }
            Event::Text(t) => {
                let t = t
                    .unescape()
                    .unwrap_or_else(|e| panic!("{name}: bad text: {e}"));
                stack.last_mut().unwrap().text.push_str(&t);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "{name}: an element is left open");
    stack.pop().unwrap()
}

/// The schema's order of the property elements Word checks (ECMA-376
/// Part 1, CT_PPr, CT_RPr, CT_TblPr, CT_TcPr), written out here again so
/// the writer is checked against the standard rather than against itself.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        "rPr",
        &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
        ],
    ),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
        ],
    ),
    (
        "tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
        ],
    ),
    (
        "tblBorders",
        &[
            "top", "left", "start", "bottom", "right", "end", "insideH", "insideV",
        ],
    ),
    (
        "style",
        &[
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
    ),
    (
        "lvl",
        &[
            "start",
            "numFmt",
            "lvlRestart",
            "pStyle",
            "isLgl",
            "suff",
            "lvlText",
            "lvlPicBulletId",
            "legacy",
            "lvlJc",
            "pPr",
            "rPr",
        ],
    ),
    ("tbl", &["tblPr", "tblGrid", "tr"]),
    ("tr", &["tblPrEx", "trPr", "tc"]),
    ("r", &["rPr", "br", "t", "tab"]),
];

/// Children of each element named in ORDERS stand in the schema's order
/// (a name may repeat; none may come back after a later one), and only
/// names the order knows appear (r: its content may mix t, br and tab).
fn check_order(part: &str, root: &Node) {
    for (parent, order) in ORDERS {
        for n in root.all(parent) {
            let mut last = 0;
            for c in &n.children {
                let at = order
                    .iter()
                    .position(|o| *o == c.name)
                    .unwrap_or_else(|| panic!("{part}: <{}> is not allowed in <{parent}>", c.name));
                if *parent == "r" && at >= 1 {
                    continue;
                }
                assert!(
                    at >= last,
                    "{part}: <{}> stands after a later element in <{parent}>: {:?}",
                    c.name,
                    n.children.iter().map(|c| &c.name).collect::<Vec<_>>()
                );
                last = at;
            }
        }
    }
    for p in root.all("p") {
        for (i, c) in p.children.iter().enumerate() {
            assert!(
                c.name != "pPr" || i == 0,
                "{part}: pPr is the first child of a paragraph"
            );
        }
    }
    for tc in root.all("tc") {
        assert_eq!(
            tc.children.last().map(|c| c.name.as_str()),
            Some("p"),
            "{part}: a cell ends with a paragraph"
        );
        for (i, c) in tc.children.iter().enumerate() {
            assert!(
                c.name != "tcPr" || i == 0,
                "{part}: tcPr comes first in a cell"
            );
        }
    }
    for body in root.all("body") {
        let names: Vec<&str> = body.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names.last(),
            Some(&"sectPr"),
            "{part}: the section properties end the body"
        );
        assert!(
            names.iter().all(|n| ["p", "tbl", "sectPr"].contains(n)),
            "{part}: only paragraphs and tables in the body"
        );
    }
}

fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s)
            .unwrap_or_else(|e| panic!("{} is not UTF-8 text: {e}", f.name()));
        parts.insert(f.name().to_string(), s);
    }
    parts
}

/// Every part a relationship names exists, and every part but the
/// relationships and content types is named by one; every part has a
/// content type, and every override names a part.
fn check_package(parts: &HashMap<String, String>) {
    let types = parse_xml("[Content_Types].xml", &parts["[Content_Types].xml"]);
    let defaults: HashSet<String> = types
        .all("Default")
        .iter()
        .map(|d| d.attrs["Extension"].clone())
        .collect();
    let overrides: HashSet<String> = types
        .all("Override")
        .iter()
        .map(|o| o.attrs["PartName"].trim_start_matches('/').to_string())
        .collect();
    for o in &overrides {
        assert!(
            parts.contains_key(o),
            "[Content_Types].xml names {o}, which is not in the package"
        );
    }
    let mut targeted: HashSet<String> = HashSet::new();
    for (name, xml) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let base = name.trim_end_matches(".rels").replace("_rels/", "");
        let folder = base
            .rsplit_once('/')
            .map_or(String::new(), |(f, _)| format!("{f}/"));
        let folder = if name == "_rels/.rels" {
            String::new()
        } else {
            folder
        };
        for r in parse_xml(name, xml).all("Relationship") {
            assert_ne!(
                r.attrs.get("TargetMode").map(String::as_str),
                Some("External"),
                "{name}: nothing outside the package"
            );
            let target = format!("{folder}{}", r.attrs["Target"]);
            assert!(
                parts.contains_key(&target),
                "{name} points at {target}, which is not in the package"
            );
            targeted.insert(target);
        }
    }
    for name in parts.keys() {
        if name.ends_with(".rels") || name == "[Content_Types].xml" {
            continue;
        }
        assert!(
            targeted.contains(name),
            "{name} is in the package but no relationship names it"
        );
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains(name) || defaults.contains(ext),
            "{name} has no content type"
        );
    }
}

#[test]
fn the_word_pack_holds_each_question_and_its_evidence_in_order_and_opens_without_repair() {
    let s = setup();
    let lib = s.dir.open();
    let parts = unzip(&export_bytes(&lib, s.meeting, Format::Docx, false));
    for required in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/numbering.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert!(
            parts.contains_key(required),
            "{required} is part of a Word document"
        );
    }
    check_package(&parts);
    let trees: HashMap<&str, Node> = parts
        .iter()
        .map(|(n, x)| (n.as_str(), parse_xml(n, x)))
        .collect();
    for part in ["word/document.xml", "word/styles.xml", "word/numbering.xml"] {
        check_order(part, &trees[part]);
    }
    let doc = &trees["word/document.xml"];
    let styles = &trees["word/styles.xml"];
    let numbering = &trees["word/numbering.xml"];

    // Styles and numbering used are defined.
    let defined: HashSet<&str> = styles
        .all("style")
        .iter()
        .map(|s| s.attrs["styleId"].as_str())
        .collect();
    for used in doc.all("pStyle").iter().chain(doc.all("tblStyle").iter()) {
        assert!(
            defined.contains(used.attrs["val"].as_str()),
            "style {} is used but not defined",
            used.attrs["val"]
        );
    }
    for h in ["Heading1", "Heading2", "Heading3"] {
        let style = styles
            .all("style")
            .into_iter()
            .find(|s| s.attrs["styleId"] == h)
            .unwrap();
        assert!(
            style.all("name")[0].attrs["val"].starts_with("heading "),
            "{h} is Word's built-in heading, so navigation sees it"
        );
        assert!(
            !style.all("outlineLvl").is_empty(),
            "{h} has an outline level"
        );
    }
    let nums: HashMap<&str, &str> = numbering
        .all("num")
        .iter()
        .map(|n| {
            (
                n.attrs["numId"].as_str(),
                n.all("abstractNumId")[0].attrs["val"].as_str(),
            )
        })
        .collect();
    let abstracts: HashSet<&str> = numbering
        .all("abstractNum")
        .iter()
        .map(|a| a.attrs["abstractNumId"].as_str())
        .collect();
    let used_nums: Vec<&Node> = doc.all("numId");
    assert!(
        !used_nums.is_empty(),
        "questions and evidence are numbered and bulleted"
    );
    for n in used_nums {
        let abs = nums
            .get(n.attrs["val"].as_str())
            .unwrap_or_else(|| panic!("numbering {} is used but not defined", n.attrs["val"]));
        assert!(
            abstracts.contains(abs),
            "numbering {} names a missing abstract numbering",
            n.attrs["val"]
        );
    }

    // Paragraphs as (style, text), in order.
    let body = &doc.all("body")[0];
    let mut paras: Vec<(String, String)> = Vec::new();
    for block in &body.children {
        let ps = if block.name == "p" {
            vec![block]
        } else {
            block.all("p")
        };
        for p in ps {
            let style = p
                .all("pStyle")
                .first()
                .map_or(String::new(), |s| s.attrs["val"].clone());
            paras.push((style, p.text_of()));
        }
    }
    let text: String = paras.iter().map(|(_, t)| format!("{t}\n")).collect();
    let question_heads: Vec<&(String, String)> = paras
        .iter()
        .filter(|(s, t)| s == "Heading3" && t.starts_with("Question"))
        .collect();
    assert_eq!(
        question_heads.len(),
        s.questions.len(),
        "one numbered heading per question left in: {question_heads:?}"
    );
    let mut fragments: Vec<&str> = Vec::new();
    for (q, evidence) in &s.questions {
        fragments.push("Question");
        fragments.push(q);
        fragments.extend(evidence.iter().map(String::as_str));
    }
    fragments.push("Notes by item");
    in_order(&text, &fragments);
    assert!(
        doc.all("tbl")
            .iter()
            .any(|t| t.text_of().contains("- Asylum") && !t.all("tblHeader").is_empty()),
        "the budget line is a table with a header row"
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Quote" && t.contains("only other potential")),
        "quotes have the Quote style"
    );
    assert!(
        text.contains("Home Office funding not certain"),
        "a note's Markdown becomes runs"
    );
    assert!(doc.all("b").len() > 3, "bold runs");

    // Nothing that runs, loads or came from the exempt item.
    for gone in [
        "script",
        "alert(",
        "javascript",
        "evil.example",
        EXEMPT_NOTE,
        EXEMPT_QUESTION,
    ] {
        assert!(
            !parts["word/document.xml"].contains(gone),
            "{gone:?} is in the Word document"
        );
    }
    for (_, t) in paras.iter().filter(|(_, t)| t.contains(&s.exempt_title)) {
        assert!(
            t.starts_with("Left out as exempt"),
            "the exempt item is named only where the pack says it was left out: {t}"
        );
    }
    assert!(
        text.contains("Left out as exempt: item 6") && text.contains("1 note, 1 question"),
        "{text}"
    );
    assert!(
        parts["docProps/core.xml"].contains("Cllr A. Member"),
        "the author setting is the document's author"
    );
}

// ---------------------------------------------------------------- HTML

#[test]
fn the_html_pack_is_self_contained_in_order_and_prints_a_question_a_page() {
    let s = setup();
    let lib = s.dir.open();
    let html = String::from_utf8(export_bytes(&lib, s.meeting, Format::Html, false)).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("en-GB")
    );
    assert!(doc.select(&sel("title")).next().is_some_and(|t| t
        .text()
        .collect::<String>()
        .contains("Cabinet, 26 March 2018")));
    let csp = doc
        .select(&sel("meta[http-equiv='Content-Security-Policy']"))
        .next()
        .expect("a CSP");
    assert_eq!(
        csp.value().attr("content"),
        Some("default-src 'none'; style-src 'unsafe-inline'")
    );

    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let name = el.value().name();
        assert!(
            ![
                "script", "img", "iframe", "frame", "object", "embed", "link", "base", "form",
                "svg", "video", "audio", "source"
            ]
            .contains(&name),
            "<{name}> in the pack"
        );
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.starts_with("on") && attr != "src" && attr != "srcset" && attr != "style",
                "{attr}={value:?} on <{name}>"
            );
            if attr == "href" {
                assert_eq!(name, "a", "only links have an address");
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    v.starts_with("https://")
                        || v.starts_with("http://")
                        || v.starts_with("mailto:")
                        || v.starts_with('#'),
                    "href {v}"
                );
            }
        }
    }
    let css: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
    assert!(
        !css.contains("url(") && !css.contains("@import") && !css.contains("@font-face"),
        "the CSS loads nothing"
    );
    let print = css.split("@media print").nth(1).expect("print CSS");
    assert!(
        print.contains(".question + .question")
            && print.contains("break-before: page")
            && print.contains("page-break-before: always"),
        "{print}"
    );
    for gone in [
        "alert(",
        "javascript",
        "evil.example",
        EXEMPT_NOTE,
        EXEMPT_QUESTION,
    ] {
        assert!(!html.contains(gone), "{gone:?} is in the HTML");
    }
    assert!(
        html.contains("href=\"https://www.kent.gov.uk/budget\""),
        "a link the sanitiser allows is kept as a link"
    );

    // Headings: one h1, then no level skipped.
    let levels: Vec<u8> = doc
        .select(&sel("h1, h2, h3, h4, h5, h6"))
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect();
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    assert_eq!(levels[0], 1);
    for w in levels.windows(2) {
        assert!(w[1] <= w[0] + 1, "a heading level skipped: {levels:?}");
    }
    let h2: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
    assert_eq!(h2, ["Questions", "Notes by item", "Flags", "Left out"]);

    // Each question in its own section, in order, with its evidence.
    let sections: Vec<String> = doc
        .select(&sel("section.question"))
        .map(|q| {
            q.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(sections.len(), s.questions.len());
    for (section, (q, evidence)) in sections.iter().zip(&s.questions) {
        let mut fragments = vec![q.as_str()];
        fragments.extend(evidence.iter().map(String::as_str));
        in_order(section, &fragments);
    }
    let table = doc
        .select(&sel("section.question table"))
        .next()
        .expect("the budget line as a table");
    assert!(table.select(&sel("caption")).next().is_some());
    assert!(
        table.select(&sel("th[scope='col']")).count() >= 2
            && table.select(&sel("th[scope='row']")).count() == 1
    );
    let dismissed: String = doc
        .select(&sel("tr.dismissed"))
        .flat_map(|r| r.text())
        .collect();
    assert!(
        dismissed.contains(&s.dismissed_reason),
        "a dismissed flag is marked with the member's reason"
    );
    let notes: String = doc.select(&sel(".note")).flat_map(|n| n.text()).collect();
    assert!(
        notes.contains("Concern") && notes.contains("Check"),
        "highlight names: {notes}"
    );
}

#[test]
fn exempt_items_come_back_when_the_member_asks_and_a_selection_limits_the_pack() {
    let s = setup();
    let lib = s.dir.open();
    let html = String::from_utf8(export_bytes(&lib, s.meeting, Format::Html, true)).unwrap();
    assert!(
        html.contains(EXEMPT_NOTE) && html.contains(EXEMPT_QUESTION),
        "included at the member's choice"
    );
    assert!(html.contains("Exempt items included") && !html.contains("Left out as exempt"));

    let state = lib.item_exempt(s.exempt_item).unwrap();
    assert_eq!(
        (state.marked, state.exempt, state.detected.as_deref()),
        (Some(true), true, None),
        "Kent prints it as Unrestricted"
    );
    drop(lib);
    let mut lib = s.dir.open();
    assert!(
        lib.item_exempt(s.exempt_item).unwrap().exempt,
        "the marking is kept in the library"
    );
    lib.set_item_exempt(s.exempt_item, None).unwrap();
    assert!(
        !lib.item_exempt(s.exempt_item).unwrap().exempt,
        "back to what the paper prints"
    );
    let md = String::from_utf8(export_bytes(&lib, s.meeting, Format::Md, false)).unwrap();
    assert!(md.contains(EXEMPT_NOTE) && !md.contains("Left out"));

    let pack = lib
        .question_pack(
            s.meeting,
            &PackOptions {
                include_exempt: false,
                items: Some(vec![s.exempt_item]),
            },
        )
        .unwrap();
    assert!(pack.selected_items);
    assert_eq!(
        pack.questions.len(),
        1,
        "only the question citing the chosen item"
    );
    assert!(pack.notes.iter().all(|n| n.item.id == Some(s.exempt_item)) && pack.note_count() == 1);
    assert!(
        pack.flags.is_empty(),
        "the flags are on the budget item, not chosen"
    );
}

// ---------------------------------------------------------------- Markdown

#[test]
fn the_markdown_pack_has_questions_in_order_evidence_and_tables() {
    let s = setup();
    let lib = s.dir.open();
    let md = String::from_utf8(export_bytes(&lib, s.meeting, Format::Md, false)).unwrap();
    assert!(md.starts_with("# Cabinet, 26 March 2018\n"));
    let mut fragments: Vec<String> = Vec::new();
    for (i, (q, evidence)) in s.questions.iter().enumerate() {
        fragments.push(format!("### {}. Question", i + 1));
        fragments.push(q.clone());
        fragments.extend(evidence.iter().map(|e| e.replace('&', "\\&")));
    }
    fragments.push("## Notes by item".into());
    fragments.push("## Flags".into());
    in_order(
        &md,
        &fragments.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(
        md.lines()
            .any(|l| l.trim_start().starts_with("> ") && l.contains("only other potential")),
        "quotes are block quotes"
    );
    assert!(
        md.lines().any(|l| l.starts_with("| Line (£m) |")),
        "the budget line as a pipe table with its unit"
    );
    assert!(md.lines().any(|l| l.starts_with("| --- |")));
    for gone in [
        "<script",
        "alert(",
        "javascript:",
        "![",
        "evil.example",
        EXEMPT_NOTE,
    ] {
        assert!(!md.contains(gone), "{gone:?} is in the Markdown");
    }
    assert!(
        md.contains("[council's page](https://www.kent.gov.uk/budget)"),
        "a safe link is kept as written"
    );
    assert!(md.contains("Left out as exempt: item 6"));
}

// ---------------------------------------------------------------- spreadsheets

/// An RFC 4180 reader: quoted fields with doubled quotes, CRLF rows.
fn read_csv(bytes: &[u8]) -> Vec<Vec<(String, bool)>> {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .strip_prefix('\u{feff}')
        .expect("a byte order mark for Excel");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut in_quotes) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (in_quotes, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => in_quotes = false,
            (true, c) => field.push(c),
            (false, '"') => (quoted, in_quotes) = (true, true),
            (false, ',') => row.push((
                std::mem::take(&mut field),
                std::mem::replace(&mut quoted, false),
            )),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "rows end with CRLF"),
            (false, '\n') => panic!("a bare LF ends a row"),
            (false, c) => field.push(c),
        }
        if !in_quotes && c == '\r' {
            row.push((
                std::mem::take(&mut field),
                std::mem::replace(&mut quoted, false),
            ));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        row.is_empty() && field.is_empty(),
        "the file ends with a complete row"
    );
    rows
}

/// Pounds written as a decimal ("-3520000.01") back to pence, exactly.
fn pence_of(pounds: &str) -> i64 {
    let (neg, digits) = pounds
        .strip_prefix('-')
        .map_or((false, pounds), |d| (true, d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    assert!(frac.len() <= 2, "{pounds}: pence at most");
    let p: i64 = int.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}").parse::<i64>().unwrap();
    if neg {
        -p
    } else {
        p
    }
}

#[test]
fn budget_lines_and_flags_as_csv_are_numbers_with_units_and_no_formulas() {
    let s = setup();
    let lib = s.dir.open();
    let csv = |sheet: Sheet| {
        let request = ExportRequest {
            format: Format::Csv,
            pack: PackOptions::default(),
            sheet: Some(sheet),
            line: None,
        };
        read_csv(&export::export(&lib, s.meeting, &request).unwrap().bytes)
    };
    let rows = csv(Sheet::Lines);
    let head: Vec<&str> = rows[0].iter().map(|(h, _)| h.as_str()).collect();
    assert!(
        head.contains(&"Page") && head.contains(&"Item") && head.contains(&"Line"),
        "{head:?}"
    );
    assert!(
        head.iter().filter(|h| h.ends_with("(£)")).count() >= 3,
        "money columns say their unit: {head:?}"
    );
    let all = lib.meeting_budget_lines(s.meeting).unwrap();
    assert!(
        all.iter().any(|l| l.item_id == s.exempt_item),
        "the exempt item has budget lines of its own"
    );
    let stored: Vec<_> = all
        .into_iter()
        .filter(|l| l.unit.is_some() && l.item_id != s.exempt_item)
        .collect();
    let money_rows: Vec<&Vec<(String, bool)>> =
        rows[1..].iter().filter(|r| r[3].0 != "not money").collect();
    assert_eq!(money_rows.len(), stored.len(), "one row per budget line");
    let line_col = head.iter().position(|h| *h == "Line").unwrap();
    let page_col = head.iter().position(|h| *h == "Page").unwrap();
    for (row, line) in money_rows.iter().zip(&stored) {
        let label = &line.line.label;
        // Kent prints labels such as "- re-phased": they keep their words, defused.
        let defused = if label.starts_with(['=', '+', '-', '@']) {
            format!("'{label}")
        } else {
            label.clone()
        };
        assert_eq!(row[line_col].0, defused);
        assert_eq!(
            row[page_col].0,
            line.line.page.map_or(String::new(), |p| p.to_string())
        );
        let mut got: Vec<i64> = head
            .iter()
            .enumerate()
            .filter(|(_, h)| h.ends_with("(£)"))
            .filter(|(i, _)| !row[*i].0.is_empty())
            .map(|(i, _)| {
                assert!(
                    !row[i].1,
                    "an amount is a plain number, not quoted text: {:?}",
                    row[i]
                );
                pence_of(&row[i].0)
            })
            .collect();
        let mut want: Vec<i64> = line.line.values.iter().map(|v| v.pence).collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(
            got, want,
            "{}: the amounts are the stored pence",
            line.line.label
        );
        let first = &line.line.values[0];
        let col = head
            .iter()
            .position(|h| {
                *h == format!(
                    "{} (£)",
                    first
                        .column
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            })
            .unwrap();
        assert_eq!(
            pence_of(&row[col].0),
            first.pence,
            "under its own column's header"
        );
    }

    let flags = csv(Sheet::Flags);
    let head: Vec<&str> = flags[0].iter().map(|(h, _)| h.as_str()).collect();
    let why = head.iter().position(|h| *h == "Why dismissed").unwrap();
    let amount = head.iter().position(|h| *h == "Amount (£)").unwrap();
    let dismissed = flags
        .iter()
        .find(|r| r[why].0.contains("re-phasing is expected"))
        .expect("the dismissed flag");
    assert_eq!(
        dismissed[why].0,
        format!("'{}", s.dismissed_reason),
        "a cell starting with = is not a formula"
    );
    let stored = lib.meeting_flags(s.meeting).unwrap().flags;
    assert_eq!(
        flags.len() - 1,
        stored.len(),
        "nothing is exempt among the flags"
    );
    for (row, f) in flags[1..].iter().zip(&stored) {
        assert_eq!(pence_of(&row[amount].0), f.amount_pence);
    }
    for row in rows.iter().chain(flags.iter()) {
        for (field, quoted) in row {
            if field.starts_with(['=', '+', '@']) || (field.starts_with('-') && *quoted) {
                panic!("a text cell that a spreadsheet would run: {field:?}");
            }
        }
    }
}

#[test]
fn the_workbook_has_number_cells_and_its_sheets_and_a_lines_history() {
    let s = setup();
    let lib = s.dir.open();
    let request = ExportRequest {
        format: Format::Xlsx,
        pack: PackOptions::default(),
        sheet: None,
        line: Some(s.asylum_key.clone()),
    };
    let done = export::export(&lib, s.meeting, &request).unwrap();
    assert!(done.summary.history_points >= 1);
    let parts = unzip(&done.bytes);
    let book = parse_xml("workbook.xml", &parts["xl/workbook.xml"]);
    let names: Vec<&str> = book
        .all("sheet")
        .iter()
        .map(|s| s.attrs["name"].as_str())
        .collect();
    assert_eq!(names, ["Budget lines", "Flags", "History"]);
    let strings: Vec<String> = parse_xml("sharedStrings.xml", &parts["xl/sharedStrings.xml"])
        .all("si")
        .iter()
        .map(|s| s.text_of())
        .collect();
    let sheet = parse_xml("sheet1.xml", &parts["xl/worksheets/sheet1.xml"]);
    let rows = sheet.all("row");
    let cell_text = |c: &Node| -> String {
        let v = c.all("v").first().map_or(String::new(), |v| v.text.clone());
        if c.attrs.get("t").map(String::as_str) == Some("s") {
            strings[v.parse::<usize>().unwrap()].clone()
        } else {
            v
        }
    };
    let head: Vec<String> = rows[0].all("c").iter().map(|c| cell_text(c)).collect();
    assert!(head.iter().any(|h| h.ends_with("(£)")) && head.contains(&"Page".to_string()));
    let col_of = |r: &str| r.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
    let head_by_col: HashMap<String, String> = rows[0]
        .all("c")
        .iter()
        .map(|c| (col_of(&c.attrs["r"]), cell_text(c)))
        .collect();
    let stored: Vec<_> = lib
        .meeting_budget_lines(s.meeting)
        .unwrap()
        .into_iter()
        .filter(|l| l.item_id != s.exempt_item)
        .collect();
    assert_eq!(
        rows.len() - 1,
        stored.len(),
        "every line but the exempt item's"
    );
    for (row, line) in rows[1..]
        .iter()
        .zip(&stored)
        .filter(|(_, l)| l.unit.is_some())
    {
        let mut got = Vec::new();
        for c in row.all("c") {
            let header = &head_by_col[&col_of(&c.attrs["r"])];
            if header.ends_with("(£)") {
                assert!(
                    !c.attrs.contains_key("t"),
                    "{header}: an amount is a number cell, not a string: {:?}",
                    c.attrs
                );
                got.push(pence_of(&c.all("v")[0].text));
            }
            if header == "Line" {
                assert_eq!(
                    c.attrs.get("t").map(String::as_str),
                    Some("s"),
                    "a label is a string cell"
                );
                assert_eq!(cell_text(c), line.line.label);
            }
        }
        let mut want: Vec<i64> = line.line.values.iter().map(|v| v.pence).collect();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "{}", line.line.label);
    }
    let history = parse_xml("sheet3.xml", &parts["xl/worksheets/sheet3.xml"]);
    let dates: Vec<String> = history.all("row")[1..]
        .iter()
        .map(|r| cell_text(r.all("c")[0]))
        .collect();
    assert!(
        dates.contains(&"2018-03-26".to_string()),
        "the line asked for is in its history: {dates:?}"
    );
}

// ---------------------------------------------------------------- the command line

#[test]
fn scrutineer_export_writes_each_format_whole_and_says_what_it_wrote() {
    let s = setup();
    let db = s.dir.path.clone();
    let out = s.dir.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let m = s.meeting.0.to_string();
    for format in ["html", "docx", "md", "csv", "xlsx"] {
        let file = out.join(format!("pack.{format}"));
        // An older file of the same name is replaced, as a save dialog does.
        std::fs::write(&file, b"old").unwrap();
        let run = scrutineer(
            &db,
            &[
                "export",
                &m,
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(run.status.success(), "{format}: {}", stderr(&run));
        let said = stdout(&run);
        assert!(
            said.starts_with("wrote ") && said.contains(&format!("to {}", file.display())),
            "{said}"
        );
        assert_ne!(std::fs::read(&file).unwrap(), b"old");
        if ["html", "docx", "md"].contains(&format) {
            assert!(
                said.contains("3 questions, 2 notes")
                    && said.contains("; left out as exempt: 1 item"),
                "{said}"
            );
            assert!(said.contains("Left out as exempt: item 6"), "{said}");
        }
    }
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        5,
        "no temporary file is left beside them: {names:?}"
    );
    let csv = out.join("flags.csv");
    let run = scrutineer(
        &db,
        &[
            "export",
            &m,
            "--format",
            "csv",
            "--sheet",
            "flags",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(
        run.status.success() && stdout(&run).contains("flags to"),
        "{}",
        stdout(&run)
    );
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .contains("Why dismissed"));
    let history = out.join("history.csv");
    let run = scrutineer(
        &db,
        &[
            "export",
            &m,
            "--format",
            "csv",
            "--line",
            &s.asylum_key,
            "-o",
            history.to_str().unwrap(),
        ],
    );
    assert!(
        run.status.success() && stdout(&run).contains("line's history"),
        "{} {}",
        stdout(&run),
        stderr(&run)
    );
    let included = out.join("all.md");
    let run = scrutineer(
        &db,
        &[
            "export",
            &m,
            "--format",
            "md",
            "--include-exempt",
            "-o",
            included.to_str().unwrap(),
        ],
    );
    assert!(
        run.status.success() && !stdout(&run).contains("left out"),
        "{}",
        stdout(&run)
    );
    assert!(std::fs::read_to_string(&included)
        .unwrap()
        .contains(EXEMPT_QUESTION));
}

#[test]
fn scrutineer_export_refuses_a_missing_meeting_and_a_place_it_cannot_write() {
    let s = setup();
    let db = s.dir.path.clone();
    let file = s.dir.dir.path().join("pack.html");
    let run = scrutineer(
        &db,
        &[
            "export",
            "999",
            "--format",
            "html",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("no meeting with id 999 in the library"),
        "{}",
        stderr(&run)
    );
    assert!(
        !file.exists(),
        "nothing is written for a meeting that is not there"
    );

    let m = s.meeting.0.to_string();
    let nowhere = s.dir.dir.path().join("no such folder").join("pack.docx");
    let run = scrutineer(
        &db,
        &[
            "export",
            &m,
            "--format",
            "docx",
            "-o",
            nowhere.to_str().unwrap(),
        ],
    );
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("could not write")
            && stderr(&run).contains("its folder does not exist"),
        "{}",
        stderr(&run)
    );
    let folder = s.dir.dir.path();
    let run = scrutineer(
        &db,
        &[
            "export",
            &m,
            "--format",
            "md",
            "-o",
            folder.to_str().unwrap(),
        ],
    );
    assert!(
        !run.status.success() && stderr(&run).contains("it is a folder"),
        "{}",
        stderr(&run)
    );
    let run = scrutineer(
        &db,
        &[
            "export",
            &m,
            "--format",
            "csv",
            "--sheet",
            "history",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        !run.status.success() && stderr(&run).contains("--line"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn an_item_printed_not_for_publication_is_left_out_until_the_member_says_otherwise() {
    let minutes = "KENT COUNTY COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held in the Darent Room, Sessions House, \
                   County Hall, Maidstone on Monday, 26 March 2018.\n\n1. Apologies\n\nApologies were received from Mr P Oakford.\n\n\
                   2. Disposal of land at Mill Lane\n\nNOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A of the \
                   Local Government Act 1972.\n\nThe Cabinet agreed the sale of land at Mill Lane to the preferred bidder.\n\n\
                   3. Council Tax Support\n\nCare leavers are exempt from council tax until they are 25.\n";
    let dir = TempLibrary::new();
    let mut lib = dir.open();
    scrutineer::import_bytes(&mut lib, "minutes.txt", minutes.as_bytes(), now()).unwrap();
    let meeting = lib.library_index().unwrap().meetings[0].id;
    let items: Vec<_> = lib.get_meeting(meeting).unwrap().items().cloned().collect();
    let (land, tax) = (items[1].id, items[2].id);
    let states = lib.meeting_exempt(meeting).unwrap();
    assert_eq!(
        states[&land].detected.as_deref(),
        Some("marked 'not for publication'")
    );
    assert!(
        states[&land].exempt && !states[&tax].exempt && !states[&items[0].id].exempt,
        "{states:?}"
    );
    lib.annotate(land, "preferred bidder", "Who is the bidder?", &[], "ask")
        .unwrap();
    lib.annotate(tax, "Care leavers", "Good policy.", &[], "good")
        .unwrap();

    let md = String::from_utf8(export_bytes(&lib, meeting, Format::Md, false)).unwrap();
    assert!(
        !md.contains("Who is the bidder?") && md.contains("Good policy."),
        "{md}"
    );
    assert!(
        md.contains("Left out as exempt: item 2 'Disposal of land at Mill Lane' (marked 'not for publication'), 1 note."),
        "{md}"
    );

    lib.set_item_exempt(land, Some(false)).unwrap();
    let state = lib.item_exempt(land).unwrap();
    assert_eq!(
        (state.exempt, state.marked),
        (false, Some(false)),
        "the member's word wins over the print"
    );
    let md = String::from_utf8(export_bytes(&lib, meeting, Format::Md, false)).unwrap();
    assert!(
        md.contains("Who is the bidder?") && !md.contains("Left out"),
        "{md}"
    );
}
