//! The corpora: Reuters-21578 as it is, and generated corpora of N Reuters articles (cycled,
//! each with its own id and a publication date in 2015-2022), written once and reused.

use super::*;

/// The publication date of generated article `i`.
pub(crate) fn date_of(i: usize) -> Timestamp {
    let offset = (i as i64).wrapping_mul(DATE_STEP).rem_euclid(DATES_SPAN);
    Timestamp::from_second(DATES_START + offset).expect("a date in 2015-2022")
}

/// Generated article `i` as one line of JSON (its body changed when `changed`).
pub(crate) fn article_json(i: usize, records: &[Record], changed: bool) -> String {
    let r = &records[i % records.len()];
    let body = if changed {
        format!(
            "{}\n    This story was corrected on the day it ran.",
            r.text
        )
    } else {
        r.text.clone()
    };
    json!({
        "id": format!("bench-{i:07}"),
        "title": r.title,
        "date": date_of(i).to_string(),
        "source": "Reuters",
        "topics": r.topics,
        "body": body,
    })
    .to_string()
}

/// `{title, body}` of article `i`, for tantivy-cli.
pub(crate) fn plain_json(i: usize, records: &[Record]) -> String {
    let r = &records[i % records.len()];
    json!({ "title": r.title, "body": r.text }).to_string()
}

/// The file that holds generated article `i`, relative to the corpus folder.
pub(crate) fn file_of(size: usize, i: usize) -> PathBuf {
    if size <= MAX_JSON_FILES {
        PathBuf::from(format!("{:03}", i / PER_FILE)).join(format!("article-{i:07}.json"))
    } else {
        PathBuf::from(format!("part-{:05}.jsonl", i / PER_FILE))
    }
}

/// The contents of the generated file that starts with article `first` (the whole folder
/// chunk for `.jsonl`, one article for `.json`).
pub(crate) fn file_contents(
    size: usize,
    first: usize,
    records: &[Record],
    changed: bool,
) -> String {
    if size <= MAX_JSON_FILES {
        article_json(first, records, changed) + "\n"
    } else {
        let mut s = String::new();
        for i in first..(first + PER_FILE).min(size) {
            // Only the file's first article changes.
            s.push_str(&article_json(i, records, changed && i == first));
            s.push('\n');
        }
        s
    }
}

/// The marker of a complete corpus: what was generated and how much.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub(crate) struct Marker {
    pub(crate) generator: u32,
    pub(crate) size: usize,
    pub(crate) records: usize,
    pub(crate) files: u64,
    pub(crate) file_bytes: u64,
    pub(crate) text_bytes: u64,
}

/// The corpus of `size` articles under `work`, generated unless a complete one is there.
pub(crate) fn generated_corpus(
    work: &Path,
    size: usize,
    records: &[Record],
) -> anyhow::Result<Corpus> {
    let dir = work.join(format!("corpus-{size}"));
    let plain_docs = work.join(format!("corpus-{size}.plain.jsonl"));
    let layout = if size <= MAX_JSON_FILES {
        "json"
    } else {
        "jsonl"
    };
    let changed_file = dir.join(file_of(size, 0));
    let existing: Option<Marker> = fs::read_to_string(dir.join(MARKER))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok());
    let marker = match existing {
        Some(m)
            if m.generator == GENERATOR_VERSION
                && m.size == size
                && m.records == records.len()
                && plain_docs.is_file() =>
        {
            eprintln!("[{size}] reusing {}", dir.display());
            // The last run changed this file: put it back.
            fs::write(&changed_file, file_contents(size, 0, records, false))?;
            m
        }
        _ => generate(&dir, &plain_docs, size, records)?,
    };
    Ok(Corpus {
        path: dir,
        articles: size as u64,
        files: marker.files,
        file_bytes: marker.file_bytes,
        text_bytes: marker.text_bytes,
        layout,
        changed_file: Some(changed_file),
        plain_docs,
    })
}

/// Writes the corpus of `size` articles into `dir` (emptied first) and the plain documents for
/// tantivy-cli, one file at a time.
pub(crate) fn generate(
    dir: &Path,
    plain_docs: &Path,
    size: usize,
    records: &[Record],
) -> anyhow::Result<Marker> {
    eprintln!("[{size}] generating {}", dir.display());
    let started = Instant::now();
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir)?;
    let mut plain = BufWriter::new(fs::File::create(plain_docs)?);
    let mut marker = Marker {
        generator: GENERATOR_VERSION,
        size,
        records: records.len(),
        files: 0,
        file_bytes: 0,
        text_bytes: 0,
    };
    let per_file = if size <= MAX_JSON_FILES { 1 } else { PER_FILE };
    for first in (0..size).step_by(per_file) {
        let path = dir.join(file_of(size, first));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let contents = file_contents(size, first, records, false);
        fs::write(&path, &contents).with_context(|| format!("writing {}", path.display()))?;
        marker.files += 1;
        marker.file_bytes += contents.len() as u64;
        for i in first..(first + per_file).min(size) {
            let r = &records[i % records.len()];
            marker.text_bytes += (r.title.len() + r.text.len()) as u64;
            writeln!(plain, "{}", plain_json(i, records))?;
        }
        if (first + per_file).min(size) * 10 / size > first * 10 / size {
            eprintln!("[{size}] {} files", thousands(marker.files));
        }
    }
    plain.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::write(dir.join(MARKER), serde_json::to_string(&marker)? + "\n")?;
    eprintln!(
        "[{size}] generated {} files ({:.1} MB) in {:.1}s",
        marker.files,
        mb(marker.file_bytes),
        started.elapsed().as_secs_f64()
    );
    Ok(marker)
}

/// The Reuters folder as it is, and plain documents of its records for tantivy-cli.
pub(crate) fn reuters_corpus(
    reuters: &Path,
    work: &Path,
    records: &[Record],
) -> anyhow::Result<Corpus> {
    let plain_docs = work.join("reuters.plain.jsonl");
    let mut plain = BufWriter::new(fs::File::create(&plain_docs)?);
    let mut text_bytes = 0;
    for (i, r) in records.iter().enumerate() {
        text_bytes += (r.title.len() + r.text.len()) as u64;
        writeln!(plain, "{}", plain_json(i, records))?;
    }
    plain.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    let (files, file_bytes) = walk_size(reuters)?;
    Ok(Corpus {
        path: reuters.canonicalize()?,
        articles: records.len() as u64,
        files,
        file_bytes,
        text_bytes,
        layout: "reuters",
        changed_file: None,
        plain_docs,
    })
}

/// Files and bytes below `path` (hidden entries left out, as newsidx does).
pub(crate) fn walk_size(path: &Path) -> anyhow::Result<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(path)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry?;
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata()?.len();
        }
    }
    Ok((files, bytes))
}

// ---------------------------------------------------------------------------------------------
// Runs
