"""Load benchmark of the web app's search page: the real server on loopback, driven by
concurrent keep-alive clients (asyncio streams, so the client costs little CPU).

Two workloads, each for ``--seconds``:

* **browsing** — what a search site sees: a pool of a few hundred search URLs (queries in
  Bokmål, Nynorsk and English from the domain vocabulary, facet filters, later pages),
  drawn with a Zipf-like skew, so popular searches repeat;
* **unique** — every request a search never asked before (no page cache can help), as fast
  as the server answers;
* **unique at N/s** — new searches again, the clients together sending ``--paced-rate``
  requests/s (Poisson arrivals): the latency of a new search at a load the server can carry.

Prints requests/s and latency percentiles for each. Target: browsing search page
p95 ≤ 100 ms and ≥ 100 requests/s with 20 clients on a 2-core machine.

    python bench/web.py [--db PATH] [--clients 20] [--seconds 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent / "tiltaksbanken"

QUERIES = [
    "midlertidig bolig", "bolig for barnefamilier", "bustad til unge", "housing first",
    "gjeldsrådgivning", "økonomisk rådgivning unge voksne", "debt counselling young adults",
    "jobbspesialist", "IPS individuell jobbstøtte", "job specialists for refugees",
    "kvalifiseringsprogrammet", "KVP", "introduksjonsprogram flyktninger", "språkpraksis",
    "barn i lavinntektsfamilier", "familiekoordinator", "fritidsaktiviteter for barn",
    "ungdom som har droppet ut av skolen", "ungdomar utan arbeid", "rus og psykisk helse",
    "brukermedvirkning", "erfaringskonsulent", "digital søknad om sosialhjelp", "chat",
    "samarbeid med frivillige organisasjoner", "sosialt entreprenørskap", "partnerskap",
    "oppfølging av sosialhjelpsmottakere", "aktivitetsplikt", "arbeidstrening", "mentor",
    "tverrfaglig team", "bostedsløse", "boligsosialt arbeid", "nødbolig", "Øygarden",
    "Oslo", "Bergen", "Tromsø", "Drammen", "Fredrikstad", "Bærum", "Sandnes",
]
FACETS = [{}, {"kind": "tiltak"}, {"county": "Oslo"}, {"theme": "bolig"},
          {"theme": "arbeid/jobbspesialist"}, {"report_type": "final"}, {"continuation": "yes"},
          {"kind": "tiltak", "county": "Vestland"}, {"law_paragraph": "§ 17"}]


def browsing_pool(rng: random.Random, size: int = 300) -> list[str]:
    pool = {"/"} | {"/?" + urlencode({"q": q}) for q in QUERIES}
    while len(pool) < size:
        params = {"q": rng.choice(QUERIES), **rng.choice(FACETS)}
        if rng.random() < 0.2:
            params["side"] = str(rng.choice([2, 3]))
        pool.add("/?" + urlencode(params))
    return sorted(pool)


def unique_urls(rng: random.Random, n: int) -> list[str]:
    words = sorted({w for q in QUERIES for w in q.split() if len(w) > 3})
    return ["/?" + urlencode({"q": " ".join(rng.sample(words, 2)) + f" {i}"}) for i in range(n)]


async def _client(host: str, port: int, urls: list[str], weights: list[float] | None,
                  stop: float, latencies: list[float], errors: list[str], seed: int,
                  interval: float = 0.0) -> None:
    """One keep-alive visitor: a request as soon as the last is answered, or (with
    ``interval``) one every ``interval`` seconds on average."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    due = time.perf_counter() + rng.random() * interval
    while time.perf_counter() < stop:
        if interval:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            due += rng.expovariate(1 / interval)
        url = (rng.choices(urls, weights)[0] if weights else urls.pop()) if urls else None
        if url is None:
            break
        request = f"GET {url} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n\r\n"
        start = time.perf_counter()
        try:
            writer.write(request.encode())
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            # the server closed a connection left idle past its keep-alive time: reconnect,
            # as a browser does
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(request.encode())
            head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - start)
        if latencies[-1] > 1 and os.environ.get("BENCH_DEBUG"):  # say which requests stalled
            print(f"slow: {latencies[-1]:.1f} s {url} (client {seed}, started "
                  f"{start - stop:.1f} s before the end)", file=sys.stderr)
        if status != 200:
            errors.append(f"{status} {url}")
    writer.close()


async def _load(port: int, clients: int, seconds: float, urls: list[str],
                weights: list[float] | None, rate: float = 0.0) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    stop = start + seconds
    interval = clients / rate if rate else 0.0
    await asyncio.gather(*(_client("127.0.0.1", port, urls, weights, stop, latencies, errors, i,
                                   interval) for i in range(clients)))
    return latencies, errors, time.perf_counter() - start


def report(name: str, latencies: list[float], errors: list[str], elapsed: float) -> dict:
    ms = np.array(latencies) * 1000
    out = {"workload": name, "requests": len(ms), "errors": len(errors),
           "req_per_s": round(len(ms) / elapsed, 1),
           "p50_ms": round(float(np.percentile(ms, 50)), 1),
           "p95_ms": round(float(np.percentile(ms, 95)), 1),
           "p99_ms": round(float(np.percentile(ms, 99)), 1),
           "max_ms": round(float(ms.max()), 1)}
    print(f"{name:>15}: {out['requests']} requests in {elapsed:.1f} s = {out['req_per_s']} req/s; "
          f"p50 {out['p50_ms']} ms, p95 {out['p95_ms']} ms, p99 {out['p99_ms']} ms, "
          f"max {out['max_ms']} ms; "
          f"errors {len(errors)}")
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(12).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="store to serve (default: the sample corpus, ingested anew)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--paced-rate", type=float, default=10,
                        help="requests/s of the paced workload of new searches")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = args.db
    if db is None:
        db = str(Path(tmp.name) / "bench.sqlite")
        subprocess.run([str(BIN), "ingest", str(ROOT / "data" / "sample"), "--db", db, "--json"],
                       check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    server = subprocess.Popen([str(BIN), "serve", "--db", db, "--port", str(port),
                               "--workers", str(args.workers)], env=env,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port)
        rng = random.Random(7)
        pool = browsing_pool(rng)
        weights = [1 / (rank + 1) for rank in range(len(pool))]
        rng.shuffle(weights)
        # Warm up: each worker loads its index and model, and meets the pool's searches
        # (as a running site has met its popular searches).
        asyncio.run(_load(port, args.workers * 2, 120, list(pool) * args.workers, None))
        print(f"Search page, {args.clients} concurrent clients, {args.workers} server processes, "
              f"{os.cpu_count()} cores:")
        figures = [report("browsing", *asyncio.run(
            _load(port, args.clients, args.seconds, pool, weights)))]
        fresh = unique_urls(rng, 100_000)
        figures.append(report("unique", *asyncio.run(
            _load(port, args.clients, args.seconds, fresh, None))))
        figures.append(report(f"unique at {args.paced_rate:g}/s", *asyncio.run(
            _load(port, args.clients, args.seconds, fresh, None, rate=args.paced_rate))))
        if args.json:
            print(json.dumps(figures))
    finally:
        server.terminate()
        server.wait(10)
        tmp.cleanup()


if __name__ == "__main__":
    main()
