//! The one entity-name normaliser, used when indexing and when querying: lower case, ASCII
//! folding of Latin letters (é -> e, ß -> ss, Ł -> l), curly quotes to straight ones, no
//! punctuation but inner hyphens and apostrophes, single spaces. Letters of other scripts are
//! kept, lower-cased.

/// The ASCII form of a Latin letter with a diacritic, or of a typographic mark; `None` when `c`
/// is to stay as it is.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ȁ' | 'ȃ' | 'ạ' | 'ả' | 'ấ'
        | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => "a",
        'æ' | 'ǽ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ȅ' | 'ȇ' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế'
        | 'ề' | 'ể' | 'ễ' | 'ệ' | 'ə' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'ǧ' => "g",
        'ĥ' | 'ħ' | 'ḥ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ỉ' | 'ị' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ǩ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ'
        | 'ổ' | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ṣ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' | 'ṭ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ'
        | 'ǜ' | 'ụ' | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ữ' | 'ự' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        // apostrophes and quotes
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => "'",
        // hyphens (not dashes, which separate)
        '\u{2010}' | '\u{2011}' => "-",
        _ => return None,
    })
}

/// Combining diacritical marks (decomposed accents), dropped.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// See [`super::normalize_name`].
pub(crate) fn normalize_name(name: &str) -> String {
    // 1. lower case, fold, drop dots and combining marks; other punctuation becomes a space,
    //    hyphens and apostrophes stay for now
    let mut folded: Vec<char> = Vec::with_capacity(name.len());
    for c in name.chars() {
        for l in c.to_lowercase() {
            match fold(l) {
                Some(s) => folded.extend(s.chars()),
                None if is_combining(l) || l == '.' => {}
                None if l.is_alphanumeric() => folded.push(l),
                None if l == '-' || l == '\'' => folded.push(l),
                None => folded.push(' '),
            }
        }
    }
    // 2. keep a hyphen or apostrophe only between two letters or digits; single spaces
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    for (i, &c) in folded.iter().enumerate() {
        let keep = match c {
            '-' | '\'' => {
                i > 0
                    && folded[i - 1].is_alphanumeric()
                    && folded.get(i + 1).is_some_and(|n| n.is_alphanumeric())
            }
            ' ' => false,
            _ => true,
        };
        if keep {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize_name("  Adel  Abdel-Mahdi "), "adel abdel-mahdi");
        assert_eq!(normalize_name("Qasem Soleimani’s"), "qasem soleimani's");
        assert_eq!(normalize_name("U.S."), "us");
        assert_eq!(normalize_name("São Paulo"), "sao paulo");
        assert_eq!(normalize_name("Straße"), "strasse");
        assert_eq!(normalize_name("Łódź"), "lodz");
        assert_eq!(normalize_name("Zoe\u{0308}"), "zoe");
        assert_eq!(normalize_name("\"Islamic State\""), "islamic state");
        assert_eq!(normalize_name("O’Brien -- Smith-"), "o'brien smith");
        assert_eq!(normalize_name("AT&T Inc."), "at t inc");
        assert_eq!(normalize_name("Москва"), "москва");
        assert_eq!(normalize_name("CJTF-OIR"), "cjtf-oir");
        assert_eq!(normalize_name(""), "");
    }

    proptest! {
        #[test]
        fn normalizing_is_idempotent(name in "\\PC{0,40}") {
            let once = normalize_name(&name);
            prop_assert_eq!(normalize_name(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        #[test]
        fn normalizing_any_string_is_idempotent(name in any::<String>()) {
            let once = normalize_name(&name);
            prop_assert_eq!(normalize_name(&once), once);
        }
    }
}
