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

/// Elements whose content is never text for a reader.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "button", "input", "textarea",
];
/// Elements that begin a new line.
const BLOCK: &[&str] = &[
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "caption",
    "blockquote", "pre", "address", "figure", "figcaption", "form", "fieldset", "legend", "hr", "body",
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
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<div", b"<table", b"<p>", b"<!--", b"<meta"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// The text of an HTML document, a line per block.
pub fn to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = Writer::default();
    walk(doc.tree.root(), &mut out);
    out.finish()
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
        if t.ends_with(char::is_whitespace) && !self.current.is_empty() && !self.current.ends_with(['\t', ' ']) {
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

fn walk(node: NodeRef<'_, Node>, out: &mut Writer) {
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
                    row(el, out);
                }
                return;
            }
            let block = BLOCK.contains(&name);
            if block {
                out.break_line();
            }
            for child in node.children() {
                walk(child, out);
            }
            if block || name == "td" || name == "th" {
                out.break_line();
            }
        }
        _ => {
            for child in node.children() {
                walk(child, out);
            }
        }
    }
}

fn row(tr: ElementRef<'_>, out: &mut Writer) {
    let cells: Vec<ElementRef> = tr
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .collect();
    let has_blocks = cells.iter().any(|c| {
        c.descendants()
            .filter_map(ElementRef::wrap)
            .any(|d| matches!(d.value().name(), "p" | "div" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4"))
    });
    out.break_line();
    if cells.len() >= 3 && !has_blocks {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.raw("\t");
            }
            let mut w = Writer::default();
            walk(**cell, &mut w);
            // A cell is one value: fold its own line breaks.
            out.raw(&w.finish().split_whitespace().collect::<Vec<_>>().join(" "));
        }
        out.break_line();
    } else {
        for cell in cells {
            walk(*cell, out);
            out.break_line();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_dropped() {
        let t = to_text("<html><head><title>x</title><style>p{}</style></head><body><p>Budget <b>overspend</b></p><script>alert(1)</script><img src=x onerror=alert(2)></body></html>");
        assert_eq!(t, "Budget overspend");
    }

    #[test]
    fn wide_rows_keep_columns_narrow_rows_split() {
        let t = to_text("<table><tr><td>Adults</td><td>10.5</td><td>(0.2)</td></tr><tr><td>62.</td><td><p>Apologies</p><p>None.</p></td></tr></table>");
        assert_eq!(t, "Adults\t10.5\t(0.2)\n\n62.\n\nApologies\n\nNone.");
    }

    #[test]
    fn sniffs_html_not_text() {
        assert!(sniff(b"  <!DOCTYPE html><html>"));
        assert!(sniff(b"<div class=x>"));
        assert!(!sniff(b"MINUTES of a meeting"));
    }
}
