"""How long a sentence says someone worked at an organisation (extract.lexicon.tenure). Invented sentences."""

from __future__ import annotations

import pytest

from extract.lexicon.tenure import tenure_years


@pytest.mark.parametrize(("sentence", "organization", "expected"), [
    ("在北辰科技工作了将近 9 年的技术总监周明远宣布离职。", "北辰科技", (9, "在北辰科技工作了将近 9 年")),
    ("她已在北辰科技工作了五年。", "北辰科技", (5, "在北辰科技工作了五年")),
    ("并在北辰科技任职十二年", "北辰科技", (12, "在北辰科技任职十二年")),
    ("Jane Roe, who worked for 17 years at Acme Robotics, joins Beta.", "Acme Robotics",
     (17, "worked for 17 years at Acme Robotics")),
    ("Jane Roe spent eleven years at Acme Robotics.", "Acme Robotics", (11, "spent eleven years at Acme Robotics")),
    ("Jane Roe, a researcher at Acme Robotics for over 8 years, said", "Acme Robotics",
     (8, "at Acme Robotics for over 8 years")),
    # no length, a length of something else, another organisation
    ("Jane Roe joined Acme Robotics in 2010.", "Acme Robotics", None),
    ("Acme Robotics has worked on robots for 17 years.", "Acme Robotics", None),
    ("Jane Roe spent 11 years at Beta Labs.", "Acme Robotics", None),
])
def test_tenure_years(sentence: str, organization: str, expected: tuple | None) -> None:
    assert tenure_years(sentence, organization) == expected
