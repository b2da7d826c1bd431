"""Time the knowledge Q&A in-process and the knowledge load; print median and p99.

    python -m benchmarks.bench_qa [--questions N] [--loads N]

Targets: one answer median ≤ 0.5 ms, p99 ≤ 2 ms; load_knowledge() well under 150 ms.
Questions are a fixed, shuffled mix: the question table, phrasings over every task force and
unit, mistyped names and questions the bot cannot answer.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from knowledge import KnowledgeBase, load_knowledge
from knowledge.answers import answer as remembered_answer

answer = remembered_answer.__wrapped__  # every question read afresh, as on its first asking
TABLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "qa_table.yaml"
TARGET_MEDIAN_MS = 0.5
TARGET_P99_MS = 2.0
TARGET_LOAD_MS = 150.0

TOPIC_TEMPLATES = (
    "{}谁牵头",
    "{}的牵头单位是哪个？",
    "{}的责任单位有哪些",
    "{}专班由哪些单位组成",
    "{}有哪些二级指标",
    "{}有几个二级指标",
    "{}的主要职责是什么",
    "who leads {}",
    "请问一下{}这个指标目前是由哪个单位牵头的呀",
    "{}",
)
UNIT_TEMPLATES = (
    "{}牵头哪些专班",
    "{}参与哪些指标",
    "What does {} lead?",
    "{}是哪些专班的责任单位",
)
OFF_TOPIC = (
    "谁牵头组织春游",
    "帮我订一张机票",
    "what's the weather tomorrow",
    "今天中午吃什么",
    "帮我订个会议室",
    "教育孩子谁负责",
    "电费怎么交",
    "tell me a joke",
    "你好",
)


def questions(kb: KnowledgeBase, count: int) -> list[str]:
    """`count` questions, the same on every run."""
    pool = [row["q"] for row in yaml.safe_load(TABLE.read_text(encoding="utf-8"))]
    pool += list(_generated(kb))
    pool += OFF_TOPIC
    rng = random.Random(20251125)
    return [rng.choice(pool) for _ in range(count)]


def _generated(kb: KnowledgeBase) -> Iterator[str]:
    rng = random.Random(7)
    for tf in kb.task_forces:
        for name in tf.names:
            yield from (template.format(name) for template in TOPIC_TEMPLATES)
            yield rng.choice(TOPIC_TEMPLATES).format(_typo(name, rng))
    for unit in kb.units:
        for name in unit.names:
            yield from (template.format(name) for template in UNIT_TEMPLATES)


def _typo(name: str, rng: random.Random) -> str:
    """The name with one character replaced by a common one."""
    position = rng.randrange(len(name))
    return name[:position] + rng.choice("的得力历理") + name[position + 1 :]


def timed(call: Callable[[], object]) -> float:
    """Milliseconds one call takes (wall clock)."""
    start = time.perf_counter_ns()
    call()
    return (time.perf_counter_ns() - start) / 1e6


def timed_both(call: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds one call takes: wall clock, and CPU time of this thread (which leaves
    out the time the scheduler gives to other processes on a busy machine)."""
    wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
    call()
    return (time.perf_counter_ns() - wall) / 1e6, (time.thread_time_ns() - cpu) / 1e6


def percentile(samples: list[float], fraction: float) -> float:
    """The sample at `fraction` of the sorted samples (p99: 0.99); every benchmark's p99."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000, help="answers to time")
    parser.add_argument("--loads", type=int, default=20, help="knowledge loads to time")
    args = parser.parse_args(argv)

    first_load = timed(load_knowledge)
    loads = [timed(load_knowledge) for _ in range(args.loads)]
    kb = load_knowledge()
    asked = questions(kb, args.questions)
    for question in asked[:200]:  # warm caches (rule keyword tables, regexes)
        answer(kb, question)
    gc.collect()  # do not charge the answers with the garbage of the loads above
    pairs = [timed_both(lambda q=question: answer(kb, q)) for question in asked]
    wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]

    print(
        f"answer() over {len(asked)} questions "
        f"(targets: median {TARGET_MEDIAN_MS} ms, p99 {TARGET_P99_MS} ms)"
    )
    for label, samples in (("wall clock", wall), ("thread CPU", cpu)):
        print(
            f"  {label}: median {statistics.median(samples):.3f} ms, "
            f"p99 {percentile(samples, 0.99):.3f} ms, max {max(samples):.3f} ms"
        )
    print(
        f"load_knowledge(): first {first_load:.1f} ms, then median "
        f"{statistics.median(loads):.1f} ms over {len(loads)} loads "
        f"(target {TARGET_LOAD_MS:.0f} ms)"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    median, p99 = statistics.median(wall), percentile(wall, 0.99)
    met = median <= TARGET_MEDIAN_MS and p99 <= TARGET_P99_MS and first_load <= TARGET_LOAD_MS
    print("targets met" if met else "TARGETS MISSED (wall clock)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
