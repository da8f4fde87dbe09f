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

impl Driver {
    fn start(data_home: &std::path::Path) -> Self {
        let port = free_port();
        let native_port = free_port();
        let child = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("XDG_DATA_HOME", data_home)
            .env_remove("SCRUTINEER_DB")
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

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_shows_sample_meetings_and_an_item_can_be_read() {
    assert!(std::env::var_os("DISPLAY").is_some(), "run under a display: xvfb-run -a cargo test");
    let data_home = tempfile::tempdir().expect("temp dir");
    let driver = Driver::start(data_home.path());
    let client = connect(&driver).await;
    let result = drive(&client).await;
    if let Ok(png) = client.screenshot().await {
        let path = artifacts_dir().join("e2e-item.png");
        std::fs::write(&path, png).expect("write screenshot");
        eprintln!("screenshot: {}", path.display());
    }
    let _ = client.close().await;
    drop(driver);
    result.unwrap();
    assert!(
        data_home.path().join("org.scrutineer.app/library.sqlite3").is_file(),
        "the app kept its library in its own app-data folder"
    );
}

async fn drive(client: &Client) -> Result<(), String> {
    wait_for(client, "[data-testid='meeting']").await;
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

    let heading = wait_for(client, "[data-testid='meeting-heading']").await;
    let heading = heading.text().await.map_err(|e| e.to_string())?;
    if !heading.contains("26 March 2018") {
        return Err(format!("opened the wrong meeting: {heading}"));
    }
    wait_for(client, "[data-testid='item'][data-number='5']").await.click().await.map_err(|e| e.to_string())?;

    let view = wait_for(client, "[data-testid='item-view'] h2").await;
    let title = view.text().await.map_err(|e| e.to_string())?;
    if !title.starts_with("5.") {
        return Err(format!("item 5 did not open: {title}"));
    }
    let text = wait_for(client, "[data-testid='item-text']").await.text().await.map_err(|e| e.to_string())?;
    if text.len() < 2000 || !text.to_lowercase().contains("budget monitoring") {
        return Err(format!("item 5 shows no report text ({} chars)", text.len()));
    }
    Ok(())
}
