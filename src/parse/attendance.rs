//! Attendance: who was present, who sent apologies and who substituted.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use super::{Attendance, AttendanceStatus};

static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(ALSO PRESENT|PRESENT|IN ATTENDANCE(?: VIRTUALLY| REMOTELY)?|OFFICERS)\s*:\s*(.+)$").expect("valid regex")
});
static APOLOGIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:apologies (?:for absence )?(?:were|was|had been) (?:received|given|submitted|reported) from|reported apologies (?:for absence )?from|apologies for absence from) (.+?)(?:\.\s|\.$|$)")
        .expect("valid regex")
});
/// "John Betts (Interim Corporate Director Finance) and Cath Head (...)
/// were in attendance for this item."
static FOR_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?) (?:was|were) (?:in attendance|present) for (?:this|the) item").expect("valid regex")
});
static ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\.\s+)([A-Z][^.]*?) (?:was|were) (?:present on (?:his|her|their) behalf|present as (?:a )?substitutes?|in attendance as (?:a )?substitutes?)").expect("valid regex")
});
static SUBSTITUTED_BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)\s+who was substituted by\s+(.+)$").expect("valid regex"));
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Sir|Dame|Lord|Lady|Professor|Prof|Rev)\.?\s").expect("valid regex")
});
static ROLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)\s*\(([^)]+)\)$").expect("valid regex"));

/// Honours printed after a name; never a person of their own.
const HONOURS: [&str; 8] = ["OBE", "CBE", "MBE", "KBE", "DBE", "JP", "DL", "QC"];

/// Meeting attendance from the blocks of a meeting's region (a block is a
/// run of lines without a blank one: a wrapped PRESENT list is one block).
pub(crate) fn read(region: &[Line]) -> Vec<Attendance> {
    let mut out = Vec::new();
    for text in blocks(region) {
        let l = Line { raw: String::new(), text, columns: false, page: 0, emphasised: false };
        if let Some(c) = PRESENT.captures(&l.text) {
            let status = if &c[1] == "PRESENT" { AttendanceStatus::Present } else { AttendanceStatus::InAttendance };
            out.extend(people(&c[2], status));
        }
        if let Some(c) = APOLOGIES.captures(&l.text) {
            match SUBSTITUTED_BY.captures(&c[1]) {
                Some(s) => {
                    out.extend(people(&s[1], AttendanceStatus::Apologies));
                    out.extend(people(&s[2], AttendanceStatus::Substitute));
                }
                None => out.extend(people(&c[1], AttendanceStatus::Apologies)),
            }
        }
        for c in ON_BEHALF.captures_iter(&l.text) {
            out.extend(people(&c[1], AttendanceStatus::Substitute));
        }
    }
    out
}

/// Officers in attendance for one item, from the item's text.
pub(crate) fn for_item(text: &str) -> Vec<Attendance> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let Some(c) = FOR_ITEM.captures(para) else { continue };
        // "A (role) B (role) and C (role)": a closing bracket ends a person.
        let list = c[1].replace(") and ", "), ").replace(") ", "), ");
        for mut a in people(&list, AttendanceStatus::InAttendance).into_iter().chain(untitled(&list)) {
            a.name = a.name.trim().to_string();
            if !out.iter().any(|o: &Attendance| o.name == a.name) {
                out.push(a);
            }
        }
    }
    out
}

/// Officers are often named without a title: "John Betts (Finance)".
fn untitled(list: &str) -> Vec<Attendance> {
    list.split(", ")
        .flat_map(|p| p.split(" and "))
        .filter_map(|piece| {
            let c = ROLE.captures(piece.trim())?;
            let name = c[1].trim();
            let words = name.split_whitespace().count();
            let looks_like_name = (2..=4).contains(&words)
                && name.split_whitespace().all(|w| w.starts_with(char::is_uppercase))
                && !TITLE.is_match(name);
            looks_like_name.then(|| Attendance {
                name: name.to_string(),
                status: AttendanceStatus::InAttendance,
                role: Some(c[2].trim().to_string()),
            })
        })
        .collect()
}

fn blocks(lines: &[Line]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for l in lines {
        if l.text.is_empty() {
            open = false;
            continue;
        }
        // A new labelled list ("IN ATTENDANCE:") starts a block of its own.
        let starts_list = PRESENT.is_match(&l.text);
        match out.last_mut() {
            Some(last) if open && !starts_list => {
                if !last.ends_with('-') {
                    last.push(' ');
                }
                last.push_str(&l.text);
            }
            _ => out.push(l.text.clone()),
        }
        open = true;
    }
    out
}

/// "Mr R W Gough (Chairman), Mrs C Bell, Mr P M Hill, OBE and Mrs S Prendergast".
/// A piece that is not a titled name is the role of the name before it.
fn people(list: &str, status: AttendanceStatus) -> Vec<Attendance> {
    let list = list.trim().trim_end_matches('.');
    let mut out: Vec<Attendance> = Vec::new();
    for piece in list.split(", ").flat_map(|p| p.split(" and ")) {
        let mut piece = piece.trim().to_string();
        for h in HONOURS {
            if let Some(stripped) = piece.strip_suffix(&format!(" {h}")) {
                piece = stripped.to_string();
            }
        }
        if piece.is_empty() || HONOURS.contains(&piece.as_str()) {
            continue;
        }
        let (name, role) = match ROLE.captures(&piece) {
            Some(c) => (c[1].to_string(), Some(c[2].trim().to_string())),
            None => (piece.clone(), None),
        };
        if TITLE.is_match(&name) {
            out.push(Attendance { name, status, role });
        } else if let Some(prev) = out.last_mut().filter(|p| p.role.is_none()) {
            prev.role = Some(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Line {
        Line { text: s.into(), raw: s.into(), columns: false, page: 1, emphasised: false }
    }

    #[test]
    fn present_list_with_role_and_honour() {
        let got = read(&[line("PRESENT: Mr R W Gough (Chairman), Mrs C Bell, Mr P M Hill, OBE and Mrs S Prendergast")]);
        let names: Vec<_> = got.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Mr R W Gough", "Mrs C Bell", "Mr P M Hill", "Mrs S Prendergast"], "OBE is not a person");
        assert_eq!(got[0].role.as_deref(), Some("Chairman"));
    }

    #[test]
    fn wrapped_present_list_is_one_list() {
        let got = read(&[
            line("PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman),"),
            line("Mr N Baker, Sir Paul Carter, CBE, Mr P M Hill, OBE and Ms L Wright"),
            line(""),
            line("IN ATTENDANCE: Mr J Cook (Democratic Services Manager)"),
        ]);
        let names: Vec<_> = got.iter().map(|a| (a.name.as_str(), a.status)).collect();
        assert_eq!(names.len(), 7, "six present, one officer: {names:?}");
        assert_eq!(names[3], ("Sir Paul Carter", AttendanceStatus::Present));
        assert_eq!(names[6], ("Mr J Cook", AttendanceStatus::InAttendance));
    }

    #[test]
    fn officers_in_attendance_for_an_item() {
        let got = for_item("John Betts ( Interim Corporate Director Finance) Cath Head (Head of Finance Operations) and Joe McKay (Acting Chief Accountant) were in attendance for this item.");
        let names: Vec<_> = got.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["John Betts", "Cath Head", "Joe McKay"]);
        assert_eq!(got[1].role.as_deref(), Some("Head of Finance Operations"));
    }

    #[test]
    fn apologies_and_substitutes() {
        let got = read(&[line("Apologies were received from Mr Oakford and Mr Murphy. Mr Rayner and Mr McInroy were present on their behalf.")]);
        let pairs: Vec<_> = got.iter().map(|a| (a.name.as_str(), a.status)).collect();
        assert_eq!(
            pairs,
            [
                ("Mr Oakford", AttendanceStatus::Apologies),
                ("Mr Murphy", AttendanceStatus::Apologies),
                ("Mr Rayner", AttendanceStatus::Substitute),
                ("Mr McInroy", AttendanceStatus::Substitute),
            ]
        );
    }
}
