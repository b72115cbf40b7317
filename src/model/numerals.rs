//! Chinese numerals as reports write them, read in one place: digits
//! (`二〇二一`), small numbers with 十 (`十二`, `二十一`) and counts
//! (`两`). Years, dates, heading ordinals and counts of parts all use
//! these.

/// One digit: `〇`/`○`/`零`/`Ｏ`/`O` → 0, `一` … `九`, `两` → 2.
#[must_use]
pub fn digit(ch: char) -> Option<u32> {
    Some(match ch {
        '〇' | '○' | '零' | 'Ｏ' | 'O' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A number written digit by digit, in ASCII or Chinese digits:
/// `2021`, `二〇二一` → 2021.
#[must_use]
pub fn positional(text: &str) -> Option<i32> {
    if let Ok(value) = text.parse() {
        return Some(value);
    }
    if text.is_empty() {
        return None;
    }
    text.chars().try_fold(0i32, |value, ch| {
        value
            .checked_mul(10)?
            .checked_add(i32::try_from(digit(ch)?).ok()?)
    })
}

/// A number below 100 in ASCII digits or Chinese numerals with 十:
/// `九` → 9, `十` → 10, `十二` → 12, `二十` → 20, `二十一` → 21, `12` → 12.
#[must_use]
pub fn small(text: &str) -> Option<u32> {
    if let Ok(value) = text.parse() {
        return Some(value);
    }
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [one] => digit(*one),
        ['十', unit] => Some(10 + digit(*unit)?),
        [tens, '十'] => Some(digit(*tens)? * 10),
        [tens, '十', unit] => Some(digit(*tens)? * 10 + digit(*unit)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_way_reports_write_numbers() {
        assert_eq!(positional("2021"), Some(2021));
        assert_eq!(positional("二〇二一"), Some(2021));
        assert_eq!(positional("二零一九"), Some(2019));
        assert_eq!(positional("二〇二X"), None);
        assert_eq!(positional(""), None);
        assert_eq!(small("十"), Some(10));
        assert_eq!(small("十二"), Some(12));
        assert_eq!(small("二十"), Some(20));
        assert_eq!(small("三十一"), Some(31));
        assert_eq!(small("两"), Some(2));
        assert_eq!(small("6"), Some(6));
        assert_eq!(small("十十"), None);
        assert_eq!(small("一百"), None);
    }
}
