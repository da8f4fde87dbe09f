//! Attendance: who was present, who sent apologies and who substituted.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use super::{Attendance, AttendanceStatus};

static PRESENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(ALSO PRESENT|PRESENT|IN ATTENDANCE)\s*:\s*(.+)$").expect("valid regex"));
static APOLOGIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)apologies (?:for absence )?(?:were|was) (?:received|given|submitted) from (.+?)(?:\.\s|\.$|$)")
        .expect("valid regex")
});
static ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\.\s+)([A-Z][^.]*?) (?:was|were) present on (?:his|her|their) behalf").expect("valid regex")
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

pub(crate) fn read(region: &[Line]) -> Vec<Attendance> {
    let mut out = Vec::new();
    for l in region {
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
        Line { text: s.into(), page: 1, emphasised: false }
    }

    #[test]
    fn present_list_with_role_and_honour() {
        let got = read(&[line("PRESENT: Mr R W Gough (Chairman), Mrs C Bell, Mr P M Hill, OBE and Mrs S Prendergast")]);
        let names: Vec<_> = got.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Mr R W Gough", "Mrs C Bell", "Mr P M Hill", "Mrs S Prendergast"], "OBE is not a person");
        assert_eq!(got[0].role.as_deref(), Some("Chairman"));
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
