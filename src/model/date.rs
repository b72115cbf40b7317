//! Calendar dates as written in reports, including the garbled forms of web
//! copies (`202011日`), and what can be recovered from them.

use std::fmt;
use std::ops::Range;

use crate::syntax::SyntaxKind;

/// A valid calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date, if `year-month-day` exists on the calendar.
    #[must_use]
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The number of days of `month` in `year`; 0 for a month that is not 1–12.
#[must_use]
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// How a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    /// `2020年1月20日`, `2020-01-20`, `2020.1.20`, `二〇二〇年一月二十日`.
    Full,
    /// Characters lost in copying: `202011日`, `20201月1日`.
    Garbled,
    /// `12月31日`: the year is implied by the context.
    MonthDay,
    /// `2020年12月`: no day.
    YearMonth,
}

/// A date written in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    pub span: Range<usize>,
    pub text: String,
    pub form: DateForm,
    /// The date, when it is complete and unambiguous.
    pub date: Option<Date>,
    /// The year, when it is written (even if the rest is garbled).
    pub year: Option<i32>,
    /// Month and day when written (for `MonthDay`, or a recovered garble).
    pub month_day: Option<(u32, u32)>,
}

impl DateMention {
    /// Reads a date token of the given CST kind. Returns `None` for kinds
    /// that are not dates or text that does not hold a valid date shape.
    #[must_use]
    pub fn from_token(kind: SyntaxKind, text: &str, span: Range<usize>) -> Option<DateMention> {
        let compact: String = text
            .chars()
            .filter(|c| !crate::model::quantity::is_space(*c))
            .collect();
        let (form, year, month_day) = match kind {
            SyntaxKind::Date => {
                let numbers = digit_groups(&compact);
                let [year, month, day] = numbers.as_slice() else {
                    return None;
                };
                (
                    DateForm::Full,
                    Some(i32::try_from(*year).ok()?),
                    Some((*month, *day)),
                )
            }
            SyntaxKind::DateCn => {
                let (year, month, day) = chinese_numeral_date(&compact)?;
                (DateForm::Full, Some(year), Some((month, day)))
            }
            SyntaxKind::DateGarbled => {
                let (year, month_day) = garbled_date(&compact)?;
                (DateForm::Garbled, year, month_day)
            }
            SyntaxKind::MonthDay => {
                let numbers = digit_groups(&compact);
                let [month, day] = numbers.as_slice() else {
                    return None;
                };
                (DateForm::MonthDay, None, Some((*month, *day)))
            }
            SyntaxKind::YearMonth => {
                let numbers = digit_groups(&compact);
                let [year, _month] = numbers.as_slice() else {
                    return None;
                };
                (DateForm::YearMonth, Some(i32::try_from(*year).ok()?), None)
            }
            _ => return None,
        };
        let date = match (year, month_day) {
            (Some(year), Some((month, day))) if form != DateForm::MonthDay => {
                Date::new(year, month, day)
            }
            _ => None,
        };
        Some(DateMention {
            span,
            text: text.to_string(),
            form,
            date,
            year,
            month_day,
        })
    }

    /// The date, completing a month-day with `year` when needed.
    #[must_use]
    pub fn resolve(&self, year: Option<i32>) -> Option<Date> {
        if self.date.is_some() {
            return self.date;
        }
        match (self.form, self.month_day, year) {
            (DateForm::MonthDay, Some((month, day)), Some(year)) => Date::new(year, month, day),
            _ => None,
        }
    }

    /// Whether this date lost characters and could not be fully recovered,
    /// or was recovered from a garbled form.
    #[must_use]
    pub fn is_garbled(&self) -> bool {
        self.form == DateForm::Garbled
    }
}

fn digit_groups(text: &str) -> Vec<u32> {
    let mut groups = Vec::new();
    let mut current: Option<u32> = None;
    for ch in text.chars() {
        if let Some(digit) = ch.to_digit(10) {
            current = Some(
                current
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(digit),
            );
        } else if let Some(value) = current.take() {
            groups.push(value);
        }
    }
    groups.extend(current);
    groups
}

fn chinese_numeral_date(text: &str) -> Option<(i32, u32, u32)> {
    let (year_text, rest) = text.split_once('年')?;
    let (month_text, rest) = rest.split_once('月')?;
    let day_text = rest.strip_suffix('日')?;
    Some((
        super::numerals::positional(year_text)?,
        super::numerals::small(month_text)?,
        super::numerals::small(day_text)?,
    ))
}

/// A month and a day.
type MonthDay = (u32, u32);

/// Recovers a garbled date: the year when it has its four digits, month
/// and day when exactly one reading is a valid date. A year that gained
/// digits (`202220年`) is not guessed.
fn garbled_date(text: &str) -> Option<(Option<i32>, Option<MonthDay>)> {
    if let Some((year, rest)) = text.split_once('年')
        && year.len() > 4
    {
        let (month, day) = rest.trim_end_matches(['日', '号']).split_once('月')?;
        return Some((None, Some((month.parse().ok()?, day.parse().ok()?))));
    }
    let year: i32 = text.get(..4)?.parse().ok()?;
    let year = Some(year);
    let rest = text[4..].trim_start_matches('年');
    let rest = rest.strip_suffix('日')?;
    if let Some((month, day)) = rest.split_once('月') {
        let month: u32 = month.parse().ok()?;
        let day: u32 = day.parse().ok()?;
        return Some((year, Date::new(year?, month, day).map(|_| (month, day))));
    }
    if !rest.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut readings = Vec::new();
    for split in 1..rest.len() {
        let (month, day) = rest.split_at(split);
        if month.len() > 2 || day.len() > 2 {
            continue;
        }
        let (Ok(month), Ok(day)) = (month.parse::<u32>(), day.parse::<u32>()) else {
            continue;
        };
        if Date::new(year?, month, day).is_some() {
            readings.push((month, day));
        }
    }
    Some((year, (readings.len() == 1).then(|| readings[0])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(kind: SyntaxKind, text: &str) -> DateMention {
        DateMention::from_token(kind, text, 0..text.len()).expect("a date")
    }

    #[test]
    fn reads_every_written_form() {
        let expected = Date::new(2020, 1, 20);
        for text in [
            "2020年1月20日",
            "2020年01月20日",
            "2020-01-20",
            "2020.1.20",
            "2020 年 1 月 20 日",
        ] {
            let date = read(SyntaxKind::Date, text);
            assert_eq!(date.date, expected, "{text}");
            assert_eq!(date.form, DateForm::Full);
        }
        assert_eq!(
            read(SyntaxKind::DateCn, "二〇二〇年一月二十日").date,
            expected
        );
        assert_eq!(
            read(SyntaxKind::DateCn, "二〇二一年十二月三十一日").date,
            Date::new(2021, 12, 31)
        );
    }

    #[test]
    fn recovers_unambiguous_garbled_dates() {
        let start = read(SyntaxKind::DateGarbled, "202011日");
        assert_eq!(start.form, DateForm::Garbled);
        assert_eq!(start.date, Date::new(2020, 1, 1));
        assert_eq!(
            read(SyntaxKind::DateGarbled, "20201231日").date,
            Date::new(2020, 12, 31)
        );
        assert_eq!(
            read(SyntaxKind::DateGarbled, "20201月1日").date,
            Date::new(2020, 1, 1)
        );
        assert_eq!(
            read(SyntaxKind::DateGarbled, "202012月31日").date,
            Date::new(2020, 12, 31)
        );
        // 1/11 or 11/1: the year is kept, the date is not guessed.
        let ambiguous = read(SyntaxKind::DateGarbled, "2020111日");
        assert_eq!(ambiguous.year, Some(2020));
        assert_eq!(ambiguous.date, None);
        // 2020 or 2022: a year that gained digits is not guessed.
        let year = read(SyntaxKind::DateGarbled, "202220年12月31日");
        assert_eq!(year.year, None);
        assert_eq!(year.date, None);
        assert_eq!(year.month_day, Some((12, 31)));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(read(SyntaxKind::Date, "2021年2月29日").date, None);
        assert_eq!(
            read(SyntaxKind::Date, "2020年2月29日").date,
            Date::new(2020, 2, 29)
        );
        assert_eq!(read(SyntaxKind::Date, "2020年13月1日").date, None);
    }

    #[test]
    fn month_day_takes_the_year_from_context() {
        let end = read(SyntaxKind::MonthDay, "12月31日");
        assert_eq!(end.date, None);
        assert_eq!(end.resolve(Some(2023)), Date::new(2023, 12, 31));
    }
}
