//! Sentences of minutes and answers that promise something: what the
//! Commitments view suggests. Councils minute a promise in a few shapes,
//! whatever their house style:
//! - someone *agreed / undertook / offered / promised / committed* to do
//!   something ("Officers agreed to return to the committee with ...",
//!   "The CEO offered a joint briefing");
//! - someone or something *would / will* be *provided, circulated, reported
//!   back, brought, made available, updated* ... ("He would supply the
//!   information requested", "the Committee will be updated");
//! - an action line ("ACTION: officers to circulate the figures");
//! - a report or work still *to be* brought, circulated or undertaken.
//!
//! What is left out: the same verbs said of "this", "it" or "there"
//! ("this would provide the fiscal autonomy"), requests that nobody
//! answered yet, agreeing to minutes or recommendations, and the standing
//! rules for public questions printed on many agendas ("replies will be
//! sent to questioners by the end of the working day").

use std::sync::LazyLock;

use regex::Regex;

/// Verbs of delivering something to members (after would / will / to).
const DELIVER: &str = r"(?:provided?|supply|supplied|circulated?|sent|send|shared?|report(?:ed)?\s+back|feed\s+back|return(?:ed)?|come\s+back|brought|bring|updated?|presented?|made\s+available|published?|look(?:ed)?\s+into|seek|sought|write|written\s+to|respond(?:ed)?|arranged?|speak|forward(?:ed)?|rescheduled?|progressed|follow(?:ed)?\s+up|work\s+with|investigated?|explored?|confirm(?:ed)?\s+in\s+writing)";

/// Someone agreed (undertook, offered ...) to do something; the word after
/// "to" is checked, so that agreeing to the minutes is not a promise.
static AGREED_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:agreed|agrees|undert(?:ook|akes?)|offered|offers|promised|promises|committed|commits|pledged)\s+to\s+([a-z]+)").expect("valid regex")
});

/// Words after "agreed to" that name what was agreed, not what will be done.
/// Also the verbs of deciding, not of doing ("agreed to note the report",
/// the commonest line in English minutes).
const AGREED_TO_A_THING: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "be",
    "all",
    "any",
    "some",
    "note",
    "approve",
    "accept",
    "endorse",
    "recommend",
    "defer",
    "receive",
    "adopt",
    "support",
    "agree",
    "ratify",
    "delegate",
    "refer",
    "reject",
    "exclude",
    "confirm",
];

static OFFERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\boffer(?:ed|s)\s+(?:a|an)\s+(?:[a-z-]+\s+)?(?:briefing|meeting|session|note|visit|update|report|response|walk)").expect("valid regex")
});

static WOULD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:would|will|shall)\s+(?:then\s+|also\s+|now\s+)?(?:be\s+)?{DELIVER}\b"
    ))
    .expect("valid regex")
});

/// "would do one thing and (be) delivered": "The response would outline
/// the comments and be published", "would review the findings and share
/// the draft", "a manager would be secured ... and return to the committee".
static WOULD_AND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:would|will|shall)\s+[^.;]{{0,120}}?\band\s+(?:then\s+)?(?:be\s+)?{DELIVER}\b"
    ))
    .expect("valid regex")
});

/// What stands right before the would / will: a promise has someone or
/// something definite doing it, not "this", "it", "which" or "there".
static VAGUE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:this|it|which|that|there|these|they\s+said\s+it|scheme|strategy|levy|policy)\s+$").expect("valid regex")
});

static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\baction(?:s|\s+point)?\s*[:\-–]|^\W*(?:officers?|the\s+clerk|the\s+chair(?:man)?|the\s+director|the\s+cabinet\s+member|the\s+head\s+of\s+\w+(?:\s+\w+)?)\s+to\s+{DELIVER}\b)"
    ))
    .expect("valid regex")
});

static STILL_TO_COME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:was|were|is|are|would\s+be)\s+to\s+be\s+(?:undertaken|brought|provided|circulated|reported|presented|reviewed|addressed)|a\s+further\s+report|an\s+update\s+report|to\s+be\s+circulated|report\s+back\s+to)\b")
        .expect("valid regex")
});

/// The standing rules for public questions and statements many agendas
/// print: what the council always does, not a promise made at a meeting.
static STANDING_RULES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in\s+advance\s+of\s+the\s+meeting|prior\s+to\s+the\s+meeting|end\s+of\s+the\s+working\s+day|in\s+the\s+order\s+of\s+receipt|must\s+be\s+submitted)\b")
        .expect("valid regex")
});

/// Whether a sentence of minutes promises something.
pub fn is_promise(sentence: &str) -> bool {
    if sentence.len() > 600 || STANDING_RULES.is_match(sentence) {
        return false;
    }
    if OFFERED.is_match(sentence) || ACTION.is_match(sentence) || STILL_TO_COME.is_match(sentence) {
        return true;
    }
    let agreed_to_do = AGREED_TO
        .captures_iter(sentence)
        .any(|c| !AGREED_TO_A_THING.contains(&c[1].to_lowercase().as_str()));
    if agreed_to_do {
        return true;
    }
    WOULD
        .find_iter(sentence)
        .chain(WOULD_AND.find_iter(sentence))
        .any(|m| !VAGUE_SUBJECT.is_match(&sentence[..m.start()]))
}

#[cfg(test)]
mod tests {
    use super::is_promise;

    #[test]
    fn promises_in_several_councils_shapes_are_found() {
        for s in [
            "The Cabinet Member agreed to provide a written answer on the cost of agency staff.",
            "Officers agreed to return to the committee with options for closing the gap.",
            "The Chair agreed to raise the matter with the transport authority.",
            "The Director undertook to circulate the revised figures before the next meeting.",
            "The Chief Executive offered a private briefing for members of both committees.",
            "He would supply the figures requested by Councillor Patel.",
            "Officers would provide that information to the ward councillors.",
            "The task group would report back to this committee in the autumn.",
            "The findings of the pilot would be reported back for discussion.",
            "Modelling results would be made available to members.",
            "The committee will be updated on any further bids.",
            "A further report would be brought in the spring.",
            "ACTION: Finance officers to circulate the reserves breakdown.",
            "Officers to circulate the list of schools affected.",
            "An independent review of the contract was to be undertaken.",
            "The missed event will be rescheduled.",
            "The Director said he would report back in March.",
            "Further work was to be undertaken to find further savings.",
            "The response would set out the points raised and be published with the minutes.",
            "The service heads would check the findings and share a first draft with the councils.",
        ] {
            assert!(is_promise(s), "{s}");
        }
    }

    #[test]
    fn statements_that_only_sound_like_promises_are_left_out() {
        for s in [
            "She considered that this would provide the freedom needed to invest in buses.",
            "In response to follow up questions it was confirmed that the scheme was funded.",
            "The minutes of the previous meeting were agreed as accurate.",
            "Members agreed to the recommendations set out in the report.",
            "The Committee agreed to note the report.",
            "Cabinet agreed to approve the revised budget and to delegate authority to the Director.",
            "There would be a lessons learned exercise at the end of the project.",
            "Written replies to questions will be sent to questioners by the end of the working day prior to the meeting.",
            "All statements will be sent to committee members in advance of the meeting.",
            "Councillors asked how the levy would work in practice.",
            "Three trees would be lost within the scheme.",
            "A review of all placements was being undertaken.",
            "RESOLVED that the budget be approved.",
            "The strategy would cover issues on the road and the pavement.",
            "The head of finance joined the meeting to provide further information on the budget.",
            "Identify who would be charged and how much income would be raised as a result.",
        ] {
            assert!(!is_promise(s), "{s}");
        }
    }
}
