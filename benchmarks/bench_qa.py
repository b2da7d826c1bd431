"""Time the knowledge Q&A in-process and the knowledge load; print median and p99.

    python -m benchmarks.bench_qa [--questions N] [--loads N]

Targets: one answer median ≤ 0.5 ms, p99 ≤ 2 ms; load_knowledge() well under 150 ms.
Questions are a fixed, shuffled mix: the question tables (look-ups, and the query layer's
counts, superlatives, sets, yes/no, activities, English, scope and fragments), phrasings over
every task force and unit, mistyped names and questions the bot cannot answer. The query
table's questions are also timed on their own, and follow-ups (answer_in_context over the
dialogue table).
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
from knowledge.followup import Memory, answer_in_context

answer = remembered_answer.__wrapped__  # every question read afresh, as on its first asking
DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TABLE = DATA / "qa_table.yaml"
QUERY_TABLE = DATA / "qa_queries.yaml"
DIALOGUES = DATA / "qa_dialogues.yaml"
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
    pool += query_questions()
    pool += list(_generated(kb))
    pool += OFF_TOPIC
    rng = random.Random(20251125)
    return [rng.choice(pool) for _ in range(count)]


def query_questions() -> list[str]:
    """The query layer's table: counts, superlatives, sets, yes/no, activities, scope."""
    return [row["q"] for row in yaml.safe_load(QUERY_TABLE.read_text(encoding="utf-8"))]


def _follow_ups(kb: KnowledgeBase) -> list[float]:
    """Milliseconds of each turn of the dialogue table, the memory carried between turns."""
    samples: list[float] = []
    for dialogue in yaml.safe_load(DIALOGUES.read_text(encoding="utf-8")):
        memories: dict[str, Memory] = {}
        for turn in dialogue["turns"]:
            user = turn.get("user", "a")
            memory = memories.get(user, Memory())
            start = time.perf_counter_ns()
            _, memories[user] = answer_in_context(kb, turn["q"], memory)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


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
    own = query_questions()
    query_pairs = [timed_both(lambda q=question: answer(kb, q)) for question in own]
    query_wall = [w for w, _ in query_pairs]
    query_cpu = [c for _, c in query_pairs]
    print(
        f"  query table alone ({len(own)} questions): median "
        f"{statistics.median(query_wall):.3f} ms, p99 {percentile(query_wall, 0.99):.3f} ms "
        f"(thread CPU: median {statistics.median(query_cpu):.3f} ms, "
        f"p99 {percentile(query_cpu, 0.99):.3f} ms)"
    )
    remembered_answer.cache_clear()  # follow-ups answered afresh, as in a new conversation
    turns = _follow_ups(kb)
    print(
        f"  follow-ups ({len(turns)} dialogue turns, answer_in_context): median "
        f"{statistics.median(turns):.3f} ms, p99 {percentile(turns, 0.99):.3f} ms"
    )
    print(
        f"load_knowledge(): first {first_load:.1f} ms, then median "
        f"{statistics.median(loads):.1f} ms over {len(loads)} loads "
        f"(target {TARGET_LOAD_MS:.0f} ms)"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    median, p99 = statistics.median(wall), percentile(wall, 0.99)
    met = median <= TARGET_MEDIAN_MS and p99 <= TARGET_P99_MS and first_load <= TARGET_LOAD_MS
    met = met and statistics.median(query_wall) <= TARGET_MEDIAN_MS
    met = met and percentile(query_wall, 0.99) <= TARGET_P99_MS
    print("targets met" if met else "TARGETS MISSED (wall clock)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
