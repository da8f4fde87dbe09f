//! HTML pages saved from a council site (modern.gov, CMIS) to text lines.
//!
//! A real HTML parser (html5ever, through scraper) builds the tree; we walk
//! it and write text. Scripts, styles and anything else that is not content
//! are dropped, never run or kept. Block elements start new lines. A table
//! row of three or more plain cells becomes one tab-separated line (a budget
//! table keeps its columns); a row of one or two cells, or of cells holding
//! paragraphs (a modern.gov item table: number, then content), becomes a
//! line per cell, as a browser's copied text does.

use ego_tree::NodeRef;
use scraper::{node::Node, ElementRef, Html};

use super::IngestError;

/// Deepest nesting of elements a page may have. Council pages nest a few
/// dozen deep; the HTML parser's work per element grows with the depth, so
/// a page nested thousands deep is refused before it is parsed.
pub const MAX_DEPTH: usize = 2_000;

/// Most attributes one tag may carry. Council pages use a handful; the
/// HTML parser checks each new attribute against the tag's others, so its
/// work grows with the square of their number, and a tag of a million
/// attributes would take minutes. Such a page is refused before parsing.
pub const MAX_ATTRIBUTES: usize = 1_000;

/// Elements whose content is never text for a reader.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "button", "input", "textarea",
];
/// Elements that begin a new line.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "blockquote",
    "pre",
    "address",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "hr",
    "body",
    "label",
];

/// Whether the bytes look like an HTML (or XML) document.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .map(u8::to_ascii_lowercase)
        .collect();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<div",
        b"<table",
        b"<p>",
        b"<!--",
        b"<meta",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// The text of an HTML document, a line per block.
pub fn to_text(html: &str) -> Result<String, IngestError> {
    let (depth, attributes) = rough_depth(html);
    if attributes > MAX_ATTRIBUTES {
        return Err(IngestError::NotAPaper {
            reason: format!("this web page has a tag of over {MAX_ATTRIBUTES} attributes ({attributes}); it is not a saved council page"),
        });
    }
    if depth > MAX_DEPTH {
        return Err(IngestError::NotAPaper {
            reason: format!("this web page nests its elements over {MAX_DEPTH} deep ({depth}); it is not a saved council page"),
        });
    }
    let doc = Html::parse_document(html);
    Ok(text_of(doc.tree.root()))
}

/// Elements that never hold others, or that the parser closes by itself
/// when the next one starts: they do not deepen the tree.
const SHALLOW: &[&str] = &[
    "br", "img", "input", "meta", "link", "hr", "col", "area", "base", "wbr", "source", "track",
    "embed", "param", "p", "li", "td", "th", "tr", "option", "dt", "dd", "!doctype",
];

/// The deepest nesting of open tags, counted on the raw text (opening tags
/// less closing ones), and the most attributes on one tag (its `=` signs
/// outside quotes; not counted inside scripts and styles), cheaply and
/// before parsing. Each byte is looked at a bounded number of times.
fn rough_depth(html: &str) -> (usize, usize) {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut most_attributes = 0usize;
    // Inside a script or style, whose text is not tags.
    let mut raw_text: Option<String> = None;
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'!'))
            .map_or(bytes.len(), |p| start + p);
        let name = html[start..end].to_ascii_lowercase();
        if closing && raw_text.as_deref() == Some(name.as_str()) {
            raw_text = None;
        }
        if !closing && !name.is_empty() && raw_text.is_none() {
            most_attributes = most_attributes.max(count_attributes(&bytes[end..]));
            if name == "script" || name == "style" {
                raw_text = Some(name.clone());
            }
        }
        if name.is_empty() || name.starts_with("!--") || SHALLOW.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    (deepest, most_attributes)
}

/// The attributes of a tag whose name ends where `rest` begins: its `=`
/// signs outside quotes, up to its `>` (or the next `<`, where an
/// unfinished tag is taken to end, so no byte is counted twice).
fn count_attributes(rest: &[u8]) -> usize {
    let (mut count, mut quote) = (0usize, None);
    for &b in rest {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'>' | b'<') => break,
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'=') => count += 1,
            _ => {}
        }
    }
    count
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// One step of the walk: a node to enter, or what to do once its children
/// are done. An explicit stack, not recursion, so no page can exhaust the
/// thread's stack however deep it nests.
enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    BreakAfter,
    /// A cell of a wide row begins: its text gathers in a writer of its own.
    CellBegin {
        first: bool,
    },
    /// The cell ends: its text, folded to one line, joins the row.
    CellEnd,
}

fn text_of(root: NodeRef<'_, Node>) -> String {
    // Writers nest only for the cells of wide rows (tables in tables).
    let mut writers = vec![Writer::default()];
    let mut steps = vec![Step::Enter(root)];
    while let Some(step) = steps.pop() {
        let out = writers.last_mut().expect("the outermost writer stays");
        match step {
            Step::BreakAfter => out.break_line(),
            Step::CellBegin { first } => {
                if !first {
                    out.raw("\t");
                }
                writers.push(Writer::default());
            }
            Step::CellEnd => {
                let cell = writers.pop().expect("pushed at CellBegin").finish();
                let out = writers.last_mut().expect("the outermost writer stays");
                out.raw(&cell.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            Step::Enter(node) => enter(node, out, &mut steps),
        }
    }
    writers.pop().expect("the outermost writer").finish()
}

/// What entering one node writes now, and what it leaves on the stack.
fn enter<'a>(node: NodeRef<'a, Node>, out: &mut Writer, steps: &mut Vec<Step<'a>>) {
    let push_children = |steps: &mut Vec<Step<'a>>| {
        // Reversed, so the first child is taken first.
        let kids: Vec<_> = node.children().collect();
        steps.extend(kids.into_iter().rev().map(Step::Enter));
    };
    match node.value() {
        Node::Text(t) => out.text(t),
        Node::Element(e) => {
            let name = e.name();
            if SKIP.contains(&name) {
                return;
            }
            if name == "br" {
                out.break_line();
                return;
            }
            if name == "tr" {
                if let Some(el) = ElementRef::wrap(node) {
                    row(el, out, steps);
                }
                return;
            }
            let block = BLOCK.contains(&name);
            if block {
                out.break_line();
            }
            if block || name == "td" || name == "th" {
                steps.push(Step::BreakAfter);
            }
            push_children(steps);
        }
        _ => push_children(steps),
    }
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    current: String,
}

impl Writer {
    fn text(&mut self, t: &str) {
        for word in t.split_whitespace() {
            if !self.current.is_empty() && !self.current.ends_with(['\t', ' ']) {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
        // Keep a space that separates inline runs ("<b>Item</b> text").
        if t.ends_with(char::is_whitespace)
            && !self.current.is_empty()
            && !self.current.ends_with(['\t', ' '])
        {
            self.current.push(' ');
        }
    }

    fn raw(&mut self, s: &str) {
        self.current.push_str(s);
    }

    fn break_line(&mut self) {
        let line = self.current.trim().to_string();
        self.current.clear();
        if !line.is_empty() {
            self.lines.push(line);
        } else if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn finish(mut self) -> String {
        self.break_line();
        self.lines.join("\n").trim_end().to_string()
    }
}

/// A table row: three or more plain cells become one tab-separated line;
/// otherwise a line per cell.
fn row<'a>(tr: ElementRef<'a>, out: &mut Writer, steps: &mut Vec<Step<'a>>) {
    let cells: Vec<ElementRef> = tr
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .collect();
    let has_blocks = cells.iter().any(|c| {
        c.descendants().filter_map(ElementRef::wrap).any(|d| {
            matches!(
                d.value().name(),
                "p" | "div" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4"
            )
        })
    });
    out.break_line();
    let wide = cells.len() >= 3 && !has_blocks;
    if wide {
        steps.push(Step::BreakAfter);
    }
    for (i, cell) in cells.iter().enumerate().rev() {
        if wide {
            steps.push(Step::CellEnd);
            steps.push(Step::Enter(**cell));
            steps.push(Step::CellBegin { first: i == 0 });
        } else {
            steps.push(Step::BreakAfter);
            steps.push(Step::Enter(**cell));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_dropped() {
        let t = to_text("<html><head><title>x</title><style>p{}</style></head><body><p>Budget <b>overspend</b></p><script>alert(1)</script><img src=x onerror=alert(2)></body></html>").unwrap();
        assert_eq!(t, "Budget overspend");
    }

    #[test]
    fn wide_rows_keep_columns_narrow_rows_split() {
        let t = to_text("<table><tr><td>Adults</td><td>10.5</td><td>(0.2)</td></tr><tr><td>62.</td><td><p>Apologies</p><p>None.</p></td></tr></table>").unwrap();
        assert_eq!(t, "Adults\t10.5\t(0.2)\n\n62.\n\nApologies\n\nNone.");
    }

    #[test]
    fn a_page_nested_too_deep_is_refused_before_parsing() {
        let deep = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let err = to_text(&deep).unwrap_err();
        assert!(err.to_string().contains("nests its elements"), "{err}");
        // Unclosed paragraphs and cells close themselves: not depth.
        let flat = format!(
            "<html><body>{}</body></html>",
            "<p>a<td>b<li>c".repeat(20_000)
        );
        assert!(to_text(&flat).is_ok());
    }

    #[test]
    fn a_tag_of_too_many_attributes_is_refused_before_parsing() {
        let many: String = (0..MAX_ATTRIBUTES + 1)
            .map(|i| format!(" a{i}=\"{i}\""))
            .collect();
        let err = to_text(&format!("<html><body><p{many}>Cabinet</p></body></html>")).unwrap_err();
        assert!(err.to_string().contains("attributes"), "{err}");
        // Equals signs in quoted values, in scripts and in text are not attributes.
        let fine = format!(
            "<html><body><p title=\"{eq}\">a = b</p><script>{eq}</script><p>{eq}</p></body></html>",
            eq = "x=1;".repeat(5_000)
        );
        assert!(to_text(&fine).is_ok());
        assert_eq!(rough_depth("<p a=1 b='=' c=\"==\">x").1, 3);
    }

    #[test]
    fn nesting_below_the_limit_is_walked_without_recursion() {
        let n = MAX_DEPTH - 10;
        let deep = format!(
            "<div>{}deep text{}</div>",
            "<span>".repeat(n),
            "</span>".repeat(n)
        );
        assert_eq!(to_text(&deep).unwrap(), "deep text");
        let tables = format!(
            "{}inner{}",
            "<table><tr><td>a</td><td>b</td><td>".repeat(200),
            "</td></tr></table>".repeat(200)
        );
        assert!(to_text(&tables).unwrap().contains("inner"));
    }

    #[test]
    fn sniffs_html_not_text() {
        assert!(sniff(b"  <!DOCTYPE html><html>"));
        assert!(sniff(b"<div class=x>"));
        assert!(!sniff(b"MINUTES of a meeting"));
    }
}
