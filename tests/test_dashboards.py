"""The Evidence dashboards against the published file and the dbt exposures: every source query runs, every table it
reads is published, every page is an exposure that names exactly the marts and seeds it reads, and no chart or table
can be empty without saying why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PAGES = PROJECT_ROOT / "dashboards" / "pages"
SOURCES = PROJECT_ROOT / "dashboards" / "sources" / "warehouse"
EXPOSURES = PROJECT_ROOT / "dbt_project" / "models" / "exposures.yml"
# Written by the publish step, not by dbt: no exposure can name it.
NOT_DBT_TABLES = {"meta.publish_record", "meta.load_log"}
DATA_COMPONENTS = ("DataTable", "BarChart", "LineChart", "AreaChart", "ScatterPlot", "BigValue")


def source_queries() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.sql"))}


def tables_read(sql: str) -> set[str]:
    """Schema-qualified warehouse tables a source query reads (comments left out)."""
    sql = re.sub(r"--[^\n]*", "", sql)
    return {f"{schema}.{table}" for schema, table in re.findall(r"\b(marts|reference|meta)\.(\w+)", sql)}


def pages() -> list[Path]:
    return sorted(PAGES.rglob("*.md"))


def sources_of_page(page: Path) -> set[str]:
    queries = "\n".join(re.findall(r"```sql.*?```", page.read_text(encoding="utf-8"), flags=re.S))
    return set(re.findall(r"\bwarehouse\.(\w+)", queries))


def exposures() -> list[dict]:
    return yaml.safe_load(EXPOSURES.read_text(encoding="utf-8"))["exposures"]


def test_the_site_has_its_pages_and_sources():
    assert len(pages()) >= 8 and len(source_queries()) >= 15
    assert (PAGES / "partners" / "[partner].md").exists(), "the partner template"


@pytest.mark.parametrize("name", sorted(source_queries()))
def test_each_source_query_reads_published_tables_and_runs(published, name):
    sql = source_queries()[name]
    published_tables = {
        f"{schema}.{table}"
        for schema, table in published.execute("select schema_name, table_name from duckdb_tables()").fetchall()
    }
    read = tables_read(sql)
    assert read, f"{name}.sql reads no marts/reference/meta table"
    assert read <= published_tables, (
        f"{name}.sql reads tables the published file lacks: {sorted(read - published_tables)}"
    )
    published.execute(f"select count(*) from ({sql})").fetchone()


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(PAGES)))
def test_each_page_reads_existing_sources_only(page):
    missing = sources_of_page(page) - set(source_queries())
    assert not missing, (
        f"{page.name} queries warehouse.{sorted(missing)}, which has no file in dashboards/sources/warehouse/"
    )


def test_every_page_is_an_exposure_naming_exactly_the_dbt_nodes_it_reads():
    queries = source_queries()
    by_page = {}
    for exposure in exposures():
        for page in exposure["config"]["meta"]["pages"]:
            assert page not in by_page, f"{page} is in two exposures"
            by_page[page] = exposure
    assert set(by_page) == {str(page.relative_to(PAGES)) for page in pages()}, (
        "every page, and only pages, in exposures.yml"
    )

    for exposure in exposures():
        read = set()
        for page in exposure["config"]["meta"]["pages"]:
            for source in sources_of_page(PAGES / page):
                read |= tables_read(queries[source])
        expected = {table.split(".", 1)[1] for table in read - NOT_DBT_TABLES}
        declared = {re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in exposure["depends_on"]}
        assert declared == expected, (
            f"{exposure['name']}: declares {sorted(declared - expected)} it does not read, misses {sorted(expected - declared)}"
        )


def test_the_dbt_manifest_has_the_exposures_downstream_of_their_marts():
    import json

    manifest = json.loads((PROJECT_ROOT / "dbt_project" / "target" / "manifest.json").read_text(encoding="utf-8"))
    parsed = {exposure["name"]: exposure for exposure in manifest["exposures"].values()}
    assert set(parsed) == {exposure["name"] for exposure in exposures()}
    for exposure in parsed.values():
        assert exposure["depends_on"]["nodes"], exposure["name"]


def unguarded_components_without_a_reason(page: Path) -> list[str]:
    """Charts and tables that could render empty with no word of why: outside every `{#if ... .length > 0}` block
    that has an `{:else}`, and without an emptyMessage."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```sql.*?```", "", text, flags=re.S)
    guarded_depth, blocks, problems = 0, [], []
    for token in re.finditer(
        r"\{#if ([^}]*)\}|\{:else\}|\{/if\}|<(" + "|".join(DATA_COMPONENTS) + r")\b(.*?)/?>(?=[ \t]*\n)",
        text,
        flags=re.S,
    ):
        if token.group(1) is not None:
            guards = ".length > 0" in token.group(1) and _has_its_own_else(text, token.end())
            blocks.append(guards)
            guarded_depth += guards
        elif token.group(0) == "{:else}":
            if blocks and blocks[-1]:
                guarded_depth -= 1
                blocks[-1] = False
        elif token.group(0) == "{/if}":
            guarded_depth -= blocks.pop()
        elif guarded_depth == 0 and "emptyMessage=" not in token.group(3):
            problems.append(f"<{token.group(2)}{token.group(3)[:60]}...>")
    return problems


def _has_its_own_else(text: str, start: int) -> bool:
    """Whether the {#if} block opened just before `start` has an {:else} of its own (not one of a nested block)."""
    depth = 1
    for token in re.finditer(r"\{#if [^}]*\}|\{:else\}|\{/if\}", text[start:]):
        if token.group(0) == "{:else}":
            if depth == 1:
                return True
        else:
            depth += 1 if token.group(0).startswith("{#if") else -1
            if depth == 0:
                return False
    raise AssertionError("an {#if} without its {/if}")


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(PAGES)))
def test_every_chart_and_table_says_why_when_it_is_empty(page):
    assert not unguarded_components_without_a_reason(page), unguarded_components_without_a_reason(page)
