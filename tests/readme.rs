//! The README's `console` examples, run against the real binary on a copy of the bundled
//! `corpus/`, so the README cannot drift from what newsidx prints.
//!
//! Every ```` ```console ```` block of README.md is a session: each `$ newsidx …` line is run, in
//! README order, in one temp folder that holds a copy of `corpus/` (so `newsidx index corpus` in
//! the first block builds the index the later blocks ask), with a cleared environment and the
//! binary first on `PATH`. A line with a pipe or a redirection runs under `sh -c`. What the
//! command prints (stdout, then stderr, trailing white space of each line aside) must match the
//! lines after it, up to the next `$` line, with snapbox's wildcards: `...` alone on a line stands for any number of lines, `[..]`
//! for any text within a line. The exit code must be 0, or the code a trailing `# exit N`
//! comment on the command line names.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$` line of a console block and the output written under it.
#[derive(Debug)]
struct Example {
    /// The README line of the command, for messages.
    line: usize,
    /// The command as written after `$ `, without an `# exit N` comment.
    command: String,
    /// The exit code the example expects.
    code: i32,
    /// The expected output, one README line a line.
    expected: String,
}

/// The examples of every `console` block, in README order.
fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (i, line) in readme.lines().enumerate() {
        let trimmed = line.trim_end();
        if !in_console {
            in_console = trimmed == "```console";
            continue;
        }
        if trimmed == "```" {
            in_console = false;
            continue;
        }
        if let Some(command) = trimmed.strip_prefix("$ ") {
            let (command, code) = match command.split_once(" # exit ") {
                Some((command, code)) => (command, code.trim().parse().expect("exit code")),
                None => (command, 0),
            };
            examples.push(Example {
                line: i + 1,
                command: command.to_string(),
                code,
                expected: String::new(),
            });
        } else {
            let example = examples
                .last_mut()
                .unwrap_or_else(|| panic!("README.md:{}: output before any `$` line", i + 1));
            example.expected.push_str(trimmed);
            example.expected.push('\n');
        }
    }
    examples
}

/// Copies a folder tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Runs one example in `dir` and returns its exit code and what it printed.
fn run(example: &Example, dir: &Path, bin_dir: &Path) -> (i32, String) {
    let words: Vec<&str> = example.command.split_whitespace().collect();
    assert_eq!(
        words.first(),
        Some(&"newsidx"),
        "README.md:{}: a console example runs newsidx",
        example.line
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(&example.command)
        .current_dir(dir)
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()));
    let out = cmd.output().expect("runs sh");
    let mut printed = String::from_utf8_lossy(&out.stdout).into_owned();
    printed.push_str(&String::from_utf8_lossy(&out.stderr));
    // The README's lines carry no trailing white space (editors strip it); neither do these.
    let printed: String = printed
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect();
    (out.status.code().unwrap_or(-1), printed)
}

#[test]
fn readme_console_examples_print_what_the_readme_shows() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 5,
        "only {} console examples found",
        examples.len()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("corpus"), &dir.path().join("corpus"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_newsidx"));
    let bin_dir = bin.parent().expect("binary folder");

    let mut failures = Vec::new();
    for example in &examples {
        let (code, printed) = run(example, dir.path(), bin_dir);
        if code != example.code {
            failures.push(format!(
                "README.md:{}: `{}` exited {code}, the README says {}\n{printed}",
                example.line, example.command, example.code
            ));
            continue;
        }
        let matched = snapbox::Assert::new()
            .action(snapbox::assert::Action::Verify)
            .palette(snapbox::report::Palette::plain())
            .try_eq(
                None,
                snapbox::Data::text(printed),
                snapbox::Data::text(example.expected.clone()),
            );
        if let Err(err) = matched {
            failures.push(format!(
                "README.md:{}: `{}` printed other output:\n{err}",
                example.line, example.command
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
