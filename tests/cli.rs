//! End-to-end tests of the `newsidx` binary on the committed fixtures in `tests/fixtures/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// A temp folder with the fixture articles copied in, and a way to run the binary there with a
/// cleared environment.
struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
        copy_dir(&fixtures, &dir.path().join("articles"));
        TestEnv { dir }
    }

    /// A TestEnv whose index has been built from the fixtures.
    fn indexed() -> TestEnv {
        let env = TestEnv::new();
        let out = env.run(&["index", "articles"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        env
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("newsidx").expect("binary built");
        cmd.current_dir(self.dir.path()).env_clear();
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("runs")
    }

    /// Runs the binary, expects exit code 2 and an error message containing `needle`.
    fn fails_with(&self, args: &[&str], needle: &str) -> Output {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(needle),
            "{args:?}: {needle} not in {}",
            stderr(&out)
        );
        out
    }

    /// Runs a search with `--format json` and returns the parsed document.
    fn search_json(&self, args: &[&str]) -> Value {
        let mut all = vec!["search", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json output")
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn ids(doc: &Value) -> Vec<String> {
    doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The highlighted pieces of a hit's snippet.
fn highlighted(hit: &Value) -> Vec<String> {
    let text = hit["snippet"]["text"].as_str().unwrap();
    hit["snippet"]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[a..b].to_string()
        })
        .collect()
}

#[test]
fn index_reports_articles_and_bad_records_and_goes_on() {
    let env = TestEnv::new();
    let out = env.run(&["index", "articles"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("indexed 9 articles from 7 files"), "{err}");
    assert!(
        err.contains("reuters-1987.jsonl:3:"),
        "malformed line named: {err}"
    );
    assert!(
        err.contains("reuters-1987.jsonl:6"),
        "record without body named: {err}"
    );
    assert!(env.path("index/meta.json").exists());
}

#[test]
fn index_json_summary_counts_entities() {
    let env = TestEnv::new();
    let out = env.run(&["index", "articles", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 9);
    assert_eq!(summary["total_articles"], 9);
    assert_eq!(summary["skipped"].as_array().unwrap().len(), 2);
    assert!(summary["entities"]["PERSON"].as_u64().unwrap() >= 6);
}

#[test]
fn reindexing_the_same_folder_replaces_articles() {
    let env = TestEnv::indexed();
    let out = env.run(&["index", "articles", "--json"]);
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["total_articles"], 9,
        "no duplicates after a second run"
    );
}

#[test]
fn every_format_is_indexed() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--limit", "100"]);
    assert_eq!(doc["total_hits"], 9);
    let ids = ids(&doc);
    for want in [
        "articles/iraq/us-forces-iraq-letter.txt",
        "articles/iraq/2020-01-07-pentagon-soleimani.md",
        "articles/iraq/2019-12-30-militia-strikes.json",
        "articles/web/2020-01-06-trump-sanctions.html",
        "articles/wire/reuters-1987.jsonl#1",
        "articles/wire/reuters-1987.jsonl#4",
        "articles/plain/eu-lamb.txt",
        "articles/plain/headers.txt",
    ] {
        assert!(
            ids.iter().any(|id| id == want),
            "{want} missing from {ids:?}"
        );
    }
}

#[test]
fn person_soleimani_ranks_the_article_about_him_first() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--person", "soleimani"]);
    let ids = ids(&doc);
    assert_eq!(
        ids[0], "articles/iraq/2020-01-07-pentagon-soleimani.md",
        "{ids:?}"
    );
    assert!(ids.contains(&"articles/iraq/us-forces-iraq-letter.txt".to_string()));
    for hit in doc["hits"].as_array().unwrap() {
        assert!(
            hit["persons"]
                .as_array()
                .unwrap()
                .contains(&"Qasem Soleimani".into())
        );
        let marks = highlighted(hit);
        assert!(marks.iter().any(|m| m.contains("Soleimani")), "{marks:?}");
    }
}

#[test]
fn org_pentagon_finds_the_sample_letter() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--org", "pentagon"]);
    let ids = ids(&doc);
    assert!(
        ids.contains(&"articles/iraq/us-forces-iraq-letter.txt".to_string()),
        "{ids:?}"
    );
    assert_eq!(ids[0], "articles/iraq/2020-01-07-pentagon-soleimani.md");
}

#[test]
fn person_trump_finds_donald_trump() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--person", "trump"]);
    let ids = ids(&doc);
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(ids[0], "articles/web/2020-01-06-trump-sanctions.html");
    let letter = &doc["hits"][1];
    assert_eq!(letter["id"], "articles/iraq/us-forces-iraq-letter.txt");
    assert!(
        letter["persons"]
            .as_array()
            .unwrap()
            .contains(&"Donald Trump".into())
    );
}

#[test]
fn query_and_filters_combine_and_highlight_both() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["withdrawal", "--person", "soleimani", "--org", "pentagon"]);
    let ids = ids(&doc);
    assert_eq!(ids, ["articles/iraq/us-forces-iraq-letter.txt"]);
    let marks = highlighted(&doc["hits"][0]);
    // The stemmed query word highlights every form of it: "withdraw", "withdrawal".
    assert!(marks.iter().any(|m| m.starts_with("withdraw")), "{marks:?}");
    assert!(marks.iter().any(|m| m.contains("Soleimani")), "{marks:?}");
}

#[test]
fn date_range_filters_on_publication_date() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--from", "2020-01", "--to", "2020-01", "--limit", "100"]);
    let mut ids = ids(&doc);
    ids.sort();
    assert_eq!(
        ids,
        [
            "articles/iraq/2020-01-07-pentagon-soleimani.md",
            "articles/plain/headers.txt",
            "articles/web/2020-01-06-trump-sanctions.html",
        ]
    );
    let doc = env.search_json(&["--to", "1987-02-26", "--limit", "100"]);
    assert_eq!(doc["total_hits"], 3, "{:?}", ids_of(&doc));
    let doc = env.search_json(&["--person", "soleimani", "--from", "2020-01-07"]);
    assert_eq!(
        ids_of(&doc),
        ["articles/iraq/2020-01-07-pentagon-soleimani.md"]
    );
}

fn ids_of(doc: &Value) -> Vec<String> {
    ids(doc)
}

#[test]
fn dates_come_from_metadata_dateline_and_stamp() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--limit", "100"]);
    let published = |id: &str| -> Value {
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))["published"]
            .clone()
    };
    assert_eq!(
        published("articles/wire/reuters-1987.jsonl#1"),
        "1987-02-26T15:01:01Z"
    );
    assert_eq!(
        published("articles/plain/eu-lamb.txt"),
        "1996-08-22T00:00:00Z"
    );
    let source = |id: &str| -> Value {
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap()["published_source"]
            .clone()
    };
    assert_eq!(source("articles/plain/eu-lamb.txt"), "dateline");
    assert_eq!(source("articles/plain/headers.txt"), "metadata");
    assert_eq!(
        source("articles/iraq/us-forces-iraq-letter.txt"),
        Value::Null
    );
    assert_eq!(
        published("articles/plain/headers.txt"),
        "2020-01-08T00:00:00Z"
    );
    assert_eq!(
        published("articles/web/2020-01-06-trump-sanctions.html"),
        "2020-01-06T03:15:00Z"
    );
    assert_eq!(
        published("articles/iraq/us-forces-iraq-letter.txt"),
        Value::Null
    );
}

#[test]
fn no_hits_exits_1() {
    let env = TestEnv::indexed();
    let out = env.run(&["search", "zeppelin"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("0 of 0 matching articles"));
}

#[test]
fn missing_index_says_how_to_build_one() {
    let env = TestEnv::new();
    let out = env.run(&["search", "iraq"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no index at index") && err.contains("newsidx index"),
        "{err}"
    );
}

#[test]
fn bad_dates_and_ranges_fail_before_the_index_is_opened() {
    let env = TestEnv::new(); // no index: the date error must come first
    env.fails_with(&["search", "--from", "2020-13"], "--from");
    env.fails_with(&["search", "--to", "someday"], "--to");
    env.fails_with(
        &["search", "--from", "2021", "--to", "2020"],
        "invalid date range",
    );
}

#[test]
fn query_syntax_error_says_where() {
    let env = TestEnv::new();
    env.fails_with(&["search", "iraq \"troops"], "character");
    env.fails_with(&["search", "nosuchfield:iraq"], "nosuchfield");
}

#[test]
fn limit_out_of_range_is_rejected() {
    let env = TestEnv::new();
    for limit in ["0", "-3", "999999999"] {
        let out = env.run(&["search", "iraq", "--limit", limit]);
        assert_eq!(out.status.code(), Some(2), "--limit {limit}");
    }
}

#[test]
fn query_syntax_searches_entity_fields() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["person:\"mark esper\""]);
    assert_eq!(
        ids(&doc),
        ["articles/iraq/2020-01-07-pentagon-soleimani.md"]
    );
}

#[test]
fn jsonl_gives_one_hit_a_line() {
    let env = TestEnv::indexed();
    let out = env.run(&["search", "--org", "pentagon", "--format", "jsonl"]);
    assert!(out.status.success());
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for (i, hit) in lines.iter().enumerate() {
        assert_eq!(hit["rank"], i + 1);
        for key in [
            "score",
            "id",
            "path",
            "title",
            "published",
            "persons",
            "organizations",
            "locations",
            "snippet",
        ] {
            assert!(hit.get(key).is_some(), "{key} missing");
        }
    }
}

#[test]
fn csv_has_a_header_and_a_row_per_hit() {
    let env = TestEnv::indexed();
    let out = env.run(&["search", "--person", "trump", "--format", "csv"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "rank",
            "score",
            "id",
            "path",
            "title",
            "published",
            "persons",
            "organizations",
            "locations",
            "snippet"
        ]
    );
    let rows: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[1][6].contains("Donald Trump;") || rows[1][6].contains(";Donald Trump"));
}

#[test]
fn json_output_snapshot() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--person", "trump", "--limit", "1"]);
    insta::assert_json_snapshot!(doc, { ".hits[].score" => "[score]" });
}

#[test]
fn text_output_for_people_and_colour_choice() {
    let env = TestEnv::indexed();
    let out = env.run(&["search", "--person", "trump", "--color", "never"]);
    let text = stdout(&out);
    assert!(
        text.contains("  1. Trump threatens Iraq with sanctions over troop vote  2020-01-06"),
        "{text}"
    );
    assert!(text.contains("persons: Donald Trump"), "{text}");
    assert!(text.contains("2 of 2 matching articles"));
    assert!(!text.contains('\x1b'));
    let out = env.run(&["search", "--person", "trump", "--color", "always"]);
    assert!(stdout(&out).contains("\x1b["), "colour forced on");
    let out = env.run(&["search", "--person", "trump"]);
    assert!(
        !stdout(&out).contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn sample_article_entities_via_extract() {
    let env = TestEnv::new();
    let out = env.run(&["extract", "articles/iraq/us-forces-iraq-letter.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    let body = doc["body"].as_str().unwrap();
    let original =
        std::fs::read_to_string(env.path("articles/iraq/us-forces-iraq-letter.txt")).unwrap();
    assert_eq!(body, original, "txt offsets point into the file's text");
    let mut persons: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "PERSON")
        .map(|e| e["canonical"].as_str().unwrap())
        .collect();
    persons.sort();
    persons.dedup();
    assert_eq!(
        persons,
        [
            "Abu Mahdi al-Muhandis",
            "Adel Abdel-Mahdi",
            "Donald Trump",
            "Matthew Tueller",
            "Qasem Soleimani",
            "William Seely",
        ]
    );
    let orgs: Vec<&str> = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "ORGANIZATION")
        .map(|e| e["canonical"].as_str().unwrap())
        .collect();
    // no "Islamic State": it was found only through a hand-list entry that no public source
    // backs, removed in issue 15
    for want in ["AFP", "Reuters", "CJTF-OIR", "Pentagon"] {
        assert!(orgs.contains(&want), "{want} not in {orgs:?}");
    }
    for e in doc["entities"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[s..t], e["text"].as_str().unwrap());
        let chars: String = body
            .chars()
            .skip(e["char_start"].as_u64().unwrap() as usize)
            .take((e["char_end"].as_u64().unwrap() - e["char_start"].as_u64().unwrap()) as usize)
            .collect();
        assert_eq!(chars, e["text"].as_str().unwrap());
    }
}

#[test]
fn extract_reads_every_record_of_a_jsonl_file_with_offsets_into_the_body_field() {
    let env = TestEnv::new();
    let out = env.run(&["extract", "articles/wire"]);
    assert!(out.status.success());
    let docs: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["id"], "articles/wire/reuters-1987.jsonl#1");
    assert_eq!(docs[0]["line"], 1);
    assert!(
        docs[0]["body"]
            .as_str()
            .unwrap()
            .starts_with("SALVADOR, Feb 26 - Showers")
    );
    assert!(stderr(&out).contains("reuters-1987.jsonl:3"));
}

/// Copies the wire fixtures (`tests/fixtures/wire/`: Reuters-style bodies with a dateline, a
/// ticker, a caption line and a sign-off, written for these tests) into `env` under `wire/`.
fn with_wire_fixtures(env: &TestEnv) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wire");
    copy_dir(&from, &env.path("wire"));
}

/// Regression (issue 15): "Reuter", the sign-off ending nearly every Reuters article, was the
/// top person of every `entities` list; upper-case dateline cities came out as organizations
/// or persons (DENVER), tickers stuck to company names (`Occidental Petroleum Corp <OXY`) and
/// names ran across a caption's line break.
#[test]
fn wire_sign_offs_datelines_and_tickers_are_no_junk_entities() {
    let env = TestEnv::new();
    with_wire_fixtures(&env);
    let out = env.run(&["extract", "wire"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    // the sign-off and the credit name the source the files do not give
    for doc in &docs {
        assert_eq!(doc["source"], "Reuters", "{}", doc["path"]);
    }
    let entities = |doc: &Value| -> Vec<(String, String)> {
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] != "DATE")
            .map(|e| {
                let field = |k: &str| e[k].as_str().unwrap().to_owned();
                (field("type"), field("text"))
            })
            .collect()
    };
    for (doc, city) in docs.iter().zip(["DENVER", "HOUSTON"]) {
        let found = entities(doc);
        for (kind, text) in &found {
            assert!(
                !text.to_lowercase().starts_with("reuter"),
                "{kind} {text:?} in {}",
                doc["path"]
            );
            assert!(!text.contains(['<', '>']), "{kind} {text:?}");
        }
        assert!(
            found.contains(&("LOCATION".to_owned(), city.to_owned())),
            "the dateline's {city} is no location: {found:?}"
        );
    }
    let corn = entities(&docs[0]);
    let has = |kind: &str, text: &str| corn.contains(&(kind.to_owned(), text.to_owned()));
    assert!(has("ORGANIZATION", "Occidental Petroleum Corp"), "{corn:?}");
    assert!(has("LOCATION", "Denver"), "{corn:?}");
    // a name wrapped inside a hard-wrapped paragraph is still one name
    assert!(has("PERSON", "John\nHarlan Smith"), "{corn:?}");
    // the caption line ("Gulf Coast Tenants Union") does not run into the next line's name
    for (kind, text) in entities(&docs[1]) {
        assert!(!text.contains('\n'), "{kind} {text:?} spans a line break");
    }

    // and nothing of it reaches the index's persons
    let out = env.run(&["index", "wire"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env.run(&["entities", "--type", "person", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let persons = stdout(&out);
    assert!(!persons.to_lowercase().contains("reuter"), "{persons}");
    assert!(!persons.to_lowercase().contains("denver"), "{persons}");
    let out = env.run(&["entities", "--type", "location", "--format", "csv"]);
    let locations = stdout(&out);
    assert!(
        locations.contains("Denver") || locations.contains("DENVER"),
        "{locations}"
    );
}

#[test]
fn bad_files_are_skipped_with_reasons_and_the_run_goes_on() {
    let env = TestEnv::new();
    env.write("bad/binary.txt", b"\x00\x01\x02ELF\x00\x00garbage");
    env.write("bad/empty.md", b"");
    env.write("bad/big.txt", &vec![b'a'; 2 * 1024 * 1024]);
    env.write("bad/broken.json", b"{\"title\": \"x\", \"body\": ");
    env.write("bad/nothing.html", b"<html><body></body></html>");
    env.write("bad/notes.docx", b"ignored");
    env.write(
        "bad/README.md",
        b"# About this folder\n\nNotes, not an article.",
    );
    // windows-1252: "Café de Paris" with é as 0xE9
    env.write("bad/latin1.txt", b"Caf\xe9 owners in Paris protest new rules\n\nThe owners of the Caf\xe9 de Flore said on Monday they would close.");
    let out = env.run(&["index", "bad", "--max-file-mb", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    for (file, reason) in [
        ("binary.txt", "binary"),
        ("empty.md", "empty"),
        ("big.txt", "too large"),
        ("broken.json", "broken.json:1"),
        ("nothing.html", "nothing.html"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {reason} in {err}"
        );
    }
    assert!(err.contains("indexed 1 article from"), "{err}");
    assert!(err.contains("ignored 2 files"), "README and .docx: {err}");
    let doc = env.search_json(&["cafe"]);
    assert_eq!(ids(&doc), ["bad/latin1.txt"]);
    assert!(
        doc["hits"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Café owners")
    );
}

#[test]
fn missing_folder_is_an_error_before_the_index_is_created() {
    let env = TestEnv::new();
    let out = env.run(&["index", "no-such-folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-folder"));
    assert!(!env.path("index").exists());
}

#[test]
fn a_second_writer_is_told_the_index_is_busy() {
    let env = TestEnv::indexed();
    let index = tantivy::Index::open_in_dir(env.path("index")).unwrap();
    let _writer: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    env.fails_with(
        &["index", "articles"],
        "index is being written by another newsidx process",
    );
}

#[test]
fn index_folder_inside_the_indexed_folder_is_not_read_as_articles() {
    let env = TestEnv::new();
    let out = env.run(&["index", ".", "--index", "articles/idx", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env.run(&["index", ".", "--index", "articles/idx", "--json"]);
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["total_articles"], 9, "meta.json is not an article");
}

#[test]
fn location_filter_and_quiet_index() {
    let env = TestEnv::new();
    let out = env.run(&["index", "articles", "--quiet", "--index", "elsewhere"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    // Bad records are still reported when quiet; the summary is not.
    let err = stderr(&out);
    assert!(
        err.contains("reuters-1987.jsonl:3") && !err.contains("indexed"),
        "{err}"
    );
    let doc = env.search_json(&[
        "--index",
        "elsewhere",
        "--location",
        "baghdad",
        "--limit",
        "100",
    ]);
    let mut ids = ids(&doc);
    ids.sort();
    assert!(
        ids.contains(&"articles/iraq/us-forces-iraq-letter.txt".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"articles/iraq/2019-12-30-militia-strikes.json".to_string()),
        "{ids:?}"
    );
    assert!(!ids.iter().any(|id| id.contains("reuters")), "{ids:?}");
    // A country's other names find its canonical name.
    let us = env.search_json(&[
        "--index",
        "elsewhere",
        "--location",
        "U.S.",
        "--limit",
        "100",
    ]);
    assert!(us["total_hits"].as_u64().unwrap() >= 2, "{us}");
}

#[test]
fn index_path_from_the_environment() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("NEWSIDX_INDEX", "from-env")
        .args(["index", "articles"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(env.path("from-env/meta.json").exists());
    let out = env
        .cmd()
        .env("NEWSIDX_INDEX", "from-env")
        .args(["search", "cocoa"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn given_entities_in_records_are_merged_with_extracted_ones() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--person", "ben love"]);
    assert_eq!(ids(&doc), ["articles/wire/reuters-1987.jsonl#4"]);
}

#[test]
fn timeline_counts_articles_per_period_with_empty_periods_as_zero() {
    let env = TestEnv::indexed();
    let out = env.run(&[
        "timeline", "--from", "2019-12", "--to", "2020-02", "--by", "month", "--format", "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "period,start,end,count\n\
         2019-12,2019-12-01,2020-01-01,1\n\
         2020-01,2020-01-01,2020-02-01,3\n\
         2020-02,2020-02-01,2020-03-01,0\n"
    );
    let out = env.run(&["timeline", "--by", "year", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["total"], 9);
    assert_eq!(doc["undated"], 1, "the sample letter has no date");
    let periods = doc["periods"].as_array().unwrap();
    assert_eq!(periods.first().unwrap()["period"], "1987");
    assert_eq!(periods.last().unwrap()["period"], "2020");
    assert_eq!(periods.len(), 34, "1987..=2020, empty years included");
    let counts: u64 = periods.iter().map(|p| p["count"].as_u64().unwrap()).sum();
    assert_eq!(counts, 8);
}

#[test]
fn timeline_text_draws_bars_and_takes_search_filters() {
    let env = TestEnv::indexed();
    let out = env.run(&[
        "timeline", "--org", "pentagon", "--by", "week", "--color", "never",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // 2019-12-30 is in ISO week 1 of 2020.
    let bar = "█".repeat(50);
    assert_eq!(
        stdout(&out),
        format!(
            "2020-W01  1  {bar}\n2020-W02  1  {bar}\n3 matching articles, 1 without a publication date\n"
        )
    );
    let out = env.run(&["timeline", "zeppelin"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sort_by_date_puts_undated_articles_last() {
    let env = TestEnv::indexed();
    let newest = env.search_json(&["--org", "pentagon", "--sort", "newest"]);
    assert_eq!(
        ids(&newest),
        [
            "articles/iraq/2020-01-07-pentagon-soleimani.md",
            "articles/iraq/2019-12-30-militia-strikes.json",
            "articles/iraq/us-forces-iraq-letter.txt",
        ]
    );
    assert_eq!(
        newest["hits"][0]["score"],
        Value::Null,
        "no score when sorted by date"
    );
    let oldest = env.search_json(&["--org", "pentagon", "--sort", "oldest"]);
    assert_eq!(
        ids(&oldest),
        [
            "articles/iraq/2019-12-30-militia-strikes.json",
            "articles/iraq/2020-01-07-pentagon-soleimani.md",
            "articles/iraq/us-forces-iraq-letter.txt",
        ]
    );
}

#[test]
fn date_filter_says_how_many_undated_articles_it_left_out() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&["--person", "trump", "--from", "2020"]);
    assert_eq!(doc["total_hits"], 1);
    assert_eq!(doc["undated_excluded"], 1);
    let out = env.run(&[
        "search", "--person", "trump", "--from", "2020", "--color", "never",
    ]);
    assert!(
        stdout(&out).contains(
            "1 of 1 matching article; 1 more without a publication date left out by the date filter"
        ),
        "{}",
        stdout(&out)
    );
    let doc = env.search_json(&["--person", "trump"]);
    assert_eq!(doc["undated_excluded"], Value::Null);
}

#[test]
fn mentioned_dates_filter_combines_with_other_filters() {
    let env = TestEnv::indexed();
    // The sample letter says "return in 2014"; the OPEC story says "until March 2020".
    let doc = env.search_json(&["--mentioned-from", "2014", "--mentioned-to", "2014"]);
    assert_eq!(ids(&doc), ["articles/iraq/us-forces-iraq-letter.txt"]);
    let doc = env.search_json(&[
        "--mentioned-from",
        "2020-03",
        "--mentioned-to",
        "2020-03",
        "--limit",
        "100",
    ]);
    assert!(
        ids(&doc).contains(&"articles/plain/headers.txt".to_string()),
        "{doc}"
    );
    let doc = env.search_json(&[
        "--person",
        "trump",
        "--mentioned-from",
        "2014",
        "--mentioned-to",
        "2014",
    ]);
    assert_eq!(ids(&doc), ["articles/iraq/us-forces-iraq-letter.txt"]);
    env.fails_with(
        &[
            "search",
            "--mentioned-from",
            "2015",
            "--mentioned-to",
            "2014",
        ],
        "--mentioned-from 2015",
    );
}

#[test]
fn a_date_in_the_file_name_dates_an_article_without_metadata() {
    let env = TestEnv::new();
    let letter = std::fs::read(env.path("articles/iraq/us-forces-iraq-letter.txt")).unwrap();
    env.write("dated/2020-01-06-iraq-letter.txt", &letter);
    let out = env.run(&["extract", "dated"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(doc["published"], "2020-01-06T00:00:00Z");
    assert_eq!(doc["published_source"], "filename");
}

#[test]
fn entities_ranks_who_appears_with_a_person() {
    let env = TestEnv::indexed();
    let out = env.run(&[
        "entities",
        "--person",
        "soleimani",
        "--type",
        "person",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    // Soleimani is in every matching article; the others in fewer.
    assert_eq!(&rows[0][2], "Qasem Soleimani", "{text}");
    assert!(rows[0][3].parse::<u64>().unwrap() >= 2);
    assert!(rows.iter().all(|r| &r[1] == "person"));
    let esper = rows
        .iter()
        .find(|r| &r[2] == "Mark Esper")
        .expect("Esper co-occurs");
    assert_eq!(&esper[3], "1");
}

#[test]
fn entities_counts_articles_and_mentions_from_the_index() {
    let env = TestEnv::indexed();
    let out = env.run(&[
        "entities", "--org", "pentagon", "--type", "org", "--top", "1", "--format", "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["total_articles"], 3);
    let top = &doc["entities"][0];
    assert_eq!(top["name"], "Pentagon");
    assert_eq!(top["type"], "ORGANIZATION");
    assert_eq!(top["articles"], 3);
    assert!(
        top["mentions"].as_u64().unwrap() >= 6,
        "the Pentagon story names it 4 times: {top}"
    );
    assert_eq!(doc["entities"].as_array().unwrap().len(), 1, "--top 1");
    let out = env.run(&["entities", "zeppelin"]);
    assert_eq!(out.status.code(), Some(1));
    env.fails_with(&["entities", "--top", "0"], "--top");
}

#[test]
fn stats_describes_the_index() {
    let env = TestEnv::indexed();
    let out = env.run(&["stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 9);
    assert_eq!(stats["dated_articles"], 8);
    assert_eq!(stats["first_published"], "1987-02-26T15:00:56Z");
    assert_eq!(stats["last_published"], "2020-01-08T00:00:00Z");
    assert!(stats["distinct_entities"]["PERSON"].as_u64().unwrap() >= 10);
    assert!(stats["size_bytes"].as_u64().unwrap() > 1000);
    assert_eq!(stats["schema_version"], 4);
    let out = env.run(&["stats"]);
    assert!(
        stdout(&out).contains("with a date      8 (1987-02-26 to 2020-01-08)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn completions_and_man_page() {
    let env = TestEnv::new();
    for (shell, marker) in [
        ("bash", "_newsidx()"),
        ("zsh", "#compdef newsidx"),
        ("fish", "complete -c newsidx"),
    ] {
        let out = env.run(&["completions", shell]);
        assert!(out.status.success());
        assert!(stdout(&out).contains(marker), "{shell}");
        assert!(
            stdout(&out).contains("timeline"),
            "{shell} completes subcommands"
        );
    }
    let out = env.run(&["man"]);
    assert!(out.status.success());
    assert!(stdout(&out).starts_with(".ie"));
    assert!(stdout(&out).contains(".TH newsidx 1"));
}

#[test]
fn html_report_is_one_self_contained_file() {
    let env = TestEnv::indexed();
    let out = env.run(&[
        "report",
        "--org",
        "pentagon",
        "--by",
        "week",
        "--out",
        "pentagon.html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote pentagon.html (3 matching articles)"));
    let html = std::fs::read_to_string(env.path("pentagon.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("<dt>organization</dt><dd>pentagon</dd>"));
    assert!(html.contains("<strong>3</strong> matching articles"));
    // Timeline as inline SVG: one bar a period, 2020-W01 and 2020-W02.
    assert_eq!(html.matches("<rect ").count(), 2, "{html}");
    assert!(html.contains("<title>2020-W01: 1</title>"));
    // Top entities and highlighted hits.
    assert!(html.contains("<caption>Organizations</caption>"));
    assert!(html.contains("<td>Pentagon</td><td class=\"n\">3</td>"));
    assert!(html.contains("<mark>Pentagon</mark>"));
    assert_eq!(html.matches("<li>").count(), 3);
    // Self-contained: no scripts, no external stylesheets, images or fonts.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src="));
    assert!(!html.contains("<link"));
    assert!(
        !html
            .replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );
}

#[test]
fn markdown_report_has_the_same_parts_with_a_text_chart() {
    let env = TestEnv::indexed();
    let out = env.run(&[
        "report", "--person", "trump", "--out", "trump.md", "--by", "month",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(env.path("trump.md")).unwrap();
    assert!(
        md.starts_with("# newsidx report\n\n- **person**: trump\n"),
        "{md}"
    );
    assert!(md.contains("**2** matching articles."));
    // A bar a period, then the count axis: gridlines at 0 and 1.
    let chart = format!(
        "```text\n2020-01      1  {}\n{pad}+{}+\n{pad}0{}1\n```",
        "#".repeat(40),
        "-".repeat(39),
        " ".repeat(39),
        pad = " ".repeat(16)
    );
    assert!(md.contains(&chart), "{md}");
    assert!(md.contains("1 of them without a publication date."));
    assert!(md.contains("| Donald Trump | 2 |"), "{md}");
    assert!(md.contains("**Donald Trump**"), "highlighted mention: {md}");
    env.fails_with(
        &["report", "--person", "trump", "--out", "trump.pdf"],
        "name a .html or .md file",
    );
}

#[test]
fn machine_output_snapshots() {
    let env = TestEnv::indexed();
    let json = |args: &[&str]| -> Value {
        let out = env.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    insta::assert_json_snapshot!(
        "timeline_json",
        json(&[
            "timeline", "--org", "pentagon", "--by", "month", "--format", "json"
        ])
    );
    insta::assert_json_snapshot!(
        "entities_json",
        json(&[
            "entities", "--org", "pentagon", "--top", "2", "--format", "json"
        ])
    );
    let out = env.run(&["extract", "articles/plain/headers.txt"]);
    let extracted: Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("extract_jsonl", extracted);
}

#[test]
fn reindexing_is_incremental_and_removes_files_that_are_gone() {
    let env = TestEnv::indexed();
    let run = |args: &[&str]| -> Value {
        let out = env.run(args);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let again = run(&["index", "articles", "--json"]);
    assert_eq!(
        (
            again["added"].clone(),
            again["updated"].clone(),
            again["removed"].clone(),
            again["unchanged"].clone()
        ),
        (0.into(), 0.into(), 0.into(), 7.into())
    );
    assert_eq!(again["articles"], 0, "nothing re-extracted");
    // Change one file, touch another without changing it, remove a third, add a fourth.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "articles/plain/headers.txt",
        b"Title: Oil prices fall\nDate: 2020-01-09\n\nOil prices fell on Thursday in Vienna.\n",
    );
    let lamb = std::fs::read(env.path("articles/plain/eu-lamb.txt")).unwrap();
    env.write("articles/plain/eu-lamb.txt", &lamb);
    std::fs::remove_file(env.path("articles/web/2020-01-06-trump-sanctions.html")).unwrap();
    env.write(
        "articles/new/zeppelin.txt",
        b"Zeppelin returns to Friedrichshafen\n\nThe airship landed on Monday.\n",
    );
    let after = run(&["index", "articles", "--json"]);
    assert_eq!(after["added"], 1);
    assert_eq!(
        after["updated"], 1,
        "headers.txt; eu-lamb.txt has the same bytes"
    );
    assert_eq!(after["removed"], 1);
    assert_eq!(after["unchanged"], 5, "the 6 files left, less headers.txt");
    assert_eq!(after["total_articles"], 9);
    assert_eq!(
        ids(&env.search_json(&["fell"])),
        ["articles/plain/headers.txt"]
    );
    assert_eq!(
        env.search_json(&["--person", "pompeo"])["total_hits"],
        0,
        "gone with its file"
    );
    // Indexing a sub-folder does not remove the articles of the others.
    let sub = run(&["index", "articles/new", "--json"]);
    assert_eq!(sub["removed"], 0);
    assert_eq!(sub["total_articles"], 9);
    // --rebuild starts over.
    let rebuilt = run(&["index", "articles", "--rebuild", "--json"]);
    assert_eq!(rebuilt["added"], 7);
    assert_eq!(rebuilt["total_articles"], 9);
}

/// Regression: a `kill -9` at any moment of an indexing run must leave an index that opens and
/// answers with its last commit, and the next run must finish the work.
#[cfg(unix)]
#[test]
fn killed_indexing_run_leaves_a_usable_index_and_the_next_run_completes() {
    let env = TestEnv::new();
    let files = 1200;
    for i in 0..files {
        env.write(
            &format!("bulk/{:02}/story-{i:04}.txt", i % 20),
            format!(
                "Story {i} about Baghdad\n\nBAGHDAD, Jan 6 - Officials met Prime Minister Adel Abdel-Mahdi on Monday to discuss story {i}. {}\n",
                "The talks went on. ".repeat(20)
            )
            .as_bytes(),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("newsidx");
    let mut last_total = 0;
    // Kills that landed while the run was still going and after its first commit.
    let mut killed_mid_run = 0;
    for delay_ms in [50, 250, 600, 1200] {
        let mut child = std::process::Command::new(&bin)
            .current_dir(env.path(""))
            .env_clear()
            .args(["index", "bulk", "--quiet", "--commit-every", "40"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if env.path("index/meta.json").exists() {
            // Searches run while the index is being written.
            let out = env.run(&["search", "talks", "--limit", "1"]);
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "search while writing: {}",
                stderr(&out)
            );
        }
        let running = child.try_wait().unwrap().is_none();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if !env.path("index/meta.json").exists() {
            continue; // killed before the index was created
        }
        if running {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "the run ended by the kill");
        }
        let out = env.run(&["stats", "--json"]);
        assert!(
            out.status.success(),
            "after kill at {delay_ms} ms: {}",
            stderr(&out)
        );
        let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
        let total = stats["articles"].as_u64().unwrap();
        assert!(total <= files, "{total}");
        assert!(
            total >= last_total,
            "committed work is never lost: {total} < {last_total}"
        );
        if running && total < files {
            killed_mid_run += 1;
        }
        last_total = total;
        let out = env.run(&["search", "talks", "--limit", "1"]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "search after kill: {}",
            stderr(&out)
        );
    }
    assert!(
        killed_mid_run > 0,
        "no kill landed in the middle of a run with committed work (last total {last_total})"
    );
    let out = env.run(&["index", "bulk", "--json"]);
    assert!(
        out.status.success(),
        "the next run completes: {}",
        stderr(&out)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["total_articles"], files);
    assert_eq!(
        summary["added"].as_u64().unwrap() + summary["unchanged"].as_u64().unwrap(),
        files,
        "{summary}"
    );
}

#[test]
fn hostile_inputs_are_skipped_or_survived_and_the_run_goes_on() {
    let env = TestEnv::new();
    // A 2 GB file (sparse: no disk used) is skipped by the size limit without being read.
    std::fs::create_dir_all(env.path("hostile")).unwrap();
    let huge = std::fs::File::create(env.path("hostile/huge.txt")).unwrap();
    huge.set_len(2 * 1024 * 1024 * 1024).unwrap();
    // A symlink loop, deeply nested folders, a giant single line, an absurd date.
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", env.path("hostile/loop")).unwrap();
    let deep: String = (0..60).map(|i| format!("d{i}/")).collect();
    env.write(
        &format!("hostile/{deep}deep.txt"),
        b"Deep story\n\nFound at the bottom of sixty folders in Oslo.\n",
    );
    let mut giant = b"Giant line\n\n".to_vec();
    giant.extend(b"word ".repeat(400_000));
    env.write("hostile/giant.txt", &giant);
    env.write("hostile/absurd.json", br#"{"title": "Time travel", "date": "99999-01-01", "body": "Someone claims to come from the future."}"#);
    let out = env.run(&["index", "hostile", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("huge.txt") && l.contains("too large")),
        "{err}"
    );
    #[cfg(unix)]
    assert!(
        err.lines()
            .any(|l| l.contains("hostile/loop") && l.contains("symbolic link loop")),
        "the loop is reported with its reason: {err}"
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 3, "{summary}");
    assert_eq!(
        ids(&env.search_json(&["oslo"])),
        [format!("hostile/{deep}deep.txt")]
    );
    let travel = env.search_json(&["future"]);
    assert_eq!(
        travel["hits"][0]["published"],
        Value::Null,
        "an impossible date is no date"
    );
}

#[test]
fn relative_dates_resolve_against_the_publication_date() {
    let env = TestEnv::indexed();
    // The HTML story, published Monday 2020-01-06, says Trump spoke "on Sunday".
    let doc = env.search_json(&[
        "--mentioned-from",
        "2020-01-05",
        "--mentioned-to",
        "2020-01-05",
    ]);
    assert!(
        ids(&doc).contains(&"articles/web/2020-01-06-trump-sanctions.html".to_string()),
        "{doc}"
    );
    // The undated letter's "On Sunday" resolves to nothing.
    assert!(!ids(&doc).contains(&"articles/iraq/us-forces-iraq-letter.txt".to_string()));
}

#[test]
fn an_instant_range_keeps_that_instant() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&[
        "--from",
        "1987-02-26T15:01:01Z",
        "--to",
        "1987-02-26T15:01:01Z",
    ]);
    assert_eq!(ids(&doc), ["articles/wire/reuters-1987.jsonl#1"]);
}

#[test]
fn articles_extracted_by_another_model_are_extracted_again() {
    let env = TestEnv::indexed();
    // Pretend the index was written by an older model.
    let meta_path = env.path("index/meta.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut stamp: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    assert!(
        stamp["extractor"].as_str().unwrap().contains("crf-"),
        "{stamp}"
    );
    stamp["extractor"] = "newsidx-0.0.0 crf-old".into();
    meta["payload"] = stamp.to_string().into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let out = env.run(&["index", "articles", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["updated"], 7, "{summary}");
    assert_eq!(summary["unchanged"], 0);
    assert_eq!(summary["total_articles"], 9);
    // Stamped with this model now: the next run skips everything.
    let out = env.run(&["index", "articles", "--json"]);
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["unchanged"], 7);
}

/// Runs `export` with `args` and returns the records, one a line.
fn export_records(env: &TestEnv, args: &[&str]) -> (Output, Vec<Value>) {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let out = env.run(&all);
    let records = stdout(&out)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    (out, records)
}

#[test]
fn export_writes_every_article_as_one_json_line() {
    let env = TestEnv::indexed();
    let (out, records) = export_records(&env, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: Value = serde_json::from_slice(&env.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(records.len() as u64, stats["articles"].as_u64().unwrap());
    assert_eq!(records.len(), 9);
    let mut ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 9, "every article once");
    // Stable key order, the same on every line.
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("{\"schema_version\":1,\"id\":"),
        "{first}"
    );
    let order = [
        "schema_version",
        "id",
        "path",
        "title",
        "published",
        "published_source",
        "source",
        "url",
        "crawled",
        "authors",
        "body",
        "mentioned",
        "person",
        "organization",
        "location",
        "entities",
        "mentions",
    ];
    for line in text.lines() {
        let at: Vec<usize> = order
            .iter()
            .map(|k| {
                line.find(&format!("\"{k}\":"))
                    .unwrap_or_else(|| panic!("{k}: {line}"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "key order: {line}");
        let parsed: Value = serde_json::from_str(line).unwrap();
        assert_eq!(parsed.as_object().unwrap().len(), order.len(), "{line}");
    }
    let by_id = |id: &str| records.iter().find(|r| r["id"] == id).unwrap();
    let strikes = by_id("articles/iraq/2019-12-30-militia-strikes.json");
    assert_eq!(strikes["published"], "2019-12-30T18:00:00Z");
    assert_eq!(strikes["published_source"], "metadata");
    assert_eq!(strikes["source"], "Example Wire");
    assert_eq!(strikes["url"], "https://example.org/2019/12/30/strikes");
    assert_eq!(strikes["authors"], serde_json::json!(["John Roe"]));
    assert_eq!(strikes["person"], serde_json::json!(["Adel Abdel-Mahdi"]));
    assert!(
        strikes["organization"]
            .as_array()
            .unwrap()
            .contains(&"Pentagon".into())
    );
    assert!(
        strikes["mentioned"]
            .as_array()
            .unwrap()
            .contains(&"2019-12-30T00:00:00Z".into()),
        "{}",
        strikes["mentioned"]
    );
    let pentagon = strikes["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Pentagon")
        .unwrap();
    assert_eq!(
        pentagon,
        &serde_json::json!({"type": "ORGANIZATION", "name": "Pentagon", "count": 1, "in_title": false})
    );
    // Mention offsets slice the exported body, end exclusive.
    for record in &records {
        let body = record["body"].as_str().unwrap();
        for m in record["mentions"].as_array().unwrap() {
            let (start, end) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert!(start < end && end <= body.len(), "{m}");
            assert!(body.is_char_boundary(start) && body.is_char_boundary(end));
            assert!(["PERSON", "ORGANIZATION", "LOCATION"].contains(&m["type"].as_str().unwrap()));
            assert!(m["canonical"].is_string());
        }
    }
    // The one article without a date exports null, not a made-up date.
    let undated: Vec<&Value> = records
        .iter()
        .filter(|r| r["published"].is_null())
        .collect();
    assert_eq!(undated.len(), 1);
    assert!(undated[0]["published_source"].is_null());
}

#[test]
fn export_takes_the_search_filters_and_an_out_file() {
    let env = TestEnv::indexed();
    let (out, records) = export_records(&env, &["--org", "pentagon"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut exported: Vec<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    exported.sort();
    let mut searched = ids(&env.search_json(&["--org", "pentagon"]));
    searched.sort();
    assert_eq!(exported, searched);
    assert_eq!(exported.len(), 3);
    let (_, dated) = export_records(&env, &["--from", "2020-01", "--to", "2020-01"]);
    assert!(
        dated
            .iter()
            .all(|r| r["published"].as_str().unwrap().starts_with("2020-01"))
    );
    // --out writes the same lines as stdout, and says how many on stderr.
    let out = env.run(&["export", "--out", "all.ndjson"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("exported 9 articles to all.ndjson"));
    let file = std::fs::read_to_string(env.path("all.ndjson")).unwrap();
    assert_eq!(file, stdout(&env.run(&["export"])));
    assert!(!env.path("all.ndjson.partial").exists());
    // Nothing matches: exit 1 and no output; no index: exit 2 and no file left behind.
    let (out, records) = export_records(&env, &["zeppelin"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(records.is_empty());
    env.fails_with(
        &["export", "--index", "nope", "--out", "x.ndjson"],
        "no index at nope",
    );
    assert!(!env.path("x.ndjson").exists() && !env.path("x.ndjson.partial").exists());
    env.fails_with(&["export", "--format", "csv"], "ndjson");
}

/// Runs `newsidx` in `env` as a user that file permissions apply to: as root (CI runs as root,
/// and root reads everything), through `setpriv` as `nobody`.
fn run_unprivileged(env: &TestEnv, args: &[&str]) -> Output {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let bin = assert_cmd::cargo::cargo_bin("newsidx");
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.current_dir(env.dir.path()).env_clear();
    cmd.args(args).output().expect("runs")
}

#[test]
fn unreadable_files_and_folders_are_reported_and_their_articles_kept() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.write(
        "locked/open/story.txt",
        b"Open story\n\nFishermen in Oslo sold cod.\n",
    );
    env.write(
        "locked/open/secret.txt",
        b"Secret story\n\nA whale was seen near Bergen.\n",
    );
    env.write(
        "locked/closed/hidden.txt",
        b"Hidden story\n\nSnow fell on Tromso.\n",
    );
    let chmod = |rel: &str, mode: u32| {
        std::fs::set_permissions(env.path(rel), std::fs::Permissions::from_mode(mode)).unwrap()
    };
    // `nobody` must be able to write the index next to the articles
    chmod(".", 0o777);
    let first = run_unprivileged(&env, &["index", "locked", "--json"]);
    assert!(first.status.success(), "{}", stderr(&first));
    chmod("locked/open/secret.txt", 0o000);
    chmod("locked/closed", 0o000);
    let out = run_unprivileged(&env, &["index", "locked", "--json"]);
    chmod("locked/closed", 0o755);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("locked/closed") && l.contains("Permission denied")),
        "{err}"
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    // a folder that cannot be read may still hold its files: nothing below it is removed
    assert_eq!(summary["removed"], 0, "{summary}");
    assert_eq!(summary["total_articles"], 3, "{summary}");
    // a file that cannot be read now is reported when it must be read again
    std::fs::write(
        env.path("locked/open/secret.txt"),
        b"Secret story\n\nTwo whales were seen near Bergen.\n",
    )
    .unwrap();
    chmod("locked/open/secret.txt", 0o000);
    let out = run_unprivileged(&env, &["index", "locked", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("secret.txt") && l.contains("Permission denied")),
        "{err}"
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["total_articles"], 3, "{summary}");
}

// --- issue 13: items 8, 10-13, 16 ---

/// A TestEnv with `many/wire.jsonl` (400 short dated articles, all about oil) indexed into
/// `many.idx`: enough hits that search, export and extract outputs overflow a pipe's buffer.
fn many_articles_indexed() -> TestEnv {
    let env = TestEnv::new();
    let firsts = [
        "John", "Mary", "Peter", "Anna", "James", "Laura", "Robert", "Helen",
    ];
    let lasts = [
        "Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans",
    ];
    let mut lines = String::new();
    for i in 0..400 {
        let person = format!(
            "{} {}",
            firsts[i % firsts.len()],
            lasts[i / 8 % lasts.len()]
        );
        let record = serde_json::json!({
            "id": format!("w{i}"),
            "title": format!("Oil prices move, report {i}"),
            "date": format!("2020-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
            "body": format!(
                "HOUSTON - Oil prices moved on day {i} of trading, said {person} of Exxon. \
                 Traders in Houston and London watched crude stocks and the weather. \
                 {person} expects oil demand to grow next year."
            ),
        });
        lines.push_str(&format!("{record}\n"));
    }
    env.write("many/wire.jsonl", lines.as_bytes());
    let out = env.run(&["index", "many", "--index", "many.idx", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    env
}

/// Every command that writes to stdout, in every format, over `many.idx`.
const STDOUT_COMMANDS: &[&[&str]] = &[
    &[
        "search", "oil", "--limit", "1000", "--format", "text", "--index", "many.idx",
    ],
    &[
        "search", "oil", "--limit", "1000", "--format", "json", "--index", "many.idx",
    ],
    &[
        "search", "oil", "--limit", "1000", "--format", "jsonl", "--index", "many.idx",
    ],
    &[
        "search", "oil", "--limit", "1000", "--format", "csv", "--index", "many.idx",
    ],
    &[
        "entities", "--top", "1000", "--format", "text", "--index", "many.idx",
    ],
    &[
        "entities", "--top", "1000", "--format", "json", "--index", "many.idx",
    ],
    &[
        "entities", "--top", "1000", "--format", "jsonl", "--index", "many.idx",
    ],
    &[
        "entities", "--top", "1000", "--format", "csv", "--index", "many.idx",
    ],
    &[
        "timeline", "--by", "day", "--format", "text", "--index", "many.idx",
    ],
    &[
        "timeline", "--by", "day", "--format", "json", "--index", "many.idx",
    ],
    &[
        "timeline", "--by", "day", "--format", "jsonl", "--index", "many.idx",
    ],
    &[
        "timeline", "--by", "day", "--format", "csv", "--index", "many.idx",
    ],
    &[
        "mentions", "--org", "exxon", "--format", "text", "--index", "many.idx",
    ],
    &[
        "mentions", "--org", "exxon", "--format", "json", "--index", "many.idx",
    ],
    &[
        "mentions", "--org", "exxon", "--format", "jsonl", "--index", "many.idx",
    ],
    &[
        "mentions", "--org", "exxon", "--format", "csv", "--index", "many.idx",
    ],
    &["export", "--index", "many.idx"],
    &["extract", "many"],
    &["stats", "--index", "many.idx"],
    &["stats", "--json", "--index", "many.idx"],
    &["completions", "bash"],
    &["man"],
    &["index", "many", "--index", "many.idx", "--json"],
];

/// Runs `newsidx args` in `env` with stdout a pipe whose reader is gone before the first write.
fn run_into_closed_pipe(env: &TestEnv, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    std::process::Command::new(assert_cmd::cargo::cargo_bin("newsidx"))
        .current_dir(env.dir.path())
        .env_clear()
        .args(args)
        .stdout(writer)
        .output()
        .expect("runs")
}

/// Runs `newsidx args` in `env` with stdout a pipe whose reader closes after the first line.
fn run_into_pipe_closed_after_a_line(env: &TestEnv, args: &[&str]) -> (String, Output) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsidx"))
        .current_dir(env.dir.path())
        .env_clear()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (first, child.wait_with_output().unwrap())
}

// `search --format csv | head -1` exited 2 with "Broken pipe": the csv crate wrapped the
// io::Error, and the broken-pipe check did not see through it.
#[test]
fn a_closed_pipe_exits_0_quietly_for_every_command_and_format() {
    let env = many_articles_indexed();
    for args in STDOUT_COMMANDS {
        let out = run_into_closed_pipe(&env, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
    // As `| head -1` does it: the reader goes away after the first line, while the output
    // (more than a pipe holds) is still being written.
    for args in [
        &[
            "search", "oil", "--limit", "1000", "--format", "csv", "--index", "many.idx",
        ][..],
        &[
            "search", "oil", "--limit", "1000", "--format", "text", "--index", "many.idx",
        ],
        &[
            "search", "oil", "--limit", "1000", "--format", "jsonl", "--index", "many.idx",
        ],
        &["export", "--index", "many.idx"],
        &["extract", "many"],
        &["mentions", "--org", "exxon", "--index", "many.idx"],
    ] {
        let (first, out) = run_into_pipe_closed_after_a_line(&env, args);
        assert!(!first.is_empty(), "{args:?} wrote a line");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

// `man` printed only the top page, whose SUBCOMMANDS section names pages (`newsidx-search(1)`,
// …) that did not exist.
#[test]
fn man_all_writes_a_page_for_every_subcommand_with_its_options() {
    let env = TestEnv::new();
    let out = env.run(&["man", "--all", "man/pages"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "pages go to files");
    assert!(
        stderr(&out).contains("wrote 13 man pages into man/pages"),
        "{}",
        stderr(&out)
    );
    let read = |name: &str| std::fs::read_to_string(env.path("man/pages").join(name)).unwrap();
    let top = read("newsidx.1");
    assert!(top.contains(".TH newsidx 1"), "{top}");
    assert_eq!(top, stdout(&env.run(&["man"])), "the same top page");
    let commands = [
        "index",
        "search",
        "entities",
        "report",
        "timeline",
        "export",
        "stats",
        "completions",
        "man",
        "extract",
        "mentions",
        "batch",
    ];
    for command in commands {
        assert!(
            top.contains(&format!("newsidx\\-{command}(1)")),
            "top page refers to newsidx-{command}(1)"
        );
        let page = read(&format!("newsidx-{command}.1"));
        assert!(
            page.contains(&format!(".TH newsidx-{command} 1")),
            "{command}: {page}"
        );
        assert!(
            page.contains(&format!("newsidx {command}")),
            "{command}: synopsis"
        );
        // Every long option of `newsidx COMMAND --help` is described in the page.
        let help = stdout(&env.run(&[command, "--help"]));
        let options: Vec<&str> = help
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
            .collect();
        assert!(options.contains(&"--help"), "{command}: {help}");
        for option in options {
            let roff = option.replace('-', "\\-");
            assert!(
                page.contains(&format!("\\fB{roff}\\fR")),
                "{command}: {option} not in its page"
            );
        }
    }
    let pages = std::fs::read_dir(env.path("man/pages")).unwrap().count();
    assert_eq!(pages, commands.len() + 1, "no other pages");
}

// The text output of a JSON Lines hit showed only the file's path: nothing said which of its
// records the article was.
#[test]
fn text_output_and_reports_name_the_record_of_a_multi_article_file() {
    let env = TestEnv::indexed();
    let out = env.run(&["search", "cocoa", "--color", "never"]);
    let text = stdout(&out);
    assert!(text.contains("  1. BAHIA COCOA REVIEW"), "{text}");
    assert!(
        text.contains("\n     articles/wire/reuters-1987.jsonl#1\n"),
        "{text}"
    );
    // A file of one article keeps its path.
    let out = env.run(&["search", "--person", "trump", "--color", "never"]);
    assert!(
        stdout(&out).contains("\n     articles/web/2020-01-06-trump-sanctions.html\n"),
        "{}",
        stdout(&out)
    );
    let out = env.run(&["report", "cocoa", "--out", "cocoa.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(env.path("cocoa.md")).unwrap();
    assert!(md.contains("`articles/wire/reuters-1987.jsonl#1`"), "{md}");
    let out = env.run(&["report", "cocoa", "--out", "cocoa.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(env.path("cocoa.html")).unwrap();
    assert!(
        html.contains("· articles/wire/reuters-1987.jsonl#1</span>"),
        "{html}"
    );
}

// The report chart labelled only the first and the last period and had no count axis.
#[test]
fn report_chart_labels_periods_and_draws_a_count_axis() {
    let env = many_articles_indexed();
    let days = env.run(&[
        "timeline", "oil", "--by", "day", "--format", "jsonl", "--index", "many.idx",
    ]);
    let periods = stdout(&days).lines().count();
    assert!(periods > 300, "a day a period over a year: {periods}");
    let out = env.run(&[
        "report",
        "oil",
        "--by",
        "day",
        "--out",
        "many.html",
        "--index",
        "many.idx",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(env.path("many.html")).unwrap();
    assert_eq!(html.matches("<rect ").count(), periods, "a bar a period");
    // Period labels: several, at most 12, far enough apart for "2020-01-01" not to overlap.
    let xs: Vec<f64> = html
        .split("<text x=\"")
        .skip(1)
        .filter(|t| t.contains("class=\"period\""))
        .map(|t| t[..t.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!((4..=12).contains(&xs.len()), "{} labels", xs.len());
    assert!(xs.windows(2).all(|w| w[1] - w[0] >= 10.0 * 7.0), "{xs:?}");
    assert!(
        html.contains("class=\"period\">2020-01-01</text>"),
        "first period"
    );
    // The count axis: gridlines from 0 up to at least the busiest day, with their values.
    assert!(html.contains("text-anchor=\"end\">0</text>"));
    let top: u64 = html
        .split("text-anchor=\"end\">")
        .skip(1)
        .map(|t| t[..t.find('<').unwrap()].parse::<u64>().unwrap())
        .max()
        .unwrap();
    let busiest = stdout(&days)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["count"]
                .as_u64()
                .unwrap()
        })
        .max()
        .unwrap();
    assert!(
        top >= busiest && busiest > 0,
        "axis to {top}, busiest {busiest}"
    );
    assert!(
        html.matches("text-anchor=\"end\">").count() >= 3,
        "a few gridlines"
    );
    // Markdown: a line a period, then the axis and its values.
    let out = env.run(&[
        "report", "oil", "--by", "month", "--out", "many.md", "--index", "many.idx",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(env.path("many.md")).unwrap();
    let chart = md
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let lines: Vec<&str> = chart.lines().collect();
    assert_eq!(lines.len(), 12 + 2, "{chart}");
    assert!(lines[0].starts_with("2020-01  "), "{chart}");
    assert!(lines[12].trim_start().starts_with('+'), "{chart}");
    assert!(lines[13].trim_start().starts_with("0 "), "{chart}");
}

// A report whose matches have no date drew an empty frame.
#[test]
fn report_without_dated_matches_says_there_is_no_timeline() {
    let env = TestEnv::indexed();
    let sentence = "No matching article has a publication date, so there is no timeline.";
    for out_file in ["tueller.html", "tueller.md"] {
        let out = env.run(&["report", "tueller", "--out", out_file]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = std::fs::read_to_string(env.path(out_file)).unwrap();
        assert!(text.contains(sentence), "{text}");
        assert!(
            text.contains("1 of them without a publication date"),
            "{text}"
        );
        assert!(
            !text.contains("<svg") && !text.contains("```text"),
            "{text}"
        );
    }
}

// A report without a free-text query lists its articles as `search` ranks them: by the entity
// filters' salience, and newest first when nothing scores (dates only), not in index order.
#[test]
fn report_without_a_query_ranks_like_search() {
    let env = TestEnv::indexed();
    let report_ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["report", "--out", "r.md"];
        all.extend_from_slice(args);
        let out = env.run(&all);
        assert!(out.status.success(), "{}", stderr(&out));
        let md = std::fs::read_to_string(env.path("r.md")).unwrap();
        md.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(". **"))
            .map(|l| l[l.rfind("`articles").unwrap() + 1..l.len() - 4].to_string())
            .collect()
    };
    let by_salience = report_ids(&["--org", "pentagon"]);
    assert_eq!(by_salience.len(), 3);
    assert_eq!(by_salience, ids(&env.search_json(&["--org", "pentagon"])));
    let dates_only = report_ids(&["--from", "1987"]);
    assert!(dates_only.len() > 2);
    assert_eq!(
        dates_only,
        ids(&env.search_json(&["--from", "1987", "--sort", "newest"]))
    );
}

// Snippets began with the title again (a plain-text headline, a Markdown `# heading`) and
// showed Markdown heading markers.
#[test]
fn snippets_are_body_text_without_the_title_or_heading_markers() {
    let env = TestEnv::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snippets");
    copy_dir(&fixtures, &env.path("snippets"));
    let out = env.run(&["index", "snippets", "--index", "snippets.idx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let snippet = |query: &str| -> (String, String) {
        let doc = env.search_json(&[query, "--index", "snippets.idx"]);
        assert_eq!(doc["total_hits"], 1, "{query}: {doc}");
        let hit = &doc["hits"][0];
        (
            hit["title"].as_str().unwrap().to_string(),
            hit["snippet"]["text"].as_str().unwrap().to_string(),
        )
    };
    // Words of the title only: the snippet is the start of the body, after the title.
    let (title, text) = snippet("showers");
    assert_eq!(title, "BAHIA COCOA GROWERS HOPE FOR SHOWERS");
    assert!(text.starts_with("SALVADOR, Feb 26 - Farmers"), "{text}");
    let (title, text) = snippet("rise");
    assert_eq!(title, "Lamb exports from New Zealand rise");
    assert!(
        text.starts_with("WELLINGTON, March 3 - New Zealand"),
        "{text}"
    );
    // No heading markers, in the middle of the body either.
    let (_, text) = snippet("board");
    assert!(text.contains("Prices Lamb prices in London"), "{text}");
    assert!(!text.contains('#'), "{text}");
    // The body exported is the text the offsets point into, without the markup.
    let out = env.run(&["export", "lamb", "--index", "snippets.idx"]);
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    let body = record["body"].as_str().unwrap();
    assert!(
        body.starts_with("Lamb exports from New Zealand rise\n\nWELLINGTON"),
        "{body}"
    );
    for mention in record["mentions"].as_array().unwrap() {
        let (start, end) = (
            mention["start"].as_u64().unwrap() as usize,
            mention["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            body[start..end].to_lowercase(),
            mention["canonical"].as_str().unwrap().to_lowercase(),
            "{mention}"
        );
    }
}

// --- issue 13: items 5, 6, 7, 9, 14 ---

/// A TestEnv with the fixture folder `tests/fixtures/<name>` copied in as `<name>` too.
fn env_with(name: &str) -> TestEnv {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    copy_dir(&from, &env.path(name));
    env
}

/// Reuters stamps with letters after the time (`27-MAR-1987 00:46:26.73RM`, 3% of Reuters) got
/// no date, so a month range missed them.
#[test]
fn reuters_stamps_with_trailing_junk_are_dated() {
    let env = env_with("stamps");
    let out = env.run(&["index", "stamps", "--index", "stamps-index", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env.run(&[
        "timeline",
        "--index",
        "stamps-index",
        "--from",
        "1987-03",
        "--to",
        "1987-03",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["total"], 5, "{doc}");
    assert_eq!(doc["undated_excluded"], 0, "{doc}");
    let doc = env.search_json(&[
        "--index",
        "stamps-index",
        "--sort",
        "oldest",
        "--limit",
        "20",
    ]);
    let published: Vec<&str> = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["published"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(
        published,
        [
            "1987-02-26T15:01:01Z",
            "1987-03-02T10:01:01Z",
            "1987-03-27T00:03:35Z",
            "1987-03-27T00:46:26Z",
            "1987-03-27T08:38:22Z",
            "1987-03-31T00:00:00Z",
            "1987-04-09T00:00:00Z",
        ]
    );
}

/// 2,535 Reuters records without text printed one line each, even with `--quiet`: records left
/// out for having nothing to index are counted by reason, errors still print as they happen.
#[test]
fn records_without_text_are_counted_by_reason_and_errors_still_printed() {
    let env = env_with("skips");
    let out = env.run(&["index", "skips"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("no article text"))
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("skipped 5 records: no article text (skips/records.jsonl:1, skips/records.jsonl:2, skips/records.jsonl:3, …; --verbose lists all)"),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("skips/records.jsonl:6: invalid JSON")),
        "{err}"
    );
    assert!(
        err.contains("1 file or record could not be read (listed above)"),
        "{err}"
    );
    // --verbose lists each record
    let out = env.run(&["index", "skips", "--rebuild", "--verbose"]);
    let err = stderr(&out);
    for line in [1, 2, 3, 5, 7] {
        assert!(
            err.lines()
                .any(|l| l == format!("skips/records.jsonl:{line}: no article text")),
            "{line}: {err}"
        );
    }
    assert!(
        err.contains("skipped 5 records: no article text (listed above)"),
        "{err}"
    );
    // --quiet: the error alone
    let out = env.run(&["index", "skips", "--rebuild", "--quiet"]);
    assert_eq!(
        stderr(&out).trim(),
        "skips/records.jsonl:6: invalid JSON: EOF while parsing a value at column 37"
    );
    // --json lists every skipped item, with its kind
    let out = env.run(&["index", "skips", "--rebuild", "--json"]);
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let skipped: Vec<(u64, &str)> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["line"].as_u64().unwrap(), s["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [
            (1, "left_out"),
            (2, "left_out"),
            (3, "left_out"),
            (5, "left_out"),
            (6, "error"),
            (7, "left_out")
        ]
    );
}

/// `newsidx index corpus --index corpus/idx` works (the index folder is left out) and says so;
/// an index that is itself a folder to index is refused before anything is written (it used to
/// index nothing and exit 0).
#[test]
fn an_index_inside_a_folder_to_index_is_left_out_and_one_equal_to_it_refused() {
    let env = env_with("one");
    let out = env.run(&["index", "one", "--index", "one/idx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("indexed 1 article from 1 file"), "{err}");
    assert!(
        err.contains("left out one/idx: the index folder itself, inside a folder indexed"),
        "{err}"
    );
    let out = env.run(&["index", "one", "--index", "one/idx", "--json"]);
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["index_inside"], "one/idx");
    assert_eq!(summary["unchanged"], 1);

    let before = std::fs::read_dir(env.path("articles/iraq"))
        .unwrap()
        .count();
    for index in ["articles/iraq", "./articles/iraq/"] {
        env.fails_with(
            &["index", "articles", "articles/iraq", "--index", index],
            &format!("invalid value for --index: {index} is also a folder to index"),
        );
    }
    env.fails_with(
        &["index", "articles/iraq", "--index", "articles"],
        "articles/iraq is inside the index folder articles",
    );
    assert_eq!(
        std::fs::read_dir(env.path("articles/iraq"))
            .unwrap()
            .count(),
        before,
        "nothing written"
    );
    assert!(!env.path("articles/meta.json").exists());
}

/// `newsidx extract notes.pdf` exited 1 without a word.
#[test]
fn extract_says_why_an_unsupported_file_gives_nothing() {
    let env = TestEnv::new();
    env.write("notes.pdf", b"%PDF-1.4");
    env.write("table.csv", b"a,b\n1,2\n");
    let out = env.run(&["extract", "notes.pdf", "table.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for file in ["notes.pdf", "table.csv"] {
        assert!(
            err.contains(&format!(
                "{file}: not an article format newsidx reads (.txt, .md, .json, .jsonl, .html, .xml feeds, .warc web archives, and .zip, .tar, .tar.gz or .gz bundles of them)"
            )),
            "{err}"
        );
    }
    assert!(
        err.contains("0 articles, 2 files or records skipped"),
        "{err}"
    );
}

/// "x: No such file or directory (os error 2): No such file or directory (os error 2)": a
/// cause printed by its error and again by the chain.
#[test]
fn errors_name_their_cause_once() {
    let env = TestEnv::indexed();
    env.write("afile", b"not a folder");
    for (args, cause) in [
        (vec!["index", "nope"], "No such file or directory"),
        (vec!["extract", "nope"], "No such file or directory"),
        (
            vec!["index", "articles", "--index", "afile"],
            "invalid value for --index: afile is a file: give a folder",
        ),
        (
            vec!["index", "articles", "--index", "afile/sub"],
            "Not a directory",
        ),
        (
            vec!["export", "--out", "no/such/dir/x.ndjson"],
            "No such file or directory",
        ),
        (
            vec!["report", "--out", "afile/r.html", "trump"],
            "Not a directory",
        ),
        (vec!["search", "x", "--index", "nope"], "no index at nope"),
        (
            vec!["search", "--from", "2020-13"],
            "month 13 does not exist",
        ),
    ] {
        let out = env.fails_with(&args, cause);
        assert_eq!(
            stderr(&out).matches(cause).count(),
            1,
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

/// "1 files", "1 of 1 matching articles": every count printed for people agrees with its noun.
#[test]
fn counts_of_one_are_singular() {
    let env = env_with("one");
    let out = env.run(&["index", "one", "--index", "one-index"]);
    let err = stderr(&out);
    assert!(
        err.contains("indexed 1 article from 1 file into one-index in"),
        "{err}"
    );
    assert!(err.contains("(1 article in the index)"), "{err}");
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--index", "one-index"]);
        let out = env.run(&all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    };
    let out = run(&["search", "cod"]);
    assert!(
        stdout(&out).ends_with("1 of 1 matching article\n"),
        "{}",
        stdout(&out)
    );
    let out = run(&["timeline", "cod"]);
    assert!(
        stdout(&out).contains("1 matching article, 0 without a publication date"),
        "{}",
        stdout(&out)
    );
    let out = run(&["entities", "cod"]);
    assert!(
        stdout(&out).ends_with("1 matching article\n"),
        "{}",
        stdout(&out)
    );
    let out = run(&["report", "cod", "--out", "cod.md"]);
    assert!(
        stderr(&out).contains("wrote cod.md (1 matching article)"),
        "{}",
        stderr(&out)
    );
    let md = std::fs::read_to_string(env.path("cod.md")).unwrap();
    assert!(md.contains("**1** matching article."), "{md}");
    let out = run(&["report", "cod", "--out", "cod.html"]);
    assert!(out.status.success());
    let html = std::fs::read_to_string(env.path("cod.html")).unwrap();
    assert!(
        html.contains("<strong>1</strong> matching article"),
        "{html}"
    );
    assert!(!html.contains("matching articles"), "{html}");
    let out = run(&["export", "--out", "cod.ndjson"]);
    assert!(
        stderr(&out).contains("exported 1 article to cod.ndjson"),
        "{}",
        stderr(&out)
    );
    let out = run(&["stats"]);
    assert!(
        stdout(&out).contains("persons          1 distinct, 1 mention\n"),
        "{}",
        stdout(&out)
    );
    env.write("bad.json", b"{");
    let out = env.run(&["extract", "one/2020-01-06-oslo-harbour.txt", "bad.json"]);
    assert!(
        stderr(&out).contains("1 article, 1 file or record skipped"),
        "{}",
        stderr(&out)
    );
}

/// The `--from`, `--to`, `--mentioned-from` and `--mentioned-to` examples a command's `--help`
/// gives after "e.g.", by flag.
fn date_examples_in_help(env: &TestEnv, command: &str) -> Vec<(String, String)> {
    let out = env.run(&[command, "--help"]);
    assert!(out.status.success());
    let help = stdout(&out);
    let lines: Vec<&str> = help.lines().collect();
    let mut examples = Vec::new();
    for flag in ["--from", "--to", "--mentioned-from", "--mentioned-to"] {
        let heading = format!("{flag} <DATE>");
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&heading))
            .unwrap_or_else(|| panic!("{command} --help has no {flag}:\n{help}"));
        // the option's text runs to the blank line before the next option
        let text: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| !l.trim().is_empty())
            .flat_map(|l| l.split_whitespace())
            .collect();
        let text = text.join(" ");
        let (_, list) = text
            .split_once("e.g. ")
            .unwrap_or_else(|| panic!("{command} {flag}: no examples in {text}"));
        let list = list.trim_end_matches('.');
        // split at commas outside quotes
        let (mut item, mut quoted) = (String::new(), false);
        for c in list.chars().chain([',']) {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    examples.push((flag.to_string(), item.trim().to_string()));
                    item.clear();
                }
                c => item.push(c),
            }
        }
    }
    examples
}

/// `--mentioned-from` offered "January 5, 2020" and "last week" in its help and rejected both.
/// Every date example the help of each command gives (see `Filters` in
/// src/bin/newsidx/args.rs) is run through that command.
#[test]
fn every_date_example_in_help_is_accepted() {
    let env = TestEnv::indexed();
    let search = date_examples_in_help(&env, "search");
    for must in [
        "2020-01-05",
        "January 5, 2020",
        "5 Jan 2020",
        "March 2020",
        "last week",
        "yesterday",
        "today",
        "3 days ago",
    ] {
        assert!(search.iter().any(|(_, e)| e == must), "{must}: {search:?}");
    }
    for command in ["search", "entities", "timeline", "report", "export"] {
        let examples = date_examples_in_help(&env, command);
        assert_eq!(examples, search, "{command} gives other examples");
        for (flag, example) in &examples {
            let mut args = vec![command, flag.as_str(), example.as_str()];
            match command {
                "report" => args.extend(["--out", "report.md"]),
                "export" => {}
                _ => args.extend(["--format", "json"]),
            }
            let out = env.run(&args);
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{args:?}: {}",
                stderr(&out)
            );
            if command == "search" {
                let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
                let key = flag.trim_start_matches("--").replace('-', "_");
                assert!(doc["query"][&key].is_string(), "{args:?}: {doc}");
            }
        }
    }
}

/// Written and relative dates in filters resolve as the help says: relative ones against
/// today's date (UTC) when the command runs.
#[test]
fn written_and_relative_dates_resolve_in_filters() {
    let env = TestEnv::indexed();
    let doc = env.search_json(&[
        "--from",
        "January 5, 2020",
        "--to",
        "march 2020",
        "--mentioned-from",
        "5 Jan 2020",
    ]);
    assert_eq!(doc["query"]["from"], "2020-01-05T00:00:00Z");
    assert_eq!(doc["query"]["to"], "2020-04-01T00:00:00Z");
    assert_eq!(doc["query"]["mentioned_from"], "2020-01-05T00:00:00Z");
    let mut found = ids(&doc);
    found.sort();
    assert_eq!(
        found,
        [
            "articles/iraq/2020-01-07-pentagon-soleimani.md",
            "articles/plain/headers.txt",
            "articles/web/2020-01-06-trump-sanctions.html",
        ],
        "{doc}"
    );
    // The day may turn between reading the clock here and in the binary: either day is right.
    let days_ago = |n: i64| {
        let today = jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date();
        format!(
            "{}T00:00:00Z",
            today.checked_sub(jiff::Span::new().days(n)).unwrap()
        )
    };
    // --from 3 days ago starts that day; --mentioned-to yesterday ends where today starts
    let before = (days_ago(3), days_ago(0));
    let doc = env.search_json(&["--from", "3 days ago", "--mentioned-to", "yesterday"]);
    let after = (days_ago(3), days_ago(0));
    let got = (
        doc["query"]["from"].as_str().unwrap().to_string(),
        doc["query"]["mentioned_to"].as_str().unwrap().to_string(),
    );
    assert!(got == before || got == after, "{got:?} {before:?}");
    env.fails_with(
        &["search", "--mentioned-from", "someday"],
        "--mentioned-from",
    );
}

// --- issue 13: items 1-4 ---

/// A TestEnv with the fixture articles and the Reuters-like wire of `tests/fixtures/names`
/// (names with dots: "U.S. Treasury", "E.F. Hutton", "J.P. Morgan", "U.N.", "N.J."; oil and
/// OPEC stories), both indexed.
fn names_env() -> TestEnv {
    let env = TestEnv::new();
    let names = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names");
    copy_dir(&names, &env.path("names"));
    let out = env.run(&["index", "articles", "names"]);
    assert!(out.status.success(), "{}", stderr(&out));
    env
}

/// Regression (#13): `entities` listed "U.S. Treasury" but `--org "U.S. Treasury"` found
/// nothing: the index split the name at its dots (`u s treasury`), the filter did not (`us`).
#[test]
fn names_with_dots_are_found_by_their_own_filter() {
    let env = names_env();
    for (flag, name, at_least) in [
        ("--org", "U.S. Treasury", 2),
        ("--org", "us treasury", 2),
        ("--org", "E.F. Hutton", 1),
        ("--org", "J.P. Morgan", 2),
        ("--org", "U.N.", 1),
        ("--org", "U.S. District Court", 1),
        ("--org", "U.S. Agriculture Department", 1),
        ("--location", "N.J.", 1),
        ("--location", "N.Y.", 1),
    ] {
        let doc = env.search_json(&[flag, name]);
        let total = doc["total_hits"].as_u64().unwrap();
        assert!(total >= at_least, "{flag} {name}: {total} hits");
        for hit in doc["hits"].as_array().unwrap() {
            assert!(hit["id"].as_str().unwrap().starts_with("names/"), "{hit}");
        }
    }
    // the query syntax's entity fields read names the same way
    let doc = env.search_json(&["organization:\"U.S. Treasury\""]);
    assert_eq!(doc["total_hits"], 2, "{doc}");
}

/// The invariant of #13: every name `entities` prints (the top 60 of each type) is found by a
/// filter of that name in at least the `articles` it printed.
#[test]
fn every_name_entities_lists_is_found_by_its_own_filter() {
    let env = names_env();
    for (kind, flag) in [
        ("person", "--person"),
        ("org", "--org"),
        ("location", "--location"),
    ] {
        let out = env.run(&[
            "entities", "--type", kind, "--top", "60", "--format", "jsonl",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let listed: Vec<Value> = stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(listed.len() >= 10, "{kind}: {listed:?}");
        for entity in listed {
            let name = entity["name"].as_str().unwrap();
            let doc = env.search_json(&[flag, name, "--limit", "1"]);
            let found = doc["total_hits"].as_u64().unwrap();
            let counted = entity["articles"].as_u64().unwrap();
            assert!(found >= counted, "{flag} {name:?}: {found} < {counted}");
        }
    }
}

/// Regression (#13): `newsidx search iraq troops`, the README's first example, failed with
/// "unexpected argument 'troops'": the words of a query may be separate arguments.
#[test]
fn query_words_may_be_separate_arguments() {
    let env = names_env();
    let joined = env.search_json(&["oil prices", "--limit", "50"]);
    let split = env.search_json(&["oil", "prices", "--limit", "50"]);
    assert!(joined["total_hits"].as_u64().unwrap() >= 2, "{joined}");
    assert_eq!(ids(&split), ids(&joined));
    assert_eq!(split["query"]["text"], "oil prices");
    for sub in [
        &["timeline", "oil", "prices", "--format", "json"][..],
        &["entities", "oil", "prices", "--format", "json"],
        &["export", "oil", "prices"],
    ] {
        let out = env.run(sub);
        assert_eq!(out.status.code(), Some(0), "{sub:?}: {}", stderr(&out));
    }
    let out = env.run(&["report", "oil", "prices", "--out", "oil.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(env.path("oil.md"))
            .unwrap()
            .contains("oil prices")
    );
}

/// The ids of every hit of a search on the names fixture.
fn all_ids(env: &TestEnv, query: &[&str]) -> Vec<String> {
    let mut args = query.to_vec();
    args.extend(["--limit", "100"]);
    let mut ids = ids(&env.search_json(&args));
    ids.sort();
    ids
}

/// Regression (#13): `oil AND NOT opec` found nothing where `oil -opec` found 1,312 Reuters
/// articles: tantivy reads it as `+oil +(-opec)`, a required group that only excludes.
#[test]
fn not_excludes_as_lucene_syntax_does() {
    let env = names_env();
    let oil = all_ids(&env, &["oil"]);
    let opec = all_ids(&env, &["opec"]);
    let mexico = all_ids(&env, &["mexico"]);
    let without = |base: &[String], out: &[&[String]]| -> Vec<String> {
        base.iter()
            .filter(|id| out.iter().all(|o| !o.contains(id)))
            .cloned()
            .collect()
    };
    let oil_not_opec = without(&oil, &[&opec]);
    assert!(!oil_not_opec.is_empty() && oil_not_opec.len() < oil.len());
    assert_eq!(all_ids(&env, &["oil -opec"]), oil_not_opec);
    assert_eq!(all_ids(&env, &["oil AND NOT opec"]), oil_not_opec);
    assert_eq!(all_ids(&env, &["oil NOT opec"]), oil_not_opec);
    assert_eq!(
        all_ids(&env, &["oil AND NOT (opec OR mexico)"]),
        without(&oil, &[&opec, &mexico])
    );
    // NOT alone: every article without the word; with a filter, every filtered one
    let every = all_ids(&env, &["--from", "1900"]);
    assert_eq!(
        all_ids(&env, &["NOT opec", "--from", "1900"]),
        without(&every, &[&opec])
    );
    let morgan = all_ids(&env, &["--org", "J.P. Morgan"]);
    assert_eq!(morgan.len(), 2);
    assert_eq!(
        all_ids(&env, &["NOT opec", "--org", "J.P. Morgan"]),
        without(&morgan, &[&opec])
    );
    // the other commands take the same query
    let out = env.run(&["timeline", "oil AND NOT opec", "--format", "json"]);
    let timeline: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(timeline["total"], oil_not_opec.len(), "{timeline}");
    // quoted, NOT is part of a phrase; lower-case `not` is a word like any other
    let verdict = all_ids(&env, &["\"not guilty\""]);
    assert_eq!(verdict, ["names/wire-1987-03.jsonl#n7"]);
    assert_eq!(all_ids(&env, &["not guilty"]), verdict);
    let lower = all_ids(&env, &["oil not opec"]);
    assert!(!lower.is_empty());
    assert!(lower.iter().all(|id| opec.contains(id)), "{lower:?}");
    // NOT with nothing after it is still an error
    env.fails_with(&["search", "oil NOT"], "NOT");
}

/// Regression (#13): JSON Lines and CSV stopped at 10 hits without a word; a script could not
/// know there were 1,312. Machine formats cut by `--limit` say so on stderr.
#[test]
fn machine_formats_say_on_stderr_when_the_limit_cut_them() {
    let env = names_env();
    let total = env.search_json(&["oil", "--limit", "100"])["total_hits"]
        .as_u64()
        .unwrap();
    assert!(total > 10, "{total}");
    let notice = format!("10 of {total} matching articles; --limit N or --all for more");
    for format in ["jsonl", "csv", "json"] {
        let out = env.run(&["search", "oil", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out).trim_end(), notice, "{format}");
        let out = env.run(&["search", "oil", "--format", format, "--limit", "100"]);
        assert_eq!(stderr(&out), "", "{format}: nothing was left out");
    }
    let out = env.run(&["search", "oil", "--format", "jsonl"]);
    assert_eq!(stdout(&out).lines().count(), 10);
    // text says "N of M" on stdout, as before
    let out = env.run(&["search", "oil"]);
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).contains(&format!("10 of {total} matching articles")));
}

/// `--all` writes every hit, in the order `--limit` gives the first ones, in every format.
#[test]
fn search_all_writes_every_hit_in_order() {
    let env = names_env();
    for sort in ["relevance", "newest", "oldest"] {
        let limited = env.search_json(&["oil", "--sort", sort, "--limit", "100"]);
        let total = limited["total_hits"].as_u64().unwrap() as usize;
        let out = env.run(&[
            "search", "oil", "--sort", sort, "--all", "--format", "jsonl",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out), "");
        let lines: Vec<Value> = stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), total, "{sort}");
        let streamed: Vec<&str> = lines.iter().map(|h| h["id"].as_str().unwrap()).collect();
        assert_eq!(streamed, ids(&limited), "{sort}");
        let ranks: Vec<u64> = lines.iter().map(|h| h["rank"].as_u64().unwrap()).collect();
        assert_eq!(ranks, (1..=total as u64).collect::<Vec<_>>());
        // JSON keeps total_hits and the query says all
        let out = env.run(&["search", "oil", "--sort", sort, "--all", "--format", "json"]);
        let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
        assert_eq!(doc["total_hits"], total);
        assert_eq!(doc["query"]["all"], true);
        assert_eq!(ids(&doc), ids(&limited), "{sort}");
        assert_eq!(doc["hits"][0], limited["hits"][0]);
        // CSV: the header and a row a hit
        let out = env.run(&["search", "oil", "--sort", sort, "--all", "--format", "csv"]);
        assert_eq!(stdout(&out).lines().count(), total + 1);
        // text: a block a hit and "N of N"
        let out = env.run(&["search", "oil", "--sort", sort, "--all"]);
        assert!(stdout(&out).contains(&format!("{total} of {total} matching articles")));
    }
    // without --all the request has no `all` key
    assert!(env.search_json(&["oil"])["query"].get("all").is_none());
    let out = env.run(&["search", "zzzz", "--all", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    env.fails_with(
        &["search", "oil", "--all", "--limit", "5"],
        "cannot be used with",
    );
}

/// The entity-name fixtures (`tests/fixtures/entity-names/`), indexed under `names/`.
fn indexed_entity_names() -> TestEnv {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entity-names");
    copy_dir(&from, &env.path("names"));
    let out = env.run(&["index", "names", "--index", "names-index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    env
}

/// The file names of a search's hits, sorted.
fn hit_files(env: &TestEnv, args: &[&str]) -> (Vec<String>, String) {
    let mut all = vec!["search", "--index", "names-index", "--format", "json"];
    all.extend_from_slice(args);
    let out = env.run(&all);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    let mut files: Vec<String> = doc["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .map(|h| {
                    let path = h["path"].as_str().unwrap_or_default();
                    path.rsplit(['/', '\\'])
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    (files, stderr(&out))
}

/// The organizations `entities --variants` lists for the entity-name index, with `extra` flags.
fn names_orgs(env: &TestEnv, extra: &[&str]) -> Vec<Value> {
    let mut args = vec![
        "entities",
        "--index",
        "names-index",
        "--type",
        "org",
        "--variants",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = env.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    doc["entities"].as_array().unwrap().clone()
}

/// Issue 16: an acronym defined in one article ("The European Community (EC)") and its
/// expansion are one entity across the index: `--org` of either name finds the articles that
/// use only the other, says so on stderr, and `--exact-name` matches the name alone.
#[test]
fn an_acronym_and_its_expansion_find_each_others_articles() {
    let env = indexed_entity_names();
    let ec = ["ec-alone.txt", "ec-defined.txt", "ec-full.txt"];
    let (full, note) = hit_files(&env, &["--org", "European Community"]);
    assert_eq!(full, ec, "{note}");
    assert!(
        note.contains("\"ec\"") && note.contains("--exact-name"),
        "{note}"
    );
    let (short, note) = hit_files(&env, &["--org", "EC"]);
    assert_eq!(short, ec, "{note}");
    assert!(note.contains("european community"), "{note}");
    let (exact, note) = hit_files(&env, &["--org", "EC", "--exact-name"]);
    assert_eq!(exact, ["ec-alone.txt", "ec-defined.txt"], "{note}");
    assert!(!note.contains("also matches"), "{note}");
    // the JSON names what else was matched
    let out = env.run(&[
        "search",
        "--index",
        "names-index",
        "--format",
        "json",
        "--org",
        "EC",
    ]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["other_names"][0]["other_names"][0]["name"],
        "european community"
    );
    assert_eq!(doc["other_names"][0]["other_names"][0]["paired_in"], 1);
}

/// Issue 16: British and American spellings ("Organisation ... Co-operation") are one name,
/// and an acronym defined under one spelling is found under the other; dotted and undotted
/// forms ("U.S. Treasury", "US Treasury") are one name.
#[test]
fn spellings_and_dots_are_one_name() {
    let env = indexed_entity_names();
    let oecd = ["oecd-british.txt", "oecd-defined.txt"];
    for name in [
        "Organisation for Economic Co-operation and Development",
        "Organization for Economic Cooperation and Development",
        "OECD",
    ] {
        let (files, note) = hit_files(&env, &["--org", name]);
        assert_eq!(files, oecd, "{name}: {note}");
    }
    // us-treasury.txt pairs "Treasury" with "U.S. Treasury", so the Treasury of
    // baker-james.txt is it too; --exact-name keeps to the name
    for name in ["U.S. Treasury", "US Treasury", "u.s. treasury"] {
        let (files, note) = hit_files(&env, &["--org", name]);
        assert_eq!(
            files,
            ["baker-james.txt", "us-treasury.txt"],
            "{name}: {note}"
        );
        let (files, note) = hit_files(&env, &["--org", name, "--exact-name"]);
        assert_eq!(files, ["us-treasury.txt"], "{name}: {note}");
    }
}

/// Issue 16: `entities` counts an acronym and its expansion as one organization, each article
/// once, under the name written most; `--variants` shows what was merged.
#[test]
fn entities_count_an_acronym_and_its_expansion_once() {
    let env = indexed_entity_names();
    let orgs = names_orgs(&env, &[]);
    let named = |name: &str| {
        orgs.iter()
            .filter(|e| {
                e["name"] == name
                    || e["variants"]
                        .as_array()
                        .is_some_and(|v| v.iter().any(|v| v["name"] == name))
            })
            .collect::<Vec<_>>()
    };
    let ec = named("EC");
    assert_eq!(ec.len(), 1, "{orgs:?}");
    assert_eq!(named("European Community").len(), 1, "{orgs:?}");
    assert_eq!(ec[0]["name"], "EC", "the name written most");
    assert_eq!(ec[0]["articles"], 3, "each article once: {}", ec[0]);
    let variants: Vec<&str> = ec[0]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(variants, ["EC", "European Community"]);
    // the article that defines OECD names it by its long form throughout
    let oecd = named("Organization for Economic Cooperation and Development");
    assert_eq!(oecd.len(), 1, "{orgs:?}");
    assert_eq!(oecd[0]["articles"], 2, "{}", oecd[0]);
    assert!(named("OECD").is_empty(), "{orgs:?}");
    // without --variants, no variants
    let out = env.run(&[
        "entities",
        "--index",
        "names-index",
        "--type",
        "org",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e.get("variants").is_none())
    );
}

/// Issue 16: a short name one article pairs with a fuller one ("the Federal Reserve ... the
/// Fed") stands for it across the index; a surname that stands for two persons ("Baker":
/// James Baker, Howard Baker) finds all and says which on stderr, while a full name picks one;
/// a department "of" something is the same name as "something department", and an acronym
/// defined in that order ("U.S. Agriculture Department (USDA)") stands for both.
#[test]
fn short_names_stand_for_the_fuller_name_the_index_pairs_them_with() {
    let env = indexed_entity_names();
    let fed = ["fed-alone.txt", "fed-full.txt"];
    for name in ["Federal Reserve", "Fed"] {
        let (files, note) = hit_files(&env, &["--org", name]);
        assert_eq!(files, fed, "{name}: {note}");
    }
    let (files, note) = hit_files(&env, &["--person", "Baker"]);
    assert_eq!(
        files,
        ["baker-alone.txt", "baker-howard.txt", "baker-james.txt"],
        "{note}"
    );
    assert!(
        note.contains("more than one entity")
            && note.contains("\"james baker\"")
            && note.contains("\"howard baker\""),
        "{note}"
    );
    let (files, note) = hit_files(&env, &["--person", "James Baker"]);
    assert_eq!(files, ["baker-james.txt"], "{note}");
    for name in ["Department of Agriculture", "Agriculture Department"] {
        let (files, note) = hit_files(&env, &["--org", name]);
        assert_eq!(files, ["usda-defined.txt", "usda.txt"], "{name}: {note}");
    }
    // "U.S. Agriculture Department (USDA)" defines the acronym in the other word order, with
    // the dotted initials a letter each: the acronym alone is the same entity
    for name in [
        "USDA",
        "U.S. Agriculture Department",
        "U.S. Department of Agriculture",
    ] {
        let (files, note) = hit_files(&env, &["--org", name]);
        assert_eq!(
            files,
            ["usda-alone.txt", "usda-defined.txt", "usda.txt"],
            "{name}: {note}"
        );
    }
}

/// Issue 16: the user has the last word. `aliases.tsv` in the index folder (or `--aliases`)
/// merges names in counts and filters, under the canonical name it gives; `hide.txt` (or
/// `--hide`) drops names from counts; both apply without indexing again, and a bad line is an
/// error naming its file and line before anything runs.
#[test]
fn aliases_file_and_hide_list_apply_at_query_time() {
    let env = indexed_entity_names();
    let orgs = |extra: &[&str]| names_orgs(&env, extra);
    let names = |orgs: &[Value]| -> Vec<String> {
        orgs.iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(names(&orgs(&[])).contains(&"Ministry of Agriculture".to_owned()));
    env.write(
        "names-index/aliases.tsv",
        b"# the user's own merges\nDepartment of Agriculture\tMinistry of Agriculture\nDepartment of Agriculture\tU.S. Department of Agriculture\n",
    );
    env.write("names-index/hide.txt", b"EC\n");
    let merged = orgs(&[]);
    let agriculture: Vec<&Value> = merged
        .iter()
        .filter(|e| e["name"] == "Department of Agriculture")
        .collect();
    assert_eq!(agriculture.len(), 1, "{merged:?}");
    // the aliases' two names, and the acronym one of them stands for (USDA)
    assert_eq!(agriculture[0]["articles"], 4, "{}", agriculture[0]);
    let all = names(&merged);
    assert!(
        !all.contains(&"Ministry of Agriculture".to_owned()),
        "{all:?}"
    );
    assert!(
        !all.iter().any(|n| n == "EC" || n == "European Community"),
        "hidden: {all:?}"
    );
    // the filter finds what the count counts: the aliases' names and the acronym of one of them
    let (files, note) = hit_files(&env, &["--org", "Ministry of Agriculture"]);
    assert_eq!(
        files,
        [
            "ec-alone.txt",
            "usda-alone.txt",
            "usda-defined.txt",
            "usda.txt"
        ],
        "{note}"
    );
    assert!(
        note.contains("(aliases file)") && note.contains("\"usda\" (1 article)"),
        "{note}"
    );
    // a file given on the command line replaces the folder's
    env.write("mine.tsv", b"EC\tEuropean Community\nEC only\n");
    env.fails_with(
        &[
            "entities",
            "--index",
            "names-index",
            "--aliases",
            "mine.tsv",
        ],
        "mine.tsv:2: expected `canonical<TAB>variant`",
    );
    env.write("hide-none.txt", b"Reuters\n");
    let shown = names(&orgs(&["--hide", "hide-none.txt"]));
    assert!(shown.contains(&"EC".to_owned()), "{shown:?}");
    // an alias of an acronym joins the acronym's expansion too, in counts and in filters
    env.write("usda.tsv", b"USDA\tMinistry of Agriculture\n");
    let merged = orgs(&["--aliases", "usda.tsv"]);
    let usda: Vec<&Value> = merged.iter().filter(|e| e["name"] == "USDA").collect();
    assert_eq!(usda.len(), 1, "{merged:?}");
    assert_eq!(usda[0]["articles"], 4, "{}", usda[0]);
    let all = names(&merged);
    assert!(
        !all.iter()
            .any(|n| n == "U.S. Agriculture Department" || n == "Ministry of Agriculture"),
        "{all:?}"
    );
    let (files, note) = hit_files(
        &env,
        &[
            "--org",
            "U.S. Agriculture Department",
            "--aliases",
            "usda.tsv",
        ],
    );
    assert_eq!(
        files,
        [
            "ec-alone.txt",
            "usda-alone.txt",
            "usda-defined.txt",
            "usda.txt"
        ],
        "{note}"
    );
}

/// Issue 17, item 4: `--not-person`, `--not-org`, `--not-location` leave out the articles that
/// mention the entity, by every name a filter for it matches (`--exact-name`: the name alone);
/// alone they start from every article; `entities` and `timeline` take them too, and a name
/// with nothing to search for fails before anything runs.
#[test]
fn exclusion_filters_leave_out_the_entity_by_all_its_names() {
    let env = indexed_entity_names();
    let everything = || {
        let mut files: Vec<String> = std::fs::read_dir(env.path("names"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        files.sort();
        files
    };
    let without = |left_out: &[&str]| -> Vec<String> {
        everything()
            .into_iter()
            .filter(|f| !left_out.contains(&f.as_str()))
            .collect()
    };
    let ec = ["ec-alone.txt", "ec-defined.txt", "ec-full.txt"];
    let (files, note) = hit_files(&env, &["--not-org", "European Community", "-n", "50"]);
    assert_eq!(files, without(&ec), "{note}");
    assert!(note.contains("also leaves out \"ec\""), "{note}");
    // the name alone: the articles that write only "EC" stay
    let (files, note) = hit_files(
        &env,
        &[
            "--not-org",
            "European Community",
            "--exact-name",
            "-n",
            "50",
        ],
    );
    assert_eq!(files, without(&["ec-full.txt"]), "{note}");
    // with other filters, and an ambiguous surname leaves out every entity it stands for
    let (files, note) = hit_files(&env, &["--org", "USDA", "--not-org", "EC"]);
    assert_eq!(
        files,
        ["usda-alone.txt", "usda-defined.txt", "usda.txt"],
        "{note}"
    );
    let (files, note) = hit_files(
        &env,
        &["--not-person", "Baker", "--not-org", "Fed", "-n", "50"],
    );
    let baker_fed = [
        "baker-alone.txt",
        "baker-howard.txt",
        "baker-james.txt",
        "fed-alone.txt",
        "fed-full.txt",
    ];
    assert_eq!(files, without(&baker_fed), "{note}");
    assert!(note.contains("all are left out"), "{note}");
    let (files, _) = hit_files(&env, &["--not-person", "James Baker", "-n", "50"]);
    assert_eq!(files, without(&["baker-james.txt"]));
    // entities counts only the articles left
    let out = env.run(&[
        "entities",
        "--index",
        "names-index",
        "--not-person",
        "Baker",
        "--type",
        "person",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["total_articles"].as_u64(),
        Some((everything().len() - 3) as u64),
        "{doc}"
    );
    assert!(
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e["name"].as_str().unwrap().contains("Baker")),
        "{doc}"
    );
    env.fails_with(
        &["search", "--index", "names-index", "--not-location", "..."],
        "--not-location",
    );
    // an excluded phrase in the text query runs too (tantivy's debug build asserted on it)
    let (files, note) = hit_files(&env, &["said -\"James Baker\"", "-n", "50"]);
    let (said, _) = hit_files(&env, &["said", "-n", "50"]);
    assert!(said.contains(&"baker-james.txt".to_owned()), "{said:?}");
    let expected: Vec<String> = said
        .into_iter()
        .filter(|f| f != "baker-james.txt")
        .collect();
    assert_eq!(files, expected, "{note}");
}

/// Issue 17, item 2: `newsidx mentions` lists every mention of the filtered entity across the
/// matching articles, oldest first, each with its sentence; the offsets point into the body
/// the index stored and the highlight into the context; all four formats; without an entity
/// filter it is an error, and with no mention it exits 1.
#[test]
fn mentions_lists_every_mention_with_its_sentence() {
    let env = TestEnv::indexed();
    let out = env.run(&["mentions", "--person", "trump", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 4, "{lines:?}");
    let articles: std::collections::BTreeSet<&str> = lines
        .iter()
        .map(|m| m["article_id"].as_str().unwrap())
        .collect();
    assert!(
        articles.len() >= 2,
        "mentions across articles: {articles:?}"
    );
    for m in &lines {
        assert_eq!(m["schema_version"], 1);
        assert_eq!(m["name"], "Donald Trump", "{m}");
        assert!(m["text"].as_str().unwrap().contains("Trump"), "{m}");
        let context = m["context"].as_str().unwrap();
        let [a, b] = [0, 1].map(|i| m["highlight"][i].as_u64().unwrap() as usize);
        assert_eq!(&context[a..b], m["text"].as_str().unwrap(), "{m}");
        let (start, end) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        assert_eq!(end - start, m["text"].as_str().unwrap().len() as u64, "{m}");
    }
    // the article's stored body holds each mention at its offsets: ask search --all for it
    let hits = env.run(&["export", "--person", "trump"]);
    let bodies: std::collections::HashMap<String, String> = stdout(&hits)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_owned(),
                v["body"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for m in &lines {
        let body = &bodies[m["article_id"].as_str().unwrap()];
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[start..end], m["text"].as_str().unwrap());
        let chars = body[..start].chars().count() as u64;
        assert_eq!(m["char_start"].as_u64().unwrap(), chars);
    }
    // oldest first, undated last
    let dates: Vec<Option<&str>> = lines.iter().map(|m| m["published"].as_str()).collect();
    let dated: Vec<&str> = dates.iter().flatten().copied().collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    if let Some(first_undated) = dates.iter().position(Option::is_none) {
        assert!(
            dates[first_undated..].iter().all(Option::is_none),
            "{dates:?}"
        );
    }
    // JSON: one document with the mentions; CSV: a header and a row each; text: a line each
    let json: Value = serde_json::from_slice(
        &env.run(&["mentions", "--person", "trump", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["mentions"].as_array().unwrap().len(), lines.len());
    let csv = stdout(&env.run(&["mentions", "--person", "trump", "--format", "csv"]));
    assert!(csv.starts_with(
        "article_id,path,published,title,type,name,text,start,end,char_start,char_end,context,highlight\n"
    ));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), lines.len());
    let text = stdout(&env.run(&["mentions", "--person", "trump"]));
    assert_eq!(text.lines().count(), lines.len() + 1, "{text}");
    assert!(
        text.ends_with(&format!(
            "{} mentions in {} matching articles\n",
            lines.len(),
            articles.len()
        )),
        "{text}"
    );
    insta::assert_json_snapshot!("mentions_jsonl_first", lines[0]);
    // filters narrow the articles; no mention is exit 1; no entity filter is an error
    let out = env.run(&["mentions", "--person", "trump", "--to", "2019"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    env.fails_with(&["mentions", "sanctions"], "--person/--org/--location");
}

/// Issue 17, item 1: `newsidx batch` runs a watch list at once. A table's rows run in input
/// order, each with the hits `search` gives the same flags; bad rows (a bad date, an empty row,
/// a query that does not parse) are reported as FILE:LINE and skipped, an unknown column is
/// named; a plain list takes its type from --as; exit 0 when a row matched, 1 when none did,
/// 2 for a file without a usable header.
#[test]
fn batch_runs_every_row_of_a_watch_list() {
    let env = TestEnv::indexed();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/batch");
    copy_dir(&fixtures, &env.path("lists"));
    let out = env.run(&["batch", "lists/watchlist.csv", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("lists/watchlist.csv:1: unknown column \"notes\""),
        "{err}"
    );
    assert!(
        err.contains("lists/watchlist.csv:4: invalid date for --from: '2020-14'"),
        "{err}"
    );
    assert!(err.contains("lists/watchlist.csv:5: empty row"), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["rows"], 6);
    assert_eq!(doc["matched_rows"], 3);
    let skipped: Vec<u64> = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["line"].as_u64().unwrap())
        .collect();
    assert_eq!(skipped, [4, 5]);
    let results = doc["results"].as_array().unwrap();
    let rows: Vec<u64> = results.iter().map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [1, 2, 5, 6], "input order");
    assert_eq!(results[0]["label"], "Trump in January 2020");
    // each row finds what `search` finds with the same flags, its top 3 hits
    for (result, flags) in results.iter().zip([
        &["--person", "trump", "--from", "2020-01", "--to", "2020-01"][..],
        &["--org", "pentagon"],
        &["--person", "zzyzx qwerty"],
        &["--location", "baghdad"],
    ]) {
        let mut args = flags.to_vec();
        args.extend(["--limit", "3"]);
        let search = env.search_json(&args);
        assert_eq!(result["total_hits"], search["total_hits"], "{flags:?}");
        let ids = |hits: &Value| -> Vec<String> {
            hits.as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(ids(&result["hits"]), ids(&search["hits"]), "{flags:?}");
    }
    // CSV: a line a row with the top hits' ids and titles; JSON Lines: a row a line
    let csv = stdout(&env.run(&["batch", "lists/watchlist.csv", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "row",
            "line",
            "label",
            "query",
            "person",
            "org",
            "location",
            "from",
            "to",
            "mentioned_from",
            "mentioned_to",
            "total_hits",
            "top_ids",
            "top_titles"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[1][2], "Pentagon");
    assert_eq!(records[1][12].split(';').count(), 3, "{:?}", records[1]);
    let jsonl = stdout(&env.run(&["batch", "lists/watchlist.csv", "--format", "jsonl"]));
    assert_eq!(jsonl.lines().count(), 4);
    // TSV: a `"` is part of the cell, and a query that does not parse is a bad row
    let out = env.run(&["batch", "lists/queries.tsv", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("lists/queries.tsv:3: invalid query '\"troops'"),
        "{}",
        stderr(&out)
    );
    // a plain list needs --as; with it, a line is a name
    env.fails_with(
        &["batch", "lists/persons.txt"],
        "--as person|org|location|query",
    );
    let out = env.run(&[
        "batch",
        "lists/persons.txt",
        "--as",
        "person",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let totals: Vec<(String, u64)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["query"]["persons"][0].as_str().unwrap().to_owned(),
                r["total_hits"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(totals.len(), 3);
    assert_eq!(totals[2], ("Nobody Atall".to_owned(), 0));
    assert!(totals[0].1 > 0 && totals[1].1 > 0, "{totals:?}");
    // exit codes: nothing matched is 1, a file without a known column is 2
    env.write("none.txt", b"Nobody Atall\n");
    let out = env.run(&["batch", "none.txt", "--as", "org"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = env.run(&["batch", "lists/no-header.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("lists/no-header.csv:1: no known column in the header"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["batch", "missing.csv"]);
    assert_eq!(out.status.code(), Some(2));
    // a report: the rows by hits, each linking to its top hits
    let out = env.run(&["batch", "lists/watchlist.csv", "--out", "watch.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(env.path("watch.html")).unwrap();
    assert!(html.contains("<a href=\"#row-6\">Baghdad</a>"), "{html}");
    assert!(html.contains("<h3 id=\"row-6\">"), "{html}");
    assert!(html.contains("<mark>"), "snippets with highlights: {html}");
    let baghdad = html.find("#row-6").unwrap();
    let nobody = html.find("#row-5").unwrap();
    assert!(baghdad < nobody, "most hits first");
    env.fails_with(
        &["batch", "lists/watchlist.csv", "--out", "watch.pdf"],
        "name a .html or .md file",
    );
}

/// The duplicate-story fixtures (`tests/fixtures/duplicates/`), indexed under `dups-index`.
fn indexed_duplicates() -> TestEnv {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/duplicates");
    copy_dir(&from, &env.path("dups"));
    let out = env.run(&["index", "dups", "--index", "dups-index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    env
}

/// Issue 17, item 3: a re-send (the same text) and a corrected re-send (one figure changed)
/// are one story with their original, another story on the subject is not; `--collapse` shows
/// one hit a story with the others' ids, and makes `timeline` and `entities` count stories.
#[test]
fn collapse_shows_one_hit_a_story() {
    let env = indexed_duplicates();
    let search = |extra: &[&str]| -> Value {
        let mut args = vec![
            "search",
            "cocoa",
            "--index",
            "dups-index",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = env.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let plain = search(&[]);
    assert_eq!(plain["total_hits"], 4);
    assert!(plain.get("total_groups").is_none());
    assert!(plain["hits"][0].get("duplicates").is_none());
    let collapsed = search(&["--collapse"]);
    assert_eq!(collapsed["total_hits"], 4);
    assert_eq!(collapsed["total_groups"], 2);
    let hits = collapsed["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    let name = |id: &Value| {
        id.as_str()
            .unwrap()
            .rsplit(['/', '\\'])
            .next()
            .unwrap()
            .to_owned()
    };
    let mut stories: Vec<(String, Vec<String>)> = hits
        .iter()
        .map(|h| {
            let d = &h["duplicates"];
            assert_eq!(
                d["similar"].as_u64().unwrap() as usize,
                d["ids"].as_array().unwrap().len()
            );
            assert_eq!(d["group"].as_str().unwrap().len(), 16, "{d}");
            let mut others: Vec<String> = d["ids"].as_array().unwrap().iter().map(name).collect();
            others.sort();
            (name(&h["id"]), others)
        })
        .collect();
    stories.sort_by_key(|(_, others)| others.len());
    let (crop, other) = (&stories[1], &stories[0]);
    assert_eq!(other, &("cocoa-other.txt".to_owned(), vec![]));
    let mut crop_all: Vec<String> = crop.1.clone();
    crop_all.push(crop.0.clone());
    crop_all.sort();
    assert_eq!(
        crop_all,
        ["cocoa-1.txt", "cocoa-corrected.txt", "cocoa-resend.txt"],
        "{stories:?}"
    );
    // text says "+N similar" and counts stories; CSV has the group columns
    let out = env.run(&["search", "cocoa", "--index", "dups-index", "--collapse"]);
    let text = stdout(&out);
    assert!(text.contains("+2 similar"), "{text}");
    assert!(
        text.contains("2 of 2 stories (4 matching articles)"),
        "{text}"
    );
    let out = env.run(&[
        "search",
        "cocoa",
        "--index",
        "dups-index",
        "--collapse",
        "--format",
        "csv",
    ]);
    let csv = stdout(&out);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",snippet,group,similar,similar_ids"),
        "{csv}"
    );
    // timeline and entities count stories
    let json = |args: &[&str]| -> Value {
        let out = env.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let timeline = |extra: &[&str]| {
        let mut args = vec![
            "timeline",
            "cocoa",
            "--index",
            "dups-index",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        json(&args)["total"].clone()
    };
    assert_eq!(timeline(&[]), 4);
    assert_eq!(timeline(&["--collapse"]), 2);
    let ivory = |extra: &[&str]| -> Value {
        let mut args = vec![
            "entities",
            "cocoa",
            "--index",
            "dups-index",
            "--type",
            "location",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let doc = json(&args);
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "Ivory Coast")
            .map(|e| e["articles"].clone())
            .unwrap()
    };
    assert_eq!(ivory(&[]), 4);
    assert_eq!(ivory(&["--collapse"]), 2);
    env.fails_with(
        &["export", "--index", "dups-index", "--collapse"],
        "--collapse",
    );
    // a copy arriving in a later run joins the committed story
    let copy = std::fs::read(env.path("dups/cocoa-1.txt")).unwrap();
    env.write("later/cocoa-copy.txt", &copy);
    let out = env.run(&["index", "dups", "later", "--index", "dups-index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let collapsed = search(&["--collapse"]);
    assert_eq!(collapsed["total_hits"], 5);
    assert_eq!(collapsed["total_groups"], 2, "{collapsed}");
}

/// Issue 17, item 1: a watch list re-run with `--new-since` and the stamp an earlier run
/// printed finds only what entered the index since; an article indexed again (its file
/// changed) keeps the time it first entered.
#[test]
fn new_since_finds_only_what_entered_the_index_after_a_run() {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/duplicates");
    env.write(
        "feed/cocoa-1.txt",
        &std::fs::read(from.join("cocoa-1.txt")).unwrap(),
    );
    assert!(env.run(&["index", "feed"]).status.success());
    env.write("watch.txt", b"cocoa\n");
    let out = env.run(&["batch", "watch.txt", "--as", "query", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["results"][0]["total_hits"], 1);
    let stamp = doc["as_of"].as_str().unwrap().to_owned();
    assert!(
        stderr(&out).contains(&format!("--new-since {stamp}")),
        "{}",
        stderr(&out)
    );
    // the old article changes, a new one arrives
    let changed = std::fs::read_to_string(from.join("cocoa-1.txt"))
        .unwrap()
        .replace("12 stg", "13 stg");
    env.write("feed/cocoa-1.txt", changed.as_bytes());
    env.write(
        "feed/cocoa-other.txt",
        &std::fs::read(from.join("cocoa-other.txt")).unwrap(),
    );
    let out = env.run(&["index", "feed"]);
    assert!(
        stderr(&out).contains("1 added, 1 updated"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&[
        "batch",
        "watch.txt",
        "--as",
        "query",
        "--format",
        "json",
        "--new-since",
        &stamp,
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &doc["results"][0];
    assert_eq!(result["total_hits"], 1, "{doc}");
    assert!(
        result["hits"][0]["id"]
            .as_str()
            .unwrap()
            .ends_with("cocoa-other.txt"),
        "{doc}"
    );
    // search takes the same stamp; a bad one fails before anything runs
    let hits = env.search_json(&["cocoa", "--new-since", &stamp]);
    assert_eq!(hits["total_hits"], 1);
    env.fails_with(
        &["batch", "watch.txt", "--as", "query", "--new-since", "soon"],
        "invalid date for --new-since",
    );
}

/// Issue 18: bundles. Every supported member of a zip, a tar.gz and a gzipped JSON Lines file is
/// an article named `archive!member` (a `../` member is only a name: nothing is written); a
/// truncated gzip keeps the records before the damage; members that expand past 100 times the
/// archive and the size limit stop the archive's reading, reported; an unchanged bundle is
/// skipped whole; `extract` reads bundles too.
#[test]
fn bundles_index_their_members() {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bundles");
    copy_dir(&from, &env.path("bundles"));
    let out = env.run(&[
        "index",
        "bundles",
        "--index",
        "b-index",
        "--max-file-mb",
        "1",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["added"], 5, "{summary}");
    assert_eq!(summary["articles"], 13, "{summary}");
    let reasons: Vec<String> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}: {}",
                s["path"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("expands.zip")
                && r.contains("expand past 100 times the archive's size")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("truncated.jsonl.gz") && r.contains("truncated or corrupt gzip")),
        "{reasons:?}"
    );
    assert!(!env.path("2019-12-30-militia-strikes.json").exists());
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec![
            "search", "--index", "b-index", "--format", "json", "-n", "50",
        ];
        all.extend_from_slice(args);
        let doc: Value = serde_json::from_slice(&env.run(&all).stdout).unwrap();
        let mut ids: Vec<String> = doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().replace('\\', "/"))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(&["--person", "trump"]),
        ["bundles/wires.zip!2020/trump-sanctions.html"]
    );
    assert_eq!(
        ids(&["--location", "baghdad"]),
        [
            "bundles/wires.tar.gz!iraq/2020-01-07-pentagon-soleimani.md",
            "bundles/wires.zip!../2019-12-30-militia-strikes.json",
            "bundles/wires.zip!2020/trump-sanctions.html"
        ]
    );
    let cocoa = ids(&["bahia", "cocoa"]);
    assert_eq!(
        cocoa,
        [
            "bundles/truncated.jsonl.gz#1",
            "bundles/wire.jsonl.gz#1",
            "bundles/wires.tar.gz!wire/reuters-1987.jsonl#1"
        ]
    );
    // unchanged bundles are skipped whole
    let out = env.run(&[
        "index",
        "bundles",
        "--index",
        "b-index",
        "--max-file-mb",
        "1",
    ]);
    assert!(
        stderr(&out).contains("0 added, 0 updated, 0 removed, 5 unchanged"),
        "{}",
        stderr(&out)
    );
    // extract shows the same articles
    let out = env.run(&["extract", "bundles/wires.zip"]);
    let titles: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["title"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.contains(&"Trump threatens Iraq with sanctions over troop vote".to_owned()));
}

/// Issue 18: feeds. RSS items and Atom entries are articles with their titles, dates, authors,
/// links and the feed's title as source; the format is the root element's (an SVG `.xml` is a
/// file of another kind, left out); a broken feed keeps the items before the damage and says
/// where; a feed declared ISO-8859-1 is read as such.
#[test]
fn feeds_index_their_items() {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds");
    copy_dir(&from, &env.path("feeds"));
    let out = env.run(&["index", "feeds", "--index", "f-index", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 10, "{summary}");
    let skipped: Vec<String> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}:{}: {} ({})",
                s["path"].as_str().unwrap().replace('\\', "/"),
                s["line"],
                s["reason"].as_str().unwrap(),
                s["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("feeds/broken.rss:16: malformed XML")
                && s.contains("the 2 items before it were read")
                && s.ends_with("(error)")),
        "{skipped:?}"
    );
    assert!(
        skipped.iter().any(|s| s.contains("drawing.xml")
            && s.contains("root <svg>")
            && s.ends_with("(left_out)")),
        "{skipped:?}"
    );
    let hits = env.run(&[
        "search", "--index", "f-index", "--person", "trump", "--format", "json",
    ]);
    let doc: Value = serde_json::from_slice(&hits.stdout).unwrap();
    let hit = &doc["hits"][0];
    assert_eq!(
        hit["id"].as_str().unwrap().replace('\\', "/"),
        "feeds/wire.rss#example-wire-2020-0106-001"
    );
    assert_eq!(
        hit["title"],
        "Trump threatens Iraq with sanctions over troop vote"
    );
    assert_eq!(hit["published"], "2020-01-06T03:15:00Z");
    // the rest of the fields, as extract shows them
    let out = env.run(&[
        "extract",
        "feeds/wire.rss",
        "feeds/world.atom",
        "feeds/latin1.xml",
    ]);
    let articles: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let by_title = |t: &str| articles.iter().find(|a| a["title"] == t).unwrap();
    let pentagon = by_title("Pentagon weighs next steps after Soleimani killing");
    assert_eq!(pentagon["authors"], serde_json::json!(["John Smith"]));
    assert_eq!(pentagon["source"], "Example Wire: World");
    assert!(
        pentagon["body"]
            .as_str()
            .unwrap()
            .contains("Iraq & was weighing"),
        "entities decoded, tags gone: {}",
        pentagon["body"]
    );
    let lamb = by_title("EU rejects German call to boycott British lamb & beef");
    assert_eq!(lamb["published"], "2020-01-08T08:30:00Z");
    assert_eq!(lamb["url"], "https://gazette.example.org/eu-lamb");
    assert_eq!(lamb["authors"], serde_json::json!(["Maria Rossi"]));
    let cocoa = by_title("Cocoa prices rise in London");
    assert_eq!(
        cocoa["published"], "2020-01-07T16:00:00Z",
        "updated, without published"
    );
    let cafe = by_title("Café au Québec");
    assert!(
        cafe["body"].as_str().unwrap().contains("Montréal"),
        "{cafe}"
    );
    // NITF and NewsML-G2
    let out = env.run(&[
        "extract",
        "feeds/sanctions.nitf.xml",
        "feeds/pentagon.newsml.xml",
    ]);
    let articles: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(articles.len(), 3, "the package has no text: {articles:?}");
    let nitf = &articles[0];
    assert_eq!(
        nitf["title"],
        "Trump threatens Iraq with sanctions over troop vote"
    );
    assert_eq!(nitf["published"], "2020-01-06T03:15:00Z", "date.issue norm");
    assert_eq!(nitf["authors"], serde_json::json!(["Jane Doe"]));
    assert_eq!(nitf["source"], "Example Wire");
    assert!(
        nitf["body"]
            .as_str()
            .unwrap()
            .starts_with("President Donald Trump")
    );
    let pentagon = &articles[1];
    assert_eq!(
        pentagon["id"].as_str().unwrap().replace('\\', "/"),
        "feeds/pentagon.newsml.xml#urn:newsml:example.org:20200107:pentagon"
    );
    assert_eq!(
        pentagon["published"], "2020-01-07T09:30:00Z",
        "contentCreated first"
    );
    assert!(
        pentagon["summary"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Mark Esper"),
        "{pentagon}"
    );
    assert_eq!(articles[2]["authors"], serde_json::json!(["Maria Rossi"]));
}

/// Issue 18: web archives. Each response record of status 200 with HTML is a page, named
/// `crawl.warc.gz!<target URI>` with that URI as its URL when the page gives none; requests,
/// metadata, a 404 and an image give nothing; a record gzipped, chunked and compressed over
/// HTTP is read; a Content-Length that lies or runs past the end is reported and the pages
/// around it kept.
#[test]
fn web_archives_index_their_pages() {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/warc");
    copy_dir(&from, &env.path("warc"));
    let out = env.run(&["index", "warc", "--index", "w-index", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 5, "{summary}");
    let reasons: Vec<String> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}: {}",
                s["path"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("lying.warc") && r.contains("a Content-Length that lies")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("truncated.warc.gz") && r.contains("runs past the end of the file")),
        "{reasons:?}"
    );
    let out = env.run(&["extract", "warc/crawl.warc.gz"]);
    let pages: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<String> = pages
        .iter()
        .map(|p| p["id"].as_str().unwrap().replace('\\', "/"))
        .collect();
    assert_eq!(
        ids,
        [
            "warc/crawl.warc.gz!https://news.example.org/world/trump-iraq",
            "warc/crawl.warc.gz!https://gazette.example.org/eu-lamb"
        ]
    );
    assert_eq!(
        pages[0]["title"],
        "Trump threatens Iraq with sanctions over troop vote"
    );
    assert_eq!(
        pages[0]["published"], "2020-01-06T03:15:00Z",
        "the page's own date"
    );
    assert_eq!(pages[1]["url"], "https://gazette.example.org/eu-lamb");
    assert_eq!(
        pages[0]["crawled"], "2020-01-09T12:00:00Z",
        "the record's WARC-Date, kept apart from the publication date"
    );
    let out = env.run(&["export", "--index", "w-index", "--person", "trump"]);
    let crawled: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["crawled"].clone())
        .collect();
    assert_eq!(crawled, vec![Value::from("2020-01-09T12:00:00Z"); 3]);
    let hits = env.run(&[
        "search", "--index", "w-index", "--person", "trump", "--format", "json",
    ]);
    let doc: Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert_eq!(
        doc["total_hits"], 3,
        "the page in each of the three archives"
    );
}

/// A tantivy date counts nanoseconds in an `i64` (1677 to 2262): a date outside wrapped to
/// another (`October 12, 1492` exported as 2077). Outside 1678–2261 a mentioned date stays a
/// DATE mention but is not indexed, a publication date is none, and a search bound is refused.
#[test]
fn dates_outside_what_the_index_holds_are_never_stored_as_other_dates() {
    let env = TestEnv::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/far-dates");
    copy_dir(&from, &env.path("far"));
    let out = env.run(&["extract", "far/columbus.txt"]);
    let article: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dates: Vec<&str> = article["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "DATE")
        .map(|e| e["canonical"].as_str().unwrap())
        .collect();
    assert!(
        dates.contains(&"1492-10-12") && dates.contains(&"2999-01-01"),
        "{dates:?}"
    );
    let out = env.run(&["extract", "far/ledger.md"]);
    let ledger: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        ledger["published"],
        Value::Null,
        "1492 is no publication date here"
    );

    let out = env.run(&["index", "far", "--index", "far-index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env.run(&["export", "--index", "far-index"]);
    let records: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    for r in &records {
        for d in r["mentioned"].as_array().unwrap() {
            let year: i32 = d.as_str().unwrap()[..4].parse().unwrap();
            assert!((1678..=2261).contains(&year), "{}: {d}", r["id"]);
        }
    }
    let columbus = records
        .iter()
        .find(|r| r["title"] == "Columbus Day parades")
        .unwrap();
    assert_eq!(
        columbus["mentioned"],
        serde_json::json!(["2020-01-01T00:00:00Z", "2020-10-12T00:00:00Z"])
    );
    for (flag, value) in [
        ("--mentioned-from", "1492"),
        ("--mentioned-to", "2999-01-01"),
        ("--from", "1677"),
        ("--to", "2262"),
    ] {
        env.fails_with(
            &["search", "--index", "far-index", flag, value],
            &format!("invalid date for {flag}: '{value}': the index holds dates from 1678 to 2261"),
        );
        env.fails_with(
            &["timeline", "--index", "far-index", flag, value],
            "the index holds dates from 1678 to 2261",
        );
    }
    // The edges are years the index holds.
    let doc = env.search_json(&[
        "--index",
        "far-index",
        "--mentioned-from",
        "1678",
        "--mentioned-to",
        "2261",
    ]);
    assert_eq!(doc["total_hits"], 1);
}

/// `export --split-by-date DIR`: what each of Quickwit's two indexes takes, dated articles in
/// publication order; with `--new-since` the stamp the last export printed, only what came
/// after.
#[test]
fn export_split_by_date_writes_dated_in_order_and_undated_apart() {
    let env = TestEnv::indexed();
    let (_, all) = export_records(&env, &[]);
    let out = env.run(&["export", "--split-by-date", "qw"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let read = |name: &str| -> Vec<Value> {
        std::fs::read_to_string(env.path("qw").join(name))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (dated, undated) = (read("dated.ndjson"), read("undated.ndjson"));
    assert_eq!(dated.len() + undated.len(), all.len());
    assert_eq!(undated.len(), 1, "the fixtures have one undated article");
    assert!(undated.iter().all(|r| r["published"].is_null()));
    let dates: Vec<jiff::Timestamp> = dated
        .iter()
        .map(|r| r["published"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {dates:?}"
    );
    assert!(!env.path("qw/dated.ndjson.partial").exists());
    let err = stderr(&out);
    assert!(
        err.contains("exported 8 dated articles to qw/dated.ndjson (oldest first) and 1 undated article to qw/undated.ndjson"),
        "{err}"
    );
    // The stamp it printed exports nothing until something new is indexed.
    let stamp = err
        .split("--new-since ")
        .nth(1)
        .expect("a --new-since note")
        .trim()
        .to_string();
    let out = env.run(&["export", "--new-since", &stamp, "--split-by-date", "qw2"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(env.path("qw2/dated.ndjson")).unwrap(),
        ""
    );
    env.fails_with(
        &["export", "--split-by-date", "qw3", "--out", "x.ndjson"],
        "cannot be used with",
    );
    env.fails_with(
        &["export", "--index", "nope", "--split-by-date", "qw4"],
        "no index at nope",
    );
    assert!(
        !env.path("qw4").exists(),
        "nothing is written for a bad index"
    );
}

/// A JSON Lines file of 16 MB or more is read a line at a time: `--max-file-mb` holds each
/// line to its size, not the file, and the lines around one over it are kept.
#[test]
fn a_large_json_lines_file_is_read_a_line_at_a_time() {
    let env = TestEnv::new();
    let mut text = String::new();
    text.push_str("{\"id\": \"a\", \"body\": \"OPEC ministers met in Vienna on Monday.\"}\n");
    text.push_str(&" ".repeat(17 * 1024 * 1024));
    text.push('\n');
    text.push_str("{\"id\": \"b\", \"body\": \"Cocoa arrivals at Bahia ports rose.\"}\n");
    env.write("big/wire.jsonl", text.as_bytes());
    let out = env.run(&["index", "big", "--max-file-mb", "8", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 2, "{summary}");
    let skipped: Vec<(u64, &str)> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["line"].as_u64().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [(2, "over the limit (8388608 bytes; --max-file-mb): skipped")]
    );
    let out = env.run(&["extract", "big/wire.jsonl"]);
    let ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["big/wire.jsonl#a", "big/wire.jsonl#b"]);
}
