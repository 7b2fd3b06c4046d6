"""The opt-in request shapes end to end, replayed from cassettes recorded against the real embedded model:
``--prompt extract_rows`` (each fact a JSON array), ``--name-list`` (the tagger's names after a list chunk),
``--strategy missed`` (one short call per person a name tagger finds that the first call left out) and
``--strategy second-look`` (one call about the sentences the first answer left out). The articles are invented;
the seeds cassette covers the default shape.

Re-record (needs the [local] extra; about two minutes on 2 cores):
    pytest tests/test_opt_in_e2e.py --record-mode=rewrite
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.config import LOCAL_MODEL_NAME, Settings
from extract.pipeline import RunResult, run

ARTICLE = """\
title: Northwind Robotics hires a research chief
date: 2025-05-20
---
Northwind Robotics has hired Dana Whitfield as its chief scientist. Whitfield left Acme Labs, where she led the \
perception team for six years, and starts in June.

She earned a PhD from Stanford University in 2012. The hire was announced by Northwind CEO Tomas Lindgren, who said \
the company plans to double its research staff this year.
"""


def run_article(model_url: str, tmp_path: Path, **overrides) -> RunResult:
    source = tmp_path / "in" / "northwind.md"
    source.parent.mkdir()
    source.write_text(ARTICLE, encoding="utf-8")
    settings = Settings.from_env(base_url=model_url, model=LOCAL_MODEL_NAME, cache_dir=tmp_path / "cache",
                                 concurrency=1, layout="lines", **overrides)
    return run([source.parent], settings, tmp_path / "out")


def positions_of(result: RunResult, name: str) -> set[str]:
    return {p.organization for r in result.records if name in (r.name, *r.aliases) for p in r.positions}


@pytest.mark.vcr
def test_rows_prompt_end_to_end(model_url: str, tmp_path: Path) -> None:
    result = run_article(model_url, tmp_path, prompt="extract_rows")
    assert not result.chunk_failures, [str(r.error) for r in result.chunk_failures]
    assert "Northwind Robotics" in positions_of(result, "Dana Whitfield")
    assert {e.institution for r in result.records for e in r.education} == {"Stanford University"}
    text = (tmp_path / "out" / "docs" / "northwind.txt").read_text(encoding="utf-8")
    facts = [f.evidence for m in result.mentions for f in (*m.positions, *m.education)]
    assert facts and all(text[e.start:e.end] == e.quote for e in facts)


@pytest.mark.vcr
def test_missed_strategy_end_to_end(model_url: str, tmp_path: Path) -> None:
    result = run_article(model_url, tmp_path, strategy="missed")
    assert not result.chunk_failures, [str(r.error) for r in result.chunk_failures]
    assert "Northwind Robotics" in positions_of(result, "Dana Whitfield")
    # The first call left out the CEO named in passing; the tagger's name got its own call and is a person now.
    # The model's answer (CEO of Northwind Robotics, sentence 5) is not kept yet: that sentence writes the company
    # "Northwind", which grounding does not take as naming "Northwind Robotics" (a follow-up in bench/quality.md).
    assert result.usage.focused_calls >= 1
    assert "Tomas Lindgren" in {r.name for r in result.records}
    statuses = {p.status for r in result.records if r.name == "Dana Whitfield" for p in r.positions}
    assert statuses == {"joined"}, "Northwind Robotics has hired her: she joined it"


@pytest.mark.vcr
def test_name_list_end_to_end(model_url: str, tmp_path: Path) -> None:
    """``--name-list 2``: the chunk names two people next to career words, so the tagger's names follow its text."""
    result = run_article(model_url, tmp_path, name_list=2)
    assert not result.chunk_failures, [str(r.error) for r in result.chunk_failures]
    assert result.usage.calls == 1
    assert "Northwind Robotics" in positions_of(result, "Dana Whitfield")
    text = (tmp_path / "out" / "docs" / "northwind.txt").read_text(encoding="utf-8")
    facts = [f.evidence for m in result.mentions for f in (*m.positions, *m.education)]
    assert facts and all(text[e.start:e.end] == e.quote for e in facts)


PROFILE = """\
---
title: Contoso hires a robotics chief as rivals bulk up
date: 2025-03-11
---
Contoso has hired Jane Roe to run its robotics lab, the company said on Tuesday, the latest in a string of hires \
as large technology companies compete for researchers. Roe, 41, will report to chief executive Tom Reed. The lab \
will open in Seattle in May and plans to hire fifty people this year. Analysts said the move puts Contoso ahead of \
several rivals in warehouse automation. She grew up in Ohio and studied physics. After her doctorate she spent a \
decade at Google, most recently in its DeepMind unit. Before that, she taught for two years at Tsinghua \
University. Reed, who came to Contoso from Microsoft in 2019 after eight years at Amazon, called her "the best \
hire we have made".
"""


@pytest.mark.vcr
def test_second_look_end_to_end(model_url: str, tmp_path: Path) -> None:
    """``--strategy second-look``: the first call, then one about the sentences with a known organisation and
    someone that its answer did not cite; what that call adds is grounded like any answer."""
    source = tmp_path / "in" / "contoso.md"
    source.parent.mkdir()
    source.write_text(PROFILE, encoding="utf-8")
    settings = Settings.from_env(base_url=model_url, model=LOCAL_MODEL_NAME, cache_dir=tmp_path / "cache",
                                 concurrency=1, layout="lines", strategy="second-look")
    result = run([source.parent], settings, tmp_path / "out")
    assert not result.chunk_failures, [str(r.error) for r in result.chunk_failures]
    assert result.usage.focused_calls == 1  # one chunk, one second look
    assert "Contoso" in positions_of(result, "Jane Roe")
    text = (tmp_path / "out" / "docs" / "contoso.txt").read_text(encoding="utf-8")
    facts = [f.evidence for m in result.mentions for f in (*m.positions, *m.education)]
    assert facts and all(text[e.start:e.end] == e.quote for e in facts)
