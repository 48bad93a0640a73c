#!/usr/bin/env python3
"""Writes a WARC.gz of Reuters-21578 articles as HTML pages, for measuring how newsidx reads
large web archives (README, "A 100 MB web archive").

    python3 tools/make_warc.py ../shared/data/reuters21578/reuters21578.jsonl OUT.warc.gz [MB]

Each article becomes a request record and a 200 `text/html` response record (a warcinfo record
opens the file), each record its own gzip member, as crawlers write them. The corpus is
repeated, each pass under other URLs, until the file reaches MB megabytes (default 100)."""
import gzip
import html
import json
import sys
import uuid

def record(kind, uri, block, date):
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=6)

def page(a):
    title = html.escape(a.get("title") or "")
    paras = "".join(f"<p>{html.escape(p.strip())}</p>" for p in a["body"].split("\n    ") if p.strip())
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
        f"<body><nav><a href=\"/\">Home</a> <a href=\"/markets\">Markets</a></nav><article>"
        f"<h1>{title}</h1><p>{html.escape(a.get('dateline') or '')}</p>{paras}</article>"
        f"<footer>Copyright Reuters</footer></body></html>"
    )

def main():
    src, out = sys.argv[1], sys.argv[2]
    limit = float(sys.argv[3] if len(sys.argv) > 3 else 100) * 1_000_000
    articles = [json.loads(l) for l in open(src, encoding="utf-8")]
    articles = [a for a in articles if (a.get("body") or "").strip()]
    size, pages, rounds = 0, 0, 0
    with open(out, "wb") as f:
        info = b"software: tools/make_warc.py\r\nformat: WARC File Format 1.1\r\n"
        f.write(record("warcinfo", "urn:newsidx:bench", info, "2026-01-01T00:00:00Z"))
        while size < limit:
            for a in articles:
                uri = f"https://news.example.org/r{rounds}/{a['id']}"
                date = f"2026-01-{1 + rounds % 28:02d}T12:00:00Z"
                req = f"GET /r{rounds}/{a['id']} HTTP/1.1\r\nHost: news.example.org\r\n\r\n".encode()
                body = page(a).encode()
                resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
                for chunk in (record("request", uri, req, date), record("response", uri, resp, date)):
                    f.write(chunk)
                    size += len(chunk)
                pages += 1
                if size >= limit:
                    break
            rounds += 1
    print(f"{out}: {pages} pages, {size / 1e6:.1f} MB", file=sys.stderr)

if __name__ == "__main__":
    main()
