#!/usr/bin/env python3
"""Issue 16's measures of entity identity on an index of Reuters-21578 (or any index).

For each acronym / full-name pair: the articles `newsidx search --org FULL` and `--org ACRONYM`
return, their Jaccard overlap, and the share each finds of what the text query
`"full name" OR acronym` finds; then the top organizations of `newsidx entities`, for a reader
to check for two entries of one organization.

    cargo build --release
    target/release/newsidx index ../shared/data/reuters21578 --index /tmp/reuters-index
    python3 tools/eval_entity_names.py /tmp/reuters-index [--bin target/release/newsidx]

Standard library only; runs the release binary, so it measures what users get.
"""

import argparse
import json
import subprocess

PAIRS = [
    ("European Community", "EC"),
    ("Organization of Petroleum Exporting Countries", "OPEC"),
    ("General Agreement on Tariffs and Trade", "GATT"),
    ("Organisation for Economic Co-operation and Development", "OECD"),
    ("International Monetary Fund", "IMF"),
    ("Securities and Exchange Commission", "SEC"),
    ("European Monetary System", "EMS"),
]


def ids(binary, index, args):
    out = subprocess.run(
        [binary, "search", "--index", index, "--all", "--format", "jsonl", *args],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {json.loads(line)["id"] for line in out.splitlines() if line.strip()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--bin", default="target/release/newsidx")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    print("| pair | --org full | --org acronym | Jaccard | text query | full finds | acronym finds |")
    print("|---|---|---|---|---|---|---|")
    for full, acronym in PAIRS:
        f = ids(args.bin, args.index, ["--org", full])
        a = ids(args.bin, args.index, ["--org", acronym])
        t = ids(args.bin, args.index, [f'"{full}" OR {acronym}'])
        jaccard = len(f & a) / max(1, len(f | a))
        print(
            f"| {acronym} / {full} | {len(f)} | {len(a)} | {jaccard:.3f} | {len(t)} "
            f"| {len(f & t) / max(1, len(t)):.3f} | {len(a & t) / max(1, len(t)):.3f} |"
        )
    out = subprocess.run(
        [args.bin, "entities", "--index", args.index, "--type", "org", "--top", str(args.top),
         "--variants", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print()
    print(f"Top {args.top} organizations (name, articles, merged names):")
    for e in json.loads(out)["entities"]:
        names = ", ".join(v["name"] for v in e.get("variants", []))
        print(f"{e['rank']:>3}  {e['name']:<40} {e['articles']:>6}  {names}")


if __name__ == "__main__":
    main()
