"""What a person reads in the CLI names terms by label (issue 9): the brief's last offers
and the analysis's reading of the situation; the offer list keeps the short names a
command takes."""

from __future__ import annotations

import json

from tests.entrypoints.cli.conftest import Run


def test_the_brief_and_the_reading_name_terms_by_label(run: Run) -> None:
    assert run("demo")[0] == 0
    code, out, _ = run("brief", "1")
    text = " ".join(out.replace("│", " ").split())
    assert code == 0 and "them Per diem: $690.00/day; Length of stay (days): 21 days" in text
    assert "per_diem=" not in text
    code, out, _ = run("analyze", "1", "--json")
    situation = json.loads(out)["situation"]
    assert situation["zopa"] == "unproven"
    assert situation["zopa_text"] == (  # in plain words, the engine's terms in brackets
        "A deal may be possible (ZOPA unproven): on our estimate of their side, 990 of 1,830 "
        "packages within your walk-aways are better for both sides than walking away (their "
        "BATNAs), but their latest offer is beyond your walk-away on Per diem and we do not "
        "know their limit there"
    )
    code, out, _ = run("analyze", "1")
    assert "A deal may be possible (ZOPA unproven)" in " ".join(out.split())
    assert situation["their_latest_beyond"] == ["per_diem"]  # data keeps the identifier
    _, out, _ = run("offer", "list", "1")
    assert "per_diem=$690.00/day" in " ".join(out.replace("│", " ").split())
