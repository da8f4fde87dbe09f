//! Text going into an exported file: the member's Markdown (notes,
//! questions, possibly a colleague's) made safe to pass on as Markdown or
//! to walk into Word, and the papers' own text escaped so Markdown reads
//! it as words. `crate::markdown::to_html` does the same job for HTML.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The Markdown options notes and questions are written with (as
/// `crate::markdown::to_html` reads them).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The member's Markdown with what a Markdown viewer could run or load
/// taken out, as `markdown::to_html` takes it out of HTML: raw HTML
/// (with the contents of a script or style), images (their alt text
/// kept), links to anything but http, https and mailto (their text kept).
/// Everything else is left as the member wrote it.
pub fn clean_markdown(md: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // A link or image being replaced by its text: where, its words, depth.
    let mut replacing: Option<(Range<usize>, String, usize)> = None;
    let mut in_script = false;
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        if let Some((_, words, depth)) = replacing.as_mut() {
            match &event {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth > 0 => *depth -= 1,
                Event::End(_) => {
                    if let Some((at, words, _)) = replacing.take() {
                        edits.push((at, escape(&words)));
                    }
                }
                Event::Text(t) | Event::Code(t) => words.push_str(t),
                Event::SoftBreak | Event::HardBreak => words.push(' '),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                let l = h.trim_start().to_ascii_lowercase();
                if l.starts_with("<script") || l.starts_with("<style") {
                    in_script = !(l.contains("</script") || l.contains("</style"));
                } else if l.starts_with("</script") || l.starts_with("</style") {
                    in_script = false;
                }
                edits.push((range, words_of_html(&h)));
            }
            Event::Text(_) | Event::Code(_) if in_script => edits.push((range, String::new())),
            Event::Start(Tag::Image { .. }) => replacing = Some((range, String::new(), 0)),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_link(&dest_url) => {
                replacing = Some((range, String::new(), 0))
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(md.len());
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&md[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&md[at..]);
    out
}

static SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<(?:script|style)\b.*?(?:</(?:script|style)\s*>|\z)").expect("valid regex")
});
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?(?:-->|\z)|<[^>]*>?").expect("valid regex"));

/// The words of raw HTML, as a browser given the sanitised HTML would
/// show them: tags gone, scripts and styles gone with their contents.
fn words_of_html(html: &str) -> String {
    let text = TAG
        .replace_all(&SCRIPT.replace_all(html, ""), " ")
        .into_owned();
    let mut words = escape(&text);
    if !words.is_empty() && html.ends_with('\n') {
        words.push('\n');
    }
    words
}

/// A link a reader may follow: http, https or mailto, or no scheme at all.
pub fn safe_link(dest: &str) -> bool {
    let d: String = dest
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = d
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains('/') && !s.contains('?') && !s.contains('#'));
    match scheme {
        None => true,
        Some(s) => ["http", "https", "mailto"].contains(&s),
    }
}

/// Paper text as Markdown reads it as plain words, on one line: white
/// space run together, Markdown's punctuation escaped, so that nothing a
/// paper prints becomes a heading, a list, a link or raw HTML.
pub fn escape(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len() + 8);
    for c in one_line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line that starts "- ", "+ ", "1. " or "=" would be a list or a heading.
    let starts_block = out.starts_with(['-', '+', '=']) || {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && out[digits..].starts_with(['.', ')'])
    };
    if starts_block {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_could_run_or_load_is_taken_out_of_member_markdown() {
        let hostile = "Ask **why**.\n\n<script>alert(1)</script>Kept words\n\nSee [x](javascript:alert(1)) and ![i](http://evil.example/x.png) \
                       and <b onclick=\"alert(2)\">bold</b> <script>alert(3)</script> and [ok](https://kent.gov.uk).";
        let clean = clean_markdown(hostile);
        for gone in [
            "<script",
            "alert(1)",
            "alert(3)",
            "javascript:",
            "evil.example",
            "![",
            "onclick",
            "<b",
        ] {
            assert!(!clean.contains(gone), "{gone:?} left in {clean:?}");
        }
        for kept in [
            "Ask **why**.",
            "Kept words\n",
            "See x and i",
            "bold",
            "[ok](https://kent.gov.uk)",
        ] {
            assert!(clean.contains(kept), "{kept:?} lost from {clean:?}");
        }
        assert_eq!(
            clean_markdown("- one\n- two *three*\n"),
            "- one\n- two *three*\n",
            "ordinary Markdown is untouched"
        );
    }

    #[test]
    fn paper_text_is_words_in_markdown() {
        assert_eq!(escape("# Not a heading"), "\\# Not a heading");
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("12. Not a list"), "12\\. Not a list");
        assert_eq!(escape("a | b <script>"), "a \\| b \\<script\\>");
        assert_eq!(escape("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(escape("two\n  lines"), "two lines");
        assert!(safe_link("https://x") && safe_link("mailto:a@b") && safe_link("page.html"));
        assert!(
            !safe_link("javascript:alert(1)")
                && !safe_link(" JaVa\tScRiPt:x")
                && !safe_link("data:text/html,x")
        );
    }
}
