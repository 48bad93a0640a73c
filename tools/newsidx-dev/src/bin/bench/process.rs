//! Child processes: building and finding the binaries, timing a run with its peak RSS, and
//! `newsidx index` as the bench calls it.

use super::*;

/// Builds the release `newsidx` next to this binary and returns its path.
pub(crate) fn build_newsidx() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe.parent().context("the bench binary has no folder")?;
    let path = dir.join(format!("newsidx{}", std::env::consts::EXE_SUFFIX));
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build of the bench; newsidx is timed as found");
    } else {
        eprintln!("cargo build --release --bin newsidx");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--bin", "newsidx"])
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .status()
            .context("running cargo build")?;
        if !status.success() {
            bail!("cargo build --release --bin newsidx failed");
        }
    }
    if !path.is_file() {
        bail!(
            "{}: no newsidx binary (build it with `cargo build --release`)",
            path.display()
        );
    }
    Ok(path)
}

/// The tantivy-cli binary, or why there is none.
pub(crate) fn find_tantivy(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(format!("{}: not found", path.display()))
        };
    }
    let name = format!("tantivy{}", std::env::consts::EXE_SUFFIX);
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(&name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            "no `tantivy` on PATH (cargo install tantivy-cli); baseline skipped".to_string()
        })
}

/// `/proc/loadavg`'s three averages, or `?`.
pub(crate) fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

// ---------------------------------------------------------------------------------------------
// Corpora

/// Runs `cmd` to the end, stdout captured, stderr into `log`; the wall time and peak RSS.
pub(crate) fn timed(cmd: &mut Command, log: &Path) -> anyhow::Result<(Run, String)> {
    let log_file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log_file);
    let started = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("running {cmd:?}"))?;
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)?;
    }
    let (success, peak_rss_bytes) = wait_with_rusage(&mut child)?;
    let seconds = started.elapsed().as_secs_f64();
    if !success {
        bail!(
            "{cmd:?} failed; its stderr is in {}:\n{}",
            log.display(),
            tail(log)
        );
    }
    Ok((
        Run {
            seconds,
            peak_rss_bytes,
        },
        stdout,
    ))
}

/// Waits for `child` with `wait4`, for its peak RSS: whether it exited 0, and the RSS.
#[cfg(unix)]
pub(crate) fn wait_with_rusage(
    child: &mut std::process::Child,
) -> anyhow::Result<(bool, Option<u64>)> {
    let pid = libc::pid_t::try_from(child.id())?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, all zeros is a valid value, and wait4 writes it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our child, not yet waited for (std only reaps in `wait`); the
        // pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err).context("wait4");
        }
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux reports ru_maxrss in KiB.
    let rss = u64::try_from(usage.ru_maxrss).ok().map(|kib| kib * 1024);
    Ok((success, rss))
}

#[cfg(not(unix))]
pub(crate) fn wait_with_rusage(
    child: &mut std::process::Child,
) -> anyhow::Result<(bool, Option<u64>)> {
    Ok((child.wait()?.success(), None))
}

/// The last lines of a log, for an error message.
pub(crate) fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Bytes of the files below `path`.
pub(crate) fn dir_bytes(path: &Path) -> anyhow::Result<u64> {
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(path) {
        let entry = entry?;
        if entry.file_type().is_file() {
            bytes += entry.metadata()?.len();
        }
    }
    Ok(bytes)
}

/// `newsidx index CORPUS --index INDEX --json`: the run and the summary.
pub(crate) fn newsidx_index(
    newsidx: &Path,
    corpus: &Path,
    index: &Path,
    log: &Path,
) -> anyhow::Result<(Run, serde_json::Value)> {
    let (run, stdout) = timed(
        Command::new(newsidx)
            .arg("index")
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .arg("--json"),
        log,
    )?;
    let summary: serde_json::Value = serde_json::from_str(&stdout)
        .with_context(|| format!("newsidx index --json printed {stdout:?}"))?;
    Ok((run, summary))
}

pub(crate) fn count(summary: &serde_json::Value, key: &str) -> u64 {
    summary.get(key).and_then(|v| v.as_u64()).unwrap_or(0)
}
