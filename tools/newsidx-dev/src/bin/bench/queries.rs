//! The query mix and its timing, in process and as whole CLI calls.

use super::*;

/// What a query asks of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Search,
    Entities,
    Timeline,
}

/// One query of the fixed mix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Query {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) text: Option<&'static str>,
    pub(crate) person: Option<&'static str>,
    pub(crate) org: Option<&'static str>,
    pub(crate) from: Option<&'static str>,
    pub(crate) to: Option<&'static str>,
}

pub(crate) const TEXT_QUERY: &str = "text only";

/// The fixed mix; values that occur in Reuters-21578 (James Baker: about 215 articles,
/// Federal Reserve with "interest rates": about 90, cocoa: about 90), date ranges inside the
/// corpus' span.
pub(crate) fn query_mix(size: Size) -> Vec<Query> {
    let ((person_from, person_to), (org_from, org_to)) = match size {
        Size::Reuters => (("1987-04", "1987-04"), ("1987-03", "1987-04")),
        Size::Articles(_) => (("2018", "2019"), ("2020-01", "2020-06")),
    };
    let none = Query {
        name: "",
        kind: Kind::Search,
        text: None,
        person: None,
        org: None,
        from: None,
        to: None,
    };
    vec![
        Query {
            name: TEXT_QUERY,
            text: Some(GREP_WORD),
            ..none
        },
        Query {
            name: "person only",
            person: Some("james baker"),
            ..none
        },
        Query {
            name: "person + date range",
            person: Some("james baker"),
            from: Some(person_from),
            to: Some(person_to),
            ..none
        },
        Query {
            name: "org + text + date range",
            text: Some("interest rates"),
            org: Some("federal reserve"),
            from: Some(org_from),
            to: Some(org_to),
            ..none
        },
        Query {
            name: "entities aggregation",
            kind: Kind::Entities,
            person: Some("james baker"),
            ..none
        },
        Query {
            name: "timeline",
            kind: Kind::Timeline,
            text: Some("oil"),
            ..none
        },
    ]
}

impl Query {
    /// The request, with the CLI's defaults.
    fn request(&self) -> anyhow::Result<SearchRequest> {
        let mut b = SearchRequest::builder().limit(newsidx::search::DEFAULT_LIMIT);
        if let Some(t) = self.text {
            b = b.text(t);
        }
        if let Some(p) = self.person {
            b = b.person(p);
        }
        if let Some(o) = self.org {
            b = b.organization(o);
        }
        if let Some(f) = self.from {
            b = b.from(f);
        }
        if let Some(t) = self.to {
            b = b.to(t);
        }
        Ok(b.build()?)
    }

    /// The arguments of the same query for the `newsidx` CLI (without `--index`).
    fn cli_args(&self) -> Vec<String> {
        let mut args = vec![
            match self.kind {
                Kind::Search => "search",
                Kind::Entities => "entities",
                Kind::Timeline => "timeline",
            }
            .to_string(),
        ];
        if let Some(t) = self.text {
            args.push(t.into());
        }
        for (flag, value) in [
            ("--person", self.person),
            ("--org", self.org),
            ("--from", self.from),
            ("--to", self.to),
        ] {
            if let Some(v) = value {
                args.extend([flag.to_string(), v.to_string()]);
            }
        }
        if self.kind == Kind::Timeline {
            args.extend(["--by".into(), "month".into()]);
        }
        args
    }

    /// Runs the query in process, as the CLI does; the number of matching articles.
    fn run(&self, index: &Path, request: &SearchRequest) -> anyhow::Result<u64> {
        Ok(match self.kind {
            Kind::Search => {
                let results = newsidx::search::search(index, request)?;
                std::hint::black_box(&results.hits);
                results.total_hits as u64
            }
            Kind::Entities => {
                let kinds = [
                    EntityKind::Person,
                    EntityKind::Organization,
                    EntityKind::Location,
                ];
                let counts = newsidx::entities::entities(index, request, &kinds, 20)?;
                std::hint::black_box(&counts.entities);
                counts.total_articles
            }
            Kind::Timeline => {
                let timeline = newsidx::timeline::timeline(index, request, Interval::Month)?;
                std::hint::black_box(&timeline.periods);
                timeline.total
            }
        })
    }
}

/// Nearest-rank p50 and p99 of `samples`.
pub(crate) fn latency(mut samples: Vec<Duration>) -> Latency {
    samples.sort();
    let rank = |q: f64| {
        let n = samples.len();
        let i = ((q * n as f64).ceil() as usize).clamp(1, n.max(1)) - 1;
        samples
            .get(i)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    Latency {
        runs: samples.len(),
        p50_ms: rank(0.50),
        p99_ms: rank(0.99),
    }
}

/// Calls `f` (after three warm-up calls) up to `max_runs` times, or for [`BUDGET`] with at
/// least [`MIN_RUNS`] calls.
pub(crate) fn sample(
    max_runs: usize,
    mut f: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Duration>> {
    for _ in 0..3 {
        f()?;
    }
    let mut samples = Vec::new();
    let started = Instant::now();
    while samples.len() < max_runs.max(1)
        && (samples.len() < MIN_RUNS || started.elapsed() < BUDGET)
    {
        let t = Instant::now();
        f()?;
        samples.push(t.elapsed());
    }
    Ok(samples)
}

pub(crate) fn run_queries(
    args: &Args,
    size: Size,
    newsidx: &Path,
    index: &Path,
    label: &str,
) -> anyhow::Result<Vec<QueryFigures>> {
    let mut out = Vec::new();
    for query in query_mix(size) {
        let request = query.request()?;
        let cli_args = query.cli_args();
        eprintln!("[{label}] newsidx {}", cli_args.join(" "));
        let mut hits = 0;
        let runs = match query.kind {
            Kind::Search => args.runs,
            Kind::Entities | Kind::Timeline => args.agg_runs,
        };
        let index_open = match query.kind {
            Kind::Search => {
                let open = newsidx::search::SearchIndex::open(index)?;
                Some(latency(sample(runs, || {
                    std::hint::black_box(open.search(&request)?.hits);
                    Ok(())
                })?))
            }
            Kind::Entities | Kind::Timeline => None,
        };
        let in_process = latency(sample(runs, || {
            hits = query.run(index, &request)?;
            Ok(())
        })?);
        if hits == 0 {
            eprintln!("[{label}] warning: {} matches nothing", query.name);
        }
        let cli = latency(sample(args.cli_runs, || {
            let status = Command::new(newsidx)
                .args(&cli_args)
                .arg("--index")
                .arg(index)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()?;
            match status.code() {
                Some(0 | 1) => Ok(()),
                _ => bail!("newsidx {} failed: {status}", cli_args.join(" ")),
            }
        })?);
        out.push(QueryFigures {
            name: query.name,
            command: cli_args,
            hits,
            index_open,
            in_process,
            cli,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Report
