//! Money: amounts exact to the penny, figures in the prose, budget tables.
//!
//! Every amount is held as integer pence with the text as printed beside
//! it; nothing here uses floating point. This module reads text; it does
//! not know about files, meetings or the database.

pub mod columns;
pub mod figures;
pub mod laid_out;
pub mod positions;
pub mod tables;
pub mod totals;

use serde::{Deserialize, Serialize};

/// The unit a number is printed in: "£m" means each 1.0 is £1,000,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    #[serde(rename = "£")]
    Pounds,
    #[serde(rename = "£000")]
    Thousands,
    #[serde(rename = "£m")]
    Millions,
    #[serde(rename = "£bn")]
    Billions,
}

impl Unit {
    /// Pence in one of this unit.
    pub fn pence(self) -> i64 {
        match self {
            Unit::Pounds => 100,
            Unit::Thousands => 100_000,
            Unit::Millions => 100_000_000,
            Unit::Billions => 100_000_000_000,
        }
    }

    /// Pence written in this unit, exactly, as a table prints it:
    /// 17_204_500_000 in £m is "172.045", -3_700_000 is "-0.037".
    pub fn format(self, pence: i64) -> String {
        let per = self.pence();
        let sign = if pence < 0 { "-" } else { "" };
        let (whole, frac) = (
            pence.unsigned_abs() / per as u64,
            pence.unsigned_abs() % per as u64,
        );
        let width = per.to_string().len() - 1;
        let frac = format!("{frac:0width$}");
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{frac}")
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Unit::Pounds => "£",
            Unit::Thousands => "£000",
            Unit::Millions => "£m",
            Unit::Billions => "£bn",
        }
    }

    /// A unit as printed in a table header or after an amount: "£m",
    /// "£000", "£'000", "£k", "(£m)", "million", "m", "bn", "k".
    pub fn from_marker(s: &str) -> Option<Unit> {
        let t: String = s
            .trim()
            .trim_matches(|c| c == '(' || c == ')')
            .chars()
            .filter(|c| !matches!(c, '\'' | '’' | ' '))
            .collect::<String>()
            .to_lowercase();
        let t = t.trim_start_matches('£').trim_end_matches('s');
        Some(match t {
            "" => Unit::Pounds,
            "m" | "million" | "mn" => Unit::Millions,
            "000" | "k" | "thousand" => Unit::Thousands,
            "bn" | "billion" | "b" => Unit::Billions,
            _ => return None,
        })
    }
}

/// A number as printed, read exactly: "58.390", "-0.037", "(8.027)",
/// "(1,182)", "£72.6", "-£5.9", "+£16.3", "−2.1" (a Unicode minus).
/// Returns the value as a signed mantissa and its count of decimals.
pub fn parse_number(printed: &str) -> Option<(i128, u32)> {
    let mut s = printed.trim();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    for (sign, neg) in [("-", true), ("−", true), ("–", true), ("+", false)] {
        if let Some(rest) = s.strip_prefix(sign) {
            negative ^= neg;
            s = rest.trim_start();
            break;
        }
    }
    s = s.strip_prefix('£').unwrap_or(s);
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        negative = !negative; // "£-5.9"
        s = rest;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    // Thousands separators only in their proper places.
    let groups: Vec<&str> = int.split(',').collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok
        || !int.chars().all(|c| c.is_ascii_digit() || c == ',')
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let digits: String = int
        .chars()
        .filter(char::is_ascii_digit)
        .chain(frac.chars())
        .collect();
    if digits.is_empty() || digits.len() > 30 {
        return None;
    }
    let mantissa: i128 = digits.parse().ok()?;
    Some((
        if negative { -mantissa } else { mantissa },
        frac.len() as u32,
    ))
}

/// Pence for a printed number in a unit, rounded half away from zero if
/// the printing is finer than a penny.
pub fn to_pence(mantissa: i128, decimals: u32, unit: Unit) -> Option<i64> {
    let scale = 10i128.checked_pow(decimals)?;
    let num = mantissa.checked_mul(i128::from(unit.pence()))?;
    let q = num / scale;
    let r = num % scale;
    let rounded = if r.abs() * 2 >= scale {
        q + num.signum()
    } else {
        q
    };
    i64::try_from(rounded).ok()
}

/// A printed number in a unit, as pence.
pub fn pence(printed: &str, unit: Unit) -> Option<i64> {
    let (m, d) = parse_number(printed)?;
    to_pence(m, d, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_number_styles() {
        assert_eq!(pence("58.390", Unit::Millions), Some(5_839_000_000));
        assert_eq!(pence("-0.037", Unit::Millions), Some(-3_700_000));
        assert_eq!(pence("(8.027)", Unit::Millions), Some(-802_700_000));
        assert_eq!(pence("(1,182)", Unit::Thousands), Some(-118_200_000));
        assert_eq!(pence("-£5.9", Unit::Millions), Some(-590_000_000));
        assert_eq!(pence("£72.6", Unit::Millions), Some(7_260_000_000));
        assert_eq!(pence("1,429,506.8", Unit::Thousands), Some(142_950_680_000));
        assert_eq!(
            pence("−2.1", Unit::Millions),
            Some(-210_000_000),
            "Unicode minus"
        );
        assert_eq!(
            pence("12,34", Unit::Pounds),
            None,
            "a misplaced separator is not a number"
        );
        assert_eq!(pence("n/a", Unit::Pounds), None);
        assert_eq!(
            pence("", Unit::Pounds),
            None,
            "a blank cell is nothing, not zero"
        );
    }

    #[test]
    fn unit_markers() {
        for (m, u) in [
            ("£m", Unit::Millions),
            ("£’m", Unit::Millions),
            ("(£m)", Unit::Millions),
            ("£000", Unit::Thousands),
            ("£'000", Unit::Thousands),
            ("£000s", Unit::Thousands),
            ("£k", Unit::Thousands),
            ("million", Unit::Millions),
            ("£bn", Unit::Billions),
            ("£", Unit::Pounds),
        ] {
            assert_eq!(Unit::from_marker(m), Some(u), "{m}");
        }
        assert_eq!(Unit::from_marker("%"), None);
    }

    #[test]
    fn format_writes_pence_back_as_printed() {
        assert_eq!(Unit::Millions.format(17_204_500_000), "172.045");
        assert_eq!(
            Unit::Millions.format(-3_700_000),
            "-0.037",
            "a sign survives a zero whole part"
        );
        assert_eq!(Unit::Thousands.format(-118_200_000), "-1182");
        assert_eq!(Unit::Pounds.format(1_250), "12.5");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Prints pence exactly in a unit, thousands separated when asked.
    fn print(pence: i64, unit: Unit, commas: bool) -> String {
        let plain = unit.format(pence);
        if !commas {
            return plain;
        }
        let (int, frac) = plain
            .split_once('.')
            .map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
        let digits: Vec<char> = int.chars().collect();
        let grouped = digits
            .rchunks(3)
            .rev()
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(",");
        frac.map_or(grouped.clone(), |f| format!("{grouped}.{f}"))
    }

    fn unit() -> impl Strategy<Value = Unit> {
        prop_oneof![
            Just(Unit::Pounds),
            Just(Unit::Thousands),
            Just(Unit::Millions),
            Just(Unit::Billions)
        ]
    }

    proptest! {
        #[test]
        fn table_cells_read_back_exactly(p in 0i64..10_000_000_000_000, unit in unit(), commas: bool, style in 0u8..5) {
            let body = print(p, unit, commas);
            let (printed, want) = match style {
                0 => (body.clone(), p),
                1 => (format!("-{body}"), -p),
                2 => (format!("({body})"), -p),
                3 => (format!("£{body}"), p),
                _ => (format!("−£{body}"), -p),
            };
            prop_assert_eq!(pence(&printed, unit), Some(want), "{}", printed);
        }

        #[test]
        fn prose_amounts_read_back_exactly(p in 1i64..100_000_000_000, style in 0u8..6) {
            // Each prose style prints in its own unit; keep amounts it can print.
            let (text, want) = match style {
                0 => (format!("£{}m", print(p - p % 100_000, Unit::Millions, false)), p - p % 100_000),
                1 => (format!("£{} million", print(p - p % 1_000_000, Unit::Millions, false)), p - p % 1_000_000),
                2 => (format!("£{}k", print(p - p % 100_000, Unit::Thousands, true)), p - p % 100_000),
                3 => (format!("£{}", print(p - p % 100, Unit::Pounds, true)), p - p % 100),
                4 => (format!("+£{}M", print(p - p % 100_000_000, Unit::Millions, false)), p - p % 100_000_000),
                _ => (format!("-£{}bn", print(p - p % 10_000_000_000, Unit::Billions, false)), p - p % 10_000_000_000),
            };
            prop_assume!(want > 0);
            let sentence = format!("The directorate reported {text} this year.");
            let (figs, doubts) = figures::find(&sentence, None);
            prop_assert!(doubts.is_empty(), "{} doubted", text);
            prop_assert_eq!(figs.len(), 1, "{}", sentence);
            prop_assert_eq!(figs[0].amount_pence, want, "{}", text);
        }
    }
}
