//! The question pack as Markdown: the meeting as the title, questions as
//! numbered sections, evidence as bullet lists with quotes as block
//! quotes, budget lines as pipe tables. Paper text is escaped so it reads
//! as words; the member's own Markdown is kept, less anything that could
//! run or load (`member_text::clean_markdown`).

use std::fmt::Write as _;

use super::member_text::{clean_markdown, escape};
use super::pack::{state_label, PackEvidence, PackItem, PackLine, QuestionPack};
use crate::annotations::AnchorState;

pub fn render(pack: &QuestionPack) -> String {
    let mut out = String::new();
    let m = &pack.meeting;
    let _ = writeln!(out, "# {}\n", escape(&m.title()));
    let details = m.details();
    if !details.is_empty() {
        let _ = writeln!(out, "{}\n", escape(&details));
    }
    let mut about = vec![format!("Questions and notes for {}", escape(&m.title()))];
    if let Some(a) = &pack.author {
        about.push(format!("prepared by {}", escape(a)));
    }
    if pack.selected_items {
        about.push("selected items only".into());
    }
    let _ = writeln!(out, "{}.\n", about.join(", "));
    if let Some(left) = pack.left_out.sentence() {
        let _ = writeln!(out, "{}\n", escape(&left));
    }

    let _ = writeln!(out, "## Questions\n");
    if pack.questions.is_empty() {
        let _ = writeln!(out, "No questions yet.\n");
    }
    for q in &pack.questions {
        let to = if q.to.trim().is_empty() {
            String::new()
        } else {
            format!(" to {}", escape(&q.to))
        };
        let to = match &q.author {
            Some(a) => format!("{to} ({}'s question)", escape(a)),
            None => to,
        };
        let _ = writeln!(out, "### {}. Question{to}\n", q.number);
        let _ = writeln!(out, "Status: {}\n", q.status_label);
        let _ = writeln!(out, "{}\n", clean_markdown(q.text.trim()));
        if !q.answer.trim().is_empty() {
            let _ = writeln!(out, "**Answer:**\n\n{}\n", clean_markdown(q.answer.trim()));
        }
        if let Some(source) = &q.answer_source {
            let _ = writeln!(out, "**Answer quoted from:**\n");
            evidence(&mut out, source);
            out.push('\n');
        }
        if !q.evidence.is_empty() {
            let _ = writeln!(out, "**Evidence:**\n");
            for e in &q.evidence {
                evidence(&mut out, e);
            }
            out.push('\n');
            for line in q.evidence.iter().filter_map(|e| e.line.as_ref()) {
                table(&mut out, line);
            }
        }
    }

    let _ = writeln!(out, "## Notes by item\n");
    if pack.notes.is_empty() {
        let _ = writeln!(out, "No notes.\n");
    }
    for item in &pack.notes {
        let _ = writeln!(out, "### {}\n", escape(&heading(&item.item)));
        for n in &item.notes {
            let page = n.page.map_or(String::new(), |p| format!(", page {p}"));
            let mut head = format!("- **{}**{page}", escape(&n.highlight_label));
            if n.state != AnchorState::Exact {
                let _ = write!(head, " ({})", state_label(n.state));
            }
            if !n.tags.is_empty() {
                let tags: Vec<String> = n.tags.iter().map(|t| escape(t)).collect();
                let _ = write!(head, ", tags: {}", tags.join(", "));
            }
            let _ = writeln!(out, "{head}\n\n  > {}\n", escape(&n.quote));
            if let Some(now) = &n.now {
                let _ = writeln!(out, "  Now reads:\n\n  > {}\n", escape(now));
            }
            if !n.note.trim().is_empty() {
                for line in clean_markdown(n.note.trim()).lines() {
                    let _ = writeln!(out, "  {line}");
                }
                out.push('\n');
            }
        }
    }

    let _ = writeln!(out, "## Flags\n");
    if pack.flags.is_empty() {
        let _ = writeln!(out, "No flags.\n");
    } else {
        let _ = writeln!(
            out,
            "| Severity | Rule | Reason | Item | Page |\n| --- | --- | --- | --- | --- |"
        );
        for f in &pack.flags {
            let mut reason = escape(&f.reason);
            if let Some(why) = &f.dismissed {
                reason = format!(
                    "~~{reason}~~ (dismissed: {})",
                    escape(if why.is_empty() {
                        "no reason given"
                    } else {
                        why
                    })
                );
            }
            let _ = writeln!(
                out,
                "| {} | {} | {reason} | {} | {} |",
                super::pack::severity_label(f.severity),
                escape(f.rule),
                f.item
                    .as_ref()
                    .map_or(String::new(), |i| escape(&i.named())),
                f.page.map_or(String::new(), |p| p.to_string())
            );
        }
        out.push('\n');
    }

    if !pack.exempt_included.is_empty() {
        let _ = writeln!(out, "## Exempt items included\n");
        let _ = writeln!(out, "These items are exempt or confidential; you chose to include them. Check before sending this on.\n");
        for e in &pack.exempt_included {
            let _ = writeln!(out, "- {} ({})", escape(&e.item.named()), escape(&e.reason));
        }
        out.push('\n');
    }
    if let Some(left) = pack.left_out.sentence() {
        let _ = writeln!(out, "## Left out\n\n{}\n", escape(&left));
    }
    out
}

/// "5. Revenue Monitoring" for an item heading.
pub(super) fn heading(item: &PackItem) -> String {
    match &item.number {
        Some(n) => format!("{} {}", n, item.title),
        None => item.title.clone(),
    }
}

/// "Item 5 'Revenue Monitoring', page 12", with the meeting where it is
/// another one ("Cabinet, 2018-06-18, item 3 ...").
pub(super) fn place(e: &PackEvidence) -> String {
    let mut at = place_of(e.item.as_ref(), e.page);
    if let Some(m) = &e.meeting {
        at = if at.is_empty() {
            m.clone()
        } else {
            format!("{m}, {at}")
        };
    }
    at
}

/// "Item 5 'Revenue Monitoring', page 12".
pub(super) fn place_of(item: Option<&PackItem>, page: Option<u32>) -> String {
    let mut parts = Vec::new();
    if let Some(i) = item {
        let named = i.named();
        let mut c = named.chars();
        parts.push(c.next().map_or(String::new(), |f| {
            f.to_uppercase().collect::<String>() + c.as_str()
        }));
    }
    if let Some(p) = page {
        parts.push(format!("page {p}"));
    }
    parts.join(", ")
}

fn evidence(out: &mut String, e: &PackEvidence) {
    let place = place(e);
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" ({})", escape(&place))
    };
    match e.kind.as_str() {
        "quote" => {
            let state = e
                .state
                .filter(|s| *s != AnchorState::Exact)
                .map_or(String::new(), |s| format!(", {}", state_label(s)));
            let _ = writeln!(out, "- Quote{place}{state}:\n\n  > {}\n", escape(&e.label));
        }
        "flag" => {
            let rule = e.flag.as_ref().map_or(String::new(), |f| {
                format!(
                    " ({}, {})",
                    f.rule,
                    super::pack::severity_label(f.severity).to_lowercase()
                )
            });
            let _ = writeln!(out, "- Flag{}{place}: {}", escape(&rule), escape(&e.label));
        }
        _ => {
            let _ = writeln!(out, "- {}{place}: {}", e.kind_label, escape(&e.label));
        }
    }
}

/// A budget line as a pipe table: a header row of its columns (the unit
/// in the first), one row of values as printed.
fn table(out: &mut String, line: &PackLine) {
    let unit = line
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" ({})", escape(u)));
    let caption = line.caption.as_deref().unwrap_or("Budget line");
    let page = line.page.map_or(String::new(), |p| format!(", page {p}"));
    let _ = writeln!(out, "*{}{unit}{page}*\n", escape(caption));
    let mut head = vec![format!("Line{unit}")];
    head.extend(line.cells.iter().map(|c| escape(&c.column)));
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
    let mut row = vec![escape(&line.label)];
    row.extend(line.cells.iter().map(|c| escape(&c.printed)));
    let _ = writeln!(out, "| {} |\n", row.join(" | "));
}
