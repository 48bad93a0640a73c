//! Any string through `extract::extract` and `extract::extract_at`, with the rule-based or the
//! CRF recogniser. Every mention must slice the text on char boundaries, its `text` must be
//! exactly that slice and its char offsets must count the same place.
#![no_main]

use jiff::Timestamp;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use newsidx::extract::{self, CrfRecognizer, Recognizer, RuleRecognizer};

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    /// The CRF recogniser (the default) or the rule-based one.
    crf: bool,
    /// Seconds since the epoch of the publication date, clamped to what jiff supports;
    /// `None` runs `extract`, which resolves no relative dates.
    published: Option<i64>,
    text: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let text = input.text;
    let recognizer: &dyn Recognizer = if input.crf {
        &CrfRecognizer::new()
    } else {
        &RuleRecognizer::new()
    };
    let mentions = match input.published {
        None => extract::extract(recognizer, text),
        Some(s) => {
            let s = s.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
            let published = Timestamp::from_second(s).expect("clamped into range");
            extract::extract_at(recognizer, text, Some(published))
        }
    };
    for m in &mentions {
        let slice = text.get(m.start..m.end);
        assert!(slice.is_some(), "{m:?} is not a char-boundary span of the text");
        assert_eq!(slice, Some(m.text.as_str()), "{m:?} text is not its span");
        assert_eq!(text[..m.start].chars().count(), m.char_start, "{m:?} char_start");
        assert_eq!(text[..m.end].chars().count(), m.char_end, "{m:?} char_end");
    }
});
