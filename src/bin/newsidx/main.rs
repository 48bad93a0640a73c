//! The `newsidx` command: parses arguments, decides tty and colour, calls the library and maps
//! errors to exit codes (0 hits, 1 no hits, 2 error; a broken pipe exits 0).
//!
//! `args.rs` holds the clap definitions, `commands.rs` a function a subcommand, `man.rs` the man
//! pages and completions, `progress.rs` the progress bar of `index`.

mod args;
mod commands;
mod man;
mod progress;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use newsidx::indexer::IndexOptions;
use newsidx::output::{self, Colors};

use crate::args::{Cli, ColorChoice, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether `err` comes from writing to a closed pipe: an io::Error, or one inside the library's
/// output error or a serde_json error (`stats --json`, `index --json`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            || matches!(
                cause.downcast_ref::<newsidx::Error>(),
                Some(newsidx::Error::Output(io)) if io.kind() == std::io::ErrorKind::BrokenPipe
            )
    })
}

/// Runs the parsed command; the exit code says whether it found something (0) or not (1).
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index {
            paths,
            index,
            max_file_mb,
            quiet,
            verbose,
            json,
            rebuild,
            commit_every,
        } => {
            let mut options = IndexOptions::new(&index);
            options.rebuild = rebuild;
            options.commit_every = usize::try_from(commit_every).unwrap_or(usize::MAX);
            options.read.max_file_bytes = max_file_mb.saturating_mul(1024 * 1024);
            commands::index(&paths, &options, quiet, verbose, json)
        }
        Command::Search {
            filters,
            limit,
            all,
            sort,
            format,
            color,
        } => commands::search(filters, limit, all, sort, format, color),
        Command::Entities {
            filters,
            kinds,
            top,
            variants,
            format,
            color,
        } => commands::entities(filters, kinds, top, variants, format, color),
        Command::Batch {
            file,
            as_kind,
            limit,
            sort,
            format,
            out,
            exact_name,
            collapse,
            new_since,
            aliases,
            index,
            color,
        } => {
            let options = newsidx::batch::BatchOptions {
                as_kind: as_kind.map(Into::into),
                limit,
                sort: sort.into(),
                collapse,
                new_since,
                exact_name,
                aliases,
                hide: None,
                now: jiff::Timestamp::now(),
            };
            commands::batch(&file, &options, &index, format, out.as_deref(), color)
        }
        Command::Mentions {
            filters,
            sort,
            format,
            color,
        } => commands::mentions(filters, sort, format, color),
        Command::Report {
            filters,
            out,
            by,
            limit,
            top,
        } => commands::report(filters, &out, by, limit, top),
        Command::Timeline {
            filters,
            by,
            format,
            color,
        } => commands::timeline(filters, by, format, color),
        Command::Extract { paths } => commands::extract(&paths),
        Command::Export {
            filters,
            format,
            out,
            split_by_date,
        } => match split_by_date {
            Some(dir) => commands::export_split(filters, &dir),
            None => commands::export(filters, format, out.as_deref()),
        },
        Command::Stats { index, json } => commands::stats(&index, json),
        Command::Completions { shell } => man::completions(shell),
        Command::Man { all } => man::man(all.as_deref()),
    }
}

/// Writes a result to stdout; exit code 0 when something was found, 1 when not.
pub(crate) fn emit(
    found: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    write(&mut out)?;
    out.flush()?;
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Colour only for text, and with `auto` only on a terminal without `NO_COLOR`.
pub(crate) fn colors(choice: ColorChoice, format: output::Format) -> Colors {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    Colors(on && format == output::Format::Text)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
