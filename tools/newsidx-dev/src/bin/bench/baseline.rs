//! The peer baselines: tantivy-cli indexing the same plain text, and `grep -ril`.

use super::*;

/// tantivy-cli's `meta.json` for a plain-text index: title and body, stemmed, with positions,
/// stored (what a search needs to show a hit), lz4 document store.
pub(crate) const TANTIVY_META: &str = r#"{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[{"name":"title","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}},{"name":"body","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":true,"fast":false}}],"opstamp":0}"#;

/// Indexing threads newsidx's writer uses, given to tantivy-cli as well.
pub(crate) fn writer_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4)
}

/// `tantivy index` over the corpus' plain documents into a fresh index.
pub(crate) fn tantivy_baseline(
    tool: &Path,
    work: &Path,
    label: &str,
    corpus: &Corpus,
    newsidx: &Indexing,
) -> anyhow::Result<Baseline> {
    let dir = work.join(format!("tantivy-{label}"));
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("meta.json"), TANTIVY_META)?;
    let (run, _) = timed(
        Command::new(tool)
            .arg("index")
            .arg("--index")
            .arg(&dir)
            .arg("--file")
            .arg(&corpus.plain_docs)
            .arg("--num_threads")
            .arg(writer_threads().to_string())
            .arg("--memory_size")
            .arg(WRITER_MEMORY.to_string()),
        &work.join(format!("tantivy-{label}.log")),
    )?;
    let articles_per_second = corpus.articles as f64 / run.seconds;
    Ok(Baseline {
        tool: tool.display().to_string(),
        articles_per_second,
        mb_per_second: mb(corpus.text_bytes) / run.seconds,
        index_bytes: dir_bytes(&dir)?,
        throughput_ratio: newsidx.articles_per_second / articles_per_second,
        run,
    })
}

/// `grep -ril WORD CORPUS`, the ad hoc way to find the text query's articles.
pub(crate) fn run_grep(
    args: &Args,
    corpus: &Corpus,
    label: &str,
    queries: &[QueryFigures],
) -> anyhow::Result<Option<GrepFigures>> {
    eprintln!("[{label}] grep -ril {GREP_WORD}");
    let mut files = 0;
    let mut samples = Vec::new();
    let started = Instant::now();
    while samples.len() < args.grep_runs.max(1) && (samples.len() < 3 || started.elapsed() < BUDGET)
    {
        let t = Instant::now();
        let out = Command::new("grep")
            .arg("-ril")
            .arg(GREP_WORD)
            .arg(&corpus.path)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        let Ok(out) = out else {
            eprintln!("[{label}] no grep: baseline skipped");
            return Ok(None);
        };
        samples.push(t.elapsed());
        if out.status.code().is_none_or(|c| c > 1) {
            bail!("grep -ril {GREP_WORD} {} failed", corpus.path.display());
        }
        files = out.stdout.iter().filter(|&&b| b == b'\n').count() as u64;
    }
    let latency = latency(samples);
    let newsidx_p50 = queries
        .iter()
        .find(|q| q.name == TEXT_QUERY)
        .map_or(f64::NAN, |q| q.cli.p50_ms);
    Ok(Some(GrepFigures {
        command: format!("grep -ril {GREP_WORD} CORPUS"),
        files,
        newsidx_ratio: newsidx_p50 / latency.p50_ms,
        latency,
    }))
}

// ---------------------------------------------------------------------------------------------
// Queries
