//! Answers of the ModernGov web service (mgWebService.asmx), saved as XML.
//!
//! A `GetMeeting` answer describes one meeting and its agenda items, with
//! the agenda and minutes text as escaped HTML. We turn it into the text a
//! modern.gov "Agenda and minutes" page shows, so the one parser reads both.
//! Listings (`GetMeetings`, `GetCommittees`) hold no papers and are refused
//! with a message saying so.

use chrono::{Datelike, NaiveDate};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::{html, IngestError};

/// Whether the text is a ModernGov web service answer.
pub fn sniff(text: &str) -> bool {
    let head: String = text.chars().take(400).collect::<String>().to_lowercase();
    head.trim_start().starts_with("<?xml")
        && [
            "<meeting>",
            "<getmeetings>",
            "<getcommittees>",
            "<committees>",
        ]
        .iter()
        .any(|t| head.contains(t))
}

#[derive(Default)]
struct AgendaItem {
    number: String,
    title: String,
    agenda_html: String,
    minutes_html: String,
}

fn bad(reason: impl Into<String>) -> IngestError {
    IngestError::NotAPaper {
        reason: reason.into(),
    }
}

/// The meeting as modern.gov page text.
pub fn to_text(xml: &str) -> Result<String, IngestError> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut root = String::new();
    let (mut date, mut time, mut location, mut committee) =
        (String::new(), String::new(), String::new(), String::new());
    let mut items: Vec<AgendaItem> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(format!("this XML file is damaged ({e})")))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_lowercase();
                if root.is_empty() {
                    root = name.clone();
                }
                if name == "agendaitem" {
                    items.push(AgendaItem::default());
                }
                path.push(name);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) => {
                let value = t
                    .unescape()
                    .map_err(|e| bad(format!("this XML file is damaged ({e})")))?;
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                let leaf = path.last().map(String::as_str).unwrap_or("");
                let in_item = path.iter().any(|p| p == "agendaitem");
                let in_doc = path.iter().any(|p| p == "linkeddoc");
                match (in_item, in_doc, leaf) {
                    (false, _, "meetingdate") if date.is_empty() => date = value.to_string(),
                    (false, _, "meetingtime") if time.is_empty() => time = value.to_string(),
                    (false, _, "meetinglocation") => location = value.to_string(),
                    (_, _, "committeetitle" | "refertocommittee" | "committeename")
                        if committee.is_empty() =>
                    {
                        committee = value.to_string()
                    }
                    (true, false, field) => {
                        if let Some(item) = items.last_mut() {
                            match field {
                                "fulldisplaynumberformat" => item.number = value.to_string(),
                                "agendaitemnumber" if item.number.is_empty() => {
                                    item.number = format!("{value}.")
                                }
                                "agendaitemtitle" => item.title = value.to_string(),
                                "agendatext" => item.agenda_html = value.to_string(),
                                "minutesnonemptyhtmlbody" => item.minutes_html = value.to_string(),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if root != "meeting" {
        return Err(bad(format!(
            "this ModernGov answer (<{root}>) lists meetings or committees but holds no papers; \
             import a GetMeeting answer or the meeting's own pages"
        )));
    }
    let mut out = String::new();
    let when = parse_dmy(&date).map_or(date.clone(), |d| {
        format!(
            "{}, {} {}, {}",
            d.format("%A"),
            d.day(),
            d.format("%B"),
            d.year()
        )
    });
    let body = if committee.is_empty() {
        "Meeting".to_string()
    } else {
        committee
    };
    out.push_str(&format!("{body} - {when} {time}\n\n"));
    if !location.is_empty() {
        out.push_str(&format!("Venue: {location}\n\n"));
    }
    out.push_str("Items\n\n");
    for item in items {
        let number = if item.number.ends_with('.') {
            item.number.clone()
        } else {
            format!("{}.", item.number)
        };
        out.push_str(&format!("{number}\n\n{}\n\n", item.title));
        let body = if item.minutes_html.is_empty() {
            &item.agenda_html
        } else {
            &item.minutes_html
        };
        if !item.minutes_html.is_empty() {
            out.push_str("Minutes:\n\n");
        }
        out.push_str(&html::to_text(body)?);
        out.push_str("\n\n");
    }
    Ok(out)
}

fn parse_dmy(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_meeting_becomes_page_text() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<meeting><meetingdate>10/02/2026</meetingdate><meetingtime>10.00 am</meetingtime>
<meetinglocation>Town Hall</meetinglocation>
<agendaitems><agendaitem><agendaitemtitle>Minutes</agendaitemtitle>
<agendatext>&lt;p&gt;To approve the minutes.&lt;/p&gt;</agendatext>
<fulldisplaynumberformat>1.</fulldisplaynumberformat>
<minutesnonemptyhtmlbody>&lt;p&gt;RESOLVED that the minutes be approved.&lt;/p&gt;</minutesnonemptyhtmlbody>
<refertocommittee>Audit Committee</refertocommittee></agendaitem></agendaitems></meeting>"#;
        let text = to_text(xml).unwrap();
        assert!(
            text.starts_with("Audit Committee - Tuesday, 10 February, 2026 10.00 am"),
            "{text}"
        );
        assert!(
            text.contains("1.\n\nMinutes\n\nMinutes:\n\nRESOLVED that the minutes be approved."),
            "{text}"
        );
    }

    #[test]
    fn listings_are_refused_with_a_reason() {
        let err = to_text(
            "<?xml version=\"1.0\"?><getmeetings><meetingscount>2</meetingscount></getmeetings>",
        )
        .unwrap_err();
        assert!(err.to_string().contains("holds no papers"), "{err}");
    }
}
