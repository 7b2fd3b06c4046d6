"""Benchmark 5 (issue numbering): consolidation scaling on synthetic mentions.

A seeded generator makes documents of 4-12 mentions about a pool of people (one person per ~5 mentions): Chinese
names (30 common surnames, so surnames are shared widely) written in Han characters, with their pinyin as an alias
given in the text, as romanised names in either order, or as a surname-only reference later in the same document;
a fifth of the people have Western names. Positions come from a shared pool of employers (Chinese or English alias).
Each size runs in a fresh child process: ``consolidate`` is timed with perf_counter (wall) and process_time (CPU: the
machine is shared, so wall time includes waiting for a core), peak memory is the child's peak RSS
(``VmHWM``); its RSS before the call (the generated mentions) is reported too. Quality: pairwise
precision/recall of the clusters against the people the generator drew, and the precision ceiling of any resolver
that merges identical written names (the generator reuses names). Target: 100k < 30 s, < 2 GiB.

    /work/venv/bin/python bench/consolidation.py [--sizes 1000,10000,100000] [--seed 8]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, write_result

SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"),
            ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("高", "Gao"), ("罗", "Luo"),
            ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("许", "Xu"),
            ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("翟", "Zhai")]
GIVEN = list("晓华明伟芳军洋勇艳杰娟涛斌超波辉刚健宇浩凯鹏飞磊峰博文思雨欣然子涵嘉怡俊宁静丽强")
WESTERN_FIRST = ["Hugo", "Lucas", "Alexander", "Martin", "Rudolf", "Oriol", "Ilya", "Jan", "Noam", "David", "Sara",
                 "Emily", "Anna", "Marc", "Pieter", "Yann", "Geoffrey", "Demis", "Shane", "Joelle"]
WESTERN_LAST = ["Larochelle", "Beyer", "Kolesnikov", "Schmid", "Vinyals", "Sutskever", "Leike", "Shazeer", "Silver",
                "Hooker", "Bender", "Bellemare", "Abbeel", "LeCun", "Hinton", "Hassabis", "Legg", "Pineau", "Moravcik",
                "Tay"]
ORGS = [("OpenAI", "OpenAI"), ("Google DeepMind", "谷歌DeepMind"), ("Google", "谷歌"), ("Microsoft", "微软"),
        ("Meta", "Meta"), ("Alibaba", "阿里巴巴"), ("Tencent", "腾讯"), ("ByteDance", "字节跳动"), ("Baidu", "百度"),
        ("Anthropic", "Anthropic"), ("Huawei", "华为"), ("Xiaomi", "小米"), ("Peking University", "北京大学"),
        ("Tsinghua University", "清华大学"), ("Stanford University", "斯坦福大学"), ("Apple", "苹果"),
        ("NVIDIA", "英伟达"), ("Amazon", "亚马逊"), ("DAMO Academy", "达摩院"), ("Zhipu AI", "智谱")]
STATUSES = ["joined", "left", "current", "former", "unknown"]


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).capitalize()


def make_people(rng: random.Random, count: int) -> list[dict]:
    people = []
    for _ in range(count):
        orgs = rng.sample(ORGS, rng.randint(1, 3))
        if rng.random() < 0.2:
            first, last = rng.choice(WESTERN_FIRST), rng.choice(WESTERN_LAST)
            people.append({"han": None, "latin": f"{first} {last}", "latin_rev": None, "surname": (None, last),
                           "orgs": orgs})
            continue
        han_surname, latin_surname = rng.choices(SURNAMES, weights=[30 - i for i in range(len(SURNAMES))])[0]
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        latin_given = _pinyin(given)
        people.append({"han": han_surname + given, "latin": f"{latin_given} {latin_surname}",
                       "latin_rev": f"{latin_surname} {latin_given}", "surname": (han_surname, latin_surname),
                       "orgs": orgs})
    return people


def make_mentions(size: int, seed: int) -> list:
    return make_corpus(size, seed)[0]


def make_corpus(size: int, seed: int) -> tuple[list, list[int]]:
    """``size`` mentions and, for each, the index of the person it is about (the truth the scores use)."""
    from extract.models.mention import EducationFact, Evidence, Mention, PositionFact

    rng = random.Random(seed)
    people = make_people(rng, max(1, size // 5))
    # Some people are in the news far more than others. Cumulative weights computed once: ``choices(weights=…)``
    # sums them on every call, which made generating 1M mentions quadratic (same draws either way).
    cumulative = list(accumulate(1 / (i + 1) ** 0.5 for i in range(len(people))))
    mentions: list[Mention] = []
    truth: list[int] = []
    doc_no = 0
    while len(mentions) < size:
        doc = f"doc{doc_no:06d}"
        doc_no += 1
        published = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        cast = rng.choices(range(len(people)), cum_weights=cumulative, k=rng.randint(2, 6))
        chunk = 0
        for who in cast:
            person = people[who]
            for repeat in range(rng.choice((1, 1, 2))):
                if len(mentions) >= size:
                    break
                roll = rng.random()
                others: list[str] = []
                if repeat == 1:  # a later reference in the same document: surname only
                    han_s, latin_s = person["surname"]
                    name = han_s if (han_s and roll < 0.5) else latin_s
                elif person["han"] is None:
                    name = person["latin"]
                elif roll < 0.4:
                    name, others = person["han"], [person["latin"]]
                elif roll < 0.65:
                    name = person["han"]
                elif roll < 0.85:
                    name = person["latin"]
                else:
                    name = person["latin_rev"]
                positions = []
                for en, zh in rng.sample(person["orgs"], rng.randint(1, len(person["orgs"]))):
                    org = zh if person["han"] and rng.random() < 0.5 else en
                    quote = f"{name}加入{org}。"
                    positions.append(PositionFact(
                        organization=org, title=rng.choice([None, "研究员", "Research Scientist", "VP"]),
                        start=rng.choice([None, "2019", "去年", "2021年3月"]), status=rng.choice(STATUSES),
                        evidence=Evidence(doc=doc, start=chunk * 800, end=chunk * 800 + len(quote), quote=quote,
                                          alignment="exact", method="sentence", score=100.0)))
                education = []
                if rng.random() < 0.15:
                    quote = f"{name}毕业于北京大学。"
                    education.append(EducationFact(
                        institution="北京大学", degree="博士", end="2014",
                        evidence=Evidence(doc=doc, start=chunk * 800, end=chunk * 800 + len(quote), quote=quote,
                                          alignment="exact", method="sentence", score=100.0)))
                mentions.append(Mention(doc=doc, chunk=chunk, chunk_start=chunk * 800, chunk_end=chunk * 800 + 799,
                                        published=published, name=name, other_names=others, positions=positions,
                                        education=education))
                truth.append(who)
                chunk += rng.random() < 0.5
    return mentions, truth


def pairwise_scores(clusters: list[list[int]], truth: list[int]) -> dict:
    """Pairwise precision and recall of a clustering against the generator's people (mentions left out of every
    cluster count as singletons). Counted from the contingency table, so linear in the mentions."""
    label = list(range(len(truth)))
    for number, cluster in enumerate(clusters):
        for i in cluster:
            label[i] = len(truth) + number
    both = Counter(zip(label, truth, strict=True))
    pairs = lambda counts: sum(c * (c - 1) // 2 for c in counts)  # noqa: E731
    true_positive, predicted, actual = pairs(both.values()), pairs(Counter(label).values()), pairs(
        Counter(truth).values())
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / actual if actual else 1.0
    return {"people": len(set(truth)), "pair_precision": round(precision, 4), "pair_recall": round(recall, 4),
            "pair_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0}


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_mib() -> float:
    return _status_mib("VmRSS")


def _peak_mib() -> float:
    """Peak RSS of this process. VmHWM, not ``getrusage``: Linux carries ru_maxrss over fork + exec, so a child of
    a large parent would report the parent's size."""
    return _status_mib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def name_ceiling(mentions: list, truth: list[int]) -> float:
    """Pairwise precision of the truth with every two people who share a full written name merged: the generator
    reuses names (30 surnames × 40 given characters), and no resolver can tell two 李明军 apart by name alone."""
    from extract.consolidate.resolve import _mention_names

    parent = list(range(max(truth) + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, int] = {}
    for mention, who in zip(mentions, truth, strict=True):
        for info in _mention_names(mention).infos:
            if info.full:
                parent[find(who)] = find(owner.setdefault(info.script, who))
    groups: dict[int, list[int]] = {}
    for i, who in enumerate(truth):
        groups.setdefault(find(who), []).append(i)
    return pairwise_scores(list(groups.values()), truth)["pair_precision"]


def one(size: int, seed: int) -> dict:
    from extract.consolidate import OrgTable, consolidate
    from extract.consolidate.records import build_records
    from extract.consolidate.resolve import resolve

    table = OrgTable.load()
    consolidate(make_mentions(50, seed + 1), table)  # untimed: lazy tables (pypinyin, opencc) loaded
    started = time.perf_counter()
    mentions, truth = make_corpus(size, seed)
    generated = time.perf_counter() - started
    before = _rss_mib()
    started, cpu_started = time.perf_counter(), time.process_time()
    resolution = resolve(mentions, table)
    resolved = time.perf_counter() - started
    records = build_records(mentions, resolution, table)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = _peak_mib()
    return {"mentions": len(mentions), "documents": len({m.doc for m in mentions}), "records": len(records),
            **pairwise_scores(resolution.clusters, truth), "merges": len(resolution.reasons),
            "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3), "resolve_seconds": round(resolved, 3),
            "records_seconds": round(seconds - resolved, 3), "generate_seconds": round(generated, 1),
            "peak_rss_mib": round(peak, 1), "rss_before_mib": round(before, 1),
            "peak_over_before_mib": round(peak - before, 1),
            "same_name_precision_ceiling": name_ceiling(mentions, truth)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=150, help="seconds per size before giving up on it")
    parser.add_argument("--name", default="consolidation", help="result file: bench/results/<name>.json")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed)))
        return

    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        try:
            child = subprocess.run([sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)],
                                   capture_output=True, text=True, check=True, timeout=args.timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            print(f"{size:>7} mentions: over {args.timeout:.0f} s, stopped")
            rows.append({"mentions": size, "timed_out_after_s": args.timeout})
            break
        row = json.loads(child.stdout.strip().splitlines()[-1])
        if rows and "seconds" in rows[-1]:
            prev = rows[-1]
            row["growth_time"] = round(row["seconds"] / prev["seconds"], 2)
            row["growth_size"] = round(row["mentions"] / prev["mentions"], 2)
        rows.append(row)
        print(f"{row['mentions']:>7} mentions {row['documents']:>6} docs → {row['records']:>6} records: "
              f"{row['seconds']:8.3f} s ({row['cpu_seconds']:.1f} s CPU), peak RSS {row['peak_rss_mib']:7.1f} MiB "
              f"(+{row['peak_over_before_mib']:.1f} over before the call), pairs P {row['pair_precision']:.3f} "
              f"R {row['pair_recall']:.3f} (same-name ceiling P {row['same_name_precision_ceiling']:.3f})"
              + (f", time ×{row['growth_time']} for size ×{row['growth_size']}" if "growth_time" in row else ""))
    largest = rows[-1]
    met = ("seconds" in largest and largest["mentions"] >= 100_000 and largest["seconds"] < 30
           and largest["peak_rss_mib"] < 2048)
    print(f"target 100k < 30 s and < 2 GiB: {'met' if met else 'MISSED or not measured at 100k'}")
    write_result(args.name, {"seed": args.seed, "rows": rows, "target": "100k mentions < 30 s, < 2 GiB",
                                   "target_met": met})


if __name__ == "__main__":
    main()
