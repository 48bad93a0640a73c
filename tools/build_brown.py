#!/usr/bin/env python3
"""Builds the Brown word clusters the CRF entity tagger uses as features (data/gazetteers/brown.tsv).

Run from the repository root (needs the PyPI registry once, not ../shared):

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/lookups
    python3 tools/build_brown.py /tmp/lookups/spacy_lookups_data-1.0.5-py2.py3-none-any.whl

Source: the English lexeme cluster table of **spacy-lookups-data** 1.0.5 (MIT licence, © Explosion
AI), `en_lexeme_cluster.json.gz`: Brown clusters (Brown et al. 1992) over a 1,000,001-word
vocabulary learnt by Explosion from a large web corpus, the clusters spaCy 2's English models
carried. They come from far more text than the word2vec clusters of `build_clusters.py` (which
see only Reuters-21578, CoNLL-2003 train and GMB), which is what lifts a feature-based tagger on
names its training data never had (Turian et al. 2010; Ratinov & Roth 2009).

spaCy stores a word's cluster as the integer `int(path[::-1], 2)` of its bit path, so bit k of
the integer is step k of the path. Cluster 0 means "no cluster" (four in five words of the table)
and is dropped. The output is `word<TAB>path` with the path written as 0/1 from the root (its
trailing zeros are lost in spaCy's encoding, which only matters for paths that are prefixes of
each other). Sorted by word; the run is deterministic.
"""

import argparse
import gzip
import json
import sys
import zipfile

MEMBER = "spacy_lookups_data/data/en_lexeme_cluster.json.gz"


def path_of(value):
    """The bit path of a spaCy cluster integer: bit k is step k."""
    bits = []
    while value:
        bits.append("1" if value & 1 else "0")
        value >>= 1
    return "".join(bits)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wheel", help="spacy_lookups_data-1.0.5-py2.py3-none-any.whl")
    ap.add_argument("--out", default="data/gazetteers/brown.tsv")
    args = ap.parse_args()
    with zipfile.ZipFile(args.wheel) as z:
        clusters = json.loads(gzip.decompress(z.read(MEMBER)))
    rows = sorted(
        (word, path_of(value))
        for word, value in clusters.items()
        if value and word and not any(c in word for c in "\t\n\r#")
    )
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Brown clusters from spacy-lookups-data 1.0.5 (MIT); tools/build_brown.py\n")
        for word, path in rows:
            out.write(f"{word}\t{path}\n")
    print(f"{len(rows)} words -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
