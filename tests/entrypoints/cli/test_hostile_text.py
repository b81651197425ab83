"""Text from the record is data, never markup: hostile names stored through the services
print literally in every read command, and no control character reaches the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.domain.interactions import InteractionDirection
from accord.domain.negotiation import NegotiationKind
from accord.domain.offers import Channel, Side
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.domain.terms import Direction, TermKind
from accord.entrypoints.cli.context import get_app
from accord.services import activity, negotiations, organisations, preparation
from tests.entrypoints.cli.conftest import Run

MARKUP = "Evil [/x]"
BOLD = "[bold]x[/bold] :smile:"
ANSI = "\x1b[31mred\x1b[0m\x1b]0;title\x07 back\rspace\u202eevil"
LONG = "long " * 20_000 + "end"  # 100 kB


@pytest.fixture
def hostile(run: Run, data_dir: Path) -> int:
    """A negotiation whose every name, value and note is hostile; returns its id."""
    accord = get_app()
    uow = accord.store.unit_of_work
    now = accord.clock.now()
    ours = organisations.create_organisation(uow(), name=MARKUP, kind=OrganisationKind.OURS)
    theirs = organisations.create_organisation(
        uow(), name=f"{BOLD} {ANSI}", kind=OrganisationKind.PAYER
    )
    assert ours.id is not None and theirs.id is not None
    contact = organisations.add_contact(
        uow(), organisation_id=theirs.id, name=f"{MARKUP} {ANSI}",
        role=DecisionRole.DECISION_MAKER, title=BOLD,
    )  # fmt: skip
    n = negotiations.open_negotiation(
        uow(), now, title=f"{MARKUP} {BOLD} {ANSI}", kind=NegotiationKind.CONTRACT_RATES,
        our_org_id=ours.id, counterparty_id=theirs.id, problem_statement=LONG,
        our_goals=[BOLD, ANSI],
    )  # fmt: skip
    assert n.id is not None
    negotiations.add_term(
        uow(), now, n.id, name="rate_97110", kind=TermKind.RATE_PER_UNIT, minimum=0,
        maximum=200, opening=42.0, target=38.0, walk_away=33.0, billing_code="97110",
    )  # fmt: skip
    negotiations.add_term(
        uow(), now, n.id, name="payment_days", kind=TermKind.PAYMENT_DAYS,
        direction=Direction.LOWER_BETTER, opening=21.0,
        target=30.0, walk_away=45.0,
    )  # fmt: skip
    activity.record_offer(
        uow(), now, n.id, side=Side.THEIRS, values={"rate_97110": 31.0, "payment_days": 45.0},
        at=None, channel=Channel.EMAIL, note=f"{MARKUP} {ANSI}",
    )  # fmt: skip
    activity.log_interaction(
        uow(), now, n.id, channel=Channel.CALL, direction=InteractionDirection.INBOUND,
        contact_id=contact.id, at=None,
        summary=LONG, their_points=BOLD, our_questions=ANSI, follow_up_due=None,
        replied_at=None,
    )  # fmt: skip
    preparation.answer_checklist(uow(), now, n.id, "who", f"{MARKUP} {ANSI}")
    preparation.answer_checklist(uow(), now, n.id, "history", LONG)
    return n.id


def read_commands(negotiation_id: int, tmp_path: Path) -> list[tuple[str, ...]]:
    n = str(negotiation_id)
    plain = [
        ("org", "list"), ("contact", "list"), ("negotiation", "list"),
        ("negotiation", "show", n), ("term", "list", n), ("offer", "list", n),
        ("interaction", "list", n), ("checklist", "show", n), ("leverage", "list", n),
        ("brief", n), ("analyze", n), ("benchmark", n, "--market-dir", str(tmp_path / "m")),
    ]  # fmt: skip
    return [*plain, *((*command, "--json") for command in plain)]


def test_every_read_command_prints_hostile_text_literally(
    run: Run, hostile: int, tmp_path: Path
) -> None:
    for command in read_commands(hostile, tmp_path):
        code, out, err = run(*command)
        assert code == 0, (command, err)
        assert "\x1b" not in out + err, command
        assert "\r" not in out + err and "\u202e" not in out + err, command
        if "--json" in command:
            json.loads(out)  # valid JSON, control characters escaped by the encoder
    _, out, _ = run("org", "list")
    assert MARKUP in out and "[bold]x[/bold] :smile:" in out
    assert "␛[31mred␛[0m" in out  # the escape is shown as a symbol, not obeyed
    _, out, _ = run("negotiation", "show", str(hostile))
    assert f"{MARKUP} [bold]x[/bold]" in out
    _, out, _ = run("checklist", "show", str(hostile), "--json")
    assert json.loads(out)["research"]["history"] == LONG


def test_markup_in_a_value_is_echoed_literally_in_the_error(run: Run, hostile: int) -> None:
    code, _, err = run("offer", "add", str(hostile), "ours", "rate_97110=[/x]")
    assert code != 0
    assert "[/x]" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("term", "add", str(hostile), "[bold]t[/bold]", "--kind", "rate_per_unit",
                       "--opening", "[/x]")  # fmt: skip
    assert code != 0 and len(err.strip().splitlines()) == 1
    assert "\x1b" not in err


def test_tables_that_do_not_fit_become_lines_of_column_and_value(
    run: Run, hostile: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.entrypoints.cli.context import console

    monkeypatch.setattr(console, "width", 40)
    code, out, _ = run("offer", "list", str(hostile))
    assert code == 0
    assert "  package: rate_97110=$31.00, payment_days=45 days" in out.replace("\n    ", " ")
    assert "┃" not in out  # not a squeezed table
    monkeypatch.setattr(console, "width", 200)
    _, out, _ = run("offer", "list", str(hostile))
    assert "┃" in out  # it fits: a table


def test_an_error_with_a_long_path_stays_on_one_line_in_a_narrow_pipe(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    long_path = tmp_path / ("a-very-long-folder-name-" * 6) / "archive.json"
    code, out, err = run("export", str(long_path))
    assert code != 0 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(long_path) in lines[0], err
    code, _, err = run("import", str(long_path))
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(long_path) in err


def test_json_output_has_the_fields_of_the_api_twin(run: Run) -> None:
    from accord.entrypoints.http.schemas.analysis import AnalysisPublic
    from accord.entrypoints.http.schemas.benchmarks import TermBenchmarkPublic
    from accord.entrypoints.http.schemas.briefs import BriefPublic, BriefTermPublic
    from accord.entrypoints.http.schemas.organisations import ContactPublic, OrganisationPublic

    assert run("demo")[0] == 0
    code, out, _ = run("analyze", "2", "--json")
    assert code == 0 and set(json.loads(out)) == set(AnalysisPublic.model_fields)
    code, out, _ = run("brief", "2", "--json")
    brief = json.loads(out)
    assert code == 0 and set(brief) == set(BriefPublic.model_fields)
    assert set(brief["terms"][0]) == set(BriefTermPublic.model_fields)
    code, out, _ = run("benchmark", "2", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and set(rows[0]) == set(TermBenchmarkPublic.model_fields)
    _, out, _ = run("org", "list", "--json")
    assert set(json.loads(out)[0]) == set(OrganisationPublic.model_fields)
    _, out, _ = run("contact", "list", "--json")
    assert set(json.loads(out)[0]) == set(ContactPublic.model_fields)
