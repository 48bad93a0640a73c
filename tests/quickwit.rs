//! The Quickwit contract: what `newsidx export` writes must be what `quickwit/newsidx.yaml`
//! and `quickwit/newsidx-undated.yaml` accept, by the rules Quickwit itself applies, and the
//! query and aggregation examples in `quickwit/` must use only what Quickwit supports. Nothing
//! here runs Quickwit; each rule cites where Quickwit or tantivy states it, so that when export,
//! config or Quickwit drift apart this test is where it shows.
//!
//! Targeted: Quickwit 0.9.1 (the current release; its CHANGELOG lists 0.9.1 and 0.9.0) and
//! 0.8.x, whose config format 0.8 both read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

/// The built-in tokenizers of Quickwit 0.9.1: `create_default_quickwit_tokenizer_manager` in
/// `quickwit/quickwit-query/src/tokenizers/mod.rs` registers `raw`, `raw_lowercase`,
/// `lowercase`, `default`, `whitespace`, `chinese_compatible`, `source_code_default`,
/// `source_code_with_hex` and `unicode_segmenter`. `en_stem` is gone: CHANGELOG 0.9.0,
/// "Stemming is now restricted to the `multilang` cargo feature (#6085)".
const TOKENIZERS_0_9: [&str; 9] = [
    "raw",
    "raw_lowercase",
    "lowercase",
    "default",
    "whitespace",
    "chinese_compatible",
    "source_code_default",
    "source_code_with_hex",
    "unicode_segmenter",
];

/// The built-in tokenizers of Quickwit 0.8 (the same function in 0.8): those of 0.9 less
/// `unicode_segmenter`, plus `en_stem`. A config for both may use only what both have.
const TOKENIZERS_0_8: [&str; 9] = [
    "raw",
    "raw_lowercase",
    "lowercase",
    "default",
    "en_stem",
    "whitespace",
    "chinese_compatible",
    "source_code_default",
    "source_code_with_hex",
];

/// Custom tokenizer types and filters: `TokenizerType` (`simple`, `ngram`, `regex`,
/// `source_code`; `multilang` only with that feature) and `TokenFilterType` (`remove_long`,
/// `lower_caser`, `ascii_folding`) in `quickwit-doc-mapper/src/doc_mapper/tokenizer_entry.rs`.
/// There is no stemming filter.
const CUSTOM_TYPES: [&str; 4] = ["simple", "ngram", "regex", "source_code"];
const CUSTOM_FILTERS: [&str; 3] = ["remove_long", "lower_caser", "ascii_folding"];

/// Tokens of 255 bytes or more are dropped, not cut, by `raw`, `default` and the others:
/// `DEFAULT_REMOVE_TOKEN_LENGTH = 255` in `quickwit-query/src/tokenizers/mod.rs`, and
/// tantivy's `RemoveLongFilter` keeps a token only if `token.text.len() < limit`. A `raw` value
/// that long is stored but no exact query finds it.
const RAW_LIMIT: usize = 255;

/// The instants a Quickwit `datetime` can hold: tantivy's `DateTime` is nanoseconds in an
/// `i64` (`common/src/datetime.rs`), 1677-09-21 to 2262-04-11; an RFC 3339 string outside is
/// not refused but wraps. newsidx exports only whole years inside, 1678 to 2261.
fn datetime_in_range(s: &str) -> bool {
    s.parse::<jiff::Timestamp>().is_ok_and(|t| {
        let first: jiff::Timestamp = "1677-09-22T00:00:00Z".parse().unwrap();
        let last: jiff::Timestamp = "2262-04-11T00:00:00Z".parse().unwrap();
        (first..last).contains(&t)
    })
}

/// The options each field type takes (Quickwit's field mapping structs deny unknown fields:
/// `QuickwitTextOptions`, `QuickwitDateTimeOptions`, `QuickwitNumericOptions`,
/// `QuickwitJsonOptions` in `quickwit-doc-mapper/src/doc_mapper/`).
fn allowed_options(kind: &str) -> Vec<&'static str> {
    let kind = kind
        .strip_prefix("array<")
        .map_or(kind, |k| k.trim_end_matches('>'));
    const ANY: [&str; 6] = ["name", "description", "type", "indexed", "stored", "fast"];
    let own: &[&str] = match kind {
        "text" => &["tokenizer", "record", "fieldnorms"],
        "datetime" => &["input_formats", "output_format", "fast_precision"],
        "u64" | "i64" | "f64" => &["coerce", "output_format"],
        "json" => &["tokenizer", "record", "fieldnorms", "expand_dots"],
        other => panic!("field type {other} is not checked by this test"),
    };
    ANY.iter().chain(own).copied().collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> Yaml {
    let text = std::fs::read_to_string(root().join("quickwit").join(name)).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

/// One field mapping: its type, tokenizer and whether it is fast.
#[derive(Debug, Clone, PartialEq)]
struct Field {
    kind: String,
    tokenizer: Option<String>,
    fast: bool,
}

/// The field mappings of a config by name, after checking each field's options.
fn fields(config: &Yaml) -> BTreeMap<String, Field> {
    let mut out = BTreeMap::new();
    for m in config["doc_mapping"]["field_mappings"].as_vec().unwrap() {
        let name = m["name"].as_str().unwrap().to_string();
        let kind = m["type"].as_str().unwrap().to_string();
        for (key, _) in m.as_hash().unwrap() {
            let key = key.as_str().unwrap();
            assert!(
                allowed_options(&kind).contains(&key),
                "{name}: `{key}` is no option of a {kind} field"
            );
        }
        let field = Field {
            kind,
            tokenizer: m["tokenizer"].as_str().map(str::to_string),
            fast: m["fast"].as_bool().unwrap_or(false),
        };
        assert!(
            out.insert(name.clone(), field).is_none(),
            "{name} mapped twice"
        );
    }
    out
}

/// Exports the fixtures (articles, web archive pages, dates the index cannot hold) split by
/// date, as the README tells a user to, and returns (dated, undated) records; once for all
/// the tests.
fn exported() -> &'static (Vec<Value>, Vec<Value>) {
    static EXPORTED: std::sync::OnceLock<(Vec<Value>, Vec<Value>)> = std::sync::OnceLock::new();
    EXPORTED.get_or_init(export_fixtures)
}

fn export_fixtures() -> (Vec<Value>, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = Command::cargo_bin("newsidx")
            .unwrap()
            .current_dir(dir.path())
            .env_clear()
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let index = dir.path().join("ix");
    let mut args: Vec<&std::ffi::OsStr> = vec!["index".as_ref()];
    let inputs: Vec<PathBuf> = ["articles", "warc/crawl.warc.gz", "far-dates", "feeds"]
        .iter()
        .map(|p| fixtures.join(p))
        .collect();
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["--index".as_ref(), index.as_os_str(), "-q".as_ref()]);
    run(&args);
    let out = dir.path().join("qw");
    run(&[
        "export".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--split-by-date".as_ref(),
        out.as_os_str(),
    ]);
    let read = |name: &str| -> Vec<Value> {
        std::fs::read_to_string(out.join(name))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    (read("dated.ndjson"), read("undated.ndjson"))
}

/// What Quickwit would refuse or mishandle in `record` under `fields`, with the reason;
/// `timestamp` is the config's `timestamp_field`.
fn problems(
    record: &Value,
    fields: &BTreeMap<String, Field>,
    timestamp: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    let object = record.as_object().unwrap();
    let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let mapped: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
    if keys != mapped {
        out.push(format!(
            "keys {keys:?} are not the mapped fields {mapped:?}"
        ));
    }
    for (name, field) in fields {
        let value = &record[name.as_str()];
        let date = |v: &Value| v.as_str().is_some_and(datetime_in_range);
        let raw = field.tokenizer.as_deref() == Some("raw");
        let long = |v: &Value| raw && v.as_str().is_some_and(|s| s.len() >= RAW_LIMIT);
        let items = || value.as_array().map(Vec::as_slice).unwrap_or(&[]);
        // Null and absent fields are ignored ("Behavior with null values or missing fields",
        // docs/configuration/index-config.md), except a timestamp field, which is required
        // (`DocParsingError::RequiredField`, "timestamp field is required").
        let ok = match field.kind.as_str() {
            _ if value.is_null() => timestamp != Some(name.as_str()),
            "text" => value.is_string(),
            "u64" => value.is_u64(),
            "datetime" => date(value),
            "array<text>" => value.is_array() && items().iter().all(Value::is_string),
            "array<datetime>" => value.is_array() && items().iter().all(date),
            // An array<json> takes objects only.
            "array<json>" => value.is_array() && items().iter().all(Value::is_object),
            other => panic!("{name}: type {other} not checked"),
        };
        if !ok {
            out.push(format!("{name} ({}): {value}", field.kind));
        }
        if long(value) || items().iter().any(long) {
            out.push(format!(
                "{name}: a raw value of {RAW_LIMIT} bytes or more is dropped from the index"
            ));
        }
    }
    out
}

#[test]
fn both_configs_use_what_quickwit_0_8_and_0_9_accept() {
    let dated = load("newsidx.yaml");
    let undated = load("newsidx-undated.yaml");
    // Format 0.8: Quickwit 0.9 reads it as an alias of 0.9 (`#[serde(alias = "0.8")]` on its
    // versioned configs), 0.8 as its own.
    for config in [&dated, &undated] {
        let version = match &config["version"] {
            Yaml::Real(v) | Yaml::String(v) => v.clone(),
            other => panic!("version {other:?}"),
        };
        assert_eq!(version, "0.8");
    }
    assert_eq!(dated["index_id"].as_str(), Some("newsidx"));
    assert_eq!(undated["index_id"].as_str(), Some("newsidx-undated"));
    let fields = fields(&dated);
    assert_eq!(
        fields,
        self::fields(&undated),
        "the two configs map the same fields"
    );
    assert_eq!(
        dated["doc_mapping"]["tokenizers"], undated["doc_mapping"]["tokenizers"],
        "and tokenize them the same way"
    );
    // The timestamp field: a single-valued fast datetime ("timestamp field `{}` should be a
    // fast field", "… should be single-valued", `validate_timestamp_field` in
    // quickwit-doc-mapper/src/doc_mapper/doc_mapper_impl.rs); none for undated articles.
    let timestamp = dated["doc_mapping"]["timestamp_field"].as_str().unwrap();
    assert_eq!(fields[timestamp].kind, "datetime");
    assert!(fields[timestamp].fast);
    assert!(undated["doc_mapping"]["timestamp_field"].is_badvalue());

    let mut custom = BTreeSet::new();
    for t in dated["doc_mapping"]["tokenizers"].as_vec().unwrap() {
        let name = t["name"].as_str().unwrap();
        assert!(
            !TOKENIZERS_0_9.contains(&name) && !TOKENIZERS_0_8.contains(&name),
            "custom tokenizer name `{name}` should be different from built-in tokenizer's names"
        );
        assert!(CUSTOM_TYPES.contains(&t["type"].as_str().unwrap()), "{t:?}");
        for f in t["filters"].as_vec().unwrap() {
            assert!(CUSTOM_FILTERS.contains(&f.as_str().unwrap()), "{f:?}");
        }
        custom.insert(name.to_string());
    }
    for (name, field) in &fields {
        if let Some(t) = &field.tokenizer {
            let builtin =
                TOKENIZERS_0_9.contains(&t.as_str()) && TOKENIZERS_0_8.contains(&t.as_str());
            assert!(
                builtin || custom.contains(t),
                "unknown tokenizer `{t}` for field `{name}` (in Quickwit 0.9.1 or 0.8)"
            );
        }
    }
    let search_fields = dated["search_settings"]["default_search_fields"]
        .as_vec()
        .unwrap();
    for f in search_fields {
        assert!(fields.contains_key(f.as_str().unwrap()), "{f:?}");
    }
}

#[test]
fn every_exported_record_is_one_quickwit_ingests() {
    let (dated, undated) = exported();
    assert!(
        dated.len() >= 8 && !undated.is_empty(),
        "{} / {}",
        dated.len(),
        undated.len()
    );
    let dated_fields = fields(&load("newsidx.yaml"));
    let undated_fields = fields(&load("newsidx-undated.yaml"));
    for record in dated {
        let p = problems(record, &dated_fields, Some("published"));
        assert!(p.is_empty(), "{}: {p:?}", record["id"]);
    }
    for record in undated {
        let p = problems(record, &undated_fields, None);
        assert!(p.is_empty(), "{}: {p:?}", record["id"]);
    }
    // Web archive pages carry `crawled`; some article mentions a date.
    assert!(
        undated
            .iter()
            .chain(dated)
            .any(|r| r["crawled"].is_string())
    );
    assert!(
        dated
            .iter()
            .any(|r| !r["mentioned"].as_array().unwrap().is_empty())
    );
}

/// The checks above find what they look for: an undated article in the dated index, a date
/// that would wrap, a long raw value, an array of strings where objects go, an unmapped key.
#[test]
fn the_contract_catches_what_quickwit_would_refuse() {
    let (dated, _) = exported();
    let fields = fields(&load("newsidx.yaml"));
    let good = dated[0].clone();
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut with = |key: &str, value: Value, why: &'static str| {
        let mut r = good.clone();
        r[key] = value;
        cases.push((r, why));
    };
    with("published", Value::Null, "published (datetime)");
    with(
        "mentioned",
        serde_json::json!(["1492-10-12T00:00:00Z"]),
        "mentioned",
    );
    with(
        "url",
        Value::from("https://e.org/".to_string() + &"a".repeat(250)),
        "url: a raw value",
    );
    with(
        "entities",
        serde_json::json!(["Donald Trump"]),
        "entities (array<json>)",
    );
    with("unmapped", Value::from(1), "keys");
    for (record, why) in cases {
        let p = problems(&record, &fields, Some("published"));
        assert!(p.iter().any(|p| p.starts_with(why)), "{why}: {p:?}");
    }
}

/// The parameters each aggregation takes in tantivy, which Quickwit runs (its request structs
/// deny unknown fields): `DateHistogramAggregationReq` (date_histogram.rs: `calendar_interval`,
/// `interval` and `format` are refused, "only `fixed_interval` is supported"),
/// `RangeAggregation` (range.rs: `from`/`to` numbers, nanoseconds on a date field) and
/// `TermsAggregation` (term_agg.rs), under `src/aggregation/bucket/`.
fn check_aggregations(aggs: &Value, fields: &BTreeMap<String, Field>, at: &str) {
    for (name, agg) in aggs.as_object().unwrap() {
        let agg = agg.as_object().unwrap();
        let kinds: Vec<&String> = agg.keys().filter(|k| *k != "aggs").collect();
        assert_eq!(kinds.len(), 1, "{at}/{name}: one aggregation an entry");
        let kind = kinds[0].as_str();
        let params = agg[kind].as_object().unwrap();
        let allowed: &[&str] = match kind {
            "terms" => &[
                "field",
                "size",
                "split_size",
                "shard_size",
                "segment_size",
                "show_term_doc_count_error",
                "min_doc_count",
                "order",
                "missing",
            ],
            "date_histogram" => &[
                "field",
                "fixed_interval",
                "offset",
                "min_doc_count",
                "hard_bounds",
                "extended_bounds",
                "keyed",
            ],
            "range" => &["field", "ranges", "keyed"],
            other => panic!("{at}/{name}: aggregation {other} not checked by this test"),
        };
        for key in params.keys() {
            assert!(
                allowed.contains(&key.as_str()),
                "{at}/{name}: {kind} takes no `{key}`"
            );
        }
        let field_name = params["field"].as_str().unwrap();
        let field = &fields[field_name];
        assert!(field.fast, "{at}/{name}: {field_name} is no fast field");
        let unit = |s: &str| {
            let digits = s.trim_start_matches(['+', '-']);
            let n = digits.trim_end_matches(char::is_alphabetic);
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && ["ms", "s", "m", "h", "d"].contains(&&digits[n.len()..])
        };
        match kind {
            "date_histogram" => {
                assert!(field.kind.ends_with("datetime"), "{at}/{name}");
                assert!(
                    unit(params["fixed_interval"].as_str().unwrap()),
                    "{at}/{name}"
                );
                assert!(
                    !params["fixed_interval"]
                        .as_str()
                        .unwrap()
                        .starts_with(['+', '-'])
                );
                if let Some(offset) = params.get("offset") {
                    assert!(
                        unit(offset.as_str().unwrap()),
                        "{at}/{name}: offset {offset}"
                    );
                }
            }
            "range" => {
                let mut last = i64::MIN;
                for r in params["ranges"].as_array().unwrap() {
                    for key in r.as_object().unwrap().keys() {
                        assert!(
                            ["key", "from", "to"].contains(&key.as_str()),
                            "{at}/{name}: {key}"
                        );
                    }
                    for bound in ["from", "to"] {
                        if let Some(v) = r.get(bound) {
                            let v = v
                                .as_i64()
                                .unwrap_or_else(|| panic!("{at}/{name}: {bound} {v} is no number"));
                            if field.kind.ends_with("datetime") {
                                // Nanoseconds: a date after 1973 as seconds or milliseconds is
                                // under 1e15.
                                assert!(
                                    v.abs() > 1_000_000_000_000_000,
                                    "{at}/{name}: {v} is no nanosecond bound"
                                );
                            }
                        }
                    }
                    // Ranges may not overlap ("Overlapping ranges not supported").
                    if let Some(from) = r.get("from").and_then(Value::as_i64) {
                        assert!(from >= last, "{at}/{name}: overlapping ranges");
                    }
                    last = r.get("to").and_then(Value::as_i64).unwrap_or(i64::MAX);
                }
            }
            _ => assert!(
                field.kind.contains("text"),
                "{at}/{name}: terms on {field_name}"
            ),
        }
        if let Some(sub) = agg.get("aggs") {
            check_aggregations(sub, fields, &format!("{at}/{name}"));
        }
    }
}

/// A search request body: known keys (`SearchRequestQueryString`, quickwit-serve
/// `search_api/rest_handler.rs`, denies unknown fields), `sort_by` on fast fields or `_score`
/// (`+f` and `f` sort descending, `-f` ascending), field names in the query mapped.
fn check_request(request: &Value, fields: &BTreeMap<String, Field>, at: &str) {
    const KEYS: [&str; 11] = [
        "query",
        "aggs",
        "search_field",
        "snippet_fields",
        "start_timestamp",
        "end_timestamp",
        "max_hits",
        "start_offset",
        "format",
        "sort_by",
        "count_all",
    ];
    for key in request.as_object().unwrap().keys() {
        assert!(KEYS.contains(&key.as_str()), "{at}: unknown key `{key}`");
    }
    if let Some(sort) = request.get("sort_by") {
        for f in sort.as_str().unwrap().split(',') {
            let f = f.trim().trim_start_matches(['+', '-']);
            assert!(
                f == "_score" || fields.get(f).is_some_and(|f| f.fast),
                "{at}: sort_by {f}"
            );
        }
    }
    for key in ["start_timestamp", "end_timestamp"] {
        if let Some(v) = request.get(key) {
            // Seconds ("This timestamp is expressed in seconds").
            assert!(
                v.as_i64().is_some_and(|s| s.abs() < 10_000_000_000),
                "{at}: {key} {v}"
            );
        }
    }
    let query = request["query"].as_str().unwrap();
    for word in query.split(|c: char| c.is_whitespace() || c == '(') {
        let word = word.trim_start_matches(['+', '-']);
        if let Some((field, _)) = word.split_once(':')
            && field.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            let known = fields.contains_key(field)
                || field
                    .split_once('.')
                    .is_some_and(|(f, _)| fields[f].kind.contains("json"));
            assert!(known, "{at}: `{field}` in the query is not mapped");
        }
    }
    if let Some(aggs) = request.get("aggs") {
        check_aggregations(aggs, fields, at);
    }
}

#[test]
fn every_query_and_aggregation_example_is_one_quickwit_runs() {
    let fields = fields(&load("newsidx.yaml"));
    let dir = root().join("quickwit/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let request: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        check_request(&request, &fields, &path.display().to_string());
        seen += 1;
    }
    assert!(seen >= 8, "{seen} examples");
    // The README's JSON blocks too: each is valid JSON and a request Quickwit runs.
    let readme = std::fs::read_to_string(root().join("quickwit/README.md")).unwrap();
    let mut blocks = 0;
    for block in readme.split("```json\n").skip(1) {
        let json = block.split("```").next().unwrap();
        let request: Value = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("quickwit/README.md: {e}\n{json}"));
        check_request(&request, &fields, "quickwit/README.md");
        blocks += 1;
    }
    assert!(blocks >= 1, "the README shows at least one request body");
}
