//! Timelines for people and scripts: the periods `timeline` counted (see [`crate::timeline`])
//! as a bar a period, or as JSON, JSON Lines or CSV.

use std::io::Write;

use serde::Serialize;

use super::{Colors, DIM, Format, LABEL, SCHEMA_VERSION, count, csv_error, paint};

/// Writes a timeline: bars for people, or JSON / CSV.
pub fn write_timeline(
    out: &mut dyn Write,
    timeline: &crate::timeline::Timeline,
    format: Format,
    colors: Colors,
) -> std::io::Result<()> {
    match format {
        Format::Text => {
            let width = timeline
                .periods
                .iter()
                .map(|p| p.period.len())
                .max()
                .unwrap_or(0);
            let most = timeline.periods.iter().map(|p| p.count).max().unwrap_or(0);
            let digits = most.to_string().len();
            for p in &timeline.periods {
                // Up to 50 cells; any non-zero count gets at least one.
                let cells = if most == 0 {
                    0
                } else {
                    ((p.count * 50).div_ceil(most)) as usize
                };
                writeln!(
                    out,
                    "{:<width$}  {:>digits$}  {}",
                    p.period,
                    p.count,
                    paint(LABEL, &"█".repeat(cells), colors)
                )?;
            }
            let mut footer = format!(
                "{}, {} without a publication date",
                if timeline.query.collapse {
                    count(timeline.total, "matching story", "matching stories")
                } else {
                    count(timeline.total, "matching article", "matching articles")
                },
                timeline.undated
            );
            if let Some(n) = timeline.undated_excluded.filter(|&n| n > 0) {
                footer.push_str(&format!(
                    "; {n} more without a date left out by the date filter"
                ));
            }
            writeln!(out, "{}", paint(DIM, &footer, colors))
        }
        Format::Json | Format::Jsonl => {
            #[derive(Serialize)]
            struct Doc<'a> {
                schema_version: u32,
                #[serde(flatten)]
                timeline: &'a crate::timeline::Timeline,
            }
            let doc = Doc {
                schema_version: SCHEMA_VERSION,
                timeline,
            };
            if format == Format::Json {
                serde_json::to_writer_pretty(&mut *out, &doc)?;
                writeln!(out)
            } else {
                for p in &timeline.periods {
                    serde_json::to_writer(&mut *out, p)?;
                    writeln!(out)?;
                }
                Ok(())
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["period", "start", "end", "count"])
                .map_err(csv_error)?;
            for p in &timeline.periods {
                w.write_record([
                    p.period.clone(),
                    p.start.to_string(),
                    p.end.to_string(),
                    p.count.to_string(),
                ])
                .map_err(csv_error)?;
            }
            w.flush()
        }
    }
}
