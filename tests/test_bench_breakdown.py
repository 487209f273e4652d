"""`make bench-web`'s breakdown of a request's time: each sampled stack goes to the right part."""

from bench.web.breakdown import PARTS, part_of, shares

WORKER = (
    "<module> (gunicorn:6);SyncWorker.handle_request (gunicorn/workers/sync.py:184);"
    "WSGIHandler.__call__ (django/core/handlers/wsgi.py:124);"
    "BaseHandler.get_response (django/core/handlers/base.py:140)"
)
VIEW = WORKER + ";View.dispatch (django/views/generic/base.py:144)"
RENDER = WORKER + ";SimpleTemplateResponse.render (django/template/response.py:114)"


def stack(*frames: str) -> list[str]:
    return ";".join(frames).split(";")


def test_a_statement_run_from_the_view_is_the_database():
    frames = stack(VIEW, "fetch (events/public/queries/sql.py:76)", "inner (django/db/utils.py:98)")
    assert part_of(frames) == "database"


def test_psycopg_in_the_worker_is_the_database():
    frames = stack(VIEW, "Cursor.execute (psycopg/cursor.py:97)", "wait (psycopg/waiting.py:60)")
    assert part_of(frames) == "database"


def test_sqlites_value_converters_inside_a_fetch_are_the_database():
    frames = stack(
        VIEW,
        "cursor_iter.<locals>.<lambda> (django/db/models/sql/compiler.py:2171)",
        "DatabaseErrorWrapper.__call__.<locals>.inner (django/db/utils.py:98)",
        "<lambda> (django/db/backends/sqlite3/base.py:60)",
        "parse_datetime (django/utils/dateparse.py:114)",
    )
    assert part_of(frames) == "database"


def test_choosing_a_connection_is_not_the_database():
    frames = stack(VIEW, "ConnectionRouter._route_db (django/db/utils.py:225)")
    assert part_of(frames) == "view"


def test_the_views_own_python_is_the_view():
    assert part_of(stack(VIEW, "Model.from_db (django/db/models/base.py:580)")) == "view"


def test_the_template_and_the_apis_json_are_the_render():
    assert part_of(stack(RENDER, "block_content (event_archive_day.html:72)")) == "render"
    json = stack(VIEW, "json_response (events/api/present.py:36)")
    assert part_of(json) == "render"


def test_middleware_and_gunicorn_outside_the_view():
    etag = stack(WORKER, "set_response_etag (django/utils/cache.py:122)")
    assert part_of(etag) == "django"
    assert part_of(stack("<module> (gunicorn:6)", "write (gunicorn/util.py:348)")) == "gunicorn"
    assert part_of(["<module> (manage.py:16)"]) == "other"


def test_shares_count_each_stack_by_its_samples():
    raw = (
        ";".join(stack(VIEW, "inner (django/db/utils.py:98)"))
        + " 3\n"
        + ";".join(stack(RENDER))
        + " 1\n"
    )
    total, parts = shares(raw)
    assert total == 4
    assert parts == dict.fromkeys(PARTS, 0.0) | {"database": 0.75, "render": 0.25}
