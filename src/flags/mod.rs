//! Flags: where money is going wrong, each with the rule that raised it,
//! a one-sentence reason with the numbers, and its evidence (line or
//! sentence, table, item, meeting, page).
//!
//! Flags are computed from the stored lines and figures every time they
//! are asked for, never stored, so they cannot go stale when a threshold
//! changes or a paper is read again. Only the member's own decisions are
//! stored (`store::flags`): thresholds, dismissals, flags added by hand,
//! and corrections to how lines are followed across reports. Those are
//! keyed by the paper's sha256 and the line's label, so they survive a
//! re-import of the same paper.
//!
//! The rules read column roles and figure kinds from the money reader;
//! they never guess a column from its position or its name, and a table of
//! counts (no unit, no money) never reaches them.

pub mod rules;
pub mod tracking;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{ItemId, MeetingId, TableId};
use crate::money::columns::ColumnRole;
use crate::money::figures::{Direction, FigureKind};
use crate::money::Unit;

/// The sizes at which a rule speaks up. Defaults: a variance of £0.5m or
/// 5% of its budget, a movement of £0.25m, re-phasing of £1m, an
/// underspend of £1m worth asking about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Thresholds {
    /// A variance at least this large (pence) is flagged...
    pub variance_pence: i64,
    /// ...or at least this share of its budget, in hundredths of a
    /// percent (500 = 5%).
    pub variance_basis_points: i64,
    /// A variance that worsened by at least this much since the last report.
    pub movement_pence: i64,
    /// Capital re-phasing or slippage at least this large.
    pub rephasing_pence: i64,
    /// An underspend at least this large is listed as worth asking about.
    pub underspend_pence: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            variance_pence: 50_000_000,
            variance_basis_points: 500,
            movement_pence: 25_000_000,
            rephasing_pence: 100_000_000,
            underspend_pence: 100_000_000,
        }
    }
}

impl Thresholds {
    /// Whether every threshold is one a member could mean: none negative,
    /// and a percentage of at most 1,000%.
    pub fn check(&self) -> Result<(), String> {
        let all = [
            self.variance_pence,
            self.movement_pence,
            self.rephasing_pence,
            self.underspend_pence,
            self.variance_basis_points,
        ];
        if all.iter().any(|v| *v < 0) {
            return Err("a threshold cannot be negative".into());
        }
        if self.variance_basis_points > 100_000 {
            return Err("a percentage threshold above 1,000% would flag nothing".into());
        }
        Ok(())
    }
}

/// Which rule raised a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A forecast overspend at or over the £ or % threshold.
    VarianceOverThreshold,
    /// The variance worsened since the last report by the threshold or more.
    AdverseMovement,
    /// The same line overspent in two or more successive reports.
    PersistentOverspend,
    /// Prose says savings slipped, are undeliverable, at risk or red.
    SavingsAtRisk,
    /// Reserves drawn to cover an overspend.
    ReservesCover,
    /// Capital re-phasing or slippage over the threshold.
    Rephasing,
    /// A total that its lines do not add up to.
    TotalDoesNotAddUp,
    /// The text gives a different figure from its own table.
    ProseDisagreesWithTable,
    /// A large underspend: not a problem, but worth asking why.
    LargeUnderspend,
    /// Added by the member.
    ByHand,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VarianceOverThreshold => "variance_over_threshold",
            Self::AdverseMovement => "adverse_movement",
            Self::PersistentOverspend => "persistent_overspend",
            Self::SavingsAtRisk => "savings_at_risk",
            Self::ReservesCover => "reserves_cover",
            Self::Rephasing => "rephasing",
            Self::TotalDoesNotAddUp => "total_does_not_add_up",
            Self::ProseDisagreesWithTable => "prose_disagrees_with_table",
            Self::LargeUnderspend => "large_underspend",
            Self::ByHand => "by_hand",
        }
    }

    /// The rule's name as the member reads it.
    pub fn title(self) -> &'static str {
        match self {
            Self::VarianceOverThreshold => "Overspend over threshold",
            Self::AdverseMovement => "Worsened since last report",
            Self::PersistentOverspend => "Overspent report after report",
            Self::SavingsAtRisk => "Savings at risk",
            Self::ReservesCover => "Reserves cover an overspend",
            Self::Rephasing => "Capital re-phasing or slippage",
            Self::TotalDoesNotAddUp => "Total does not add up",
            Self::ProseDisagreesWithTable => "Text disagrees with its table",
            Self::LargeUnderspend => "Large underspend (worth asking)",
            Self::ByHand => "Flagged by you",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "FlagSeverity"))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    /// By size against the threshold: four times it or more is high,
    /// twice it medium, else low.
    pub fn of(amount: i64, threshold: i64) -> Self {
        let (a, t) = (amount.unsigned_abs(), threshold.unsigned_abs().max(1));
        if a >= 4 * t {
            Self::High
        } else if a >= 2 * t {
            Self::Medium
        } else {
            Self::Low
        }
    }
}

/// Where a flag's numbers are printed: enough to open the place in the
/// papers and to cite it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Evidence {
    pub meeting_id: MeetingId,
    pub item_id: ItemId,
    pub table_id: Option<TableId>,
    /// The table's caption, where the flag is about a line.
    pub table: Option<String>,
    /// The budget line's label, where the flag is about a line.
    pub line: Option<String>,
    /// The sentence, where the flag is about prose.
    pub quote: Option<String>,
    pub page: Option<u32>,
}

/// A member's dismissal of a flag: kept, shown struck through, restorable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Dismissal {
    pub reason: String,
    /// RFC 3339.
    pub at: String,
    /// A colleague who dismissed it (from a bundle); None: the member.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Flag {
    /// Stable across re-imports of the same paper: the rule and the
    /// target's key.
    pub key: String,
    /// The line or figure the flag is on (`LineFacts::key`, `FigureFacts::key`).
    pub target: String,
    pub rule: Rule,
    pub severity: Severity,
    /// One sentence with the numbers, e.g. "Asylum: forecast overspend
    /// £3.52m against a budget of £0.55m (640%); threshold £0.5m or 5%".
    pub reason: String,
    /// The size the severity was judged on, in pence.
    pub amount_pence: i64,
    pub evidence: Evidence,
    /// This is a total or sub-total row's flag.
    pub total: bool,
    /// The key of the flagged total this line's flag stands under, so one
    /// overspend is not shown as three problems.
    pub under: Option<String>,
    /// Not a problem in itself, but worth a question (a large underspend).
    pub worth_asking: bool,
    pub dismissed: Option<Dismissal>,
    /// A flag added by hand: its id and the member's note.
    pub hand: Option<HandFlag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HandFlag {
    pub id: i64,
    pub note: String,
    /// A colleague who added it (from a bundle); None: the member.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    pub author: Option<String>,
}

/// One cell of a stored budget line, with its column's role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub column: String,
    pub role: ColumnRole,
    pub printed: String,
    pub pence: i64,
}

/// A stored budget line with what the rules need to judge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFacts {
    /// "sha256|normalised label|n": the same line of the same paper after
    /// a re-import (n counts earlier lines of that paper with the label).
    pub key: String,
    pub line_id: i64,
    pub table_id: TableId,
    /// The line's position in its table.
    pub position: usize,
    pub item_id: ItemId,
    pub meeting_id: MeetingId,
    pub caption: Option<String>,
    pub unit: Option<Unit>,
    /// True unless the paper says a plus is an underspend.
    pub plus_is_over: bool,
    /// A capital table (a re-phasing column or "capital" in its caption):
    /// followed only against capital lines.
    pub capital: bool,
    pub label: String,
    pub section: Option<String>,
    pub total_row: bool,
    pub page: Option<u32>,
    pub cells: Vec<Cell>,
}

impl LineFacts {
    fn last(&self, role: ColumnRole) -> Option<&Cell> {
        self.cells.iter().rev().find(|c| c.role == role)
    }

    fn first(&self, role: ColumnRole) -> Option<&Cell> {
        self.cells.iter().find(|c| c.role == role)
    }

    /// A value with overspend positive, whatever the paper's convention.
    pub fn adverse(&self, pence: i64) -> i64 {
        if self.plus_is_over {
            pence
        } else {
            -pence
        }
    }

    /// The budget the variance is measured against.
    pub fn budget(&self) -> Option<&Cell> {
        self.first(ColumnRole::Budget)
            .or_else(|| self.first(ColumnRole::Net))
    }

    pub fn rephasing(&self) -> Option<&Cell> {
        self.last(ColumnRole::Rephasing)
    }

    /// This period's real variance, overspend positive, and the re-phasing
    /// taken out of it (if any): a "Real variance" column where there is
    /// one; else the variance less a re-phasing column of the same sign,
    /// so that slipped capital is never read as an under- or overspend.
    pub fn real_variance(&self) -> Option<(i64, Option<i64>)> {
        if let Some(real) = self.last(ColumnRole::RealVariance) {
            return Some((self.adverse(real.pence), None));
        }
        let v = self.adverse(self.last(ColumnRole::Variance)?.pence);
        match self.rephasing().map(|r| self.adverse(r.pence)) {
            Some(r) if r != 0 && r.signum() == v.signum() => Some((v - r, Some(r))),
            _ => Some((v, None)),
        }
    }

    /// The change since the last report printed in the paper, overspend
    /// positive: a "Movement" column, or the variance less a "Last
    /// reported" column.
    pub fn printed_movement(&self) -> Option<i64> {
        if let Some(m) = self.last(ColumnRole::Movement) {
            return Some(self.adverse(m.pence));
        }
        let last = self.last(ColumnRole::LastReported)?;
        let (now, _) = self.real_variance()?;
        Some(now - self.adverse(last.pence))
    }
}

/// A stored figure of the prose with what the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureFacts {
    /// "sha256|fig|text|n".
    pub key: String,
    pub item_id: ItemId,
    pub meeting_id: MeetingId,
    pub text: String,
    pub amount_pence: i64,
    pub direction: Direction,
    pub kind: FigureKind,
    pub subject: Option<String>,
    pub page: Option<u32>,
    pub sentence: String,
}

/// One meeting's lines and figures: one report, for the rules and for
/// following lines over time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub meeting_id: Option<MeetingId>,
    /// ISO date of the meeting.
    pub date: String,
    pub lines: Vec<LineFacts>,
    pub figures: Vec<FigureFacts>,
}

/// Pence as a councillor says them: "£3.52m", "£0.5m" from £100k up, "£45,000"
/// below; `signed` adds "+" to a positive amount.
pub fn say(pence: i64, signed: bool) -> String {
    Said(pence, signed).to_string()
}

/// `say` written straight into the sentence it stands in: the rules say
/// amounts by the hundred thousand, and each `say` would be a string of
/// its own.
#[derive(Debug, Clone, Copy)]
struct Said(i64, bool);

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(pence, signed) = *self;
        let p = pence.unsigned_abs();
        let mut out = Backwards::default();
        if p >= 10_000_000 {
            // Hundredths of a million, rounded half up, without trailing
            // zeros: "£3.52m", "£3.5m", "£3m".
            let hundredths = (p + 500_000) / 1_000_000;
            let (whole, frac) = (hundredths / 100, hundredths % 100);
            out.push("m");
            match frac {
                0 => {}
                _ if frac % 10 == 0 => out.number(frac / 10, 1),
                _ => out.number(frac, 2),
            }
            if frac != 0 {
                out.push(".");
            }
            out.number(whole, 1);
        } else {
            // Whole pounds, the thousands parted by commas: "£45,000".
            let mut pounds = (p + 50) / 100;
            while pounds >= 1000 {
                out.number(pounds % 1000, 3);
                out.push(",");
                pounds /= 1000;
            }
            out.number(pounds, 1);
        }
        out.push("£");
        if pence < 0 {
            out.push("-");
        } else if signed && pence > 0 {
            out.push("+");
        }
        f.write_str(out.as_str()?)
    }
}

/// A share in hundredths of a percent as printed: "640%", "7.5%".
pub fn say_percent(basis_points: i64) -> String {
    SaidPercent(basis_points).to_string()
}

/// `say_percent` written straight into its sentence, as `Said`.
#[derive(Debug, Clone, Copy)]
struct SaidPercent(i64);

impl fmt::Display for SaidPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let basis_points = self.0;
        let mut out = Backwards::default();
        out.push("%");
        // Tenths of a percent, rounded half up; whole percents from 10% up.
        let tenths = (basis_points.unsigned_abs() + 5) / 10;
        if tenths >= 100 || tenths % 10 == 0 {
            out.number((tenths + 5) / 10, 1);
        } else {
            out.number(tenths % 10, 1);
            out.push(".");
            out.number(tenths / 10, 1);
        }
        if basis_points < 0 {
            out.push("-");
        }
        f.write_str(out.as_str()?)
    }
}

/// A short text built from its end, since digits come least significant
/// first, and written out in one go: a `write!` per piece costs more
/// than the digits do. Long enough for any i64 said as money or a share.
struct Backwards {
    buf: [u8; 40],
    start: usize,
}

impl Default for Backwards {
    fn default() -> Self {
        Self {
            buf: [0; 40],
            start: 40,
        }
    }
}

impl Backwards {
    fn push(&mut self, s: &str) {
        let start = self.start - s.len();
        self.buf[start..self.start].copy_from_slice(s.as_bytes());
        self.start = start;
    }

    /// `n` in digits, with leading zeros to at least `width` of them.
    fn number(&mut self, mut n: u64, width: usize) {
        let end = self.start;
        while n > 0 || end - self.start < width {
            self.start -= 1;
            self.buf[self.start] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }

    fn as_str(&self) -> Result<&str, fmt::Error> {
        std::str::from_utf8(&self.buf[self.start..]).map_err(|_| fmt::Error)
    }
}

/// `part` as a share of `whole` in hundredths of a percent, exactly
/// (i128: no overflow), or None for a zero whole.
pub fn basis_points(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    Some((part as i128 * 10_000 / whole as i128).clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_said_as_a_councillor_would() {
        assert_eq!(say(352_000_000, true), "+£3.52m");
        assert_eq!(say(55_000_000, false), "£0.55m");
        assert_eq!(say(-6_900_000_000, true), "-£69m");
        assert_eq!(say(50_000_000, false), "£0.5m");
        assert_eq!(say(4_500_000, false), "£45,000");
        assert_eq!(say(0, true), "£0");
    }

    #[test]
    fn percentages() {
        assert_eq!(say_percent(64_000), "640%");
        assert_eq!(say_percent(750), "7.5%");
        assert_eq!(say_percent(500), "5%");
        assert_eq!(say_percent(496), "5%", "4.96% rounds to 5.0%, said 5%");
        assert_eq!(say_percent(410), "4.1%");
        assert_eq!(say_percent(-230), "-2.3%");
        assert_eq!(basis_points(352, 55), Some(64_000));
        assert_eq!(basis_points(1, 0), None);
    }

    /// `say` and `say_percent` as they were written with `format!`, before
    /// they were written backwards into a buffer for speed.
    fn said_by_format(pence: i64, signed: bool) -> String {
        let sign = if pence < 0 {
            "-"
        } else if signed && pence > 0 {
            "+"
        } else {
            ""
        };
        let p = pence.unsigned_abs();
        if p >= 10_000_000 {
            let hundredths = (p + 500_000) / 1_000_000;
            let frac = format!("{:02}", hundredths % 100);
            let frac = frac.trim_end_matches('0');
            let dot = if frac.is_empty() { "" } else { "." };
            format!("{sign}£{}{dot}{frac}m", hundredths / 100)
        } else {
            let digits: Vec<char> = ((p + 50) / 100).to_string().chars().collect();
            let grouped = digits
                .rchunks(3)
                .rev()
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(",");
            format!("{sign}£{grouped}")
        }
    }

    fn percent_by_format(basis_points: i64) -> String {
        let sign = if basis_points < 0 { "-" } else { "" };
        let tenths = (basis_points.unsigned_abs() + 5) / 10;
        if tenths >= 100 || tenths % 10 == 0 {
            format!("{sign}{}%", (tenths + 5) / 10)
        } else {
            format!("{sign}{}.{}%", tenths / 10, tenths % 10)
        }
    }

    #[test]
    fn amounts_said_exactly_as_before() {
        // Every size from a penny to the largest pence there are, either
        // side of each rounding step and of each comma.
        let mut amounts = vec![0, 1, 49, 50, 99_949, 99_950, 9_999_949, 9_999_950];
        let mut n: i64 = 1;
        while let Some(next) = n.checked_mul(7) {
            amounts.extend([n - 1, n, n + 1, n + 499_999, n + 500_000, n + 4_999_999]);
            n = next;
        }
        amounts.extend((0..2_000).map(|k| k * 5_000_000 + 499_999));
        amounts.extend([i64::MAX, i64::MIN, i64::MIN + 1]);
        for a in amounts.iter().flat_map(|a| [*a, a.saturating_neg()]) {
            for signed in [false, true] {
                assert_eq!(say(a, signed), said_by_format(a, signed), "{a} {signed}");
            }
            assert_eq!(say_percent(a), percent_by_format(a), "{a}");
        }
    }

    #[test]
    fn severity_by_size_against_threshold() {
        assert_eq!(Severity::of(50, 50), Severity::Low);
        assert_eq!(Severity::of(-100, 50), Severity::Medium);
        assert_eq!(Severity::of(200, 50), Severity::High);
    }

    #[test]
    fn thresholds_must_be_sane() {
        assert!(Thresholds::default().check().is_ok());
        assert!(Thresholds {
            variance_pence: -1,
            ..Thresholds::default()
        }
        .check()
        .is_err());
    }
}
