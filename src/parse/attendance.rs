//! Attendance: who was present, who sent apologies and who substituted.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::lines::Line;
use super::{Attendance, AttendanceStatus};

static APOLOGIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:apologies (?:for absence )?(?:were|was|had been) (?:received|given|submitted|reported) from|reported apologies (?:for absence )?from|apologies for absence from|ymddiheuriadau (?:am absenoldeb )?(?:gan|oddi wrth)(?: y| yr)?) (.+?)(?:\.\s|\.$|$)")
        .expect("valid regex")
});
/// "John Betts (Interim Corporate Director Finance) and Cath Head (...)
/// were in attendance for this item."
static FOR_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?) (?:was|were) (?:in attendance|present) for (?:this|the) item")
        .expect("valid regex")
});
static ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\.\s+)([A-Z][^.]*?) (?:was|were) (?:present on (?:his|her|their) behalf|present as (?:a )?substitutes?|in attendance as (?:a )?substitutes?)").expect("valid regex")
});
static SUBSTITUTED_BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)\s+who was substituted by\s+(.+)$").expect("valid regex"));
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Cynghorydd|Sir|Dame|Lord|Lady|Professor|Prof|Rev)\.?\s").expect("valid regex")
});
static ROLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)\s*\(([^)]+)\)$").expect("valid regex"));

/// Honours printed after a name; never a person of their own.
const HONOURS: [&str; 8] = ["OBE", "CBE", "MBE", "KBE", "DBE", "JP", "DL", "QC"];

/// A list's label at the start of a block: "PRESENT:", "Members Present:-",
/// "In Attendance:", "Apologies:", Welsh "Yn bresennol:". Any case.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(members present|councillors present|present|also present|also in attendance|in attendance(?: virtually| remotely)?|officers(?: present| in attendance)?|apologies(?: for absence)?|substitutes?(?: members)?|hefyd yn bresennol|yn bresennol|ymddiheuriadau(?: am absenoldeb)?|swyddogion)(?:\s*/\s*(?:members |councillors )?(?:present|also present|in attendance|apologies(?: for absence)?|officers|yn bresennol|ymddiheuriadau))?\s*(:-?|-|–)?\s*(.*)$")
        .expect("valid regex")
});
/// A minute headed "Apologies for absence", its names on the next line.
static APOLOGIES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\(?\d{1,4}[a-z]?[.)]?\s+)?(?:apologies(?: for absence)?(?: and substitut\w+)?|ymddiheuriadau(?: am absenoldeb)?)\s*:?$").expect("valid regex")
});
/// "Councillor Jos Clark attended as substitute", "Cllr Wood would be
/// substituting, with voting rights, for Cllr Ellis".
static SUBSTITUTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:Councillors?|Cllrs?\.?|Mr|Mrs|Ms|Miss|Dr)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}) (?:attended|was present|would be|was|is) (?:as (?:a |the )?substitute|substituting)(?:,? with voting rights,?)?(?: for ((?:Councillors?|Cllrs?\.?|Mr|Mrs|Ms|Miss|Dr)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}))?")
        .expect("valid regex")
});

fn status_of(label: &str) -> AttendanceStatus {
    let l = label.to_lowercase();
    if l.starts_with("apolog") || l.starts_with("ymddiheuriadau") {
        AttendanceStatus::Apologies
    } else if l.starts_with("substitute") {
        AttendanceStatus::Substitute
    } else if l == "present"
        || l == "members present"
        || l == "councillors present"
        || l == "yn bresennol"
    {
        AttendanceStatus::Present
    } else {
        AttendanceStatus::InAttendance
    }
}

/// Meeting attendance from the blocks of a meeting's region (a block is a
/// run of lines without a blank one: a wrapped PRESENT list is one block).
pub(crate) fn read(region: &[Line]) -> Vec<Attendance> {
    let mut out = Vec::new();
    for block in blocks(region) {
        let text = block.join(" ");
        let first = block.first().map(String::as_str).unwrap_or("");
        if let Some(c) = LABEL.captures(first) {
            // A label needs its colon unless it stands alone on its line.
            let alone = c[3].is_empty();
            if c.get(2).is_some() || alone {
                let lines: Vec<String> = if alone {
                    block[1..].to_vec()
                } else {
                    std::iter::once(c[3].to_string())
                        .chain(block[1..].iter().cloned())
                        .collect()
                };
                let list = join_list_lines(&lines);
                out.extend(people(&list, status_of(&c[1])));
            }
        } else if APOLOGIES_HEADING.is_match(first) {
            if let Some(list) = block
                .get(1)
                .filter(|l| SHARED_TITLE.is_match(l) || TITLE.is_match(l))
            {
                let list = list.split(". ").next().unwrap_or(list);
                out.extend(people(list, AttendanceStatus::Apologies));
            }
        }
        if let Some(c) = APOLOGIES.captures(&text) {
            match SUBSTITUTED_BY.captures(&c[1]) {
                Some(s) => {
                    out.extend(people(&s[1], AttendanceStatus::Apologies));
                    out.extend(people(&s[2], AttendanceStatus::Substitute));
                }
                None => out.extend(people(&c[1], AttendanceStatus::Apologies)),
            }
        }
        for c in ON_BEHALF.captures_iter(&text) {
            out.extend(people(&c[1], AttendanceStatus::Substitute));
        }
        for c in SUBSTITUTING.captures_iter(&text) {
            out.extend(people(&c[1], AttendanceStatus::Substitute));
            if let Some(absent) = c.get(2) {
                out.extend(people(absent.as_str(), AttendanceStatus::Apologies));
            }
        }
    }
    reconcile(out)
}

/// The lines of a list as one: a line that starts with a title, or
/// follows one that closed a role in brackets, starts a new name, so a
/// comma stands between them; any other line carries on a wrapped name.
fn join_list_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        if !out.is_empty() {
            let ended =
                out.trim_end().ends_with([',', ';', '&']) || out.trim_end().ends_with(" and");
            let new_name =
                out.trim_end().ends_with(')') || TITLE.is_match(l) || SHARED_TITLE.is_match(l);
            out.push_str(if !ended && new_name { ", " } else { " " });
        }
        out.push_str(l);
    }
    out
}

/// One entry a person: a substitute listed among those present is a
/// substitute; the same name under the same status once. Keyed lookups,
/// so a list of any length is read in linear time.
fn reconcile(list: Vec<Attendance>) -> Vec<Attendance> {
    let key = |a: &Attendance| {
        a.name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let subs: HashSet<String> = list
        .iter()
        .filter(|a| a.status == AttendanceStatus::Substitute)
        .map(key)
        .collect();
    let mut out: Vec<Attendance> = Vec::new();
    let mut seen: HashMap<(String, AttendanceStatus), usize> = HashMap::new();
    for a in list {
        let k = key(&a);
        if a.status == AttendanceStatus::Present && subs.contains(&k) {
            continue;
        }
        match seen.entry((k, a.status)) {
            Entry::Occupied(e) => {
                let same = &mut out[*e.get()];
                if same.role.is_none() {
                    same.role = a.role;
                }
            }
            Entry::Vacant(e) => {
                e.insert(out.len());
                out.push(a);
            }
        }
    }
    out
}

/// Officers in attendance for one item, from the item's text.
pub(crate) fn for_item(text: &str) -> Vec<Attendance> {
    let mut out = Vec::new();
    let mut named = HashSet::new();
    for para in text.split("\n\n") {
        let Some(c) = FOR_ITEM.captures(para) else {
            continue;
        };
        // "A (role) B (role) and C (role)": a closing bracket ends a person.
        let list = c[1].replace(") and ", "), ").replace(") ", "), ");
        for mut a in people(&list, AttendanceStatus::InAttendance)
            .into_iter()
            .chain(untitled(&list))
        {
            a.name = a.name.trim().to_string();
            if named.insert(a.name.clone()) {
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
                && name
                    .split_whitespace()
                    .all(|w| w.starts_with(char::is_uppercase))
                && !TITLE.is_match(name);
            looks_like_name.then(|| Attendance {
                name: name.to_string(),
                status: AttendanceStatus::InAttendance,
                role: Some(c[2].trim().to_string()),
            })
        })
        .collect()
}

fn blocks(lines: &[Line]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut open = false;
    for l in lines {
        if l.text.is_empty() {
            open = false;
            continue;
        }
        // A new labelled list ("IN ATTENDANCE:") starts a block of its own.
        let starts_list = LABEL
            .captures(&l.text)
            .is_some_and(|c| c.get(2).is_some() || c[3].is_empty())
            || APOLOGIES_HEADING.is_match(&l.text);
        match out.last_mut() {
            Some(last) if open && !starts_list => {
                // A word hyphenated across the break joins without a space.
                if let Some(prev) = last
                    .last_mut()
                    .filter(|p| p.ends_with('-') && !p.ends_with(" -"))
                {
                    prev.pop();
                    prev.push_str(&l.text);
                } else {
                    last.push(l.text.clone());
                }
            }
            _ => out.push(vec![l.text.clone()]),
        }
        open = true;
    }
    out
}

/// "Councillors:", "Cllrs": a title shared by every name of a list.
static SHARED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:County |Town |Borough )?(?:Councillors|Cllrs\.?|Members|Cynghorwyr)(?:\s*/\s*(?:Councillors|Cynghorwyr))?\s*:?\s+").expect("valid regex")
});
/// A title of office that is no part of the name (the facts give names
/// without it); "Mr", "Mrs" and the like stay, as papers print them.
static COUNCILLOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:County |Town |Borough )?(?:Councillors?|Cllrs?\.?|Cynghorydd|Cynghorwyr)\s+")
        .expect("valid regex")
});
/// Words of a role or office, never of a person's name.
static ROLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:chair\w*|vice|leader|member|director|officer|manager|clerk|head|cabinet|council|committee|mayor|deputy|executive|secretary|solicitor|treasurer|assistant|advis[eo]r|lead|portfolio|democratic|services|finance|of|for|the)\b")
        .expect("valid regex")
});

/// Whether a piece of a list is a person's name without a title:
/// "Donald Alexander", "Hewett", "Olive O'Sullivan".
/// With `has_role` (a role in brackets or after a dash beside it) the
/// words need only look like a name: "Cath Head (Head of Finance)".
fn untitled_name(piece: &str, has_role: bool) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && (has_role || !ROLE_WORD.is_match(piece))
        && !HONOURS.contains(&piece)
}

/// "Mr R W Gough (Chairman), Mrs C Bell, Mr P M Hill, OBE and Mrs S Prendergast",
/// "Councillors: Ed Plowden (Chair), Graham Morris", "Cllrs Patel, Morgan &
/// Hughes", "Olive O'Sullivan – Town Clerk". A piece that is neither a
/// titled nor an untitled name is the role of the name before it.
fn people(list: &str, status: AttendanceStatus) -> Vec<Attendance> {
    let list = list.trim().trim_end_matches('.');
    let list = SHARED_TITLE.replace(list, "");
    let mut out: Vec<Attendance> = Vec::new();
    let pieces = list
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "));
    for piece in pieces {
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
            None => match piece.split_once(" – ").or_else(|| piece.split_once(" - ")) {
                Some((n, r)) => (n.trim().to_string(), Some(r.trim().to_string())),
                None => (piece.clone(), None),
            },
        };
        let bare = COUNCILLOR.replace(&name, "").trim().to_string();
        if TITLE.is_match(&name) || untitled_name(&bare, role.is_some()) {
            out.push(Attendance {
                name: bare,
                status,
                role,
            });
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
        Line {
            text: s.into(),
            raw: s.into(),
            columns: false,
            page: 1,
            emphasised: false,
        }
    }

    #[test]
    fn present_list_with_role_and_honour() {
        let got = read(&[line(
            "PRESENT: Mr R W Gough (Chairman), Mrs C Bell, Mr P M Hill, OBE and Mrs S Prendergast",
        )]);
        let names: Vec<_> = got.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Mr R W Gough",
                "Mrs C Bell",
                "Mr P M Hill",
                "Mrs S Prendergast"
            ],
            "OBE is not a person"
        );
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
    fn list_in_a_column_a_line_a_title() {
        let got = read(&[
            line("Present:           Councillor A Verma (Chair)"),
            line("Councillors T Hale, R Pugh and O Stack"),
        ]);
        let names: Vec<_> = got.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["A Verma", "T Hale", "R Pugh", "O Stack"]);
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
