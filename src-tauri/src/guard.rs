//! The window never leaves the app. The CSP limits what the page may load;
//! this limits where the webview may go: a navigation to anything but the
//! app's own pages, and every new window, is refused, so a script that
//! slipped into the page cannot carry the member's data out in a URL.

use tauri::Url;

/// True for the app's own pages: `tauri://localhost` (Linux, macOS) and
/// `http(s)://tauri.localhost` (Windows).
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_are_allowed() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#item",
            "http://tauri.localhost/",
            "https://tauri.localhost/a",
        ] {
            assert!(is_app_page(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "http://127.0.0.1:8765/nav-leak?data=root",
            "http://localhost/",
            "https://example.org/",
            "tauri://evil/",
            "http://tauri.localhost.example.org/",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "javascript:alert(1)",
            "about:blank",
        ] {
            assert!(!is_app_page(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
