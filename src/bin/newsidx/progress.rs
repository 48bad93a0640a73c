//! The progress of `index` on a terminal: the indicatif bar the binary hands to
//! [`newsidx::indexer::index_paths`] as its [`Progress`], and the lines it prints for the files
//! and records the run skips.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsidx::indexer::{Progress, SkipKind, Skipped};

/// An indicatif bar on stderr, hidden when stderr is not a terminal or with `--quiet`. Errors
/// are printed as they happen; files and records left out for having nothing to index only with
/// `--verbose` (the summary counts them).
pub(crate) struct BarProgress {
    bar: ProgressBar,
    verbose: bool,
}

impl BarProgress {
    pub(crate) fn new(quiet: bool, verbose: bool) -> BarProgress {
        let bar = ProgressBar::hidden();
        if !quiet && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({per_sec}, eta {eta})",
            )
            .expect("valid template"),
        );
        BarProgress { bar, verbose }
    }
}

impl Progress for BarProgress {
    fn start(&mut self, files: u64) {
        self.bar.set_length(files);
    }
    fn file_done(&mut self, _path: &Path) {
        self.bar.inc(1);
    }
    fn skipped(&mut self, problem: &Skipped) {
        if problem.kind == SkipKind::LeftOut && !self.verbose {
            return;
        }
        let line = problem.to_string();
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.println(line);
        }
    }
    fn finish(&mut self) {
        self.bar.finish_and_clear();
    }
}
