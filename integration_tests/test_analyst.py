"""An analyst's first questions, asked in plain SQL of the DuckDB cache PyAirbyte fills from our binary.

One read (of only the streams these questions need) against the replay server of the bundled fixtures, then one
query per question. The SQL uses no JSON functions: whatever an analyst needs is a typed column of its own.

Column names: PyAirbyte's DuckDB cache passes every property name through its `LowerCaseNormalizer`, which lowercases
the name and turns each character that is not a letter or digit into `_` (no snake-casing of camelCase):
`organicFollowerCount` becomes `organicfollowercount`, `timeRangeStart` becomes `timerangestart`, `$URN` becomes
`_urn`. Stream names are already snake_case and keep their names as table names. The queries below use the
normalized names; `test_column_names_are_lowercased_not_snake_cased` pins that behaviour down.
"""

from __future__ import annotations

import pytest

from conftest import load, pyairbyte_variables

STREAMS = [
    "follower_statistics_by_facet",
    "page_statistics_by_facet",
    "facet_values",
    "follower_statistics_time_bound",
    "posts",
    "post_social_metadata",
]
BY_FACET_TABLES = ["follower_statistics_by_facet", "page_statistics_by_facet"]
DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def duckdb(binary, server, tmp_path_factory):
    """Reads STREAMS into a DuckDB cache of its own, once for the module; yields a `query(sql) -> rows` function."""
    from sqlalchemy import text

    folder = tmp_path_factory.mktemp("analyst")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in pyairbyte_variables(server, folder).items():
            patch.setenv(name, value)
        patch.chdir(folder)
        import airbyte as ab  # after the environment: PyAirbyte reads AIRBYTE_OFFLINE_MODE when first imported

        source = ab.get_source(
            "source-linkedin-pages", config=load("sample_config.json"), local_executable=str(binary), install_if_missing=False)
        source.select_streams(STREAMS)
        cache = ab.new_local_cache("analyst", cache_dir=str(folder / "duckdb"))
        result = source.read(cache=cache)
        assert set(result.streams) == set(STREAMS)
        engine = cache.get_sql_engine()

        def query(sql: str, **parameters) -> list[tuple]:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(sql), parameters)]

        yield query


def column_types(query, table: str) -> dict[str, str]:
    rows = query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = :t", t=table)
    return dict(rows)


def test_column_names_are_lowercased_not_snake_cased(duckdb):
    columns = column_types(duckdb, "follower_statistics_by_facet")
    assert "organicfollowercount" in columns and "facetname" in columns and "facetvalue" in columns
    assert "organic_follower_count" not in columns and "organicFollowerCount" not in columns


def test_followers_grouped_by_industry_name(duckdb):
    rows = duckdb(
        """
        SELECT facetname, SUM(organicfollowercount) AS followers
        FROM follower_statistics_by_facet
        WHERE facet = 'industry'
        GROUP BY facetname
        ORDER BY followers DESC
        """)
    assert rows, "no industry rows"
    names = {name: followers for name, followers in rows}
    assert "Software Development" in names
    for name, followers in rows:
        assert isinstance(name, str) and name.strip() and not name.startswith("urn:li:"), name
        assert isinstance(followers, int) and followers > 0, (name, followers)
    # The same names come from a join to facet_values, the table an analyst would join a name-less facet to.
    joined = duckdb(
        """
        SELECT v.name, SUM(f.organicfollowercount)
        FROM follower_statistics_by_facet f
        JOIN facet_values v ON v.facet = f.facet AND v.value = f.facetvalue
        WHERE f.facet = 'industry'
        GROUP BY v.name
        """)
    assert dict(joined) == names


def test_daily_organic_follower_gains(duckdb):
    # The chart's series: one point per organization per day, the day made from the bucket's start (epoch ms).
    rows = duckdb(
        """
        SELECT organizationalentity, timerangestart, organicfollowergain, CAST(epoch_ms(timerangestart) AS DATE) AS day
        FROM follower_statistics_time_bound
        ORDER BY timerangestart, organizationalentity
        """)
    assert rows
    by_organization: dict[str, list] = {}
    for organization, _, _, day in rows:
        by_organization.setdefault(organization, []).append(day)
    for organization, days in by_organization.items():
        assert all((b - a).days == 1 for a, b in zip(days, days[1:])), f"{organization}: days missing or repeated"
    rows = [row[:3] for row in rows]
    assert all(isinstance(start, int) and isinstance(gain, int) for _, start, gain in rows)
    assert all(start % DAY_MS == 0 for _, start, _ in rows), "a bucket does not start at midnight UTC"
    assert [start for _, start, _ in rows] == sorted(start for _, start, _ in rows)
    # One row per organization per day: no (organization, day) twice, and every bucket is one day long.
    assert duckdb(
        """
        SELECT organizationalentity, timerangestart, COUNT(*)
        FROM follower_statistics_time_bound
        GROUP BY organizationalentity, timerangestart
        HAVING COUNT(*) > 1
        """) == []
    assert duckdb("SELECT COUNT(*) FROM follower_statistics_time_bound WHERE timerangeend - timerangestart <> :d", d=DAY_MS) == [(0,)]
    organizations, days = duckdb(
        "SELECT COUNT(DISTINCT organizationalentity), COUNT(DISTINCT timerangestart) FROM follower_statistics_time_bound")[0]
    assert len(rows) == organizations * days
    types = column_types(duckdb, "follower_statistics_time_bound")
    for column in ("timerangestart", "timerangeend", "organicfollowergain", "paidfollowergain"):
        assert types[column] in {"BIGINT", "INTEGER", "HUGEINT"}, (column, types[column])


def test_every_facet_value_synced_has_a_facet_values_row(duckdb):
    for table in BY_FACET_TABLES:
        assert duckdb(f"SELECT COUNT(*) FROM {table}")[0][0] > 0, table
        missing = duckdb(
            f"""
            SELECT DISTINCT b.facet, b.facetvalue
            FROM {table} b
            LEFT JOIN facet_values v ON v.facet = b.facet AND v.value = b.facetvalue
            WHERE v.value IS NULL
            """)
        assert missing == [], (table, missing[:10])


def test_engagement_per_post(duckdb):
    rows = duckdb(
        """
        SELECT p.id, p.author, m.reactioncount, m.commentcount
        FROM posts p
        JOIN post_social_metadata m ON m.post = p.id
        ORDER BY m.reactioncount DESC, p.id
        """)
    posts = duckdb("SELECT COUNT(DISTINCT id) FROM posts")[0][0]
    assert posts > 0 and len(rows) == posts, "a post without its social metadata, or one with two rows"
    assert len({post for post, *_ in rows}) == len(rows)
    for post, author, reactions, comments in rows:
        assert isinstance(reactions, int) and reactions >= 0, (post, reactions)
        assert isinstance(comments, int) and comments >= 0, (post, comments)
        assert author.startswith("urn:li:organization:")
    assert sum(r for *_, r, _ in rows) > 0 and sum(c for *_, c in rows) > 0
    types = column_types(duckdb, "post_social_metadata")
    assert types["reactioncount"] in {"BIGINT", "INTEGER", "HUGEINT"} and types["commentcount"] in {"BIGINT", "INTEGER", "HUGEINT"}
