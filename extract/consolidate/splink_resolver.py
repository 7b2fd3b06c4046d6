"""``--resolver splink``: the same question as :func:`extract.consolidate.resolve.resolve`, answered by Splink.

Splink (Fellegi–Sunter record linkage, DuckDB backend) does the blocking, pair scoring and thresholding in SQL;
the features are the default resolver's own normalisation (:mod:`names`, :mod:`orgs`), so the two differ only in
how evidence is combined. One row per mention: the exact written forms of its full names (alias list), their
pinyin/token keys (Latin ones separately, so two Han homophones never match on pinyin alone), the romanised
primary name for a fuzzy comparison, its canonical organisations, and for a surname-only reference the one person
in its document with that surname. There are no labels to train on, so the m/u probabilities are fixed below and
chosen to mirror the default rules: a shared written name or a cross-script pinyin match decides on its own, a
near-identical romanised name (Levenshtein similarity ≥ 0.85; Jaro–Winkler rewards shared prefixes, so it joined
Ran Chen and Ranzi Chen) needs a shared organisation too. Predicted pairs are joined strongest first through
the same listed-apart guard, so the result has the same structure (clusters, reasons, dropped) and
:func:`records.build_records` builds records from it unchanged.

Splink is an optional extra (``pip install 'career-extract[splink]'``); it is imported only when chosen.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from extract.consolidate.clusters import ApartGuard, Clusters
from extract.consolidate.name_rules import Names, canonical_person, people, similarity_form
from extract.consolidate.resolve import MergeReason, Resolution
from extract.errors import ConfigError
from extract.lexicon.orgs import OrgTable
from extract.models.mention import Mention

__all__ = ["MATCH_PROBABILITY", "resolve_with_splink"]

MATCH_PROBABILITY = 0.5
_PRIOR = 1e-4  # probability that two random mentions are one person


_LABELS: dict[float, str] = {}  # a level's match weight → its label, to say which level a predicted pair hit


def _level(sql: str, label: str, m: float, u: float) -> dict[str, Any]:
    _LABELS[round(math.log2(m / u), 3)] = label
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _settings() -> dict[str, Any]:
    """Blocking mirrors the default resolver's blocks; Bayes factors (m/u): same name 9e4, pinyin 8e4, surname in
    the document 5e4, similar name 5e3 — each times 6 with a shared organisation and 0.44 without, against a prior
    of 1e-4, so only the similar name needs the organisation to pass 0.5."""
    from splink import block_on

    names = {
        "output_column_name": "name",
        "comparison_levels": [
            {"sql_condition": "person_l IS NULL AND person_r IS NULL AND doc_owner_l IS NULL AND doc_owner_r IS NULL",
             "label_for_charts": "no full names", "is_null_level": True},
            _level("array_length(list_intersect(names_l, names_r)) >= 1", "same_name", 0.9, 1e-5),
            _level("array_length(list_intersect(latin_keys_l, keys_r)) >= 1 "
                   "OR array_length(list_intersect(latin_keys_r, keys_l)) >= 1", "pinyin", 0.08, 1e-6),
            _level("doc_l = doc_r AND (doc_owner_l = person_r OR doc_owner_r = person_l)", "surname_in_document",
                   0.05, 1e-6),
            _level("surname_l = surname_r AND 1.0 - levenshtein(romanised_l, romanised_r) / "
                   "greatest(length(romanised_l), length(romanised_r)) >= 0.85",
                   "similar_name", 0.1, 2e-5),
            _level("ELSE", "different", 0.01, 0.99),
        ],
    }
    organisations = {
        "output_column_name": "orgs",
        "comparison_levels": [
            {"sql_condition": "array_length(orgs_l) = 0 OR array_length(orgs_r) = 0",
             "label_for_charts": "no organisation", "is_null_level": True},
            _level("array_length(list_intersect(orgs_l, orgs_r)) >= 1", "shared organisation", 0.6, 0.1),
            _level("ELSE", "no shared organisation", 0.4, 0.9),
        ],
    }
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": _PRIOR,
        "blocking_rules_to_generate_predictions": [
            block_on("names", arrays_to_explode=["names"]),
            block_on("keys", arrays_to_explode=["keys"]),
            block_on("doc", "surname"),
            block_on("surname", "initial"),
        ],
        "comparisons": [names, organisations],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
    }


def _rows(mentions: Sequence[Mention], names: Sequence[Names], live: Sequence[int],
          orgs: OrgTable) -> dict[str, list[Any]]:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i in live:
        for info in names[i].infos:
            if info.full and info.surname:
                owners[(mentions[i].doc, info.surname)].add(canonical_person(names[i]))
    columns: dict[str, list[Any]] = defaultdict(list)
    for i in live:
        head, full = names[i].infos[0], [n for n in names[i].infos if n.full]
        owner = owners.get((mentions[i].doc, head.surname or ""), set()) if head.surname_only else set()
        romanised = head.full and not head.cjk
        given = [t for t in (similarity_form(head.text).split() if romanised else ()) if t != head.surname]
        columns["unique_id"].append(i)
        columns["doc"].append(mentions[i].doc)
        columns["names"].append(sorted({n.script for n in full}))
        columns["keys"].append(sorted({k for n in full for k in n.keys}))
        columns["latin_keys"].append(sorted({k for n in full if not n.cjk for k in n.keys}))
        columns["person"].append(canonical_person(names[i]) if full else None)
        columns["doc_owner"].append(next(iter(owner)) if len(owner) == 1 else None)
        columns["surname"].append(head.surname)
        columns["initial"].append(given[0][:1] if romanised and given else None)
        columns["romanised"].append(similarity_form(head.text) if romanised else None)
        columns["orgs"].append(sorted({orgs.canonical(p.organization).canonical for p in mentions[i].positions}))
    return columns


def resolve_with_splink(mentions: Sequence[Mention], orgs: OrgTable) -> Resolution:
    """Cluster the mentions with Splink; same result structure as the default resolver."""
    try:
        import pyarrow as pa
        from splink import DuckDBAPI, Linker
    except ImportError as exc:
        raise ConfigError(
            "--resolver splink needs the splink extra: pip install 'career-extract[splink]'") from exc

    names, dropped, live = people(mentions, orgs)
    clusters = Clusters(len(mentions), ApartGuard.of(mentions, names, live))
    reasons: list[MergeReason] = []
    if len(live) >= 2:
        columns = _rows(mentions, names, live, orgs)
        db = DuckDBAPI()
        table = db.register(pa.table(columns))
        linker = Linker(table, _settings(), log_level=logging.WARNING)
        predicted = linker.inference.predict(threshold_match_probability=MATCH_PROBABILITY)
        relation = predicted.as_duckdbpyrelation().order("match_weight DESC, unique_id_l, unique_id_r")
        pairs = relation.select("unique_id_l, unique_id_r, match_probability, mw_name, mw_orgs").fetchall()
        predicted.drop_table_from_database_and_remove_from_cache()
        for a, b, probability, mw_name, mw_orgs in pairs:
            if not clusters.join(a, b):
                continue
            shared = " + shared organisation" if mw_orgs > 0 else ""
            reasons.append(MergeReason(min(a, b), max(a, b), "splink", (
                f"{names[min(a, b)].primary} = {names[max(a, b)].primary}: {_LABELS.get(round(mw_name, 3), '?')}"
                f"{shared}, p = {probability:.3f}")))
    return Resolution(clusters=clusters.groups(live), reasons=reasons, dropped=dropped)
