"""Time `zhuanban ask --json -` over 1,000 questions, start-up included; print the figures.

    python -m benchmarks.bench_ask_cli [--questions N] [--runs N]

Target: ≤ 3 s wall for 1,000 questions on a fresh SQLite file. Runs the real command in a
subprocess from a temporary working directory, so start-up, migrations and the knowledge
sync are all counted. Every reply line is checked to be JSON with an intent and a text.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.bench_qa import questions
from knowledge import load_knowledge

TARGET_S = 3.0


def run_once(lines: list[str]) -> float:
    with tempfile.TemporaryDirectory() as workdir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZHUANBAN_")}
        env["PYTHONPATH"] = os.getcwd()
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--json", "-"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            cwd=workdir,
            env=env,
            check=True,
        )
        elapsed = time.perf_counter() - started
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == len(lines), (len(records), len(lines))
    assert all(r["intent"] and r["text"] for r in records)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    lines = questions(load_knowledge(), args.questions)
    times = [run_once(lines) for _ in range(args.runs)]
    best, median = min(times), statistics.median(times)
    print(f"zhuanban ask --json - over {len(lines)} questions, {args.runs} runs")
    print(f"  wall: best {best:.2f} s, median {median:.2f} s (target ≤ {TARGET_S:.0f} s)")
    print(f"  load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("  PASS" if median <= TARGET_S else "  OVER TARGET")


if __name__ == "__main__":
    main()
