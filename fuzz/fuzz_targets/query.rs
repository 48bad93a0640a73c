//! Any strings through the `SearchRequest` builder: free text, person, organization and
//! location filters, the published and mentioned date ranges, the limit and the order.
//! `build` must return `Ok` or `Err`, never panic; an `Ok` request must hold a limit in range
//! and a date range that does not end before it starts.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use newsidx::search::{MAX_LIMIT, SearchRequest, Sort};

#[derive(Debug, Arbitrary)]
struct Input {
    text: Option<String>,
    persons: Vec<String>,
    organizations: Vec<String>,
    locations: Vec<String>,
    from: Option<String>,
    to: Option<String>,
    mentioned_from: Option<String>,
    mentioned_to: Option<String>,
    limit: Option<usize>,
    sort: u8,
}

fuzz_target!(|input: Input| {
    let mut builder = SearchRequest::builder();
    if let Some(text) = input.text {
        builder = builder.text(text);
    }
    for name in input.persons {
        builder = builder.person(name);
    }
    for name in input.organizations {
        builder = builder.organization(name);
    }
    for name in input.locations {
        builder = builder.location(name);
    }
    if let Some(date) = input.from {
        builder = builder.from(date);
    }
    if let Some(date) = input.to {
        builder = builder.to(date);
    }
    if let Some(date) = input.mentioned_from {
        builder = builder.mentioned_from(date);
    }
    if let Some(date) = input.mentioned_to {
        builder = builder.mentioned_to(date);
    }
    if let Some(limit) = input.limit {
        builder = builder.limit(limit);
    }
    let sort = match input.sort % 3 {
        0 => Sort::Relevance,
        1 => Sort::Newest,
        _ => Sort::Oldest,
    };
    let Ok(request) = builder.sort(sort).build() else {
        return;
    };
    assert!((1..=MAX_LIMIT).contains(&request.limit), "{request:?}");
    if let (Some(from), Some(to)) = (request.published_from, request.published_to) {
        assert!(from < to, "{request:?}");
    }
    if let (Some(from), Some(to)) = (request.mentioned_from, request.mentioned_to) {
        assert!(from < to, "{request:?}");
    }
});
