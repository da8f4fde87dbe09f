//! Flags as the member sees them: the rules run over a meeting's stored
//! lines and figures (and the council's earlier reports), with the
//! member's thresholds, dismissals, flags by hand and line corrections
//! applied. Only those decisions are written here.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Library, StoreError};
use crate::flags::rules;
use crate::flags::tracking::{self, Corrections, Sureness};
use crate::flags::{
    say, Cell, Dismissal, FigureFacts, Flag, HandFlag, LineFacts, Report, Rule, Severity,
    Thresholds,
};
use crate::ids::{ItemId, MeetingId, TableId};
use crate::money::columns::{ColumnRole, SignConvention};
use crate::money::figures::{Direction, FigureKind};
use crate::money::Unit;

/// How many earlier reports of a council the rules look back over.
const LOOK_BACK: usize = 12;

/// A meeting's flags and the thresholds they were raised at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MeetingFlags {
    pub meeting_id: MeetingId,
    pub thresholds: Thresholds,
    /// The meeting has thresholds of its own (else the library's).
    pub own_thresholds: bool,
    /// Every flag, dismissed ones too (marked), worst first.
    pub flags: Vec<Flag>,
    /// How many budget lines and figures the rules read.
    pub lines_checked: usize,
    pub figures_checked: usize,
    /// The date of the council's report before this one in the library,
    /// which movement and persistence were judged against.
    pub compared_with: Option<String>,
    /// Every budget line and figure the rules read, to flag by hand or to
    /// follow over time.
    pub targets: Vec<Target>,
}

/// A budget line or figure a member can flag by hand or follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Target {
    pub key: String,
    /// "line" or "figure".
    pub kind: String,
    /// The line's label, or the figure as printed.
    pub label: String,
    /// The table's caption, or the figure's sentence.
    pub context: Option<String>,
    pub item_id: ItemId,
    pub page: Option<u32>,
}

/// One report's point in a line's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HistoryPoint {
    pub meeting_id: MeetingId,
    pub date: String,
    pub item_id: ItemId,
    pub page: Option<u32>,
    pub line_key: String,
    pub label: String,
    pub table: Option<String>,
    pub budget_pence: Option<i64>,
    /// Overspend positive, whatever the paper's sign convention.
    pub variance_pence: Option<i64>,
    /// The change since the last report: as the paper prints it, else
    /// against the library's previous report of the line.
    pub movement_pence: Option<i64>,
    /// The three as a councillor says them ("£412.5m", "+£4.6m"), for the
    /// table beside the chart; None where not printed.
    pub said: [Option<String>; 3],
    /// How sure the match to the next point toward the line asked for is;
    /// None for that line itself.
    pub sureness: Option<Sureness>,
}

/// A budget line followed across the council's reports, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LineHistory {
    pub line_key: String,
    pub label: String,
    pub points: Vec<HistoryPoint>,
    /// Lines of the report just before the earliest point, which the
    /// member can join to this one when the words did not match them.
    pub could_join: Vec<(String, String)>,
}

fn scope_of(key: &super::MeetingKey) -> String {
    format!(
        "meeting|{}|{}|{}|{}",
        key.council.as_deref().unwrap_or(""),
        key.body,
        key.date,
        key.time.as_deref().unwrap_or("")
    )
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn kind_of(stored: Option<String>) -> FigureKind {
    stored
        .and_then(|k| serde_json::from_value(serde_json::Value::String(k)).ok())
        .unwrap_or(FigureKind::Other)
}

impl Library {
    /// A meeting's budget lines and figures as the rules read them. Lines
    /// of tables without a unit (counts, percentages) are left out: they
    /// are never money.
    pub fn report(&self, meeting: MeetingId) -> Result<Report, StoreError> {
        let date = super::grouping::meeting_key(self.conn(), meeting)?.date;
        let mut cells: HashMap<i64, Vec<Cell>> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.line_id, v.column_name, v.printed, v.pence, v.role
             FROM papers p JOIN agenda_items i ON i.paper_id = p.id JOIN budget_tables t ON t.item_id = i.id
             JOIN budget_lines l ON l.table_id = t.id JOIN budget_values v ON v.line_id = l.id
             WHERE p.meeting_id = ?1 ORDER BY v.line_id, v.position",
        )?;
        let mut rows = stmt.query([meeting.0])?;
        while let Some(r) = rows.next()? {
            let column: String = r.get(1)?;
            let role = super::money::stored_role(r.get(4)?, &column);
            cells.entry(r.get(0)?).or_default().push(Cell {
                role,
                column,
                printed: r.get(2)?,
                pence: r.get(3)?,
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.sha256, t.id, t.position, t.caption, t.unit, t.sign, t.page, i.id, l.id, l.position, l.label, l.section, l.total_row, l.page
             FROM papers p JOIN documents d ON d.id = p.document_id JOIN agenda_items i ON i.paper_id = p.id
             JOIN budget_tables t ON t.item_id = i.id JOIN budget_lines l ON l.table_id = t.id
             WHERE p.meeting_id = ?1 AND t.unit IS NOT NULL
             ORDER BY p.document_id, p.position, i.position, t.position, l.position",
        )?;
        let mut lines: Vec<LineFacts> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut rows = stmt.query([meeting.0])?;
        while let Some(r) = rows.next()? {
            let (sha, table_id, table_pos): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let caption: Option<String> = r.get(3)?;
            let unit: Option<String> = r.get(4)?;
            let sign: Option<String> = r.get(5)?;
            let sign: Option<SignConvention> =
                sign.map(|s| serde_json::from_str(&s)).transpose()?;
            let line_id: i64 = r.get(8)?;
            let label: String = r.get(10)?;
            let base = format!("{sha}|t{table_pos}|{}", tracking::normalised(&label));
            let n = seen.entry(base.clone()).or_insert(0);
            let key = format!("{base}|{n}");
            *n += 1;
            let cells = cells.remove(&line_id).unwrap_or_default();
            let capital = caption
                .as_deref()
                .is_some_and(|c| c.to_lowercase().contains("capital"))
                || cells.iter().any(|c| c.role == ColumnRole::Rephasing);
            let table_page: Option<u32> = r.get(6)?;
            let line_page: Option<u32> = r.get(13)?;
            lines.push(LineFacts {
                key,
                line_id,
                table_id: TableId(table_id),
                position: r.get::<_, i64>(9)? as usize,
                item_id: ItemId(r.get(7)?),
                meeting_id: meeting,
                caption,
                unit: unit.as_deref().and_then(Unit::from_marker),
                plus_is_over: sign.is_none_or(|s| s.positive_is_overspend),
                capital,
                label,
                section: r.get(11)?,
                total_row: r.get(12)?,
                page: line_page.or(table_page),
                cells,
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.sha256, p.position, i.id, f.text, f.amount_pence, f.direction, f.kind, f.subject, f.page, f.sentence
             FROM papers p JOIN documents d ON d.id = p.document_id JOIN agenda_items i ON i.paper_id = p.id
             JOIN figures f ON f.item_id = i.id
             WHERE p.meeting_id = ?1 ORDER BY p.document_id, p.position, i.position, f.position",
        )?;
        let mut figures = Vec::new();
        let mut rows = stmt.query([meeting.0])?;
        while let Some(r) = rows.next()? {
            let (sha, paper_pos, text): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(3)?);
            let base = format!("{sha}|fig|p{paper_pos}|{text}");
            let n = seen.entry(base.clone()).or_insert(0);
            let key = format!("{base}|{n}");
            *n += 1;
            let direction: String = r.get(5)?;
            figures.push(FigureFacts {
                key,
                item_id: ItemId(r.get(2)?),
                meeting_id: meeting,
                text,
                amount_pence: r.get(4)?,
                direction: Direction::from_str_opt(&direction).unwrap_or(Direction::Other),
                kind: kind_of(r.get(6)?),
                subject: r.get(7)?,
                page: r.get(8)?,
                sentence: r.get(9)?,
            });
        }
        Ok(Report {
            meeting_id: Some(meeting),
            date,
            lines,
            figures,
        })
    }

    /// Meetings of the same council with budget lines, before (most
    /// recent first) or after (soonest first) the given meeting.
    fn council_reports(
        &self,
        meeting: MeetingId,
        before: bool,
    ) -> Result<Vec<MeetingId>, StoreError> {
        let key = super::grouping::meeting_key(self.conn(), meeting)?;
        let Some(council) = key.council else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT m.id FROM meetings m
             WHERE lower(m.council) = lower(?1) AND m.id != ?2 AND (m.date, coalesce(m.time, '')) {} (?3, coalesce(?4, ''))
               AND EXISTS (SELECT 1 FROM papers p JOIN agenda_items i ON i.paper_id = p.id JOIN budget_tables t ON t.item_id = i.id
                           WHERE p.meeting_id = m.id AND t.unit IS NOT NULL)
             ORDER BY m.date {}, m.time {} LIMIT ?5",
            if before { "<" } else { ">" },
            if before { "DESC" } else { "ASC" },
            if before { "DESC" } else { "ASC" },
        );
        Ok(self
            .conn()
            .prepare(&sql)?
            .query_map(
                params![council, meeting.0, key.date, key.time, LOOK_BACK as i64],
                |r| Ok(MeetingId(r.get(0)?)),
            )?
            .collect::<Result<_, _>>()?)
    }

    /// The member's joins and splits of lines across reports.
    pub fn line_corrections(&self) -> Result<Corrections, StoreError> {
        let mut fixes = Corrections::default();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT a, b, kind FROM line_links")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (a, b, kind): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if kind == "join" {
                fixes.join(&a, &b)
            } else {
                fixes.split(&a, &b)
            }
        }
        Ok(fixes)
    }

    /// The thresholds a meeting's flags are raised at (its own, else the
    /// library's, else the defaults), and whether they are its own.
    pub fn thresholds(&self, meeting: Option<MeetingId>) -> Result<(Thresholds, bool), StoreError> {
        let read = |scope: &str| -> Result<Option<Thresholds>, StoreError> {
            let json: Option<String> = self
                .conn()
                .query_row(
                    "SELECT thresholds FROM flag_thresholds WHERE scope = ?1",
                    [scope],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
        };
        if let Some(m) = meeting {
            let key = super::grouping::meeting_key(self.conn(), m)?;
            if let Some(t) = read(&scope_of(&key))? {
                return Ok((t, true));
            }
        }
        Ok((read("global")?.unwrap_or_default(), false))
    }

    /// Sets the library's thresholds (no meeting) or a meeting's own;
    /// `None` for a meeting goes back to the library's.
    pub fn set_thresholds(
        &mut self,
        meeting: Option<MeetingId>,
        thresholds: Option<Thresholds>,
    ) -> Result<(), StoreError> {
        let scope = match meeting {
            Some(m) => scope_of(&super::grouping::meeting_key(self.conn(), m)?),
            None => "global".to_string(),
        };
        let tx = self.conn_mut().transaction()?;
        match thresholds {
            Some(t) => {
                t.check().map_err(StoreError::Invalid)?;
                tx.execute(
                    "INSERT INTO flag_thresholds (scope, thresholds) VALUES (?1, ?2)
                     ON CONFLICT (scope) DO UPDATE SET thresholds = excluded.thresholds",
                    params![scope, serde_json::to_string(&t)?],
                )?;
            }
            None => {
                tx.execute("DELETE FROM flag_thresholds WHERE scope = ?1", [scope])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every flag of a meeting, worst first, with the member's dismissals
    /// and flags by hand.
    pub fn meeting_flags(&self, meeting: MeetingId) -> Result<MeetingFlags, StoreError> {
        let (thresholds, own) = self.thresholds(Some(meeting))?;
        let report = self.report(meeting)?;
        let earlier = self
            .council_reports(meeting, true)?
            .into_iter()
            .map(|m| self.report(m))
            .collect::<Result<Vec<_>, _>>()?;
        let fixes = self.line_corrections()?;
        let past = rules::past_of(&report, &earlier, &fixes);
        let mut flags = rules::evaluate(&report, &past, &thresholds);
        flags.extend(self.hand_flags(&report)?);
        let dismissed = self.dismissals()?;
        for f in &mut flags {
            f.dismissed = dismissed.get(&f.key).cloned();
        }
        flags.sort_by(|a, b| {
            (
                a.dismissed.is_some(),
                a.worth_asking,
                a.severity,
                std::cmp::Reverse(a.amount_pence),
                &a.key,
            )
                .cmp(&(
                    b.dismissed.is_some(),
                    b.worth_asking,
                    b.severity,
                    std::cmp::Reverse(b.amount_pence),
                    &b.key,
                ))
        });
        Ok(MeetingFlags {
            meeting_id: meeting,
            thresholds,
            own_thresholds: own,
            lines_checked: report.lines.len(),
            figures_checked: report.figures.len(),
            compared_with: earlier.first().map(|r| r.date.clone()),
            targets: report
                .lines
                .iter()
                .map(|l| Target {
                    key: l.key.clone(),
                    kind: "line".into(),
                    label: l.label.clone(),
                    context: l.caption.clone(),
                    item_id: l.item_id,
                    page: l.page,
                })
                .chain(report.figures.iter().map(|f| Target {
                    key: f.key.clone(),
                    kind: "figure".into(),
                    label: f.text.clone(),
                    context: Some(f.sentence.clone()),
                    item_id: f.item_id,
                    page: f.page,
                }))
                .collect(),
            flags,
        })
    }

    fn dismissals(&self) -> Result<HashMap<String, Dismissal>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT flag_key, reason, dismissed_at, author FROM flag_dismissals")?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Dismissal {
                        reason: r.get(1)?,
                        at: r.get(2)?,
                        author: r.get(3)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?)
    }

    /// The member's flags on this report's lines and figures.
    fn hand_flags(&self, report: &Report) -> Result<Vec<Flag>, StoreError> {
        let stored: Vec<(i64, String, String, Option<String>)> = self
            .conn()
            .prepare_cached("SELECT id, target, note, author FROM hand_flags ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (id, target, note, author) in stored {
            let (evidence, what, amount, total) =
                if let Some(l) = report.lines.iter().find(|l| l.key == target) {
                    (
                        rules::line_evidence(l),
                        l.label.trim().to_string(),
                        l.real_variance().map_or(0, |(v, _)| v),
                        l.total_row,
                    )
                } else if let Some(f) = report.figures.iter().find(|f| f.key == target) {
                    (
                        rules::figure_evidence(f),
                        f.text.clone(),
                        f.amount_pence,
                        false,
                    )
                } else {
                    continue;
                };
            let note_words = if note.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", note.trim())
            };
            out.push(Flag {
                key: format!("{}|{id}", Rule::ByHand.as_str()),
                target,
                rule: Rule::ByHand,
                severity: Severity::Medium,
                reason: format!(
                    "{what}: flagged by {}{note_words}",
                    author.as_deref().unwrap_or("you")
                ),
                amount_pence: amount.abs(),
                evidence,
                total,
                under: None,
                worth_asking: false,
                dismissed: None,
                hand: Some(HandFlag { id, note, author }),
            });
        }
        Ok(out)
    }

    /// Dismisses a flag with the member's reason: kept, shown struck
    /// through. It becomes the member's own decision, also where a
    /// colleague's bundle had dismissed it.
    pub fn dismiss_flag(&mut self, flag_key: &str, reason: &str) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO flag_dismissals (flag_key, reason, dismissed_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (flag_key) DO UPDATE SET reason = excluded.reason, dismissed_at = excluded.dismissed_at, author = NULL",
            params![flag_key, reason.trim(), now()],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn restore_flag(&mut self, flag_key: &str) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "DELETE FROM flag_dismissals WHERE flag_key = ?1",
            [flag_key],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a flag by hand on a line or a figure (by its key).
    pub fn add_hand_flag(&mut self, target: &str, note: &str) -> Result<i64, StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO hand_flags (target, note, created_at, uid) VALUES (?1, ?2, ?3, lower(hex(randomblob(16))))",
            params![target, note.trim(), now()],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    pub fn remove_hand_flag(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        tx.execute("DELETE FROM hand_flags WHERE id = ?1", [id])?;
        tx.execute(
            "DELETE FROM flag_dismissals WHERE flag_key = ?1",
            [format!("{}|{id}", Rule::ByHand.as_str())],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that two lines (by key) are, or are not, the same line.
    pub fn link_lines(&mut self, a: &str, b: &str, same: bool) -> Result<(), StoreError> {
        if a == b {
            return Err(StoreError::Invalid("a line is always itself".into()));
        }
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO line_links (a, b, kind) VALUES (?1, ?2, ?3) ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind",
            params![a, b, if same { "join" } else { "split" }],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A line followed across the council's reports: back through the
    /// earlier ones and on through the later, by the chain of matches.
    pub fn line_history(
        &self,
        meeting: MeetingId,
        line_key: &str,
    ) -> Result<LineHistory, StoreError> {
        let report = self.report(meeting)?;
        let start = report
            .lines
            .iter()
            .position(|l| l.key == line_key)
            .ok_or_else(|| {
                StoreError::Invalid("that budget line is no longer in this meeting's papers".into())
            })?;
        let fixes = self.line_corrections()?;
        let point = |r: &Report, i: usize, sureness: Option<Sureness>| {
            let l = &r.lines[i];
            HistoryPoint {
                meeting_id: l.meeting_id,
                date: r.date.clone(),
                item_id: l.item_id,
                page: l.page,
                line_key: l.key.clone(),
                label: l.label.clone(),
                table: l.caption.clone(),
                budget_pence: l.budget().map(|c| c.pence),
                variance_pence: l.real_variance().map(|(v, _)| v),
                movement_pence: l.printed_movement(),
                said: [None, None, None],
                sureness,
            }
        };
        let mut points = vec![point(&report, start, None)];
        // Back: each earlier report matched against the one after it.
        let (mut later, mut at) = (report.clone(), start);
        let mut could_join = Vec::new();
        for m in self.council_reports(meeting, true)? {
            let earlier = self.report(m)?;
            let found = tracking::match_lines(&later.lines, &earlier.lines, &fixes)
                .into_iter()
                .find(|x| x.later == at);
            let Some(found) = found else {
                could_join = earlier
                    .lines
                    .iter()
                    .filter(|l| !l.total_row || later.lines[at].total_row)
                    .map(|l| (l.key.clone(), l.label.clone()))
                    .collect();
                break;
            };
            points.insert(0, point(&earlier, found.earlier, Some(found.sureness)));
            (later, at) = (earlier, found.earlier);
        }
        // On: each later report matched against the one before it.
        let (mut before, mut at) = (report.clone(), start);
        for m in self.council_reports(meeting, false)? {
            let next = self.report(m)?;
            let Some(found) = tracking::match_lines(&next.lines, &before.lines, &fixes)
                .into_iter()
                .find(|x| x.earlier == at)
            else {
                break;
            };
            points.push(point(&next, found.later, Some(found.sureness)));
            (before, at) = (next, found.later);
        }
        // Where the paper prints no movement, the change since the
        // library's previous report of the line.
        for i in 1..points.len() {
            if points[i].movement_pence.is_none() {
                points[i].movement_pence = points[i]
                    .variance_pence
                    .zip(points[i - 1].variance_pence)
                    .map(|(now, then)| now - then);
            }
        }
        for p in &mut points {
            p.said = [
                p.budget_pence.map(|b| say(b, false)),
                p.variance_pence.map(|v| say(v, true)),
                p.movement_pence.map(|m| say(m, true)),
            ];
        }
        Ok(LineHistory {
            line_key: line_key.to_string(),
            label: report.lines[start].label.clone(),
            points,
            could_join,
        })
    }
}
