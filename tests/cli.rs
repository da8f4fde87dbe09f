//! The `scrutineer` program as a user runs it.

use crate::common::{sample, scrutineer, stderr, stdout, TempLibrary};

#[test]
fn parse_json_lists_the_minutes_items_not_their_paragraphs() {
    let lib = TempLibrary::new();
    let paper = sample("Kent Cabinet 2022-12-01");
    let out = scrutineer(&lib.path, &["parse", paper.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let meetings = json["meetings"].as_array().expect("meetings array");
    let m = &meetings[0];
    assert_eq!(m["date"], "2022-12-01");
    assert_eq!(m["body"], "Cabinet");
    let numbers: Vec<&str> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["1", "2", "3", "4", "5", "6", "7", "8"],
        "numbered paragraphs inside minutes are not items"
    );
    assert!(m["items"][0]["title"].is_string());
    assert!(json["diagnostics"].is_array());
    assert!(
        !lib.path.exists(),
        "parse does not create or touch a library"
    );
}

#[test]
fn import_then_list_meetings_then_import_again() {
    let lib = TempLibrary::new();
    let paper = sample("Kent Cabinet 2024-09-26");
    let first = scrutineer(&lib.path, &["import", paper.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("imported"), "{}", stdout(&first));

    let listed = scrutineer(&lib.path, &["meetings"]);
    assert!(
        stdout(&listed).contains("2024-09-26\tCabinet"),
        "{}",
        stdout(&listed)
    );

    let again = scrutineer(&lib.path, &["import", paper.to_str().unwrap()]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("already in the library"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        lib.open().count_documents().unwrap(),
        1,
        "the same bytes are stored once"
    );
}

#[test]
fn binary_and_empty_files_are_refused_and_change_nothing() {
    let lib = TempLibrary::new();
    let good = sample("Kent Cabinet 2022-12-01");
    assert!(scrutineer(&lib.path, &["import", good.to_str().unwrap()])
        .status
        .success());
    let before = stdout(&scrutineer(&lib.path, &["meetings"]));

    let binary = lib.dir.path().join("photo.jpg");
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&binary, noise).unwrap();
    let out = scrutineer(&lib.path, &["import", binary.to_str().unwrap()]);
    assert!(!out.status.success(), "a binary file is an error");
    assert!(
        stderr(&out).contains("binary file"),
        "the message says why: {}",
        stderr(&out)
    );

    let empty = lib.dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let out = scrutineer(&lib.path, &["import", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("empty"), "{}", stderr(&out));

    assert_eq!(
        stdout(&scrutineer(&lib.path, &["meetings"])),
        before,
        "the library is unchanged"
    );
    assert_eq!(lib.open().count_documents().unwrap(), 1);
}

#[test]
fn windows_1252_paper_imports_with_pound_signs_intact() {
    let lib = TempLibrary::new();
    let path = lib.dir.path().join("minutes-1252.txt");
    // Word on Windows writes "£" as the single byte 0xA3.
    let text = b"MINUTES of a meeting of the Audit Committee held in Room 2 on Tuesday, 4 March 2025.\n\n\
        1. Budget Report\n\n(Item 3)\n\nThe forecast overspend is \xA31.2m.\n\n2. RESOLVED that the report be noted.\n";
    std::fs::write(&path, text).unwrap();
    let out = scrutineer(&lib.path, &["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let library = lib.open();
    let m = &library.list_meetings().unwrap()[0];
    assert_eq!(m.body, "Audit Committee");
    let detail = library.get_meeting(m.id).unwrap();
    let item = library.get_item(detail.items().next().unwrap().id).unwrap();
    assert!(
        item.text.contains("overspend is £1.2m"),
        "£ survives decoding: {:?}",
        item.text
    );
}

#[test]
fn oversized_file_is_refused_before_it_is_read() {
    let lib = TempLibrary::new();
    let huge = lib.dir.path().join("huge.txt");
    // Sparse: a 1 GiB file that costs no disk.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let out = scrutineer(&lib.path, &["import", huge.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));
}

#[test]
fn a_paper_read_without_its_meeting_or_items_is_reported_for_checking() {
    let lib = TempLibrary::new();
    let prose = lib.dir.path().join("notes.txt");
    std::fs::write(&prose, "Some thoughts on the leisure centre roof, written after the site visit.\n\nThe roof leaks in two places.\n").unwrap();
    let out = scrutineer(&lib.path, &["import", prose.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "it is stored all the same: {}",
        stderr(&out)
    );
    let said = stdout(&out);
    assert!(
        said.contains("check it: no which meeting it is for"),
        "{said}"
    );
    assert!(said.contains("agenda items"), "{said}");

    let report = scrutineer::FileReport::from_result(
        "notes.txt".into(),
        scrutineer::import_path(
            &mut lib.open(),
            &sample("Kent Cabinet 2022-12-01"),
            crate::common::now(),
        ),
    );
    assert_eq!(
        report.status,
        scrutineer::FileStatus::Imported,
        "a paper read whole is plainly imported: {}",
        report.message
    );
}
