"""assistant.kernel.turn_timing: SQL and search time go to the request's open timings only."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from assistant.kernel.turn_timing import begin, end, time_sql_statements, timed_search


def test_statements_and_searches_are_counted_only_while_open() -> None:
    time_sql_statements()
    time_sql_statements()  # twice: still one count per statement
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))  # nothing open: not counted anywhere
        token = begin()
        connection.execute(text("SELECT 1"))
        with timed_search(), timed_search():  # nested: one search
            connection.execute(text("SELECT 2"))
        timings = end(token)
    assert timings.sql_statements == 2
    assert timings.searches == 1
    assert 0 < timings.sql_in_search_ms <= timings.sql_ms
    assert timings.search_ms >= timings.sql_in_search_ms
