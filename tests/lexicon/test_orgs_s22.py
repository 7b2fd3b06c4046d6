"""An English article before an organisation's name does not stop the alias table reading it (session 22)."""

from __future__ import annotations

from extract.lexicon.orgs import OrgTable


def test_a_leading_article_is_read_past() -> None:
    orgs = OrgTable.load()
    assert orgs.canonical("the UW CSE").canonical == orgs.canonical("UW CSE").canonical == "University of Washington"
    assert orgs.canonical("the company").method == "none"  # a plain noun stays unknown
