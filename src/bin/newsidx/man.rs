//! Help beyond `--help`: the man pages (`newsidx man`, one page, or every page with `--all`)
//! and the shell completion scripts (`newsidx completions SHELL`), both generated from the
//! clap definitions of `args.rs`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

use crate::args::Cli;

/// `newsidx completions SHELL`: prints the completion script of `shell`.
pub(crate) fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    // Into memory first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "newsidx", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `newsidx man`: prints the top page, or with `--all DIR` writes every page into DIR.
pub(crate) fn man(all: Option<&Path>) -> anyhow::Result<ExitCode> {
    match all {
        Some(dir) => {
            let pages = write_man_pages(dir)
                .with_context(|| format!("writing man pages into {}", dir.display()))?;
            eprintln!("wrote {pages} man pages into {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(man_command()).render(&mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The command the man pages describe: built (so that each subcommand's page is named
/// `newsidx-NAME`), without the `help` subcommand, which has no page of its own.
fn man_command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Writes `newsidx.1` and a page a subcommand (`newsidx-search.1`, …: the names the top page's
/// SUBCOMMANDS section refers to) into `dir`; returns how many pages were written.
fn write_man_pages(dir: &Path) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let cmd = man_command();
    let mut pages = 0;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        clap_mangen::Man::new(sub.clone())
            .source(format!("newsidx {}", env!("CARGO_PKG_VERSION")))
            .generate_to(dir)?;
        pages += 1;
    }
    clap_mangen::Man::new(cmd).generate_to(dir)?;
    Ok(pages + 1)
}
