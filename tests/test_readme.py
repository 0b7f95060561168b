"""The README's example queries run against the file `make run` publishes, and each returns rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_queries() -> list[str]:
    text = README.read_text(encoding="utf-8")
    queries = []
    for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S):
        queries += [
            statement.strip() for statement in block.split(";") if statement.strip().replace("\n", "").strip("- ")
        ]
    # the Python example's query, inside con.sql(\"\"\" ... \"\"\")
    queries += [query.strip() for query in re.findall(r'con\.sql\("""(.*?)"""\)', text, flags=re.S)]
    return queries


def test_the_readme_has_its_examples():
    assert len(readme_queries()) >= 10


@pytest.mark.parametrize("query", readme_queries(), ids=lambda q: re.sub(r"\W+", "_", q.splitlines()[0])[:60])
def test_each_readme_query_returns_rows(published, query):
    sql = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("--"))
    assert published.execute(sql).fetchall(), query.splitlines()[0]
