//! Bytes to text, the first step of reading any file: UTF-8 (a BOM is dropped), UTF-16 by its
//! BOM (encoding_rs), anything else by `chardetng`'s guess (Latin-1, Windows-1252, Shift JIS,
//! ...), line ends normalised to `\n`. Empty files, binary ones (NUL bytes, too many control
//! characters) and files with no text are refused with a reason. (Oversized files never get
//! here: `read.rs` refuses them before reading.)

use super::problems::NO_TEXT;

/// A file's bytes as text with `\n` line ends, or the reason it is not an article's text:
/// empty, binary, or nothing but whitespace.
pub(super) fn text(bytes: &[u8]) -> Result<String, &'static str> {
    if bytes.is_empty() {
        return Err("empty file");
    }
    let text = normalize_newlines(decode(bytes)?);
    if text.trim().is_empty() {
        return Err(NO_TEXT);
    }
    Ok(text)
}

/// How many leading bytes (or chars) are looked at to tell binary from text.
const SNIFF_LEN: usize = 8 * 1024;

/// Decodes a file's bytes to text, or says why it is not text.
fn decode(bytes: &[u8]) -> Result<String, &'static str> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if text.chars().take(SNIFF_LEN).any(|c| c == '\0') {
            return Err("binary file (NUL bytes)");
        }
        return check_control(text.into_owned());
    }
    if bytes[..bytes.len().min(SNIFF_LEN)].contains(&0) {
        return Err("binary file (NUL bytes)");
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
            encoding.decode_without_bom_handling(bytes).0.into_owned()
        }
    };
    check_control(text)
}

/// Rejects text whose first [`SNIFF_LEN`] chars are more than 10% control characters (other
/// than tab, line feed, carriage return and form feed).
fn check_control(text: String) -> Result<String, &'static str> {
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars().take(SNIFF_LEN) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    if control * 10 > total {
        return Err("binary file (control characters)");
    }
    Ok(text)
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::article::testing::reason;
    use crate::article::{UNSUPPORTED, parse_bytes};

    #[test]
    fn text_crlf_and_bom() {
        let a = parse_bytes(
            Path::new("x.txt"),
            b"\xEF\xBB\xBFHeadline here\r\n\r\nBody one.\r\nBody two.\r\n",
        )
        .unwrap();
        let a = &a.articles[0];
        assert_eq!(a.title.as_deref(), Some("Headline here"));
        assert_eq!(a.body, "Headline here\n\nBody one.\nBody two.\n");
    }

    #[test]
    fn text_latin1_and_windows_1252() {
        let bytes = b"Caf\xe9 society in S\xe3o Paulo\n\n\x93Quoted,\x94 said Jos\xe9 Mar\xeda Aznar \x96 the former premier \x85 in a long enough sentence for detection.\n";
        let a = &parse_bytes(Path::new("x.txt"), bytes).unwrap().articles[0];
        assert_eq!(a.title.as_deref(), Some("Café society in São Paulo"));
        assert!(
            a.body
                .contains("“Quoted,” said José María Aznar – the former premier …"),
            "{}",
            a.body
        );
    }

    #[test]
    fn text_utf16_with_bom() {
        let text = "Headline\n\nBody with é.\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            parse_bytes(Path::new("x.txt"), &le).unwrap().articles[0].body,
            text
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(
            parse_bytes(Path::new("x.txt"), &be).unwrap().articles[0].body,
            text
        );
    }

    #[test]
    fn binary_and_empty_files_are_skipped() {
        let err = parse_bytes(Path::new("x.txt"), b"abc\0def").unwrap_err();
        assert_eq!(reason(&err), "binary file (NUL bytes)");
        let err = parse_bytes(Path::new("x.json"), b"\x01\x02\x03\x04abc\x05\x06").unwrap_err();
        assert_eq!(reason(&err), "binary file (control characters)");
        let err = parse_bytes(Path::new("x.txt"), b"").unwrap_err();
        assert_eq!(reason(&err), "empty file");
        let err = parse_bytes(Path::new("x.md"), b"  \n\n ").unwrap_err();
        assert_eq!(reason(&err), "no article text");
        let err = parse_bytes(Path::new("x.pdf"), b"%PDF").unwrap_err();
        assert_eq!(reason(&err), UNSUPPORTED);
    }

    #[test]
    fn html_windows_1252() {
        let bytes = b"<html><body><article><p>Jos\xe9 Mar\xeda said \x93no\x94 in S\xe3o Paulo on Tuesday, reporters were told.</p></article></body></html>";
        let a = &parse_bytes(Path::new("x.html"), bytes).unwrap().articles[0];
        assert!(
            a.body.contains("José María said “no” in São Paulo"),
            "{}",
            a.body
        );
    }
}
