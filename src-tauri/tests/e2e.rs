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
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("XDG_DATA_HOME", data_home)
            .env_remove("SCRUTINEER_DB")
            .env_remove("SCRUTINEER_E2E_PICK");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver --version ^2)");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
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
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn artifacts_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts");
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

async fn try_wait_for(client: &Client, css: &str, limit: Duration) -> Result<fantoccini::elements::Element, String> {
    client
        .wait()
        .at_most(limit)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("{css} did not appear: {e}"))
}

/// Clicks `target` until `then` appears: a click that lands while the page
/// is still laying out (a busy machine) is simply made again.
async fn click_until(client: &Client, target: &str, then: &str) -> Result<fantoccini::elements::Element, String> {
    let mut last = String::new();
    for _ in 0..3 {
        try_wait_for(client, target, LIMIT).await?.click().await.map_err(|e| e.to_string())?;
        match try_wait_for(client, then, Duration::from_secs(10)).await {
            Ok(found) => return Ok(found),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Runs `steps` against a fresh app with an empty library, saving a
/// screenshot named `shot` whether the steps pass or fail.
async fn with_app<F, Fut>(shot: &str, env: &[(&str, &std::ffi::OsStr)], steps: F) -> tempfile::TempDir
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = (Client, Result<(), String>)>,
{
    assert!(std::env::var_os("DISPLAY").is_some(), "run under a display: xvfb-run -a cargo test");
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
        data_home.path().join("org.scrutineer.app/library.sqlite3").is_file(),
        "the app kept its library in its own app-data folder"
    );
}

async fn drive(client: &Client) -> Result<(), String> {
    try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
    let rows = client.find_all(Locator::Css("[data-testid='meeting']")).await.map_err(|e| e.to_string())?;
    if rows.len() < 5 {
        return Err(format!("expected the sample meetings on first run, saw {}", rows.len()));
    }
    let mut target = None;
    for row in rows {
        let text = row.text().await.map_err(|e| e.to_string())?;
        if text.contains("Cabinet") && text.contains("26 March 2018") {
            target = Some(row);
        }
    }
    target.ok_or("no Cabinet meeting of 26 March 2018 in the library")?.click().await.map_err(|e| e.to_string())?;

    let heading = try_wait_for(client, "[data-testid='meeting-heading']", LIMIT).await?;
    let heading = heading.text().await.map_err(|e| e.to_string())?;
    if !heading.contains("26 March 2018") {
        return Err(format!("opened the wrong meeting: {heading}"));
    }
    let view = click_until(client, "[data-testid='item'][data-number='5']", "[data-testid='item-view'] h2").await?;
    let title = view.text().await.map_err(|e| e.to_string())?;
    if !title.starts_with("5.") {
        return Err(format!("item 5 did not open: {title}"));
    }
    let text = try_wait_for(client, "[data-testid='item-text']", LIMIT).await?.text().await.map_err(|e| e.to_string())?;
    if text.len() < 2000 || !text.to_lowercase().contains("budget monitoring") {
        return Err(format!("item 5 shows no report text ({} chars)", text.len()));
    }
    // The budget monitoring report's tables and marked figures.
    let err = |e: fantoccini::error::CmdError| e.to_string();
    let tables = client.find_all(Locator::Css("[data-testid='budget-table']")).await.map_err(err)?;
    if tables.is_empty() {
        return Err("item 5 shows no budget tables".into());
    }
    let figure = try_wait_for(client, "[data-testid='figure']", LIMIT).await?.text().await.map_err(err)?;
    if !(figure.contains("OVERSPEND") || figure.contains("UNDERSPEND") || figure.to_lowercase().contains("spend")) {
        return Err(format!("a figure is marked without a word: {figure:?}"));
    }
    // The meeting's Budget view, sorted by variance.
    try_wait_for(client, "[data-testid='show-budget']", LIMIT).await?.click().await.map_err(err)?;
    try_wait_for(client, "[data-testid='budget-line']", LIMIT).await?;
    let rows = client.find_all(Locator::Css("[data-testid='budget-line']")).await.map_err(err)?;
    if rows.len() < 10 {
        return Err(format!("the Budget view lists {} lines", rows.len()));
    }
    let top = rows[0].text().await.map_err(err)?;
    if !top.to_lowercase().contains("overspend") {
        return Err(format!("the largest variance first should be an overspend: {top}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_imported_through_the_ui_can_be_read() {
    let _one = ONE_AT_A_TIME.lock().await;
    let pdf = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/pdf/p04_kent_cabinet-2025-01-30_printed-minutes.pdf");
    if !pdf.is_file() {
        // A clone of the project alone has no ../shared; CI always has it.
        assert!(std::env::var_os("SCRUTINEER_REQUIRE_CORPUS").is_none(), "the corpus PDF is at {}", pdf.display());
        eprintln!("skipped: the PDF import test needs ../shared/corpus, not beside this clone");
        return;
    }
    with_app("e2e-pdf.png", &[("SCRUTINEER_E2E_PICK", pdf.as_os_str())], |c| async move {
        let r = import_pdf(&c).await;
        (c, r)
    })
    .await;
}

async fn import_pdf(client: &Client) -> Result<(), String> {
    let err = |e: fantoccini::error::CmdError| e.to_string();
    let before = {
        try_wait_for(client, "[data-testid='meeting']", LIMIT).await?;
        client.find_all(Locator::Css("[data-testid='meeting']")).await.map_err(err)?.len()
    };
    try_wait_for(client, "[data-testid='import-button']", LIMIT).await?.click().await.map_err(err)?;
    let reports = try_wait_for(client, "[data-testid='import-reports']", LIMIT).await?.text().await.map_err(err)?;
    if !reports.contains("Imported") || !reports.contains(".pdf") {
        return Err(format!("the import did not report the PDF: {reports}"));
    }
    let rows = client.find_all(Locator::Css("[data-testid='meeting']")).await.map_err(err)?;
    if rows.len() <= before {
        return Err(format!("no new meeting after the import ({} before, {} after)", before, rows.len()));
    }
    // The PDF's meeting is the newest in the library, so it heads the list.
    rows[0].click().await.map_err(err)?;
    let heading = try_wait_for(client, "[data-testid='meeting-heading']", LIMIT).await?.text().await.map_err(err)?;
    if !heading.contains("2025") {
        return Err(format!("the PDF's meeting did not open: {heading}"));
    }
    let items = client.find_all(Locator::Css("[data-testid='item']")).await.map_err(err)?;
    if items.len() < 3 {
        return Err(format!("the PDF's minutes show {} items", items.len()));
    }
    let _ = items;
    let meta = click_until(client, "[data-testid='item-list'] > li:nth-child(3) > [data-testid='item']", "[data-testid='item-view'] .meta")
        .await?
        .text()
        .await
        .map_err(err)?;
    if !meta.contains("page") {
        return Err(format!("the item does not say which page it starts on: {meta}"));
    }
    let text = try_wait_for(client, "[data-testid='item-text']", LIMIT).await?.text().await.map_err(err)?;
    if text.trim().len() < 40 {
        return Err(format!("the item shows no text: {text:?}"));
    }
    Ok(())
}
