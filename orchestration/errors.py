"""One error type for everything a source can get wrong, so messages always name source, payload and problem."""

from __future__ import annotations


class SourceError(RuntimeError):
    def __init__(self, source: str, problem: str, payload_ref: str | None = None):
        self.source = source
        self.problem = problem
        self.payload_ref = payload_ref
        where = f" [payload: {payload_ref}]" if payload_ref else ""
        super().__init__(f"{source}: {problem}{where}")
