#!/usr/bin/env python3
"""Builds the word clusters that the CRF entity tagger uses as features (data/gazetteers/clusters.tsv).

Run from the repository root, with the shared data beside the checkout:

    pip install gensim==4.4.0 scikit-learn==1.9.1
    python3 tools/build_clusters.py              # reads ../shared/data, writes data/gazetteers/clusters.tsv

Distributional word clusters in the manner of Turian et al. (2010) and Guo et al. (2014): word
vectors (gensim's word2vec, skip-gram) learnt from unlabelled news text, then k-means over them at
three granularities (64, 256 and 1,024 clusters). Words that appear in similar contexts share a
cluster, so a surname, a city or a company the training data never labelled still looks like the
names it resembles.

Text: Reuters-21578 (all articles), the CoNLL-2003 *train* articles and the GMB sentences. The
CoNLL dev and test texts are not used, so the dev figures in MODEL.md stay an honest measure.

Output: `word<TAB>c64<TAB>c256<TAB>c1024`, case kept, sorted by word, words seen at least
MIN_COUNT times. One worker thread and fixed seeds make the run repeatable with the package
versions above (PYTHONHASHSEED is set by the script itself). The file is committed; neither the
build nor the tests need ../shared or Python.
"""

import argparse
import json
import os
import re
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    # word2vec hashes words to seed their vectors: fix the hash for a repeatable run
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
from gensim.models import Word2Vec  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

MIN_COUNT = 3
SIZES = (64, 256, 1024)
# A word: letters and digits with inner hyphens, apostrophes, ampersands and dots (U.S.), as
# newsidx's tokenizer (src/extract/tokens.rs) splits them; other chars are single tokens.
TOKEN = re.compile(r"\w+(?:[-'&.]\w+)*\.?|[^\w\s]", re.UNICODE)


def sentences(shared):
    """Token lists, a line of text each."""
    with open(os.path.join(shared, "data/reuters21578/reuters21578.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            for field in ("title", "body"):
                for text_line in (r.get(field) or "").splitlines():
                    toks = TOKEN.findall(text_line)
                    if toks:
                        yield toks
    with open(os.path.join(shared, "data/conll2003/docs_train_dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["split"] != "train":
                continue
            for text_line in r["text"].splitlines():
                toks = TOKEN.findall(text_line)
                if toks:
                    yield toks
    sent = []
    with open(os.path.join(shared, "data/gmb/gmb_ner.conll.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                if sent:
                    yield sent
                sent = []
                continue
            sent.append(parts[0])
    if sent:
        yield sent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="data/gazetteers/clusters.tsv")
    args = ap.parse_args()

    corpus = list(sentences(args.shared))
    tokens = sum(len(s) for s in corpus)
    print(f"{len(corpus)} lines, {tokens} tokens", file=sys.stderr)
    model = Word2Vec(
        corpus,
        vector_size=100,
        window=5,
        min_count=MIN_COUNT,
        sg=1,
        negative=5,
        epochs=5,
        workers=1,
        seed=1,
    )
    words = sorted(model.wv.index_to_key)
    vectors = np.array([model.wv[w] for w in words], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    print(f"{len(words)} words with vectors", file=sys.stderr)
    columns = []
    for k in SIZES:
        km = KMeans(n_clusters=k, n_init=1, random_state=0, max_iter=100)
        columns.append(km.fit_predict(vectors))
        print(f"k-means with {k} clusters done", file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# word<TAB>cluster of 64<TAB>of 256<TAB>of 1024; built by tools/build_clusters.py\n")
        for i, w in enumerate(words):
            out.write(w + "\t" + "\t".join(str(c[i]) for c in columns) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
