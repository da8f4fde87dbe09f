//! Several Scrutineer processes on one library at once, as when a member
//! has the app open and scripts imports beside it: every import succeeds or
//! says "already in the library", and no member ever sees "locked" or SQL.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::{sample, scrutineer, stdout, TempLibrary};

/// A small paper of its own (distinct bytes), in the printed-minutes shape.
fn small_paper(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("minutes-{n:04}.txt"));
    let text = format!(
        "BRACKENFORD DISTRICT COUNCIL\n\nLICENSING SUB-COMMITTEE\n\n\
         MINUTES of a meeting of the Licensing Sub-Committee held on Tuesday, {} March 2021.\n\n\
         1. Apologies\n\nApologies were received from Councillor Ash ({n}).\n\n\
         2. Application {n}\n\nRESOLVED that licence {n} be granted.\n",
        1 + n % 28
    );
    std::fs::write(&path, text).expect("write paper");
    path
}

fn spawn_import(db: &Path, files: &[PathBuf]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_scrutineer"))
        .arg("--db")
        .arg(db)
        .arg("import")
        .args(files)
        .env_remove("SCRUTINEER_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start scrutineer")
}

/// Waits for every process; returns (stdout, stderr) of each, asserting
/// that each succeeded and none showed the member a lock or SQL.
fn finish_all(children: Vec<Child>) -> Vec<(String, String)> {
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().expect("wait for scrutineer");
            let (o, e) = (
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
            assert!(out.status.success(), "an import failed:\n{o}\n{e}");
            for word in [
                "locked",
                "busy",
                "constraint",
                "SELECT",
                "INSERT",
                "CREATE TABLE",
                "already exists",
            ] {
                assert!(
                    !e.contains(word) && !o.contains(word),
                    "the member saw {word:?}:\n{o}\n{e}"
                );
            }
            (o, e)
        })
        .collect()
}

fn documents(db: &Path) -> i64 {
    scrutineer::Library::open(db)
        .expect("open")
        .count_documents()
        .expect("count")
}

#[test]
fn processes_creating_one_new_library_and_importing_different_papers() {
    for n in [4, 8] {
        let lib = TempLibrary::new();
        let papers: Vec<PathBuf> = (0..n).map(|i| small_paper(lib.dir.path(), i)).collect();
        // All start before the library exists: each may be the one to create it.
        let children = papers
            .iter()
            .map(|p| spawn_import(&lib.path, std::slice::from_ref(p)))
            .collect();
        let outs = finish_all(children);
        assert!(outs.iter().all(|(o, _)| o.contains("imported")), "{outs:?}");
        assert_eq!(documents(&lib.path), n as i64, "{n} processes, {n} papers");
    }
}

#[test]
fn processes_importing_the_same_paper_at_once() {
    for n in [4, 8] {
        let lib = TempLibrary::new();
        let paper = sample("Kent Cabinet 2022-12-01");
        let children = (0..n)
            .map(|_| spawn_import(&lib.path, std::slice::from_ref(&paper)))
            .collect();
        let outs = finish_all(children);
        let imported = outs
            .iter()
            .filter(|(o, _)| o.starts_with("imported"))
            .count();
        let already = outs
            .iter()
            .filter(|(o, _)| o.starts_with("already in the library"))
            .count();
        assert_eq!(
            (imported, already),
            (1, n - 1),
            "one stores it, the rest are told it is there: {outs:?}"
        );
        assert_eq!(documents(&lib.path), 1);
    }
}

#[test]
fn six_hundred_small_imports_beside_a_long_write() {
    let lib = TempLibrary::new();
    let dir = lib.dir.path();
    // The long write: a large pack (the 2018 agenda pack many times over).
    let pack = std::fs::read_to_string(sample("Kent Cabinet 2018-03-26")).expect("sample");
    let long = dir.join("long-pack.txt");
    std::fs::write(&long, pack.repeat(12)).expect("write long pack");
    assert!(
        scrutineer(&lib.path, &["meetings"]).status.success(),
        "make the library first"
    );

    let mut children = vec![spawn_import(&lib.path, std::slice::from_ref(&long))];
    for worker in 0..4 {
        let papers: Vec<PathBuf> = (0..150)
            .map(|i| small_paper(dir, worker * 150 + i))
            .collect();
        children.push(spawn_import(&lib.path, &papers));
    }
    let outs = finish_all(children);
    let imported: usize = outs
        .iter()
        .map(|(o, _)| o.lines().filter(|l| l.starts_with("imported")).count())
        .sum();
    assert_eq!(imported, 601, "every small import and the long one");
    assert_eq!(documents(&lib.path), 601);
    assert!(
        stdout(&scrutineer(&lib.path, &["meetings"]))
            .lines()
            .count()
            >= 601
    );
}
