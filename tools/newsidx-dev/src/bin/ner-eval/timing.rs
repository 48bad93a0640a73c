//! How fast is the recogniser alone on one thread? Tokens are the CoNLL tokens (the text's
//! white-space separated words). Each run is on a new thread, whose per-word feature cache is
//! empty (cold), then on that thread again after it has tagged the other articles (warm: as when
//! indexing a corpus, most words were seen in earlier articles; the timed articles themselves
//! were not).

use std::time::Instant;

use newsidx::extract::Recognizer;

/// Times `runs` runs over `texts`, warming each run's thread up on `others`, and prints the
/// cold and warm throughput (the sums over the runs).
pub fn print_throughput(
    recognizer: &dyn Recognizer,
    texts: &[&str],
    others: &[String],
    runs: usize,
) {
    let tokens: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let runs = runs.max(1);
    let (mut cold, mut warm, mut spans) = (0.0, 0.0, 0usize);
    for _ in 0..runs {
        let (c, w, n) = std::thread::scope(|s| {
            s.spawn(|| {
                let time = |texts: &[&str]| {
                    let start = Instant::now();
                    let n: usize = texts.iter().map(|t| recognizer.recognize(t).len()).sum();
                    (start.elapsed().as_secs_f64(), n)
                };
                let (cold, n) = time(texts);
                for t in others {
                    recognizer.recognize(t);
                }
                let (warm, _) = time(texts);
                (cold, warm, n)
            })
            .join()
            .expect("the timing thread")
        });
        (cold, warm, spans) = (cold + c, warm + w, spans + n);
    }
    for (what, secs) in [("cold", cold), ("warm", warm)] {
        println!(
            "throughput ({what}): {:.0} tokens/s on one thread ({tokens} tokens x {runs} runs in {secs:.2} s, {spans} spans)",
            (tokens * runs) as f64 / secs
        );
    }
}
