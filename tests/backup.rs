//! Backups (issue 13): made with SQLite's online backup API into a folder,
//! thinned, listed with what each holds, restored; made before a schema
//! upgrade; and a backup stopped half-way harms neither the library nor
//! the last good backup.

use std::path::Path;
use std::time::{Duration, Instant};

use scrutineer::store::backup;
use scrutineer::Library;

use crate::common::{now, sample, scrutineer, stderr, stdout, TempLibrary};

/// The counts a member would check: meetings, papers, notes, questions.
fn counts(lib: &Library) -> (usize, i64, usize, usize) {
    (
        lib.library_index().unwrap().meetings.len(),
        lib.count_documents().unwrap(),
        lib.annotations(None).unwrap().len(),
        lib.questions(None).unwrap().len(),
    )
}

fn with_work(dir: &TempLibrary) -> Library {
    let mut lib = dir.open();
    for s in [
        "Kent Cabinet 2018-03-26",
        "Kent Cabinet 2022-12-01",
        "Kent Scrutiny",
    ] {
        scrutineer::import_path(&mut lib, &sample(s), now()).unwrap();
    }
    let m = lib
        .library_index()
        .unwrap()
        .meetings
        .iter()
        .find(|m| m.date == "2018-03-26")
        .unwrap()
        .id;
    let item = lib.get_meeting(m).unwrap().paper_items[0].items[4].id;
    lib.annotate(
        item,
        "budget monitoring position",
        "Which months?",
        &["budget".into()],
        "ask",
    )
    .unwrap();
    lib.add_question(m, "Why is **Asylum** over?", "Leader", &[])
        .unwrap();
    lib
}

#[test]
fn a_backup_holds_the_library_and_restores_it_keeping_a_copy_of_what_it_replaced() {
    let dir = TempLibrary::new();
    let mut lib = with_work(&dir);
    let folder = dir.dir.path().join("stick");
    std::fs::create_dir_all(&folder).unwrap();
    let before = counts(&lib);
    let made = lib.back_up_to(&folder, now()).unwrap();
    let listed = lib.backups_in(&folder).unwrap();
    assert_eq!(listed.len(), 1);
    let held = &listed[0];
    assert_eq!(held.path, made);
    assert_eq!(
        (
            held.meetings as usize,
            held.documents,
            held.annotations as usize,
            held.questions as usize
        ),
        before
    );
    assert_eq!(held.schema_version, scrutineer::store::migrations_count());
    assert_eq!(held.taken_at, "2026-01-01T09:00:00Z");
    assert_eq!(lib.last_backup().unwrap(), Some(now()));

    // Work after the backup, then restore it: the library is as it was.
    let q = lib.questions(None).unwrap()[0].id;
    lib.delete_question(q).unwrap();
    scrutineer::import_path(&mut lib, &sample("Kent Cabinet 2024-09-26"), now()).unwrap();
    let changed = counts(&lib);
    assert_ne!(changed, before);
    let safety = lib.restore_from(&made, &dir.path).unwrap();
    assert_eq!(counts(&lib), before, "restored");
    drop(lib);
    assert_eq!(
        counts(&dir.open()),
        before,
        "and so it stays after reopening"
    );
    // What it replaced is kept beside the library.
    assert!(safety.starts_with(dir.dir.path().join("backups")));
    let kept = backup::summary(&safety).unwrap();
    assert_eq!(
        (
            kept.meetings as usize,
            kept.documents,
            kept.annotations as usize,
            kept.questions as usize
        ),
        changed
    );
}

#[test]
fn a_file_that_is_not_a_whole_library_is_not_restored() {
    let dir = TempLibrary::new();
    let mut lib = with_work(&dir);
    let before = counts(&lib);
    let text = dir.dir.path().join("notes.sqlite3");
    std::fs::write(&text, "these are not the droids").unwrap();
    let said = lib.restore_from(&text, &dir.path).unwrap_err().to_string();
    assert!(
        said.contains("is not a Scrutineer library") || said.contains("cannot be opened"),
        "{said}"
    );
    // A whole SQLite file of something else.
    let other = dir.dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let said = lib.restore_from(&other, &dir.path).unwrap_err().to_string();
    assert!(
        said.contains("is not a Scrutineer library (no documents)"),
        "{said}"
    );
    // A backup cut short.
    std::fs::create_dir_all(dir.dir.path().join("b")).unwrap();
    let made = lib.back_up_to(&dir.dir.path().join("b"), now()).unwrap();
    let bytes = std::fs::read(&made).unwrap();
    let cut = dir.dir.path().join("cut.sqlite3");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    assert!(lib.restore_from(&cut, &dir.path).is_err());
    assert_eq!(counts(&lib), before, "nothing changed");
}

#[test]
fn a_backup_is_made_daily_into_the_chosen_folder() {
    let dir = TempLibrary::new();
    let mut lib = with_work(&dir);
    assert_eq!(
        lib.back_up_if_due(now()).unwrap(),
        None,
        "no folder chosen: nothing to do"
    );
    let folder = dir.dir.path().join("synced");
    std::fs::create_dir_all(&folder).unwrap();
    lib.set_backup_folder(Some(&folder)).unwrap();
    assert!(
        lib.back_up_if_due(now()).unwrap().is_some(),
        "the first is due at once"
    );
    assert_eq!(
        lib.back_up_if_due(now() + chrono::Duration::hours(3))
            .unwrap(),
        None,
        "not again the same day"
    );
    assert!(lib
        .back_up_if_due(now() + chrono::Duration::hours(25))
        .unwrap()
        .is_some());
    // A year of daily backups is thinned to 7 daily, 4 weekly, 12 monthly.
    for day in 2..400 {
        lib.back_up_if_due(now() + chrono::Duration::days(day))
            .unwrap();
    }
    let n = lib.backups_in(&folder).unwrap().len();
    assert!((12..=23).contains(&n), "{n} backups kept");
    // Files of other names in the folder are left alone.
    std::fs::write(folder.join("holiday.jpg"), b"x").unwrap();
    lib.back_up_to(&folder, now() + chrono::Duration::days(401))
        .unwrap();
    assert!(folder.join("holiday.jpg").exists());
}

#[test]
fn a_library_is_backed_up_before_its_schema_is_upgraded() {
    let dir = TempLibrary::new();
    let fixture = crate::common::project_dir()
        .join("tests/fixtures/library/schema-10-notes-and-questions.sqlite3");
    std::fs::copy(fixture, &dir.path).unwrap();
    let lib = dir.open();
    let backups: Vec<_> = std::fs::read_dir(dir.dir.path().join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let name = backups[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    assert!(name.starts_with("before-upgrade-from-schema-10-"), "{name}");
    let held = backup::summary(&backups[0]).unwrap();
    assert_eq!(
        (held.schema_version, held.annotations, held.questions),
        (10, 3, 2),
        "the library as it was"
    );
    drop(lib);
    let _again = dir.open();
    assert_eq!(
        std::fs::read_dir(dir.dir.path().join("backups"))
            .unwrap()
            .count(),
        1,
        "an up-to-date library is not copied again"
    );
}

fn partial_in(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        })
        .unwrap_or(false)
}

/// The process is killed in the middle of a backup: the library and the
/// last good backup are both whole, and the half-made copy is never taken
/// for a backup.
#[test]
fn killing_the_process_during_a_backup_harms_neither_the_library_nor_the_last_good_backup() {
    let dir = TempLibrary::new();
    let before = counts(&with_work(&dir));
    let folder = dir.dir.path().join("stick");
    std::fs::create_dir_all(&folder).unwrap();
    let db = dir.path.to_str().unwrap();
    let first = scrutineer(&dir.path, &["backup", folder.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("3 meeting(s)") || stdout(&first).contains("meeting(s)"),
        "{}",
        stdout(&first)
    );
    let good = dir.open().backups_in(&folder).unwrap();
    assert_eq!(good.len(), 1);

    // The next backup, slowed between its steps, is killed part-way.
    std::thread::sleep(Duration::from_millis(1100)); // a new name: backups are named by the second
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_scrutineer"))
        .args(["--db", db, "backup", folder.to_str().unwrap()])
        .env(backup::PAUSE_ENV, "200")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !partial_in(&folder) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the backup never started"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the backup finished before it could be stopped"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "still copying when stopped"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(partial_in(&folder), "the half-made copy is still there");

    // The library is whole and as it was.
    let lib = dir.open();
    assert_eq!(counts(&lib), before);
    // The last good backup is whole, and the only backup listed.
    let listed = dir.open().backups_in(&folder).unwrap();
    assert_eq!(listed, good);
    backup::summary(&listed[0].path).expect("the last good backup reads whole");
    let held = &listed[0];
    assert_eq!(
        (
            held.meetings as usize,
            held.documents,
            held.annotations as usize,
            held.questions as usize
        ),
        before
    );
    // The next backup clears away the half-made copy.
    drop(lib);
    let again = scrutineer(&dir.path, &["backup", folder.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!partial_in(&folder));
    let now_listed = dir.open().backups_in(&folder).unwrap();
    assert_eq!(now_listed.len(), 1, "one a day is kept: the newest");
    assert!(now_listed[0].taken_at > good[0].taken_at);
}

#[test]
fn the_command_line_restores_a_backup_and_says_what_it_held() {
    let dir = TempLibrary::new();
    let before = counts(&with_work(&dir));
    let folder = dir.dir.path().join("b");
    std::fs::create_dir_all(&folder).unwrap();
    assert!(scrutineer(&dir.path, &["backup", folder.to_str().unwrap()])
        .status
        .success());
    let file = dir.open().backups_in(&folder).unwrap()[0].path.clone();
    {
        let mut lib = dir.open();
        let q = lib.questions(None).unwrap()[0].id;
        lib.delete_question(q).unwrap();
    }
    let out = scrutineer(&dir.path, &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 question(s)") && stdout(&out).contains("restored"),
        "{}",
        stdout(&out)
    );
    assert_eq!(counts(&dir.open()), before);
    let bad = scrutineer(
        &dir.path,
        &[
            "restore",
            dir.dir.path().join("missing.sqlite3").to_str().unwrap(),
        ],
    );
    assert!(!bad.status.success());
}

/// Where the member chose a backup folder, the copy made before an
/// upgrade goes there too. (The library is put back to the schema before
/// the last migration, as the previous version left it.)
#[test]
fn the_backup_before_an_upgrade_also_goes_to_the_chosen_folder() {
    let dir = TempLibrary::new();
    let folder = dir.dir.path().join("synced");
    std::fs::create_dir_all(&folder).unwrap();
    {
        let mut lib = with_work(&dir);
        lib.set_backup_folder(Some(&folder)).unwrap();
    }
    let latest = scrutineer::store::migrations_count();
    assert_eq!(
        latest, 13,
        "this test puts back the last migration (13, exempt marks); change it with a new one"
    );
    let conn = rusqlite::Connection::open(&dir.path).unwrap();
    conn.execute_batch("DROP TABLE exempt_marks; PRAGMA user_version = 12;")
        .unwrap();
    drop(conn);
    let lib = dir.open();
    assert_eq!(lib.schema_version().unwrap(), latest);
    let in_folder = dir.open().backups_in(&folder).unwrap();
    assert_eq!(in_folder.len(), 1, "{in_folder:?}");
    assert_eq!(
        in_folder[0].schema_version, 12,
        "the library as the previous version left it"
    );
    assert!(
        std::fs::read_dir(dir.dir.path().join("backups"))
            .unwrap()
            .count()
            == 1,
        "and beside the library"
    );
}

/// Two libraries (a laptop's and a desktop's) backing up into one synced
/// folder neither list nor thin nor clear each other's backups; a restore
/// keeps this laptop's backup folder and the member's name.
#[test]
fn two_libraries_share_a_backup_folder_and_a_restore_keeps_this_laptops_settings() {
    let laptop = TempLibrary::new();
    let desktop = TempLibrary::new();
    let folder = laptop.dir.path().join("OneDrive");
    std::fs::create_dir_all(&folder).unwrap();
    let mut a = with_work(&laptop);
    let mut b = desktop.open();
    scrutineer::import_path(&mut b, &sample("Kent Scrutiny"), now()).unwrap();
    for day in 0..3 {
        a.back_up_to(&folder, now() + chrono::Duration::hours(2 * day))
            .unwrap();
        b.back_up_to(&folder, now() + chrono::Duration::hours(2 * day + 1))
            .unwrap();
    }
    // One a day each: the other library's backup of the same day survives.
    assert_eq!(a.backups_in(&folder).unwrap().len(), 1);
    assert_eq!(b.backups_in(&folder).unwrap().len(), 1);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
    assert_ne!(
        a.backups_in(&folder).unwrap()[0].documents,
        b.backups_in(&folder).unwrap()[0].documents
    );

    // A backup made before the member chose a folder or gave a name...
    let early = laptop.dir.path().join("early");
    std::fs::create_dir_all(&early).unwrap();
    let old = a.back_up_to(&early, now()).unwrap();
    a.set_backup_folder(Some(&folder)).unwrap();
    a.set_setting("author", Some("Cllr Ada Brown")).unwrap();
    let id = a.library_id().unwrap();
    a.restore_from(&old, &laptop.path).unwrap();
    // ...restored: the folder, the name and the id stay this laptop's.
    assert_eq!(a.backup_folder().unwrap(), Some(folder.clone()));
    assert_eq!(
        a.setting("author").unwrap().as_deref(),
        Some("Cllr Ada Brown")
    );
    assert_eq!(a.library_id().unwrap(), id);
}

/// A backup folder on a drive that is not plugged in is said to be
/// missing, and not made on the laptop's own disk.
#[test]
fn a_missing_backup_folder_is_said_and_not_made() {
    let dir = TempLibrary::new();
    let mut lib = with_work(&dir);
    let stick = dir.dir.path().join("media/STICK/backups");
    lib.set_backup_folder(Some(&stick)).unwrap();
    let said = lib.back_up_if_due(now()).unwrap_err().to_string();
    assert!(
        said.contains("is not there (is the drive plugged in?)"),
        "{said}"
    );
    assert!(!stick.exists());
    assert!(
        lib.backup_error()
            .unwrap()
            .is_some_and(|e| e.contains("is not there")),
        "kept for the Backups view"
    );
}
