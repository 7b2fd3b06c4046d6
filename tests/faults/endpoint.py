"""A deterministic fake endpoint for the fault tests: the reply depends on the request, not on its arrival order."""

from __future__ import annotations

import re
from typing import Any

from tests.fake_endpoint import FakeEndpoint, Reply, completion

__all__ = ["MARKER", "DyingEndpoint", "EchoEndpoint", "answer_for", "user_text"]

MARKER = "POISONCHUNK"  # a chunk whose text holds this word gets ``EchoEndpoint.fault`` instead of an answer
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")
_SENTENCE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


def user_text(body: dict[str, Any]) -> str:
    """The user message of a chat request (the chunk as numbered sentences)."""
    return next((m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"), "")


def answer_for(body: dict[str, Any]) -> dict[str, Any]:
    """A valid extraction that is a pure function of the request: the first 'Firstname Lastname' of each sentence."""
    people: dict[str, dict[str, Any]] = {}
    for number, sentence in _SENTENCE.findall(user_text(body)):
        match = _NAME.search(sentence)
        if match and match.group(0) not in people and len(people) < 5:  # the schema allows at most 8
            position = {"organization": "Google", "title": None, "start": None, "end": None, "status": "joined",
                        "sentence": int(number)}
            people[match.group(0)] = {"name": match.group(0), "other_names": [], "positions": [position]}
    return {"people": list(people.values())}


class EchoEndpoint(FakeEndpoint):
    """Answers with :func:`answer_for` (after ``delay``), or with ``fault`` when the chunk contains ``marker``."""

    def __init__(self, *, delay: float = 0.0, fault: Reply | None = None, marker: str = MARKER) -> None:
        self.delay = delay
        self.fault = fault
        self.marker = marker
        super().__init__()

    @property  # read by the handler under the lock, right after it appended the request
    def default(self) -> Reply:
        body = self.requests[-1]["body"]
        if self.fault is not None and self.marker in user_text(body):
            return self.fault
        return Reply(completion(answer_for(body)), delay=self.delay)

    @default.setter
    def default(self, value: Reply) -> None:  # FakeEndpoint.__init__ assigns one; the property ignores it
        pass

    def count(self, word: str) -> int:
        """How many requests carried ``word`` in their user message."""
        return sum(word in user_text(r["body"]) for r in self.requests)


class DyingEndpoint(EchoEndpoint):
    """Answers the first ``healthy`` chat requests, then is unavailable (503, retry at once) for good."""

    def __init__(self, healthy: int) -> None:
        self.healthy = healthy
        super().__init__()

    @property
    def default(self) -> Reply:
        if len(self.requests) <= self.healthy:
            return Reply(completion(answer_for(self.requests[-1]["body"])))
        return Reply({"error": {"message": "upstream unavailable"}}, status=503, headers={"retry-after": "0"})

    @default.setter
    def default(self, value: Reply) -> None:
        pass
