//! The journalist's workflows of issue 17, timed as whole CLI calls: a watch list of 35 names
//! by `batch` against 35 separate `search` calls, a watch list of up to 10,000 names, and every
//! mention of a person by `mentions`; and issue 19's move to Quickwit, `export
//! --split-by-date` of the whole index.

use super::*;

/// Names in the small watch list.
pub(crate) const SMALL_LIST: usize = 35;
/// Rows in the large watch list: the index's persons, most mentioned first, repeated in turn.
pub(crate) const LARGE_LIST: usize = 10_000;
/// The person whose mentions are listed.
pub(crate) const MENTIONS_OF: &str = "james baker";

#[derive(Debug, Serialize)]
pub(crate) struct Workflows {
    /// `batch` over the small list: the best of three runs.
    pub(crate) batch_small: Run,
    /// The same names as separate `search --person NAME --limit 3` calls, summed: the best of
    /// three rounds.
    pub(crate) separate_small_seconds: f64,
    /// `separate_small_seconds` over `batch_small`.
    pub(crate) batch_speedup: f64,
    /// Rows in the large list.
    pub(crate) large_names: usize,
    /// Distinct persons among them (the index's, most mentioned first).
    pub(crate) large_distinct: usize,
    /// `batch` over the large list, one run.
    pub(crate) batch_large: Run,
    /// `mentions --person MENTIONS_OF --format jsonl`: the best of three runs.
    pub(crate) mentions: Run,
    /// The mentions it wrote.
    pub(crate) mentions_count: usize,
    /// `export --split-by-date` of every article: one run.
    pub(crate) export: Run,
    /// Articles it wrote (dated and undated).
    pub(crate) export_articles: u64,
    /// Bytes of NDJSON it wrote.
    pub(crate) export_bytes: u64,
}

fn write_list(path: &Path, names: &[String]) -> anyhow::Result<()> {
    fs::write(path, names.join("\n") + "\n").with_context(|| format!("writing {}", path.display()))
}

fn best(runs: Vec<Run>) -> Run {
    runs.into_iter()
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .expect("runs")
}

pub(crate) fn run_workflows(
    newsidx: &Path,
    index: &Path,
    work: &Path,
    label: &str,
) -> anyhow::Result<Workflows> {
    let log = work.join(format!("workflows-{label}.log"));
    let cli = |args: &[&str]| -> anyhow::Result<(Run, String)> {
        let mut cmd = Command::new(newsidx);
        cmd.args(args).arg("--index").arg(index);
        timed(&mut cmd, &log)
    };
    let top = LARGE_LIST.to_string();
    let (_, lines) = cli(&[
        "entities", "--type", "person", "--top", &top, "--format", "jsonl",
    ])?;
    let names: Vec<String> = lines
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|e| e["name"].as_str().map(str::to_owned))
        .filter(|n| !n.is_empty())
        .collect();
    if names.len() < SMALL_LIST {
        bail!(
            "the index has {} persons, fewer than {SMALL_LIST}",
            names.len()
        );
    }
    let small = work.join(format!("names-{SMALL_LIST}.txt"));
    write_list(&small, &names[..SMALL_LIST])?;
    // the index's persons, repeated in turn up to LARGE_LIST rows (a watch list may repeat a
    // name; each row is searched)
    let large = work.join("names-large.txt");
    let cycled: Vec<String> = names.iter().cycle().take(LARGE_LIST).cloned().collect();
    write_list(&large, &cycled)?;
    let small_arg = small.to_string_lossy().into_owned();
    let large_arg = large.to_string_lossy().into_owned();

    eprintln!("[{label}] newsidx batch ({SMALL_LIST} names) against {SMALL_LIST} searches");
    let batch = |list: &str| -> anyhow::Result<Run> {
        Ok(cli(&["batch", list, "--as", "person", "--format", "jsonl"])?.0)
    };
    let mut batch_runs = Vec::new();
    let mut separate_rounds = Vec::new();
    for _ in 0..3 {
        batch_runs.push(batch(&small_arg)?);
        let mut sum = 0.0;
        for name in &names[..SMALL_LIST] {
            let args = [
                "search", "--person", name, "--limit", "3", "--format", "jsonl",
            ];
            let mut cmd = Command::new(newsidx);
            cmd.args(args).arg("--index").arg(index);
            cmd.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let started = Instant::now();
            let status = cmd.status()?;
            sum += started.elapsed().as_secs_f64();
            if !matches!(status.code(), Some(0 | 1)) {
                bail!("newsidx search --person {name} failed: {status}");
            }
        }
        separate_rounds.push(sum);
    }
    let batch_small = best(batch_runs);
    let separate_small_seconds = separate_rounds.into_iter().fold(f64::INFINITY, f64::min);

    eprintln!("[{label}] newsidx batch ({} names)", cycled.len());
    let batch_large = batch(&large_arg)?;

    eprintln!("[{label}] newsidx mentions --person \"{MENTIONS_OF}\"");
    let mut mention_runs = Vec::new();
    let mut mentions_count = 0;
    for _ in 0..3 {
        let (run, out) = cli(&["mentions", "--person", MENTIONS_OF, "--format", "jsonl"])?;
        mentions_count = out.lines().count();
        mention_runs.push(run);
    }
    eprintln!("[{label}] newsidx export --split-by-date");
    let out = work.join(format!("export-{label}"));
    let _ = fs::remove_dir_all(&out);
    let out_arg = out.to_string_lossy().into_owned();
    let (export, _) = cli(&["export", "--split-by-date", &out_arg])?;
    let mut export_articles = 0;
    let mut export_bytes = 0;
    for name in ["dated.ndjson", "undated.ndjson"] {
        let text = fs::read(out.join(name))?;
        export_bytes += text.len() as u64;
        export_articles += text.iter().filter(|&&b| b == b'\n').count() as u64;
    }
    let _ = fs::remove_dir_all(&out);
    Ok(Workflows {
        export,
        export_articles,
        export_bytes,
        batch_speedup: separate_small_seconds / batch_small.seconds,
        batch_small,
        separate_small_seconds,
        large_names: cycled.len(),
        large_distinct: names.len().min(LARGE_LIST),
        batch_large,
        mentions: best(mention_runs),
        mentions_count,
    })
}
