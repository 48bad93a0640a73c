#!/usr/bin/env python3
"""Issue 16, item 6: does `--person NAME` rank the articles about a person above those that
mention them in passing, better than a phrase search of the name does?

Mean average precision over the persons of `tools/data/person_salience_labels.tsv` (judged
on title and lead, see its .md), for two rankings of the same index:
  entity: newsidx search --person "NAME" --all
  phrase: newsidx search '"NAME"' --all          (title and body, BM25)
Persons are split in two by their order in the file: rules are chosen on the odd ones
("tune") and the even ones ("check") are reported untouched.

    target/release/newsidx index ../shared/data/reuters21578 --index /tmp/r
    python3 tools/eval_person_ranking.py /tmp/r [--bin target/release/newsidx]
"""

import argparse
import collections
import json
import subprocess


def ranking(binary, index, args):
    out = subprocess.run(
        [binary, "search", "--index", index, "--all", "--format", "jsonl", *args],
        capture_output=True, text=True, check=False,
    ).stdout
    ids = []
    for line in out.splitlines():
        if line.strip():
            # ids are `path#N`, N the record's Reuters id
            ids.append(int(json.loads(line)["id"].rsplit("#", 1)[1]))
    return ids


def average_precision(ranked, relevant):
    if not relevant:
        return None
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked, 1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--bin", default="target/release/newsidx")
    parser.add_argument("--labels", default="tools/data/person_salience_labels.tsv")
    args = parser.parse_args()
    relevant = collections.OrderedDict()
    with open(args.labels, encoding="utf-8") as f:
        next(f)
        for line in f:
            person, doc, rel, *_ = line.rstrip("\n").split("\t")
            relevant.setdefault(person, set())
            if rel == "1":
                relevant[person].add(int(doc))
    rows = []
    for n, (person, rel) in enumerate(relevant.items()):
        entity = average_precision(ranking(args.bin, args.index, ["--person", person]), rel)
        phrase = average_precision(ranking(args.bin, args.index, [f'"{person}"']), rel)
        if entity is None:
            continue
        part = "tune" if n % 2 == 0 else "check"
        rows.append((part, person, len(rel), entity, phrase))
    print("| part | person | relevant | AP --person | AP phrase |")
    print("|---|---|---|---|---|")
    for part, person, n, entity, phrase in rows:
        print(f"| {part} | {person} | {n} | {entity:.3f} | {phrase:.3f} |")
    for part in ("tune", "check"):
        sel = [r for r in rows if r[0] == part]
        if sel:
            e = sum(r[3] for r in sel) / len(sel)
            p = sum(r[4] for r in sel) / len(sel)
            print(f"MAP {part} ({len(sel)} persons): --person {e:.3f}, phrase {p:.3f}")


if __name__ == "__main__":
    main()
