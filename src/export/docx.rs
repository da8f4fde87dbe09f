//! The question pack as a Word document (.docx).
//!
//! The OOXML parts are written here by hand into a zip (the `zip` crate,
//! already used to read Word papers, with quick-xml's escaping) rather
//! than through a docx crate: the pack needs a handful of elements
//! (paragraphs with styles and numbering, runs, tables), a crate would
//! add a second zip and XML stack to the build, and writing them
//! ourselves keeps the element order under our own test. Word repairs (and
//! asks the member first) a file whose elements stand out of the schema's
//! order, so every property element below is written in that order:
//! `P_PR`, `R_PR`, `TBL_PR` and `TC_PR` list it, and the tests check the
//! document against them.
//!
//! Headings are the built-in "heading 1..4" styles (Word's navigation
//! pane and table of contents see them); questions are numbered by
//! numbering.xml; budget lines are tables with a header row and a
//! caption; quotes have a Quote style. No image, no field, no macro.

use std::io::{Cursor, Write as _};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use quick_xml::escape::escape;

use super::md::{heading, place};
use super::member_text::{clean_markdown, options};
use super::pack::{severity_label, state_label, PackEvidence, PackLine, QuestionPack};
use super::ExportError;
use crate::annotations::AnchorState;

/// The schema's order of a paragraph's properties (CT_PPr), as far as
/// this writer or Word's own styles use them.
pub const P_PR: &[&str] = &[
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
];
/// A run's properties (CT_RPr).
pub const R_PR: &[&str] = &[
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
];
/// A table's properties (CT_TblPr).
pub const TBL_PR: &[&str] = &[
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
];
/// A cell's properties (CT_TcPr).
pub const TC_PR: &[&str] = &[
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
];

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// A4 with 2.54 cm margins: the width text runs across, in twentieths of a point.
const TEXT_WIDTH: u32 = 9026;

/// The numbering instances: questions, bullets, then one per ordered list.
const QUESTIONS_NUM: u32 = 1;
const BULLETS_NUM: u32 = 2;

/// A run of text with its formatting.
#[derive(Debug, Clone, Default)]
struct Run {
    text: String,
    bold: bool,
    italic: bool,
    strike: bool,
    code: bool,
    /// A line break before the text.
    br: bool,
}

impl Run {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    fn bold(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            bold: true,
            ..Self::default()
        }
    }
}

/// A paragraph's properties, written in schema order.
#[derive(Debug, Clone, Default)]
struct Para<'a> {
    style: Option<&'a str>,
    keep_next: bool,
    num: Option<(u32, u32)>,
}

/// The document being written: body XML and the ordered lists' starts.
struct Doc {
    body: String,
    /// Each ordered list in member Markdown: its numbering id's start.
    ordered: Vec<u64>,
}

/// Characters XML 1.0 cannot hold (most control characters), which a
/// paper's text may carry, dropped so the part stays well-formed.
fn xml_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}'))
        .collect();
    escape(&kept).into_owned()
}

impl Doc {
    fn new() -> Self {
        Self {
            body: String::with_capacity(64 * 1024),
            ordered: Vec::new(),
        }
    }

    fn p(&mut self, para: &Para, runs: &[Run]) {
        let b = &mut self.body;
        b.push_str("<w:p>");
        let mut ppr = String::new();
        if let Some(s) = para.style {
            ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
        }
        if para.keep_next {
            ppr.push_str("<w:keepNext/>");
        }
        if let Some((id, level)) = para.num {
            ppr.push_str(&format!(
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
            ));
        }
        if !ppr.is_empty() {
            b.push_str("<w:pPr>");
            b.push_str(&ppr);
            b.push_str("</w:pPr>");
        }
        for r in runs {
            Self::run(b, r);
        }
        b.push_str("</w:p>");
    }

    fn run(b: &mut String, r: &Run) {
        b.push_str("<w:r>");
        if r.code || r.bold || r.italic || r.strike {
            b.push_str("<w:rPr>");
            if r.code {
                b.push_str(
                    "<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\" w:cs=\"Consolas\"/>",
                );
            }
            if r.bold {
                b.push_str("<w:b/>");
            }
            if r.italic {
                b.push_str("<w:i/>");
            }
            if r.strike {
                b.push_str("<w:strike/>");
            }
            b.push_str("</w:rPr>");
        }
        if r.br {
            b.push_str("<w:br/>");
        }
        // Lines and tabs inside a run are Word's breaks and tabs.
        for (i, line) in r.text.split('\n').enumerate() {
            if i > 0 {
                b.push_str("<w:br/>");
            }
            for (j, part) in line.split('\t').enumerate() {
                if j > 0 {
                    b.push_str("<w:tab/>");
                }
                if !part.is_empty() {
                    b.push_str("<w:t xml:space=\"preserve\">");
                    b.push_str(&xml_text(part));
                    b.push_str("</w:t>");
                }
            }
        }
        b.push_str("</w:r>");
    }

    fn heading(&mut self, level: u8, text: &str) {
        let style = format!("Heading{level}");
        self.p(
            &Para {
                style: Some(&style),
                ..Para::default()
            },
            &[Run::plain(text)],
        );
    }

    fn text(&mut self, text: &str) {
        self.p(&Para::default(), &[Run::plain(text)]);
    }

    fn quote(&mut self, text: &str) {
        self.p(
            &Para {
                style: Some("Quote"),
                ..Para::default()
            },
            &[Run::plain(text)],
        );
    }

    fn bullet(&mut self, runs: &[Run]) {
        self.p(
            &Para {
                style: Some("ListParagraph"),
                num: Some((BULLETS_NUM, 0)),
                ..Para::default()
            },
            runs,
        );
    }

    /// A table with a caption above it (also given to Word as the table's
    /// alternative text), a header row repeated across pages, the first
    /// column wider.
    fn table(&mut self, caption: &str, head: &[String], rows: &[Vec<Run>]) {
        if head.is_empty() {
            return;
        }
        self.p(
            &Para {
                style: Some("Caption"),
                keep_next: true,
                ..Para::default()
            },
            &[Run::plain(caption)],
        );
        let n = head.len() as u32;
        let first = if n == 1 {
            TEXT_WIDTH
        } else {
            TEXT_WIDTH * 2 / 5
        };
        let rest = if n == 1 {
            0
        } else {
            (TEXT_WIDTH - first) / (n - 1)
        };
        let width = |i: usize| if i == 0 { first } else { rest };
        let b = &mut self.body;
        b.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>");
        b.push_str("<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>");
        b.push_str(&format!(
            "<w:tblCaption w:val=\"{}\"/></w:tblPr><w:tblGrid>",
            xml_text(caption)
        ));
        for i in 0..head.len() {
            b.push_str(&format!("<w:gridCol w:w=\"{}\"/>", width(i)));
        }
        b.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for (i, h) in head.iter().enumerate() {
            b.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEEEEE\"/></w:tcPr><w:p>", width(i)));
            Self::run(b, &Run::bold(h.clone()));
            b.push_str("</w:p></w:tc>");
        }
        b.push_str("</w:tr>");
        for row in rows {
            b.push_str("<w:tr>");
            for (i, cell) in row.iter().enumerate().take(head.len()) {
                b.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr><w:p>",
                    width(i)
                ));
                Self::run(b, cell);
                b.push_str("</w:p></w:tc>");
            }
            // A short row still has every cell: Word wants the grid full.
            for i in row.len()..head.len() {
                b.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc>",
                    width(i)
                ));
            }
            b.push_str("</w:tr>");
        }
        b.push_str("</w:tbl>");
        // A table is always followed by a paragraph (Word merges two
        // tables that touch, and wants one at the end of the body).
        self.p(&Para::default(), &[]);
    }

    /// The member's Markdown as Word paragraphs and runs, walked from
    /// pulldown-cmark's events: bold, italic, strike, code, lists,
    /// quotes, headings (as Heading 4), tables as lines of cells.
    fn markdown(&mut self, md: &str) {
        let md = clean_markdown(md);
        let mut runs: Vec<Run> = Vec::new();
        let mut para = Para::default();
        let (mut bold, mut italic, mut strike, mut quote) = (0u32, 0u32, 0u32, 0u32);
        // Each open list: its numbering id.
        let mut lists: Vec<u32> = Vec::new();
        let mut item_open = false;
        let mut links: Vec<String> = Vec::new();
        let mut link_text = String::new();
        let mut code_block = false;
        let mut cell = 0usize;
        let base = |quote: u32| Para {
            style: (quote > 0).then_some("Quote"),
            ..Para::default()
        };
        let flush = |doc: &mut Doc, runs: &mut Vec<Run>, para: &mut Para, quote: u32| {
            if !runs.is_empty() || para.num.is_some() {
                doc.p(para, runs);
            }
            runs.clear();
            *para = base(quote);
        };
        for event in Parser::new_ext(&md, options()) {
            let fmt = |text: String, code: bool| Run {
                text,
                bold: bold > 0,
                italic: italic > 0,
                strike: strike > 0,
                code,
                br: false,
            };
            match event {
                // The first paragraph of a list item carries its number.
                Event::Start(Tag::Paragraph) if !(item_open && runs.is_empty()) => {
                    flush(self, &mut runs, &mut para, quote);
                }
                Event::End(TagEnd::Paragraph) => {
                    flush(self, &mut runs, &mut para, quote);
                    item_open = false;
                }
                Event::Start(Tag::Heading { .. }) => {
                    flush(self, &mut runs, &mut para, quote);
                    para.style = Some("Heading4");
                }
                Event::End(TagEnd::Heading(_)) => flush(self, &mut runs, &mut para, quote),
                Event::Start(Tag::BlockQuote(_)) => {
                    flush(self, &mut runs, &mut para, quote);
                    quote += 1;
                    para = base(quote);
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    flush(self, &mut runs, &mut para, quote);
                    quote = quote.saturating_sub(1);
                    para = base(quote);
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    flush(self, &mut runs, &mut para, quote);
                    code_block = true;
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(last) = runs.last_mut() {
                        last.text = last.text.trim_end_matches('\n').to_string();
                    }
                    flush(self, &mut runs, &mut para, quote);
                    code_block = false;
                }
                Event::Start(Tag::List(start)) => {
                    flush(self, &mut runs, &mut para, quote);
                    lists.push(match start {
                        Some(s) => {
                            self.ordered.push(s);
                            BULLETS_NUM + self.ordered.len() as u32
                        }
                        None => BULLETS_NUM,
                    });
                }
                Event::End(TagEnd::List(_)) => {
                    flush(self, &mut runs, &mut para, quote);
                    lists.pop();
                }
                Event::Start(Tag::Item) => {
                    flush(self, &mut runs, &mut para, quote);
                    let level = lists.len().saturating_sub(1).min(2) as u32;
                    para.style = Some("ListParagraph");
                    para.num = lists.last().map(|id| (*id, level));
                    item_open = true;
                }
                Event::End(TagEnd::Item) => {
                    flush(self, &mut runs, &mut para, quote);
                    item_open = false;
                }
                Event::Start(Tag::Strong) => bold += 1,
                Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
                Event::Start(Tag::Emphasis) => italic += 1,
                Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
                Event::Start(Tag::Strikethrough) => strike += 1,
                Event::End(TagEnd::Strikethrough) => strike = strike.saturating_sub(1),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    links.push(dest_url.to_string());
                    link_text.clear();
                }
                Event::End(TagEnd::Link) => {
                    // Print shows where a link goes; Word gets no field to follow.
                    if let Some(dest) = links.pop() {
                        if !dest.is_empty()
                            && dest != link_text
                            && format!("mailto:{link_text}") != dest
                        {
                            runs.push(fmt(format!(" ({dest})"), false));
                        }
                    }
                }
                Event::Start(Tag::TableRow | Tag::TableHead) => {
                    flush(self, &mut runs, &mut para, quote);
                    cell = 0;
                }
                Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                    flush(self, &mut runs, &mut para, quote)
                }
                Event::Start(Tag::TableCell) => {
                    if cell > 0 {
                        runs.push(Run::plain(" | "));
                    }
                    cell += 1;
                }
                Event::Text(t) => {
                    link_text.push_str(&t);
                    runs.push(fmt(t.to_string(), code_block));
                }
                Event::Code(t) => {
                    link_text.push_str(&t);
                    runs.push(fmt(t.to_string(), true));
                }
                Event::SoftBreak => runs.push(fmt(" ".into(), false)),
                Event::HardBreak => runs.push(Run {
                    br: true,
                    ..fmt(String::new(), false)
                }),
                Event::Rule => {
                    flush(self, &mut runs, &mut para, quote);
                    self.p(&Para::default(), &[Run::plain("\u{2014}")]);
                }
                // Raw HTML was taken out by clean_markdown; nothing else
                // (footnotes, task markers) is written with these options.
                _ => {}
            }
        }
        flush(self, &mut runs, &mut para, quote);
    }
}

pub fn render(pack: &QuestionPack) -> Result<Vec<u8>, ExportError> {
    let mut d = Doc::new();
    let m = &pack.meeting;
    d.heading(1, &m.title());
    let details = m.details();
    if !details.is_empty() {
        d.text(&details);
    }
    let mut about = format!(
        "Questions and notes for this meeting: {}",
        super::pack::count(pack.questions.len(), "question", "questions")
    );
    if let Some(a) = &pack.author {
        about.push_str(&format!(", prepared by {a}"));
    }
    if pack.selected_items {
        about.push_str(" (selected items only)");
    }
    d.text(&format!("{about}."));
    if let Some(left) = pack.left_out.sentence() {
        d.p(&Para::default(), &[Run::bold(left)]);
    }

    d.heading(2, "Questions");
    if pack.questions.is_empty() {
        d.text("No questions yet.");
    }
    for q in &pack.questions {
        let to = if q.to.trim().is_empty() {
            "Question".to_string()
        } else {
            format!("Question to {}", q.to.trim())
        };
        let to = match &q.author {
            Some(a) => format!("{to} ({}'s question)", a.trim()),
            None => to,
        };
        d.p(
            &Para {
                style: Some("Heading3"),
                num: Some((QUESTIONS_NUM, 0)),
                ..Para::default()
            },
            &[Run::plain(to)],
        );
        d.p(
            &Para::default(),
            &[Run::bold("Status: "), Run::plain(q.status_label)],
        );
        d.markdown(&q.text);
        if !q.answer.trim().is_empty() {
            d.p(
                &Para {
                    keep_next: true,
                    ..Para::default()
                },
                &[Run::bold("Answer")],
            );
            d.markdown(&q.answer);
        }
        if let Some(source) = &q.answer_source {
            d.p(
                &Para {
                    keep_next: true,
                    ..Para::default()
                },
                &[Run::bold("Answer quoted from")],
            );
            evidence(&mut d, source);
        }
        if !q.evidence.is_empty() {
            d.p(
                &Para {
                    keep_next: true,
                    ..Para::default()
                },
                &[Run::bold("Evidence")],
            );
            for e in &q.evidence {
                evidence(&mut d, e);
            }
        }
    }

    d.heading(2, "Notes by item");
    if pack.notes.is_empty() {
        d.text("No notes.");
    }
    for item in &pack.notes {
        d.heading(3, &heading(&item.item));
        for n in &item.notes {
            let mut head = vec![Run::bold(n.highlight_label.clone())];
            if let Some(p) = n.page {
                head.push(Run::plain(format!(", page {p}")));
            }
            if n.state != AnchorState::Exact {
                head.push(Run::plain(format!(" ({})", state_label(n.state))));
            }
            if !n.tags.is_empty() {
                head.push(Run::plain(format!(", tags: {}", n.tags.join(", "))));
            }
            d.p(
                &Para {
                    keep_next: true,
                    ..Para::default()
                },
                &head,
            );
            d.quote(&n.quote);
            if let Some(now) = &n.now {
                d.text("Now reads:");
                d.quote(now);
            }
            if !n.note.trim().is_empty() {
                d.markdown(&n.note);
            }
        }
    }

    d.heading(2, "Flags");
    if pack.flags.is_empty() {
        d.text("No flags.");
    } else {
        let head: Vec<String> = ["Reason", "Severity", "Rule", "Item", "Page"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rows: Vec<Vec<Run>> = pack
            .flags
            .iter()
            .map(|f| {
                let mut reason = Run {
                    text: f.reason.clone(),
                    strike: f.dismissed.is_some(),
                    ..Run::default()
                };
                if let Some(why) = &f.dismissed {
                    reason.text = format!(
                        "{} (dismissed: {})",
                        f.reason,
                        if why.is_empty() {
                            "no reason given"
                        } else {
                            why
                        }
                    );
                }
                vec![
                    reason,
                    Run::plain(severity_label(f.severity)),
                    Run::plain(f.rule),
                    Run::plain(f.item.as_ref().map_or(String::new(), heading)),
                    Run::plain(f.page.map_or(String::new(), |p| p.to_string())),
                ]
            })
            .collect();
        d.table("Where the papers' money may be going wrong, worst first; dismissed flags struck through", &head, &rows);
    }

    if !pack.exempt_included.is_empty() {
        d.heading(2, "Exempt items included");
        d.p(&Para::default(), &[Run::bold("These items are exempt or confidential; you chose to include them. Check before sending this on.")]);
        for e in &pack.exempt_included {
            d.bullet(&[Run::plain(format!("{} ({})", e.item.named(), e.reason))]);
        }
    }
    if let Some(left) = pack.left_out.sentence() {
        d.heading(2, "Left out");
        d.text(&left);
    }
    package(&d, &m.title(), pack.author.as_deref())
}

fn evidence(d: &mut Doc, e: &PackEvidence) {
    let where_ = place(e);
    let where_ = if where_.is_empty() {
        String::new()
    } else {
        format!(" ({where_})")
    };
    match e.kind.as_str() {
        "quote" => {
            let state = e
                .state
                .filter(|s| *s != AnchorState::Exact)
                .map_or(String::new(), |s| format!(", {}", state_label(s)));
            d.bullet(&[Run::bold("Quote"), Run::plain(format!("{where_}{state}:"))]);
            d.quote(&e.label);
        }
        "flag" => {
            let rule = e.flag.as_ref().map_or(String::new(), |f| {
                format!(
                    " ({}, {})",
                    f.rule,
                    severity_label(f.severity).to_lowercase()
                )
            });
            d.bullet(&[
                Run::bold("Flag"),
                Run::plain(format!("{rule}{where_}: {}", e.label)),
            ]);
        }
        _ => d.bullet(&[
            Run::bold(e.kind_label),
            Run::plain(format!("{where_}: {}", e.label)),
        ]),
    }
    if let Some(line) = &e.line {
        line_table(d, line);
    }
}

fn line_table(d: &mut Doc, line: &PackLine) {
    let unit = line
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" ({u})"));
    let page = line.page.map_or(String::new(), |p| format!(", page {p}"));
    let caption = format!(
        "{}{unit}{page}",
        line.caption.as_deref().unwrap_or("Budget line")
    );
    let mut head = vec![format!("Line{unit}")];
    head.extend(line.cells.iter().map(|c| c.column.clone()));
    let mut row = vec![Run::plain(line.label.clone())];
    row.extend(line.cells.iter().map(|c| Run::plain(c.printed.clone())));
    d.table(&caption, &head, &[row]);
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The parts of the package, by name.
fn parts(d: &Doc, title: &str, author: Option<&str>) -> Vec<(&'static str, String)> {
    let content_types = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>"
    );
    let rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    );
    let document_rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
         </Relationships>"
    );
    let document = format!(
        "{XML_HEAD}<w:document xmlns:w=\"{W}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>\
         </w:body></w:document>",
        d.body
    );
    let core = format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title>{}<dc:language>en-GB</dc:language></cp:coreProperties>",
        xml_text(&format!("Questions: {title}")),
        author.map_or(String::new(), |a| format!("<dc:creator>{}</dc:creator>", xml_text(a)))
    );
    let app = format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>Scrutineer</Application></Properties>"
    );
    let settings = format!(
        "{XML_HEAD}<w:settings xmlns:w=\"{W}\"><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    );
    vec![
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles()),
        ("word/numbering.xml", numbering(&d.ordered)),
        ("word/settings.xml", settings),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
    ]
}

fn package(d: &Doc, title: &str, author: Option<&str>) -> Result<Vec<u8>, ExportError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: &dyn std::fmt::Display| ExportError::Word(e.to_string());
    for (name, xml) in parts(d, title, author) {
        zip.start_file(name, opts).map_err(|e| fail(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

fn styles() -> String {
    let heading = |n: u8, size: u32, before: u32| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>\
             <w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/></w:pPr>\
             <w:rPr><w:b/><w:bCs/><w:color w:val=\"1A1A1A\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            n - 1
        )
    };
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"767676\"/>")
    };
    format!(
        "{XML_HEAD}<w:styles xmlns:w=\"{W}\">\
         <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>\
         <w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         {}{}{}{}\
         <w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"29\"/><w:qFormat/>\
         <w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"4A4A4A\"/></w:pBdr><w:spacing w:before=\"60\" w:after=\"120\"/><w:ind w:left=\"567\" w:right=\"567\"/></w:pPr>\
         <w:rPr><w:i/><w:iCs/><w:color w:val=\"1A1A1A\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"35\"/><w:qFormat/>\
         <w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val=\"1A1A1A\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"34\"/><w:qFormat/>\
         <w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/><w:contextualSpacing/></w:pPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/>\
         <w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:tblPr><w:tblBorders>{}{}{}{}{}{}</w:tblBorders></w:tblPr></w:style>\
         </w:styles>",
        heading(1, 36, 0),
        heading(2, 30, 360),
        heading(3, 26, 240),
        heading(4, 22, 200),
        border("top"),
        border("left"),
        border("bottom"),
        border("right"),
        border("insideH"),
        border("insideV"),
    )
}

/// Questions numbered "1.", bullets, and each ordered list of the member's
/// Markdown numbered from its own start.
fn numbering(ordered: &[u64]) -> String {
    let level = |ilvl: u32, fmt: &str, text: &str| {
        let left = 720 + 360 * ilvl;
        format!(
            "<w:lvl w:ilvl=\"{ilvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/>\
             <w:pPr><w:ind w:left=\"{left}\" w:hanging=\"360\"/></w:pPr></w:lvl>"
        )
    };
    let mut out = format!("{XML_HEAD}<w:numbering xmlns:w=\"{W}\">");
    out.push_str(
        "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>\
         <w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"567\" w:hanging=\"567\"/></w:pPr></w:lvl></w:abstractNum>",
    );
    out.push_str(
        "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>",
    );
    for (i, b) in ["\u{2022}", "\u{2013}", "\u{25E6}"].iter().enumerate() {
        out.push_str(&level(i as u32, "bullet", b));
    }
    out.push_str("</w:abstractNum><w:abstractNum w:abstractNumId=\"2\"><w:multiLevelType w:val=\"hybridMultilevel\"/>");
    for (i, (f, t)) in [
        ("decimal", "%1."),
        ("lowerLetter", "%2."),
        ("lowerRoman", "%3."),
    ]
    .iter()
    .enumerate()
    {
        out.push_str(&level(i as u32, f, t));
    }
    out.push_str("</w:abstractNum>");
    out.push_str(&format!(
        "<w:num w:numId=\"{QUESTIONS_NUM}\"><w:abstractNumId w:val=\"0\"/></w:num>"
    ));
    out.push_str(&format!(
        "<w:num w:numId=\"{BULLETS_NUM}\"><w:abstractNumId w:val=\"1\"/></w:num>"
    ));
    for (i, start) in ordered.iter().enumerate() {
        out.push_str(&format!(
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"2\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            BULLETS_NUM + 1 + i as u32
        ));
    }
    out.push_str("</w:numbering>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(md: &str) -> (String, Vec<u64>) {
        let mut d = Doc::new();
        d.markdown(md);
        (d.body, d.ordered)
    }

    #[test]
    fn member_markdown_becomes_word_runs() {
        let (body, _) = body_of("Ask **why** the *Asylum* line ~~fell~~ rose, see `p. 12`.");
        assert!(
            body.contains("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">why</w:t></w:r>"),
            "{body}"
        );
        assert!(
            body.contains("<w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">Asylum</w:t>"),
            "{body}"
        );
        assert!(
            body.contains("<w:rPr><w:strike/></w:rPr><w:t xml:space=\"preserve\">fell</w:t>"),
            "{body}"
        );
        assert!(body.contains("<w:rFonts w:ascii=\"Consolas\""), "{body}");
        assert_eq!(body.matches("<w:p>").count(), 1, "one paragraph: {body}");
    }

    #[test]
    fn lists_are_numbered_and_bulleted_by_numbering_xml() {
        let (body, ordered) = body_of("- one\n- two\n\n3. three\n4. four\n\nAfter.");
        assert_eq!(
            body.matches(&format!("<w:numId w:val=\"{BULLETS_NUM}\"/>"))
                .count(),
            2,
            "{body}"
        );
        assert_eq!(ordered, vec![3], "the ordered list keeps its start");
        assert_eq!(
            body.matches(&format!("<w:numId w:val=\"{}\"/>", BULLETS_NUM + 1))
                .count(),
            2,
            "{body}"
        );
        assert!(
            body.ends_with("<w:p><w:r><w:t xml:space=\"preserve\">After.</w:t></w:r></w:p>"),
            "{body}"
        );
        assert!(numbering(&ordered).contains("<w:startOverride w:val=\"3\"/>"));
    }

    #[test]
    fn raw_html_and_control_characters_never_reach_the_document() {
        let (body, _) = body_of("Hi <script>alert(1)</script> there\u{0c}\u{1b}[31m");
        assert!(
            !body.contains("script") && !body.contains("alert"),
            "{body}"
        );
        assert!(
            !body.contains('\u{0c}') && !body.contains('\u{1b}'),
            "{body}"
        );
    }
}
