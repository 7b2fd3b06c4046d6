"""No record holds a date later than its document's own date (issue 20)."""

from __future__ import annotations

from extract.consolidate.fact_dates import fact_dates as _dates


def test_a_date_after_the_document_is_left_out_and_one_up_to_it_kept() -> None:
    assert [d.value if d else None for d in _dates("2024", "2026-03", "2025-06-30")] == ["2024", None]
    assert [d.value if d else None for d in _dates("2025-06", None, "2025-06-30")] == ["2025-06", None]
    assert [d.value if d else None for d in _dates("2025", None, "2025-06-30")] == ["2025", None], "same year"
    assert [d.value if d else None for d in _dates("2019 年至 2027 年", None, "2025-06-30")] == ["2019", None]
    assert [d.value if d else None for d in _dates("2027", None, None)] == ["2027", None], "no date to compare with"
