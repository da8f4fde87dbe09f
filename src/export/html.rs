//! The question pack as one self-contained HTML file: inline CSS only (no
//! script, no remote resource, no font, no image), a Content Security
//! Policy that lets even a viewer honouring it load nothing, headings in
//! order (h1 the meeting, h2 the sections, h3 each question or item), and
//! print CSS that starts each question on a new page.
//!
//! Paper and member text is escaped here; the only HTML taken as it is
//! comes from `markdown::to_html`, which sanitises it.

use std::fmt::Write as _;

use super::md::{heading, place};
use super::pack::{severity_label, state_label, PackEvidence, PackLine, QuestionPack};
use crate::annotations::AnchorState;

/// Readable on screen and paper: dark text on white (about 15:1), muted
/// text #4a4a4a (about 9:1), links #0b4f9c (about 8:1), all above WCAG AA.
const CSS: &str = "
:root { color: #1a1a1a; background: #ffffff; }
body { font: 1rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid #1a1a1a; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin-top: 2rem; }
h4, h5, h6 { font-size: 1rem; }
a { color: #0b4f9c; }
.muted, .meta { color: #4a4a4a; }
.question { margin-bottom: 2rem; }
.label { font-weight: 700; margin-bottom: 0.25rem; }
blockquote { margin: 0.5rem 0; padding: 0.25rem 0.75rem; border-left: 4px solid #4a4a4a; background: #f4f4f4; }
.note { border-left: 4px solid #4a4a4a; padding-left: 0.75rem; margin: 1rem 0; }
.note.ask { border-left-color: #0b4f9c; } .note.good { border-left-color: #1b6e2a; }
.note.check { border-left-color: #8a5a00; } .note.concern { border-left-color: #a4161a; }
.highlight-name { font-weight: 700; }
.tags { color: #4a4a4a; }
ul.evidence { padding-left: 1.25rem; }
ul.evidence li { margin-bottom: 0.5rem; }
table { border-collapse: collapse; margin: 0.75rem 0; width: 100%; }
caption { text-align: left; font-weight: 700; padding-bottom: 0.25rem; }
th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; vertical-align: top; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #eeeeee; }
.dismissed { color: #4a4a4a; }
.dismissed .reason { text-decoration: line-through; }
.left-out, .exempt-included { border: 2px solid #1a1a1a; padding: 0.5rem 0.75rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: #1a1a1a; }
  .question + .question { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  blockquote, table, .note { break-inside: avoid; page-break-inside: avoid; }
}
";

/// Text as HTML text or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Sanitised Markdown HTML with its headings moved below the pack's own
/// (a member's "# heading" would otherwise outrank the question's h3).
fn member_html(sanitised: &str) -> String {
    let mut out = sanitised.to_string();
    for n in (1..=6).rev() {
        let to = (n + 3).min(6);
        out = out
            .replace(&format!("<h{n}>"), &format!("<h{to}>"))
            .replace(&format!("</h{n}>"), &format!("</h{to}>"));
    }
    out
}

/// The pack's content alone (what `render` puts in <body>), for the app's
/// own print view, which styles it with the app's stylesheet.
pub fn body(pack: &QuestionPack) -> String {
    let doc = render(pack);
    let start = doc.find("<body>\n").map_or(0, |i| i + "<body>\n".len());
    let end = doc.rfind("</body>").unwrap_or(doc.len());
    doc[start..end.max(start)].to_string()
}

pub fn render(pack: &QuestionPack) -> String {
    let m = &pack.meeting;
    let title = m.title();
    let mut o = String::with_capacity(16 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Scrutineer\">\n<title>Questions: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    let _ = writeln!(o, "<header>\n<h1>{}</h1>", escape(&title));
    let details = m.details();
    if !details.is_empty() {
        let _ = writeln!(o, "<p class=\"muted\">{}</p>", escape(&details));
    }
    let mut about = format!(
        "Questions and notes for this meeting: {}",
        pack.questions.len()
    );
    about = format!(
        "{about} question{}",
        if pack.questions.len() == 1 { "" } else { "s" }
    );
    if let Some(a) = &pack.author {
        about.push_str(&format!(", prepared by {}", escape(a)));
    }
    if pack.selected_items {
        about.push_str(" (selected items only)");
    }
    let _ = writeln!(o, "<p class=\"muted\">{about}.</p>");
    if let Some(left) = pack.left_out.sentence() {
        let _ = writeln!(o, "<p class=\"left-out\">{}</p>", escape(&left));
    }
    o.push_str("</header>\n<main>\n");

    o.push_str("<section aria-labelledby=\"questions\">\n<h2 id=\"questions\">Questions</h2>\n");
    if pack.questions.is_empty() {
        o.push_str("<p>No questions yet.</p>\n");
    }
    for q in &pack.questions {
        let id = format!("q{}", q.number);
        let to = if q.to.trim().is_empty() {
            String::new()
        } else {
            format!(" to {}", escape(&q.to))
        };
        let to = match &q.author {
            Some(a) => format!("{to} ({}'s question)", escape(a)),
            None => to,
        };
        let _ = writeln!(o, "<section class=\"question\" aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">Question {}{to}</h3>", q.number);
        let _ = writeln!(
            o,
            "<p class=\"meta\">Status: {}</p>",
            escape(q.status_label)
        );
        let _ = writeln!(o, "<div class=\"text\">{}</div>", member_html(&q.html));
        if !q.answer_html.is_empty() {
            let _ = writeln!(
                o,
                "<p class=\"label\">Answer</p>\n<div class=\"answer\">{}</div>",
                member_html(&q.answer_html)
            );
        }
        if let Some(source) = &q.answer_source {
            o.push_str("<p class=\"label\">Answer quoted from</p>\n<ul class=\"evidence\">\n");
            evidence(&mut o, source);
            o.push_str("</ul>\n");
        }
        if !q.evidence.is_empty() {
            o.push_str("<p class=\"label\">Evidence</p>\n<ul class=\"evidence\">\n");
            for e in &q.evidence {
                evidence(&mut o, e);
            }
            o.push_str("</ul>\n");
        }
        o.push_str("</section>\n");
    }
    o.push_str("</section>\n");

    o.push_str("<section aria-labelledby=\"notes\">\n<h2 id=\"notes\">Notes by item</h2>\n");
    if pack.notes.is_empty() {
        o.push_str("<p>No notes.</p>\n");
    }
    for (i, item) in pack.notes.iter().enumerate() {
        let _ = writeln!(
            o,
            "<section aria-labelledby=\"item{i}\">\n<h3 id=\"item{i}\">{}</h3>",
            escape(&heading(&item.item))
        );
        for n in &item.notes {
            let class = if crate::store::COLOURS.contains(&n.highlight.as_str()) {
                n.highlight.as_str()
            } else {
                ""
            };
            let _ = write!(
                o,
                "<div class=\"note {class}\">\n<p><span class=\"highlight-name\">{}</span>",
                escape(&n.highlight_label)
            );
            if let Some(p) = n.page {
                let _ = write!(o, ", page {p}");
            }
            if n.state != AnchorState::Exact {
                let _ = write!(o, " ({})", state_label(n.state));
            }
            o.push_str("</p>\n");
            let _ = writeln!(o, "<blockquote>{}</blockquote>", escape(&n.quote));
            if let Some(now) = &n.now {
                let _ = writeln!(
                    o,
                    "<p class=\"muted\">Now reads:</p>\n<blockquote>{}</blockquote>",
                    escape(now)
                );
            }
            if !n.note.trim().is_empty() {
                let _ = writeln!(
                    o,
                    "<div class=\"note-text\">{}</div>",
                    member_html(&n.note_html)
                );
            }
            if !n.tags.is_empty() {
                let tags: Vec<String> = n.tags.iter().map(|t| escape(t)).collect();
                let _ = writeln!(o, "<p class=\"tags\">Tags: {}</p>", tags.join(", "));
            }
            o.push_str("</div>\n");
        }
        o.push_str("</section>\n");
    }
    o.push_str("</section>\n");

    o.push_str("<section aria-labelledby=\"flags\">\n<h2 id=\"flags\">Flags</h2>\n");
    if pack.flags.is_empty() {
        o.push_str("<p>No flags.</p>\n");
    } else {
        o.push_str(
            "<table>\n<caption>Where the papers' money may be going wrong, worst first; flags you dismissed are struck through</caption>\n\
             <thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Reason</th><th scope=\"col\">Item</th><th scope=\"col\">Page</th></tr></thead>\n<tbody>\n",
        );
        for f in &pack.flags {
            let (class, dismissed) = match &f.dismissed {
                Some(why) => (
                    " class=\"dismissed\"",
                    format!(
                        " <span>(dismissed: {})</span>",
                        escape(if why.is_empty() {
                            "no reason given"
                        } else {
                            why
                        })
                    ),
                ),
                None => ("", String::new()),
            };
            let _ = writeln!(
                o,
                "<tr{class}><td>{}</td><td>{}</td><td><span class=\"reason\">{}</span>{dismissed}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                severity_label(f.severity),
                escape(f.rule),
                escape(&f.reason),
                f.item.as_ref().map_or(String::new(), |i| escape(&heading(i))),
                f.page.map_or(String::new(), |p| p.to_string())
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");

    if !pack.exempt_included.is_empty() {
        o.push_str(
            "<section aria-labelledby=\"exempt\">\n<h2 id=\"exempt\">Exempt items included</h2>\n",
        );
        o.push_str("<p class=\"exempt-included\">These items are exempt or confidential; you chose to include them. Check before sending this on.</p>\n<ul>\n");
        for e in &pack.exempt_included {
            let _ = writeln!(
                o,
                "<li>{} ({})</li>",
                escape(&e.item.named()),
                escape(&e.reason)
            );
        }
        o.push_str("</ul>\n</section>\n");
    }
    if let Some(left) = pack.left_out.sentence() {
        let _ = writeln!(o, "<section aria-labelledby=\"left-out\">\n<h2 id=\"left-out\">Left out</h2>\n<p>{}</p>\n</section>", escape(&left));
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn evidence(o: &mut String, e: &PackEvidence) {
    let where_ = place(e);
    let where_ = if where_.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"muted\">({})</span>", escape(&where_))
    };
    o.push_str("<li>");
    match e.kind.as_str() {
        "quote" => {
            let state = e
                .state
                .filter(|s| *s != AnchorState::Exact)
                .map_or(String::new(), |s| format!(", {}", state_label(s)));
            let _ = write!(
                o,
                "<strong>Quote</strong>{where_}{state}<blockquote>{}</blockquote>",
                escape(&e.label)
            );
        }
        "flag" => {
            let rule = e.flag.as_ref().map_or(String::new(), |f| {
                format!(
                    " ({}, {})",
                    escape(f.rule),
                    severity_label(f.severity).to_lowercase()
                )
            });
            let _ = write!(
                o,
                "<strong>Flag</strong>{rule}{where_}: {}",
                escape(&e.label)
            );
        }
        _ => {
            let _ = write!(
                o,
                "<strong>{}</strong>{where_}: {}",
                e.kind_label,
                escape(&e.label)
            );
        }
    }
    if let Some(line) = &e.line {
        table(o, line);
    }
    o.push_str("</li>\n");
}

/// A budget line as a table: its caption and unit, the columns as
/// headers, the line's label as the row header.
fn table(o: &mut String, line: &PackLine) {
    let unit = line
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" ({u})"));
    let page = line.page.map_or(String::new(), |p| format!(", page {p}"));
    let caption = line.caption.as_deref().unwrap_or("Budget line");
    let _ = write!(
        o,
        "\n<table>\n<caption>{}{}{}</caption>\n<thead><tr><th scope=\"col\">Line{}</th>",
        escape(caption),
        escape(&unit),
        page,
        escape(&unit)
    );
    for c in &line.cells {
        let _ = write!(o, "<th scope=\"col\">{}</th>", escape(&c.column));
    }
    let _ = write!(
        o,
        "</tr></thead>\n<tbody><tr><th scope=\"row\">{}</th>",
        escape(&line.label)
    );
    for c in &line.cells {
        let _ = write!(o, "<td class=\"num\">{}</td>", escape(&c.printed));
    }
    o.push_str("</tr></tbody>\n</table>\n");
}
