"""Soak and fault bench: many clients against 2 server workers, ingests killed mid-write.

Loopback only, bounded in time (``--minutes``, default 1) and count (``--clients``, default 50,
``--max-requests``). The sample corpus is ingested into a temporary store (or the one
``--db`` names), the app is started with 2 uvicorn workers (``app_from_env``), and clients
mostly search and read record and source pages while an ingest loop adds small files by the
command line. Each acknowledged ingest (exit 0) goes into a ledger. Faults: an ingest killed
with ``kill -9`` mid-write, and a server worker killed with ``kill -9`` while writes go on.
Afterwards the store must open, pass ``PRAGMA integrity_check``, hold every acknowledged
write and no half-written source (a source's stored line count equals its lines).

    PYTHONPATH=$PWD .venv/bin/python bench/soak.py --minutes 1 --clients 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["bolig", "gjeld", "unge", "jobbspesialist", "familie", "rus", "flyktninger", "KVP",
           "økonomisk rådgivning", "samarbeid frivillige", "Housing First", "skolevegring"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(db: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TILTAKSBANKEN_DB": db}


def _cli(db: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tiltaksbanken.cli", *args, "--db", db],
                            env=_env(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _note(folder: Path, n: int) -> Path:
    path = folder / f"soak_{n:05d}.txt"
    path.write_text(f"Soak-notat {n}\n\nTiltaket {n} gir bolig og gjeldsrådgivning til unge.\n",
                    encoding="utf-8")
    return path


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def report(self) -> list[str]:
        out = []
        for kind in sorted(set(self.times) | set(self.errors)):
            t = sorted(self.times[kind]) or [0.0]
            q = statistics.quantiles(t, n=100) if len(t) > 1 else [t[0]] * 99
            out.append(f"{kind:8} {len(self.times[kind]):7d} ok {self.errors[kind]:5d} errors"
                       f"  p50 {q[49]*1000:7.1f} ms  p95 {q[94]*1000:7.1f} ms  p99 {q[98]*1000:7.1f} ms")
        return out


async def _client(base: str, stop: float, stats: Stats, ids: list[str], sources: list[str],
                  budget: list[int], rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < stop and budget[0] > 0:
            budget[0] -= 1
            roll = rng.random()
            if roll < 0.6:
                kind, url = "search", f"/api/search?q={rng.choice(QUERIES)}&limit=10"
            elif roll < 0.9 and ids:
                kind, url = "record", f"/api/records/{rng.choice(ids)}"
            elif sources:
                kind, url = "source", f"/api/sources/{rng.choice(sources)}/lines?first=1&last=40"
            else:
                continue
            began = time.monotonic()
            try:
                answer = await http.get(url)
                ok = answer.status_code < 500
            except httpx.HTTPError:
                ok = False
            if ok:
                stats.times[kind].append(time.monotonic() - began)
            else:
                stats.errors[kind] += 1


def _writer(db: str, folder: Path, stop: float, ledger: list[str], stats: Stats,
            kill_ingest_at: float) -> None:
    n, killed = 0, False
    while time.monotonic() < stop:
        n += 1
        path = _note(folder, n)
        began = time.monotonic()
        proc = _cli(db, "ingest", str(path))
        if not killed and began >= kill_ingest_at:
            time.sleep(0.8)  # mid-read or mid-write: the ingest dies without cleaning up
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed = True
            continue
        if proc.wait() == 0:
            ledger.append(path.name)
            stats.times["ingest"].append(time.monotonic() - began)
        else:
            stats.errors["ingest"] += 1


def _check(db: str, ledger: list[str]) -> list[str]:
    con = sqlite3.connect(db)
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    names = {r[0] for r in con.execute("SELECT name FROM sources")}
    half = con.execute("SELECT COUNT(*) FROM sources s WHERE s.line_count <>"
                       " (SELECT COUNT(*) FROM source_lines l WHERE l.source_id = s.id)").fetchone()[0]
    con.close()
    lost = [n for n in ledger if n not in names]
    return [f"integrity_check: {integrity}", f"acknowledged writes: {len(ledger)}, lost: {len(lost)}",
            f"half-written sources: {half}"]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--db", help="store path (default: a temporary SQLite store)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    db = args.db or str(tmp / "soak.sqlite")
    if subprocess.run([sys.executable, "-m", "tiltaksbanken.cli", "ingest", "--db", db,
                       str(ROOT / "data" / "sample")], env=_env(db), capture_output=True).returncode:
        raise SystemExit("the sample corpus did not ingest")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "tiltaksbanken.web.app:app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--log-level", "warning"],
        env=_env(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        ids = [r["id"] for r in httpx.get(f"{base}/api/records?limit=200", timeout=30).json()["items"]]
        sources = [quote(s["name"]) for s in httpx.get(f"{base}/api/sources", timeout=30).json()]
        stats, ledger = Stats(), []
        began = time.monotonic()
        stop = began + args.minutes * 60
        writer = asyncio.to_thread(_writer, db, tmp, stop, ledger, stats, began + args.minutes * 20)
        budget = [args.max_requests]

        async def kill_a_worker() -> None:
            await asyncio.sleep(args.minutes * 30)
            children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                      text=True).stdout.split()
            if children:
                os.kill(int(children[-1]), signal.SIGKILL)  # uvicorn starts a new one

        rng = random.Random(1)
        await asyncio.gather(writer, kill_a_worker(), *(
            _client(base, stop, stats, ids, sources, budget, random.Random(rng.random()))
            for _ in range(args.clients)))
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(v) for v in stats.times.values())
    print(f"{args.clients} clients, {elapsed:.0f} s, {total} requests ok,"
          f" {sum(stats.errors.values())} errors; faults: 1 ingest and 1 worker killed with -9")
    print("\n".join(stats.report()))
    print("\n".join(_check(db, ledger)))


if __name__ == "__main__":
    asyncio.run(main())
