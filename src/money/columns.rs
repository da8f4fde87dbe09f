//! What a budget table's columns mean: each column's role read from its
//! header words, and the paper's sign convention for variances. Flags and
//! the UI rely on these instead of guessing from names again.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// The role of a column of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// Budget, cash limit, allocation, approved or working budget.
    Budget,
    /// A forecast or projected outturn.
    Forecast,
    /// The outturn or actual spend.
    Outturn,
    /// This period's variance against budget.
    Variance,
    /// The part of the variance that is a real over- or underspend
    /// (as against re-phasing).
    RealVariance,
    /// Spend moved between years: re-phasing or slippage, not a saving.
    Rephasing,
    /// The change since the last report.
    Movement,
    /// The position last reported.
    LastReported,
    Income,
    Gross,
    Net,
    /// A column that is a year or period ("2025-26", "Mar 26", "Q1").
    Year,
    /// A percentage.
    Percent,
    #[default]
    Other,
}

impl ColumnRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Budget => "budget",
            Self::Forecast => "forecast",
            Self::Outturn => "outturn",
            Self::Variance => "variance",
            Self::RealVariance => "real_variance",
            Self::Rephasing => "rephasing",
            Self::Movement => "movement",
            Self::LastReported => "last_reported",
            Self::Income => "income",
            Self::Gross => "gross",
            Self::Net => "net",
            Self::Year => "year",
            Self::Percent => "percent",
            Self::Other => "other",
        }
    }

    /// Whether the column holds a variance a councillor would call an
    /// over- or underspend of this period.
    pub fn is_variance(self) -> bool {
        matches!(self, Self::Variance | Self::RealVariance)
    }
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:19|20)\d\d(?:\s?[-/–]\s?(?:\d\d){1,2})?|\d\d\s?[-/–]\s?\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d\d|\d{4})|q[1-4]|quarter\s+\d|month\s+\d{1,2})$")
        .expect("valid regex")
});

/// A column's role from its header words ("Revised Net Variance",
/// "Last reported Rephasing", "Cash Limit Gross", "2026/27").
pub fn role(header: &str) -> ColumnRole {
    let h = header.to_lowercase();
    let has = |w: &str| {
        h.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|x| x == w)
            || (w.contains(' ') && h.contains(w))
    };
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    if h.contains('%') || any(&["percent", "percentage"]) {
        return ColumnRole::Percent;
    }
    if any(&["last", "previous", "prior", "last reported"]) {
        return ColumnRole::LastReported;
    }
    if any(&["movement", "change", "changes"]) {
        return ColumnRole::Movement;
    }
    if any(&[
        "re-phasing",
        "rephasing",
        "phasing",
        "slippage",
        "reprofiling",
        "re-profiling",
    ]) {
        return ColumnRole::Rephasing;
    }
    if any(&["real"]) && any(&["variance", "var"]) {
        return ColumnRole::RealVariance;
    }
    if any(&[
        "variance",
        "variances",
        "var",
        "over/(under)",
        "(under)/over",
    ]) || h.contains("over/(under)")
        || h.contains("under)/over")
    {
        return ColumnRole::Variance;
    }
    if any(&["forecast", "projected", "projection", "forecasts"]) {
        return ColumnRole::Forecast;
    }
    if any(&["outturn", "actual", "actuals", "spend to date", "spent"]) {
        return ColumnRole::Outturn;
    }
    if any(&[
        "budget",
        "budgets",
        "cash limit",
        "allocation",
        "approved",
        "estimate",
        "estimated",
        "cost",
        "costs",
        "value",
    ]) {
        return ColumnRole::Budget;
    }
    if any(&["income"]) {
        return ColumnRole::Income;
    }
    if any(&["gross"]) {
        return ColumnRole::Gross;
    }
    if any(&["net"]) {
        return ColumnRole::Net;
    }
    if YEAR.is_match(header.trim()) {
        return ColumnRole::Year;
    }
    ColumnRole::Other
}

/// What a plus sign means in the paper's variance columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SignConvention {
    /// True: a positive variance is an overspend (the usual convention).
    pub positive_is_overspend: bool,
    /// The paper's own words that say so; None where it is assumed.
    pub stated: Option<String>,
}

static SIGN_STATEMENTS: LazyLock<Vec<(Regex, bool)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(&format!("(?i){p}")).expect("valid regex");
    vec![
        // Overspends shown positive, underspends negative or in brackets.
        (
            r(
                r"\(?favourable\)?\s*/\s*adverse|\(under\)\s*/\s*over|under\)?\s*spends? (?:are |is )?(?:shown |denoted |indicated )?(?:in brackets|as negative|with a minus)|brackets (?:denote|indicate|show|represent) (?:an? )?(?:under\s?spend|favourable)|negative (?:figures|numbers|variances?) (?:denote|indicate|show|represent|are) (?:an? )?(?:under\s?spend|favourable)|positive (?:figures|numbers|variances?) (?:denote|indicate|show|represent|are) (?:an? )?(?:over\s?spend|adverse|pressure)|\+\s*=\s*over\s?spend|over\s?spends? (?:are |is )?shown as positive",
            ),
            true,
        ),
        // The reverse: overspends in brackets.
        (
            r(
                r"\(?adverse\)?\s*/\s*favourable|over\)?\s*spends? (?:are |is )?(?:shown |denoted |indicated )?(?:in brackets|as negative)|brackets (?:denote|indicate|show|represent) (?:an? )?(?:over\s?spend|adverse)|negative (?:figures|numbers|variances?) (?:denote|indicate|show|represent|are) (?:an? )?(?:over\s?spend|adverse)|positive (?:figures|numbers|variances?) (?:denote|indicate|show|represent|are) (?:an? )?(?:under\s?spend|favourable)",
            ),
            false,
        ),
    ]
});

/// The sign convention a paper states ("figures in brackets denote an
/// underspend", "(favourable)/adverse"), or None where it says nothing.
pub fn sign_convention(text: &str) -> Option<SignConvention> {
    let mut best: Option<(usize, SignConvention)> = None;
    for (re, positive_is_overspend) in SIGN_STATEMENTS.iter() {
        if let Some(m) = re.find(text) {
            if best.as_ref().is_none_or(|(at, _)| m.start() < *at) {
                best = Some((
                    m.start(),
                    SignConvention {
                        positive_is_overspend: *positive_is_overspend,
                        stated: Some(m.as_str().to_string()),
                    },
                ));
            }
        }
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_header_words() {
        use ColumnRole::*;
        for (h, r) in [
            ("Budget", Budget),
            ("Working Budget", Budget),
            ("Cash Limit Gross", Budget),
            ("Net Forecast Variance", Variance),
            ("Revised Net Variance", Variance),
            ("Last Reported position", LastReported),
            ("Last reported Rephasing", LastReported),
            ("Movement Net", Movement),
            ("Movement Real", Movement),
            ("Re-phasing variance", Rephasing),
            ("Slippage", Rephasing),
            ("Real variance", RealVariance),
            ("Q3 Forecast", Forecast),
            ("Outturn", Outturn),
            ("Income", Income),
            ("Gross", Gross),
            ("Net", Net),
            ("2026/27", Year),
            ("2012-13", Year),
            ("Mar 26", Year),
            ("Outturn vs Current Budget %", Percent),
            ("Corporate Director adjustment", Other),
        ] {
            assert_eq!(role(h), r, "{h}");
        }
    }

    #[test]
    fn sign_conventions_stated_in_the_paper() {
        let s = sign_convention("Variances are shown as (favourable)/adverse against the budget.")
            .expect("stated");
        assert!(s.positive_is_overspend);
        let s = sign_convention("Figures in brackets denote an overspend.").expect("stated");
        assert!(!s.positive_is_overspend);
        assert!(sign_convention("The budget was set in February.").is_none());
    }
}
