"""The view rules are computed once (issue 10): the brief's days to the deadline and the
terms beyond our walk-away are those of the pipeline and the analysis's reading."""

from __future__ import annotations

from accord.bootstrap import Accord
from accord.services import analysis, briefs, demo, pipeline
from accord.services.brief_data import brief_data


def test_the_brief_the_pipeline_and_the_analysis_read_the_demo_alike(
    sqlite_accord: Accord,
) -> None:
    app = sqlite_accord
    demo.load_demo(app.store.unit_of_work, app.clock.now())
    now = app.clock.now()
    board = pipeline.pipeline(app.store.unit_of_work(), now)
    days = {i.negotiation.id: i.days_to_deadline for items in board.stages.values() for i in items}
    for nid in (1, 2):
        brief = briefs.prepare_brief(app.store.unit_of_work(), now, nid)
        assert brief.days_to_deadline == days[nid] is not None
        stored = analysis.analyze_stored_negotiation(app.store.unit_of_work(), now, nid)
        assert stored.situation is not None
        assert brief.theirs_beyond == stored.situation.their_latest_beyond
        rows = brief_data(brief)["terms"]
        assert [r["name"] for r in rows if r["theirs_beyond_walk_away"]] == list(
            brief.theirs_beyond
        )
    assert briefs.prepare_brief(app.store.unit_of_work(), now, 1).theirs_beyond == ("per_diem",)
