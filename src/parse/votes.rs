//! Votes recorded in minutes, as data: what was put, the outcome, the
//! counts for, against and abstaining, and the names under each where a
//! recorded vote lists them.
//!
//! Shapes: "CARRIED (6 members voting in favour, none against with 3
//! abstentions)", "FELL with 2 voting FOR and 7 AGAINST", "CARRIED
//! unanimously", and a recorded vote set out as "For (41)" / names /
//! "Against (17)" / names / "Abstain (2)" / names. It reads an item's text
//! and knows nothing of who sits on the body.

use std::sync::LazyLock;

use regex::Regex;

use super::Vote;

/// A sentence about a vote: a count, an outcome or "unanimously".
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(carried|lost|fell|defeated|withdrawn|not carried|approved|agreed)\b")
        .expect("valid regex")
});
static ABOUT_A_VOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:vote|voting|voted|unanimous(?:ly)?|abstention|abstaining)")
        .expect("valid regex")
});
static MOTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthe ((?:substantive |amended |original )?(?:amendment|motion|recommendations?|proposals?|resolution))\b").expect("valid regex")
});
const COUNT: &str = r"(\d{1,3}|no|none|nil)";
static FOR_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){COUNT} (?:members? |councillors? )?(?:voting |votes? |voted )?(?:in favour|for)\b"
    ))
    .expect("valid regex")
});
static AGAINST_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){COUNT} (?:members? |councillors? )?(?:voting |votes? |voted )?against\b"
    ))
    .expect("valid regex")
});
static ABSTAIN_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){COUNT} (?:members? |councillors? )?(?:abstentions?|abstaining|abstained)\b"
    ))
    .expect("valid regex")
});
/// "For (41) Councillors A, B", "AGAINST: 17", "Abstentions (2)".
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(for|against|abstain(?:ed|ing)?|abstentions?)\s*(?:\(\s*(\d{1,3})\s*\)|:\s*(\d{1,3})\b|(\d{1,3})\b)?\s*[:.-]?\s*(.*)$")
        .expect("valid regex")
});
static SHARED_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Councillors?|Cllrs?\.?)\s*:?\s+").expect("valid regex"));

fn count(s: &str) -> Option<u32> {
    match s.to_lowercase().as_str() {
        "no" | "none" | "nil" => Some(0),
        n => n.parse().ok(),
    }
}

fn names(list: &str) -> Vec<String> {
    let list = SHARED_TITLE.replace(list.trim().trim_end_matches('.'), "");
    list.split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
        .map(|p| SHARED_TITLE.replace(p.trim(), "").trim().to_string())
        .filter(|p| {
            !p.is_empty() && p.starts_with(char::is_uppercase) && p.split_whitespace().count() <= 5
        })
        .collect()
}

/// Whether a paragraph is a group of a recorded vote, and which.
fn group(para: &str) -> Option<(usize, Option<u32>, String)> {
    let c = GROUP.captures(para)?;
    let which = match c[1].to_lowercase().chars().next() {
        Some('f') => 0,
        Some('a') if c[1].to_lowercase().starts_with("against") => 1,
        _ => 2,
    };
    let n = c
        .get(2)
        .or(c.get(3))
        .or(c.get(4))
        .and_then(|m| m.as_str().parse().ok());
    let rest = c[5].to_string();
    // "For the avoidance of doubt ...": a group has a count or names only.
    if n.is_none()
        && (rest.is_empty() || rest.ends_with('.') && rest.split_whitespace().count() > 8)
    {
        return None;
    }
    if n.is_none() && !SHARED_TITLE.is_match(&rest) {
        return None;
    }
    Some((which, n, rest))
}

/// The votes recorded in an item's text, in order.
pub(crate) fn read(text: &str) -> Vec<Vote> {
    let paras: Vec<&str> = text.split("\n\n").collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        if group(paras[i]).is_some() {
            let mut vote = Vote::default();
            if let Some(before) = i.checked_sub(1).map(|b| paras[b]) {
                vote.motion = MOTION.captures(before).map(|c| c[1].to_lowercase());
            }
            while let Some((which, n, rest)) = paras.get(i).and_then(|p| group(p)) {
                let mut listed = names(&rest);
                i += 1;
                // Names carried on in paragraphs of their own.
                while let Some(more) = paras
                    .get(i)
                    .filter(|p| group(p).is_none() && !OUTCOME.is_match(p) && !p.ends_with('.'))
                {
                    listed.extend(names(more));
                    i += 1;
                }
                let n = n.or(Some(listed.len() as u32).filter(|&k| k > 0));
                match which {
                    0 => (vote.for_count, vote.names_for) = (n, listed),
                    1 => (vote.against, vote.names_against) = (n, listed),
                    _ => (vote.abstain, vote.names_abstain) = (n, listed),
                }
            }
            // "The motion was CARRIED." after the names.
            if let Some(c) = paras.get(i).and_then(|p| OUTCOME.captures(p)) {
                vote.outcome = Some(c[1].to_lowercase());
                vote.motion = vote
                    .motion
                    .or_else(|| MOTION.captures(paras[i]).map(|m| m[1].to_lowercase()));
                i += 1;
            }
            out.push(vote);
            continue;
        }
        let p = paras[i];
        i += 1;
        if !ABOUT_A_VOTE.is_match(p) {
            continue;
        }
        let for_count = FOR_COUNT.captures(p).and_then(|c| count(&c[1]));
        let against = AGAINST_COUNT.captures(p).and_then(|c| count(&c[1]));
        let abstain = ABSTAIN_COUNT.captures(p).and_then(|c| count(&c[1]));
        let unanimous = p.to_lowercase().contains("unanimous");
        let outcome = OUTCOME.captures(p).map(|c| c[1].to_lowercase());
        if for_count.is_none() && against.is_none() && !(unanimous && outcome.is_some()) {
            continue;
        }
        out.push(Vote {
            motion: MOTION.captures(p).map(|c| c[1].to_lowercase()),
            outcome,
            for_count,
            against,
            abstain,
            unanimous,
            ..Vote::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_a_sentence() {
        let v = read("On being put to the vote the amendment was LOST (2 members voting in favour and 7 against).");
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].for_count, v[0].against, v[0].abstain),
            (Some(2), Some(7), None)
        );
        assert_eq!(v[0].outcome.as_deref(), Some("lost"));
        assert_eq!(v[0].motion.as_deref(), Some("amendment"));
        let v = read("The recommendation was CARRIED (6 members voting in favour, none against with 3 abstentions).");
        assert_eq!(
            (v[0].for_count, v[0].against, v[0].abstain),
            (Some(6), Some(0), Some(3)),
            "'none against'"
        );
        let v = read("The substantive recommendations were CARRIED with 4 members voting FOR, 1 AGAINST and 4 ABSTAINING.");
        assert_eq!(
            (v[0].for_count, v[0].against, v[0].abstain),
            (Some(4), Some(1), Some(4))
        );
        let v = read("On being put to the vote the recommendation was CARRIED unanimously.");
        assert!(v[0].unanimous && v[0].outcome.as_deref() == Some("carried"));
    }

    #[test]
    fn discussion_is_no_vote() {
        assert!(read("Members asked whether a vote would be needed next year.").is_empty());
        assert!(read("For the avoidance of doubt, the report was noted.").is_empty());
    }
}
