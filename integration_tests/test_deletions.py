"""A deleted comment leaves the warehouse, an edited one changes there: two PyAirbyte reads into one DuckDB cache.

The first read replays the bundled fixtures. Before the second, a day later, page 2414183 changes as it would on
LinkedIn: the page's own comment 7392000000244908373 on ugcPost …000 is deleted (its post's counts go down), comment
7392000000951926402 on share …001 is edited (no count moves), and LinkedIn's notifications say both (COMMENT_DELETE,
COMMENT_EDIT). The changed fixtures are written to a temporary folder at test time from the bundled ones; nothing is
committed for them.

PyAirbyte reads `post_comments` incrementally from the state it keeps in the cache and merges records by primary key
(`post`, `id`), so the deleted comment's row is replaced by the deletion record, which carries `_ab_cdc_deleted_at`:
the column Airbyte's destinations in deduplicated mode turn into a delete.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import load, pyairbyte_variables
from replay_server import FIXTURES, Replay, ReplayServer

DELETED_POST, DELETED = "urn:li:ugcPost:7390000002414183000", "7392000000244908373"
EDITED_POST, EDITED = "urn:li:share:7390000002414183001", "7392000000951926402"
NEW_TEXT = "Great insights, thanks for sharing! (Edited: the chart on slide 3 is my favourite.)"
SECOND_SYNC_AT = "2026-11-21T09:00:00Z"
CHANGED_AT_MS = 1795248000000  # 2026-11-21T08:00:00Z
CHANGED_AT = "2026-11-21T08:00:00.000Z"


def notification(number: int, action: str, post: str, comment: str) -> dict:
    return {
        "notificationId": number, "organizationalEntity": "urn:li:organization:2414183", "action": action,
        "sourcePost": "urn:li:activity:7391000000000999999",
        "decoratedSourcePost": {"entity": post, "owner": "urn:li:organization:2414183"},
        "generatedActivity": f"urn:li:comment:(urn:li:activity:7391000000000999999,{comment})",
        "lastModifiedAt": CHANGED_AT_MS, "subscriber": "urn:li:person:QWRtaW5pc3RyYXRvcg",
    }


def rewrite(folder, name: str, change) -> None:
    path = folder / name
    document = json.loads(path.read_text())
    change(document)
    if "elements" in document:
        document["paging"] = {"start": 0, "count": 100, "total": len(document["elements"])}
    path.write_text(json.dumps(document))


def fixtures_a_day_later(folder):
    """The bundled fixtures with one comment deleted, one edited, and the notifications that say so."""
    shutil.copytree(FIXTURES, folder)

    def delete(document):
        document["elements"] = [e for e in document["elements"] if e["id"] != DELETED]

    def edit(document):
        for element in document["elements"]:
            if element["id"] == EDITED:
                element["message"]["text"] = NEW_TEXT

    def recount(document):
        summary = document["results"][DELETED_POST]["commentSummary"]
        summary["count"] -= 1
        summary["topLevelCount"] -= 1

    def notify(document):
        document["elements"] = [
            notification(9001, "COMMENT_DELETE", DELETED_POST, DELETED),
            notification(9002, "COMMENT_EDIT", EDITED_POST, EDITED),
        ] + document["elements"]

    rewrite(folder, "comments_7390000002414183000.json", delete)
    rewrite(folder, "comments_7390000002414183001.json", edit)
    rewrite(folder, "social_metadata.json", recount)
    rewrite(folder, "notifications_2414183.json", notify)
    return folder


@pytest.fixture(scope="module")
def duckdb(binary, server, tmp_path_factory):
    """Two reads of post_comments into one DuckDB cache, the second against the changed fixtures a day later."""
    from sqlalchemy import text

    folder = tmp_path_factory.mktemp("deletions")
    later = ReplayServer(Replay(fixtures_a_day_later(folder / "fixtures"))).start()
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in pyairbyte_variables(server, folder).items():
                patch.setenv(name, value)
            patch.chdir(folder)
            import airbyte as ab  # after the environment: PyAirbyte reads AIRBYTE_OFFLINE_MODE when first imported

            source = ab.get_source(
                "source-linkedin-pages", config=load("sample_config.json"), local_executable=str(binary),
                install_if_missing=False)
            source.select_streams(["post_comments"])
            cache = ab.new_local_cache("deletions", cache_dir=str(folder / "duckdb"))
            engine = cache.get_sql_engine()

            def query(sql: str, **parameters) -> list[tuple]:
                with engine.connect() as connection:
                    return [tuple(row) for row in connection.execute(text(sql), parameters)]

            source.read(cache=cache)
            first = query("SELECT id, _ab_cdc_deleted_at FROM post_comments WHERE id IN (:d, :e)", d=DELETED, e=EDITED)
            # The connector process inherits the environment at each read: point it at the day-later LinkedIn.
            for name, value in pyairbyte_variables(later, folder).items():
                patch.setenv(name, value)
            patch.setenv("SOURCE_LINKEDIN_PAGES_NOW", SECOND_SYNC_AT)
            source.read(cache=cache)
            yield query, first
    finally:
        later.stop()


def test_before_the_change_both_comments_are_plain_rows(duckdb):
    _, first = duckdb
    assert sorted(first) == [(DELETED, None), (EDITED, None)]


def test_the_deleted_comments_row_carries_ab_cdc_deleted_at(duckdb):
    query, _ = duckdb
    rows = query(
        "SELECT post, _ab_cdc_deleted_at, lastmodifiedat, message FROM post_comments WHERE id = :id", id=DELETED)
    assert len(rows) == 1, "merged by primary key: one row per comment"
    post, deleted_at, modified, message = rows[0]
    assert post == DELETED_POST
    assert deleted_at is not None and str(deleted_at).replace(" ", "T").startswith("2026-11-21T08:00:00")
    assert modified == CHANGED_AT_MS
    assert message is None  # the deletion record carries the key, not the old text


def test_the_edited_comment_has_its_new_text_and_no_deletion(duckdb):
    query, _ = duckdb
    rows = query("SELECT _ab_cdc_deleted_at, message FROM post_comments WHERE id = :id", id=EDITED)
    assert len(rows) == 1
    deleted_at, message = rows[0]
    assert deleted_at is None
    assert (json.loads(message) if isinstance(message, str) else message)["text"] == NEW_TEXT


def test_only_the_deleted_comment_is_marked(duckdb):
    query, _ = duckdb
    assert query("SELECT id FROM post_comments WHERE _ab_cdc_deleted_at IS NOT NULL") == [(DELETED,)]
