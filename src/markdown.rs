//! Markdown a member writes (notes, questions), rendered to HTML here by
//! pulldown-cmark and sanitised by ammonia before the window shows it:
//! whatever a note or a colleague's bundle holds, the HTML that leaves
//! this module has no script, no event handler, no style, no frame and no
//! link or image that loads anything.

use pulldown_cmark::{html, Options, Parser};

/// The Markdown Scrutineer reads (also what a bundle's notes are checked as).
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Safe HTML for a Markdown text. Links keep their text and address but
/// open nothing by themselves (no target, `rel="noopener noreferrer"`);
/// images are dropped, since an image would load from wherever it names.
pub fn to_html(markdown: &str) -> String {
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, OPTIONS));
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// The same Markdown with any raw HTML in it made literal (its `<`
/// escaped), so it shows as typed and never as markup: for a paper's own
/// text quoted in a question ("<i>Sub Total</i>"), which must read as the
/// paper prints it and go into a bundle, which takes Markdown only.
pub fn literal_html(markdown: &str) -> String {
    use pulldown_cmark::Event;
    let spans: Vec<std::ops::Range<usize>> = Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, r)| r)
        .collect();
    if spans.is_empty() {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len() + 8);
    let mut at = 0;
    for r in spans {
        if r.start < at {
            continue;
        }
        out.push_str(&markdown[at..r.start]);
        out.push_str(&markdown[r.clone()].replace('<', "\\<"));
        at = r.end;
    }
    out.push_str(&markdown[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_made_literal_text() {
        let md = "> <i>Sub Total</i> of £3m\n\n<div onclick=x>block</div>\n\nspend < budget";
        let literal = literal_html(md);
        assert!(
            !Parser::new_ext(&literal, OPTIONS).any(|e| matches!(
                e,
                pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
            )),
            "{literal}"
        );
        assert!(
            to_html(&literal).contains("&lt;i&gt;Sub Total&lt;/i&gt; of £3m"),
            "{}",
            to_html(&literal)
        );
        assert_eq!(literal_html("plain **text** < 3"), "plain **text** < 3");
    }

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(
            to_html("Ask **why** the *Asylum* line"),
            "<p>Ask <strong>why</strong> the <em>Asylum</em> line</p>\n"
        );
        assert!(to_html("- one\n- two").contains("<li>two</li>"));
    }

    #[test]
    fn nothing_that_runs_or_loads_survives() {
        for hostile in [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=http://x/x.js></SCRIPT>",
            "<scr<script>ipt>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<img src=\"javascript:alert(1)\">",
            "![x](http://example.com/beacon.png)",
            "![x](data:image/png;base64,AAAA)",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](java\tscript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[click](vbscript:msgbox(1))",
            "<a href=\"http://x\" onclick=\"alert(1)\">x</a>",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<iframe src=\"http://x\"></iframe>",
            "<frameset><frame src=\"http://x\"></frameset>",
            "<object data=\"http://x\"></object>",
            "<embed src=\"http://x\">",
            "<style>body{background:url(http://x)}</style>",
            "<div style=\"background:url(http://x)\">x</div>",
            "<p style=\"behavior:url(x.htc)\">x</p>",
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<form action=\"http://x\"><input></form>",
            "<button formaction=\"http://x\">x</button>",
            "<link rel=stylesheet href=http://x/x.css>",
            "<meta http-equiv=\"refresh\" content=\"0;url=http://x\">",
            "<base href=\"http://x/\">",
            "<video><source onerror=alert(1)></video>",
            "<audio src=x onerror=alert(1)>",
            "<details open ontoggle=alert(1)>",
            "<body onload=alert(1)>",
            "<div onmouseover=\"alert(1)\">hover</div>",
            "<<script>alert(1)//<</script>",
            "<img src=x onerror=alert(1)//",
            "<!--<img src=x onerror=alert(1)>-->",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<template><script>alert(1)</script></template>",
        ] {
            // Checked on the parsed HTML, as the window will read it: text
            // that merely mentions "onerror" is harmless.
            let out = to_html(hostile);
            let doc = scraper::Html::parse_fragment(&out);
            for el in doc
                .root_element()
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
            {
                let name = el.value().name();
                assert!(
                    ![
                        "script", "img", "iframe", "frame", "frameset", "object", "embed", "style",
                        "svg", "math", "form", "input", "button", "link", "meta", "base", "video",
                        "audio", "source", "template", "noscript"
                    ]
                    .contains(&name),
                    "{hostile:?} kept <{name}>: {out:?}"
                );
                for (attr, value) in el.value().attrs() {
                    assert!(
                        !attr.starts_with("on") && attr != "style" && attr != "src",
                        "{hostile:?} kept {attr}: {out:?}"
                    );
                    if attr == "href" {
                        let v = value.trim().to_lowercase();
                        assert!(
                            v.starts_with("http://")
                                || v.starts_with("https://")
                                || v.starts_with("mailto:")
                                || !v.contains(':'),
                            "{hostile:?} kept href {v}"
                        );
                    }
                }
            }
        }
    }
}
