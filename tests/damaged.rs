//! Odd and damaged library files: each is named in plain words, once, and
//! nothing is made worse (the file's bytes are left as they were).

use std::path::Path;
use std::process::Command;

use crate::common::{now, sample, scrutineer, stderr, TempLibrary};

/// A library holding two papers, closed (its WAL folded back in).
fn small_library(lib: &TempLibrary) {
    let mut l = lib.open();
    scrutineer::import_path(&mut l, &sample("Kent Cabinet 2022-12-01"), now()).expect("import");
    scrutineer::import_path(&mut l, &sample("Kent Cabinet 2024-09-26"), now()).expect("import");
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read library file")
}

const PAGE: usize = 4096;

#[test]
fn damaged_pages_are_named_as_damage_and_left_untouched() {
    let good = TempLibrary::new();
    small_library(&good);
    let bytes = std::fs::read(&good.path).unwrap();
    let pages = bytes.len() / PAGE;
    assert!(pages >= 4, "a library of several pages ({pages})");
    // The b-tree pages: where the tables and indexes are laid out. (A flip
    // inside a paper's stored bytes is not structure; see ARCHITECTURE.md.)
    let conn = rusqlite::Connection::open(&good.path).unwrap();
    let roots: Vec<i64> = conn
        .prepare("SELECT rootpage FROM sqlite_schema WHERE rootpage > 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    let mut damaged = 0;
    for root in roots {
        let lib = TempLibrary::new();
        let mut b = bytes.clone();
        let at = (root as usize - 1) * PAGE;
        // An impossible page type and cell count.
        b[at..at + 8].copy_from_slice(&[0x42, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00]);
        std::fs::write(&lib.path, &b).unwrap();
        let before = sha(&lib.path);
        match scrutineer::Library::open(&lib.path) {
            Err(e) => {
                assert!(e.to_string().contains("damaged"), "page {root}: {e}");
                assert!(
                    !e.to_string().contains("SELECT"),
                    "no SQL for the member: {e}"
                );
                damaged += 1;
            }
            Ok(_) => panic!("page {root}: damage to a table's root page went unnoticed"),
        }
        assert_eq!(
            sha(&lib.path),
            before,
            "page {root}: the damaged file is left as it was"
        );
    }
    assert!(
        damaged >= 5,
        "every table and index root checked ({damaged})"
    );
}

#[test]
fn a_damaged_header_says_so_through_the_cli_once() {
    let lib = TempLibrary::new();
    small_library(&lib);
    let mut b = std::fs::read(&lib.path).unwrap();
    b[..16].copy_from_slice(b"not a library!!\0");
    std::fs::write(&lib.path, &b).unwrap();
    let out = scrutineer(&lib.path, &["meetings"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.matches("damaged").count(), 1, "said once: {err}");
    assert_eq!(std::fs::read(&lib.path).unwrap(), b, "left as it was");
}

#[test]
fn a_damaged_wal_loses_at_most_its_own_frames() {
    // Copy a library and its WAL while a connection still holds them (so
    // the WAL is not folded back), then damage the WAL's frames.
    let src = TempLibrary::new();
    let mut l = src.open();
    scrutineer::import_path(&mut l, &sample("Kent Cabinet 2022-12-01"), now()).unwrap();
    let wal = src.path.with_extension("sqlite3-wal");
    let dst = TempLibrary::new();
    std::fs::copy(&src.path, &dst.path).unwrap();
    let mut w = std::fs::read(&wal).expect("a WAL while the library is open");
    drop(l);
    assert!(w.len() > 32 + 24 + PAGE, "the WAL holds frames");
    let mid = w.len() / 2;
    for b in &mut w[mid..mid + 64] {
        *b ^= 0x5a;
    }
    std::fs::write(dst.path.with_extension("sqlite3-wal"), &w).unwrap();
    // SQLite checks each frame's checksum and stops at the first bad one:
    // the library opens healthy (without the damaged commit) or is named
    // damaged; it is never used half-broken.
    match scrutineer::Library::open(&dst.path) {
        Ok(lib) => {
            let n = lib.count_documents().unwrap();
            assert!(n <= 1);
        }
        Err(e) => assert!(e.to_string().contains("damaged"), "{e}"),
    }
}

#[test]
fn a_library_from_a_newer_scrutineer_is_named_as_such_once() {
    let lib = TempLibrary::new();
    small_library(&lib);
    let newer = scrutineer::store::migrations_count() + 7;
    rusqlite::Connection::open(&lib.path)
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let before = std::fs::read(&lib.path).unwrap();
    let out = scrutineer(&lib.path, &["meetings"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.matches("newer Scrutineer").count(), 1, "{err}");
    assert!(err.contains(&format!("version {newer}")), "{err}");
    assert!(err.contains("update Scrutineer"), "{err}");
    assert_eq!(std::fs::read(&lib.path).unwrap(), before, "left as it was");
}

#[test]
fn a_named_pipe_or_a_folder_is_refused_without_waiting() {
    let lib = TempLibrary::new();
    let pipe = lib.dir.path().join("paper.txt");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(made.success());
    // Nobody ever writes to the pipe: reading it would wait for ever.
    let out = scrutineer(
        &lib.path,
        &[
            "import",
            pipe.to_str().unwrap(),
            lib.dir.path().to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("named pipe"), "{err}");
    assert!(err.contains("a folder"), "{err}");
}

/// A small tmpfs of our own, where the machine allows mounting (CI runs as
/// root); elsewhere the test says it skipped.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            Some(Tmpfs(dir))
        } else {
            eprintln!("skipped: cannot mount a tmpfs here (not root?)");
            None
        }
    }

    fn remount_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.0.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_read_only_library_is_named_as_such() {
    let Some(fs) = Tmpfs::mount("16m") else {
        return;
    };
    let path = fs.0.path().join("library.sqlite3");
    {
        let mut l = scrutineer::Library::open(&path).unwrap();
        scrutineer::import_path(&mut l, &sample("Kent Cabinet 2022-12-01"), now()).unwrap();
    }
    assert!(fs.remount_read_only());
    let out = scrutineer(&path, &["meetings"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("read-only"), "{err}");
}

#[test]
fn a_full_disk_fails_an_import_plainly_and_keeps_what_was_there() {
    let Some(fs) = Tmpfs::mount("1m") else { return };
    let path = fs.0.path().join("library.sqlite3");
    let mut l = scrutineer::Library::open(&path).unwrap();
    scrutineer::import_path(&mut l, &sample("Kent Cabinet 2022-12-01"), now()).unwrap();
    // The 2018 pack and its reading need more than what is left.
    let big = tempfile::tempdir().unwrap();
    let pack = big.path().join("pack.txt");
    std::fs::write(
        &pack,
        std::fs::read_to_string(sample("Kent Cabinet 2018-03-26"))
            .unwrap()
            .repeat(3),
    )
    .unwrap();
    let err = scrutineer::import_path(&mut l, &pack, now()).expect_err("no room for the pack");
    assert!(
        err.to_string().contains("disk holding the library is full"),
        "{err}"
    );
    drop(l);
    let l = scrutineer::Library::open(&path).expect("the library still opens");
    assert_eq!(
        l.count_documents().unwrap(),
        1,
        "what was acknowledged is still there"
    );
}
