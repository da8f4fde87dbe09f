//! Markdown a member writes (notes, questions), rendered to HTML here by
//! pulldown-cmark and sanitised by ammonia before the window shows it:
//! whatever a note or a colleague's bundle holds, the HTML that leaves
//! this module has no script, no event handler, no style, no frame and no
//! link or image that loads anything.

use pulldown_cmark::{html, Options, Parser};

/// Safe HTML for a Markdown text. Links keep their text and address but
/// open nothing by themselves (no target, `rel="noopener noreferrer"`);
/// images are dropped, since an image would load from wherever it names.
pub fn to_html(markdown: &str) -> String {
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(to_html("Ask **why** the *Asylum* line"), "<p>Ask <strong>why</strong> the <em>Asylum</em> line</p>\n");
        assert!(to_html("- one\n- two").contains("<li>two</li>"));
    }

    #[test]
    fn nothing_that_runs_or_loads_survives() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "![x](http://example.com/beacon.png)",
            "[click](javascript:alert(1))",
            "<a href=\"http://x\" onclick=\"alert(1)\">x</a>",
            "<iframe src=\"http://x\"></iframe>",
            "<style>body{background:url(http://x)}</style>",
            "<div style=\"background:url(http://x)\">x</div>",
            "<svg><script>alert(1)</script></svg>",
            "<form action=\"http://x\"><input></form>",
        ] {
            let out = to_html(hostile).to_lowercase();
            for bad in ["<script", "onerror", "onclick", "javascript:", "<img", "<iframe", "<style", "style=", "<svg", "<form", "<input"] {
                assert!(!out.contains(bad), "{hostile:?} gave {out:?}");
            }
        }
    }
}
