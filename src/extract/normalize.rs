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

/// British spellings common in the names of organizations and their American forms (after
/// "American and British English spelling differences", Wikipedia: -isation/-ization, -re/-er,
/// -ce/-se, -our/-or, -mme/-m), as words of a normalized name.
const SPELLINGS: &[(&str, &str)] = &[
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("centre", "center"),
    ("centres", "centers"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("defence", "defense"),
    ("labour", "labor"),
];

/// Head words of government bodies named both ways: "Department of Agriculture" and
/// "Agriculture Department", "Ministry of Finance" and "Finance Ministry".
pub(crate) const OF_HEADS: &[&str] = &["department", "ministry"];

/// A normalized name ([`normalize_name`]) with one spelling for words that have two: the
/// American form of the British spellings of [`SPELLINGS`], `co-` words without their hyphen
/// ("co-operation" is "cooperation", as "co-ordination" is "coordination"), and a department
/// or ministry "of" something as "something department" ("us department of agriculture" is
/// "us agriculture department").
pub(crate) fn fold_spelling(normalized: &str) -> String {
    let folded = fold_words(normalized);
    let words: Vec<&str> = folded.split(' ').collect();
    let heads = words.iter().filter(|w| OF_HEADS.contains(w)).count();
    match words.iter().position(|w| OF_HEADS.contains(w)) {
        Some(h) if heads == 1 && words.get(h + 1) == Some(&"of") && h + 2 < words.len() => {
            let mut out: Vec<&str> = words[..h].to_vec();
            out.extend_from_slice(&words[h + 2..]);
            out.push(words[h]);
            out.join(" ")
        }
        _ => folded,
    }
}

/// [`fold_spelling`] word by word.
fn fold_words(normalized: &str) -> String {
    let mut out = String::with_capacity(normalized.len());
    for (i, word) in normalized.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let word = match SPELLINGS.iter().find(|(b, _)| *b == word) {
            Some((_, american)) => american,
            None => word,
        };
        match word.strip_prefix("co-") {
            Some(rest) if rest.starts_with(|c: char| c.is_alphabetic()) => {
                out.push_str("co");
                out.push_str(rest);
            }
            _ => out.push_str(word),
        }
    }
    out
}

/// Whether the words of `inner` are a run of the words of `outer` (both name keys): a phrase
/// of `inner` finds `outer` ("treasury" in "us treasury").
pub(crate) fn words_hold(outer: &str, inner: &str) -> bool {
    let outer: Vec<&str> = outer.split(' ').collect();
    let inner: Vec<&str> = inner.split(' ').collect();
    outer.windows(inner.len()).any(|w| w == inner.as_slice())
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

    #[test]
    fn folds_spellings() {
        assert_eq!(
            fold_spelling("organisation for economic co-operation and development"),
            "organization for economic cooperation and development"
        );
        assert_eq!(fold_spelling("world trade centre"), "world trade center");
        assert_eq!(fold_spelling("co-op"), "coop");
        assert_eq!(
            fold_spelling("us department of agriculture"),
            "us agriculture department"
        );
        assert_eq!(fold_spelling("ministry of finance"), "finance ministry");
        assert_eq!(fold_spelling("department of"), "department of");
        assert_eq!(
            fold_spelling("department of x department of y"),
            "department of x department of y"
        );
        assert_eq!(fold_spelling("co-"), "co-");
        assert_eq!(fold_spelling(""), "");
    }

    proptest! {
        #[test]
        fn normalizing_is_idempotent(name in "\\PC{0,40}") {
            let once = normalize_name(&name);
            prop_assert_eq!(normalize_name(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        #[test]
        fn folding_is_idempotent(name in "\\PC{0,40}") {
            let once = fold_spelling(&normalize_name(&name));
            prop_assert_eq!(fold_spelling(&once), once);
        }

        #[test]
        fn normalizing_any_string_is_idempotent(name in any::<String>()) {
            let once = normalize_name(&name);
            prop_assert_eq!(normalize_name(&once), once);
        }
    }
}
