//! Backups of the library with SQLite's online backup API, so a copy is
//! consistent while the app goes on reading and writing: to a folder the
//! member chooses (a synced drive, a USB stick), daily while the app runs,
//! and before every schema upgrade. Older backups are thinned to 7 daily,
//! 4 weekly and 12 monthly. A backup is written under a temporary name and
//! renamed only when complete and checked, so a crash or a pulled stick
//! never leaves a half-written file that looks like a backup.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{Library, StoreError};

/// Settings keys: the backup folder, when the last backup was made, why
/// the last one failed, and this library's own id (in its backups' names,
/// so two libraries backing up into one synced folder never thin or list
/// each other's backups).
pub const FOLDER_SETTING: &str = "backup_folder";
pub const LAST_SETTING: &str = "last_backup";
pub const ERROR_SETTING: &str = "backup_error";
pub const ID_SETTING: &str = "library_id";

/// A backup is due this long after the last.
pub const EVERY: chrono::Duration = chrono::Duration::hours(24);

/// Pages copied per step; between steps the copy lets other connections
/// write (the app stays responsive during a backup).
const PAGES_PER_STEP: i32 = 64;

/// Set (in milliseconds) to slow a backup down between steps, so a test
/// can stop the process part-way through one.
pub const PAUSE_ENV: &str = "SCRUTINEER_BACKUP_PAUSE_MS";

const PREFIX: &str = "scrutineer-";
const SUFFIX: &str = ".sqlite3";
const PARTIAL: &str = ".partial";
const STAMP: &str = "%Y-%m-%dT%H%M%SZ";

/// What a backup holds, shown before the member restores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BackupSummary {
    /// The file's name in its folder.
    pub file: String,
    #[cfg_attr(test, ts(type = "string"))]
    pub path: PathBuf,
    /// When it was taken (RFC 3339).
    pub taken_at: String,
    pub bytes: u64,
    pub schema_version: i64,
    pub meetings: i64,
    pub documents: i64,
    pub annotations: i64,
    pub questions: i64,
}

fn name_for(id: &str, at: DateTime<Utc>) -> String {
    format!("{PREFIX}{id}-{}{SUFFIX}", at.format(STAMP))
}

/// When a backup of library `id` was taken, from its name; None for any
/// other file (another library's backups included).
fn taken_at(name: &str, id: &str) -> Option<DateTime<Utc>> {
    let stamp = name
        .strip_prefix(PREFIX)?
        .strip_prefix(id)?
        .strip_prefix('-')?
        .strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// The time in any backup's name (this library's or another's).
fn stamp_in(name: &str) -> Option<DateTime<Utc>> {
    let base = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let stamp = base.get(base.len().checked_sub("2026-12-05T190000Z".len())?..)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

fn io(path: &Path, what: &str) -> impl FnOnce(std::io::Error) -> StoreError {
    let said = format!("could not {what} {}", path.display());
    move |e| StoreError::Backup(format!("{said}: {e}"))
}

/// Copies `from` into a new file at `to` with the online backup API,
/// `pause` between steps.
fn copy(from: &Connection, to: &Path, pause: Duration) -> Result<(), StoreError> {
    let mut dst = Connection::open(to)?;
    {
        let backup = Backup::new(from, &mut dst)?;
        loop {
            match backup.step(PAGES_PER_STEP)? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(pause)
                }
                // A step result added in a later SQLite: try again.
                _ => std::thread::sleep(pause),
            }
        }
    }
    // One self-contained file: the copy carries the library's WAL mode,
    // which would make every reader of it write -wal and -shm files beside it.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    // The copy must be whole before it gets a backup's name.
    let health: String = dst.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if health != "ok" {
        return Err(StoreError::Backup(
            "the copy came out damaged (is the drive full or failing?); the library itself is unharmed".into(),
        ));
    }
    dst.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}

fn pause() -> Duration {
    std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_millis(1), Duration::from_millis)
}

/// Backs a connection's library up into `dir` as `scrutineer-<time>.sqlite3`,
/// then thins the folder. Returns the new backup's path.
pub(super) fn back_up(
    conn: &Connection,
    dir: &Path,
    id: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf, StoreError> {
    // A folder on a stick that is not plugged in is not made on the laptop.
    if !dir.is_dir() {
        return Err(StoreError::Backup(format!(
            "the backup folder {} is not there (is the drive plugged in?)",
            dir.display()
        )));
    }
    clear_partials(dir, id);
    let name = name_for(id, now);
    let final_path = dir.join(&name);
    let partial = dir.join(format!("{name}{PARTIAL}"));
    let _ = std::fs::remove_file(&partial);
    if let Err(e) = copy(conn, &partial, pause()) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &final_path).map_err(io(&final_path, "name the backup"))?;
    // The backup is made; old ones a sync client holds open go next time.
    thin(dir, id);
    Ok(final_path)
}

/// Half-written copies left by a backup of this library that was stopped.
fn clear_partials(dir: &Path, id: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name
            .strip_suffix(PARTIAL)
            .is_some_and(|n| taken_at(n, id).is_some())
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The backups (of ours) in a folder, newest first.
fn backups_in(dir: &Path, id: &str) -> Result<Vec<(DateTime<Utc>, PathBuf)>, StoreError> {
    let mut out: Vec<(DateTime<Utc>, PathBuf)> = std::fs::read_dir(dir)
        .map_err(io(dir, "read the backup folder"))?
        .flatten()
        .filter_map(|e| taken_at(&e.file_name().to_string_lossy(), id).map(|t| (t, e.path())))
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0));
    Ok(out)
}

/// Which backups to keep: the newest of each of the last 7 days that have
/// one, of the last 4 weeks, and of the last 12 months (grandfather,
/// father, son), and always the newest of all.
pub fn keep(taken: &[DateTime<Utc>]) -> Vec<DateTime<Utc>> {
    let mut sorted = taken.to_vec();
    sorted.sort_by(|a, b| b.cmp(a));
    let mut kept = Vec::new();
    let mut pick = |period: &dyn Fn(&DateTime<Utc>) -> (i32, u32), count: usize| {
        let mut seen = Vec::new();
        for t in &sorted {
            let p = period(t);
            if seen.contains(&p) {
                continue;
            }
            if seen.len() == count {
                break;
            }
            seen.push(p);
            if !kept.contains(t) {
                kept.push(*t);
            }
        }
    };
    pick(&|t| (t.year(), t.ordinal()), 7);
    pick(&|t| (t.iso_week().year(), t.iso_week().week()), 4);
    pick(&|t| (t.year(), t.month()), 12);
    kept.sort_by(|a, b| b.cmp(a));
    kept
}

/// Removes this library's backups that `keep` does not keep; files of
/// other names, other libraries' backups among them, are never touched. A
/// file that cannot go now (a sync client holding it) goes next time.
fn thin(dir: &Path, id: &str) {
    let Ok(all) = backups_in(dir, id) else { return };
    let kept = keep(&all.iter().map(|(t, _)| *t).collect::<Vec<_>>());
    for (t, path) in all {
        if !kept.contains(&t) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// What a backup file holds, read without changing it. Refuses a file
/// that is not a whole Scrutineer library.
pub fn summary(path: &Path) -> Result<BackupSummary, StoreError> {
    summarise(path, true)
}

/// What a backup holds; `check`: read it whole first (before a restore;
/// listing a synced folder must not read every backup in full).
fn summarise(path: &Path, check: bool) -> Result<BackupSummary, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| StoreError::Backup(format!("{} cannot be opened as a library", path.display())))?;
    let health: String = conn
        .query_row(
            if check {
                "PRAGMA quick_check(1)"
            } else {
                "SELECT 'ok' FROM sqlite_schema LIMIT 1"
            },
            [],
            |r| r.get(0),
        )
        .map_err(|_| {
            StoreError::Backup(format!("{} is not a Scrutineer library", path.display()))
        })?;
    if health != "ok" {
        return Err(StoreError::Backup(format!(
            "{} is damaged ({health})",
            path.display()
        )));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let count = |table: &str, filter: &str| -> Result<i64, StoreError> {
        conn.query_row(&format!("SELECT count(*) FROM {table} {filter}"), [], |r| {
            r.get(0)
        })
        .map_err(|_| {
            StoreError::Backup(format!(
                "{} is not a Scrutineer library (no {table})",
                path.display()
            ))
        })
    };
    let has = |table: &str| -> bool {
        conn.query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |_| Ok(()),
        )
        .is_ok()
    };
    let documents = count("documents", "")?;
    let meetings = count("meetings", "")?;
    let annotations = if has("annotations") {
        count("annotations", "WHERE deleted_at IS NULL")?
    } else {
        0
    };
    let questions = if has("questions") {
        count("questions", "WHERE deleted_at IS NULL")?
    } else {
        0
    };
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().to_string());
    let modified = std::fs::metadata(path).map_err(io(path, "read"))?;
    let taken = stamp_in(&file).or_else(|| modified.modified().ok().map(DateTime::<Utc>::from));
    Ok(BackupSummary {
        taken_at: taken.map_or_else(String::new, |t| {
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        }),
        file,
        path: path.to_path_buf(),
        bytes: modified.len(),
        schema_version: version,
        meetings,
        documents,
        annotations,
        questions,
    })
}

/// Library `id`'s backups in a folder, newest first, each with what it
/// holds (one that cannot be read is left out of the list).
pub fn list(dir: &Path, id: &str) -> Result<Vec<BackupSummary>, StoreError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(backups_in(dir, id)?
        .into_iter()
        .filter_map(|(_, p)| summarise(&p, false).ok())
        .collect())
}

/// This library's id from its settings, if it has one (a library gets one
/// when a backup folder is first chosen or a backup made).
pub(super) fn id_in(conn: &Connection) -> Option<String> {
    conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        [ID_SETTING],
        |r| r.get(0),
    )
    .ok()
}

/// A backup of a library file before its schema is upgraded: beside it,
/// in `backups/`, named for the version it had.
pub(super) fn before_upgrade(
    conn: &Connection,
    library: &Path,
    version: i64,
) -> Result<PathBuf, StoreError> {
    let dir = library.parent().unwrap_or(Path::new(".")).join("backups");
    std::fs::create_dir_all(&dir).map_err(io(&dir, "make the backup folder"))?;
    let path = dir.join(format!(
        "before-upgrade-from-schema-{version}-{}{SUFFIX}",
        Utc::now().format(STAMP)
    ));
    let partial = path.with_extension("partial");
    copy(conn, &partial, Duration::from_millis(0))?;
    std::fs::rename(&partial, &path).map_err(io(&path, "name the backup"))?;
    prune_beside(&dir, "before-upgrade-");
    Ok(path)
}

/// Copies kept beside the library (before an upgrade, before a restore)
/// of each kind: the newest few, so they never fill the laptop's disk.
const KEEP_BESIDE: usize = 5;

/// Removes all but the newest `KEEP_BESIDE` copies whose names start with
/// `prefix` (their names end in the time they were made, so name order is
/// time order within a kind).
fn prune_beside(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut copies: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let stamp = stamp_after(&name, prefix)?;
            Some((stamp, e.path()))
        })
        .collect();
    copies.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, path) in copies.into_iter().skip(KEEP_BESIDE) {
        let _ = std::fs::remove_file(path);
    }
}

/// The time stamp at the end of a copy's name of kind `prefix`.
fn stamp_after(name: &str, prefix: &str) -> Option<String> {
    let base = name.strip_prefix(prefix)?.strip_suffix(SUFFIX)?;
    let stamp = base.get(base.len().checked_sub("2026-12-05T190000Z".len())?..)?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some(stamp.to_string())
}

impl Library {
    /// This library's id, made the first time it is asked for.
    pub fn library_id(&mut self) -> Result<String, StoreError> {
        if let Some(id) = self.setting(ID_SETTING)? {
            return Ok(id);
        }
        use sha2::{Digest, Sha256};
        // Random enough to tell a member's few libraries apart.
        let mut h = Sha256::new();
        h.update(format!(
            "{:?}|{}|{:?}",
            std::time::SystemTime::now(),
            std::process::id(),
            self.conn().path()
        ));
        let id: String = h
            .finalize()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        self.set_setting(ID_SETTING, Some(&id))?;
        Ok(id)
    }

    /// This library's backups in a folder, newest first.
    pub fn backups_in(&mut self, dir: &Path) -> Result<Vec<BackupSummary>, StoreError> {
        let id = self.library_id()?;
        list(dir, &id)
    }

    /// Backs the library up into `dir` now (and thins this library's
    /// backups there).
    pub fn back_up_to(&mut self, dir: &Path, now: DateTime<Utc>) -> Result<PathBuf, StoreError> {
        let id = self.library_id()?;
        let path = back_up(self.conn(), dir, &id, now)?;
        self.set_setting(
            LAST_SETTING,
            Some(&now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        )?;
        self.set_setting(ERROR_SETTING, None)?;
        Ok(path)
    }

    /// Why the last backup failed, if it did (cleared by the next that works).
    pub fn backup_error(&self) -> Result<Option<String>, StoreError> {
        self.setting(ERROR_SETTING)
    }

    /// The folder the member chose for backups, if any.
    pub fn backup_folder(&self) -> Result<Option<PathBuf>, StoreError> {
        Ok(self.setting(FOLDER_SETTING)?.map(PathBuf::from))
    }

    pub fn set_backup_folder(&mut self, dir: Option<&Path>) -> Result<(), StoreError> {
        // A library with a backup folder has its id from then on (the
        // copy before an upgrade needs it, before any setting can change).
        self.library_id()?;
        let value = dir.map(|d| d.to_string_lossy().to_string());
        self.set_setting(FOLDER_SETTING, value.as_deref())
    }

    /// When the last backup was made.
    pub fn last_backup(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .setting(LAST_SETTING)?
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Backs up to the chosen folder when a day has passed since the last
    /// backup; None when no folder is chosen or none is due.
    pub fn back_up_if_due(&mut self, now: DateTime<Utc>) -> Result<Option<PathBuf>, StoreError> {
        let Some(dir) = self.backup_folder()? else {
            return Ok(None);
        };
        if self.last_backup()?.is_some_and(|last| now - last < EVERY) {
            return Ok(None);
        }
        match self.back_up_to(&dir, now) {
            Ok(path) => Ok(Some(path)),
            Err(e) => {
                // Kept for the Backups view: a backup that quietly stops
                // is worse than one that says it failed.
                self.set_setting(
                    ERROR_SETTING,
                    Some(&format!("{} ({})", e, now.format("%-d %B %Y %H:%M UTC"))),
                )?;
                Err(e)
            }
        }
    }

    /// Replaces the library's contents with a backup's, after checking the
    /// backup is a whole library this version can open. The library as it
    /// was is backed up first (beside it, in `backups/`), so a restore can
    /// itself be undone. Returns that safety copy's path.
    pub fn restore_from(&mut self, backup: &Path, library: &Path) -> Result<PathBuf, StoreError> {
        let held = summary(backup)?;
        if held.schema_version > super::migrations_count() {
            return Err(StoreError::Newer {
                found: held.schema_version,
                supported: super::migrations_count(),
            });
        }
        let dir = library.parent().unwrap_or(Path::new(".")).join("backups");
        let safety = back_up_named(
            self.conn(),
            &dir,
            &format!("before-restore-{}{SUFFIX}", Utc::now().format(STAMP)),
        )?;
        let src = Connection::open_with_flags(
            backup,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // What belongs to this laptop, not to the library's contents, is
        // kept: the backup folder, the member's name, the library's id.
        let kept: Vec<(&str, Option<String>)> = [FOLDER_SETTING, ID_SETTING, "author"]
            .into_iter()
            .map(|k| Ok((k, self.setting(k)?)))
            .collect::<Result<_, StoreError>>()?;
        {
            let restore = Backup::new(&src, self.conn_mut())?;
            restore.run_to_completion(PAGES_PER_STEP, Duration::from_millis(1), None)?;
        }
        // A backup from an older version is brought up to date at once.
        super::migrate(self.conn_mut())?;
        for (key, value) in kept {
            if value.is_some() {
                self.set_setting(key, value.as_deref())?;
            }
        }
        Ok(safety)
    }
}

fn back_up_named(conn: &Connection, dir: &Path, name: &str) -> Result<PathBuf, StoreError> {
    std::fs::create_dir_all(dir).map_err(io(dir, "make the backup folder"))?;
    let path = dir.join(name);
    let partial = dir.join(format!("{name}{PARTIAL}"));
    copy(conn, &partial, Duration::from_millis(0))?;
    std::fs::rename(&partial, &path).map_err(io(&path, "name the backup"))?;
    prune_beside(dir, "before-restore-");
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn names_carry_the_time_and_other_files_are_not_backups() {
        let t = at(2026, 12, 5, 19);
        assert_eq!(taken_at(&name_for("ab12cd34", t), "ab12cd34"), Some(t));
        assert_eq!(
            taken_at(&name_for("ab12cd34", t), "99999999"),
            None,
            "another library's"
        );
        assert_eq!(
            taken_at(
                "scrutineer-ab12cd34-2026-12-05T190000Z.sqlite3.partial",
                "ab12cd34"
            ),
            None
        );
        assert_eq!(taken_at("holiday.jpg", "ab12cd34"), None);
    }

    #[test]
    fn copies_beside_the_library_are_kept_to_the_newest_few_of_each_kind() {
        let dir = tempfile::tempdir().unwrap();
        for day in 1..=8 {
            for kind in ["before-restore-", "before-upgrade-from-schema-10-"] {
                std::fs::write(
                    dir.path()
                        .join(format!("{kind}2026-12-0{day}T090000Z.sqlite3")),
                    b"x",
                )
                .unwrap();
            }
        }
        std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
        prune_beside(dir.path(), "before-restore-");
        prune_beside(dir.path(), "before-upgrade-");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left.len(), 2 * KEEP_BESIDE + 1, "{left:?}");
        assert!(left.contains(&"before-restore-2026-12-08T090000Z.sqlite3".to_string()));
        assert!(!left.contains(&"before-restore-2026-12-03T090000Z.sqlite3".to_string()));
        assert!(
            left.contains(&"notes.txt".to_string()),
            "other files are left alone"
        );
    }

    #[test]
    fn thinning_keeps_seven_daily_four_weekly_and_twelve_monthly() {
        // Two backups a day for 400 days.
        let start = at(2025, 11, 1, 9);
        let taken: Vec<DateTime<Utc>> = (0..800)
            .map(|i| start + chrono::Duration::hours(12 * i))
            .collect();
        let kept = keep(&taken);
        let newest = *taken.last().unwrap();
        assert_eq!(kept[0], newest, "the newest is always kept");
        let days: std::collections::BTreeSet<_> = kept
            .iter()
            .filter(|t| newest - **t < chrono::Duration::days(7))
            .map(|t| t.ordinal())
            .collect();
        assert_eq!(days.len(), 7, "one for each of the last 7 days");
        let months: std::collections::BTreeSet<_> =
            kept.iter().map(|t| (t.year(), t.month())).collect();
        assert_eq!(months.len(), 12, "one for each of the last 12 months");
        assert!(kept.len() <= 7 + 4 + 12, "{} kept", kept.len());
        assert!(
            kept.iter()
                .all(|t| newest - *t < chrono::Duration::days(366)),
            "nothing older than a year"
        );
        // Thinning what is kept keeps it all.
        assert_eq!(keep(&kept), kept);
    }
}
