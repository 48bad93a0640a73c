#!/usr/bin/env python3
"""Issue 17's measure of duplicate groups on an index of Reuters-21578 (or any index).

Counts the groups `newsidx search --all --collapse` makes of every article, then prints a
seeded random sample of groups with duplicates, each member beside the group's first article:
its title (`=` when the same) and how its body differs (`same body`, or the similarity ratio of
difflib and the first changed pieces), for a reader to judge whether each pair is one story.
The judgement on the sample is written by hand into the README and MODEL.md, not computed.

    cargo build --release
    target/release/newsidx index ../shared/data/reuters21578 --index /tmp/reuters-index
    python3 tools/eval_duplicates.py /tmp/reuters-index [--sample 40] [--seed 2026]

Standard library only; runs the release binary, so it measures what users get.
"""

import argparse
import collections
import difflib
import json
import random
import subprocess


def run(binary, args):
    out = subprocess.run([binary, *args], capture_output=True, text=True, check=False)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index")
    parser.add_argument("--bin", default="target/release/newsidx")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    hits = run(args.bin, ["search", "--index", args.index, "--all", "--collapse", "-f", "jsonl"])
    docs = {d["id"]: d for d in run(args.bin, ["export", "--index", args.index])}
    grouped = [h for h in hits if h["duplicates"]["similar"] > 0]
    folded = sum(h["duplicates"]["similar"] for h in grouped)
    print(f"{len(docs)} articles, {len(hits)} groups; {len(grouped)} groups have duplicates, "
          f"{folded} articles fold into them")
    sizes = collections.Counter(h["duplicates"]["similar"] + 1 for h in grouped)
    print("group sizes:", dict(sorted(sizes.items())))
    random.seed(args.seed)
    sample = random.sample(grouped, min(args.sample, len(grouped)))
    pairs = 0
    for h in sample:
        first = docs[h["id"]]
        print(f"\n{first['title']}  ({h['id']})")
        for other_id in h["duplicates"]["ids"]:
            other = docs[other_id]
            pairs += 1
            title = "=" if other["title"] == first["title"] else other["title"]
            if other["body"] == first["body"]:
                how = "same body"
            else:
                m = difflib.SequenceMatcher(None, first["body"], other["body"], autojunk=False)
                changes = [(first["body"][i1:i2][:50], other["body"][j1:j2][:50])
                           for op, i1, i2, j1, j2 in m.get_opcodes() if op != "equal"]
                how = f"ratio {m.ratio():.3f}, first changes {changes[:3]}"
            print(f"   {title}  ({other_id}): {how}")
    print(f"\n{len(sample)} groups, {pairs} pairs shown")


if __name__ == "__main__":
    main()
