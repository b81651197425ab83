"""``accord doc``: each document written to a file, atomically, never over a file unless
asked; bad input refused in one line; a sent letter logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.domain.offers import Channel
from accord.entrypoints.cli.context import get_app
from accord.services.negotiations import get_negotiation
from tests.entrypoints.cli.conftest import Run
from tests.support.extract import docx_text, pdf_text


def test_accord_doc_writes_each_document_and_refuses_to_overwrite_without_force(
    run: Run, data_dir: Path, tmp_path: Path
) -> None:
    assert run("demo")[0] == 0
    out = tmp_path / "sca.pdf"
    code, stdout, _ = run("doc", "agreement", "1", "--format", "pdf", "-o", str(out),
                          "--patient-name", "Zoë Quill")  # fmt: skip
    assert code == 0 and "wrote single case agreement" in stdout
    assert "Zoë Quill" in pdf_text(out.read_bytes()) and "CM-2026-0147" in pdf_text(
        out.read_bytes()
    )
    code, _, err = run("doc", "agreement", "1", "-o", str(out))
    assert code == 4 and "exists; pass --force" in err and "\n" not in err.strip()
    docx = str(out.with_suffix(".docx"))
    code, stdout, _ = run("doc", "proposal", "2", "--format", "docx", "-o", docx, "--json")
    record = json.loads(stdout)
    assert code == 0 and record["bytes"] > 0 and record["kind"] == "proposal"
    assert "97110" in docx_text(out.with_suffix(".docx").read_bytes())
    code, _, _ = run("doc", "brief", "1", "-o", str(out), "--force")
    assert code == 0 and "Dana Whitfield" in pdf_text(out.read_bytes())
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left behind
    # The typed patient name is in the file only: not in the database, not in the log.
    for stored in data_dir.rglob("*"):
        if stored.is_file():
            assert b"Quill" not in stored.read_bytes(), stored


def test_a_document_the_user_says_was_sent_is_logged_as_a_letter(run: Run, tmp_path: Path) -> None:
    run("demo")
    out = tmp_path / "letter.pdf"
    code, stdout, _ = run("doc", "proposal", "2", "-o", str(out), "--sent")
    assert code == 0 and "logged as a letter sent" in stdout
    n = get_negotiation(get_app().store.unit_of_work(), 2)
    letters = [i for i in n.interactions if i.channel is Channel.LETTER]
    assert [i.summary for i in letters] == ["Sent the rate-increase proposal letter (letter.pdf)."]
    code, _, err = run("doc", "brief", "2", "-o", str(tmp_path / "b.pdf"), "--sent")
    assert code == 2 and "--sent is for the proposal letter or the agreement" in err
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("doc", "brief"), "needs a negotiation id"),
        (("doc", "brief", "999"), "999"),
        (("doc", "brief", "1", "--patient-name", "X"), "only into the agreement"),
        (("doc", "savings", "--from", "2026-01-01"), "both --from and --to"),
        (("doc", "savings", "--from", "2026-02-30", "--to", "2026-03-01"), "YYYY-MM-DD"),
        (("doc", "brief", "1", "-o", "/nonexistent-folder/x.pdf"), "does not exist"),
    ],
)
def test_accord_doc_refuses_bad_input_in_one_line(
    run: Run, args: tuple[str, ...], expected: str
) -> None:
    run("demo")
    code, _, err = run(*args)
    assert code != 0 and expected in err and err.count("\n") == 1


def test_accord_doc_template_set_show_and_reset(run: Run, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (90, 30), (11, 122, 117)).save(logo, "PNG")
    code, stdout, err = run(
        "doc", "template", "set", "agreement", "--signer-name", "Rosa Delgado",
        "--clause", "payment=Paid within {payment_days} days.",
        "--organisation-name", "Lakeview Care", "--address-line", "12 Harbour Road",
        "--phone", "614-555-0100", "--logo", str(logo), "--json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(stdout)
    assert data["effective"]["signer_name"] == "Rosa Delgado"
    assert data["effective"]["letterhead_lines"] == ["12 Harbour Road", "Phone 614-555-0100"]
    assert data["effective"]["logo"]["media_type"] == "image/png"
    code, stdout, _ = run("doc", "template", "show", "agreement")
    assert code == 0 and "clause payment [saved]: Paid within {payment_days} days." in stdout
    assert "clause term [files]:" in stdout
    code, _, err = run("doc", "template", "set", "agreement", "--clause", "term=By {signatory}")
    assert code != 0 and "clause 'term': unknown placeholder {signatory}" in err
    assert err.count("\n") == 1
    not_image = tmp_path / "notes.png"
    not_image.write_text("hello", encoding="utf-8")
    code, _, err = run("doc", "template", "set", "brief", "--signer-name", "X",
                       "--logo", str(not_image))  # fmt: skip
    assert code != 0 and "notes.png is not a PNG, JPEG or SVG image" in err
    code, stdout, _ = run("doc", "template", "show", "brief", "--json")
    assert json.loads(stdout)["saved"]["signer_name"] == ""  # nothing half-saved
    assert run("doc", "template", "reset", "agreement", "--letterhead")[0] == 0
    code, stdout, _ = run("doc", "template", "show", "agreement", "--json")
    shown = json.loads(stdout)
    assert shown["saved"]["clauses"] == {} and shown["saved"]["logo"] is None
    code, _, err = run("doc", "template", "reset")
    assert code != 0 and "name a kind, or give --letterhead" in err


def test_accord_doc_template_set_docx_checks_the_word_template_before_saving(
    run: Run, tmp_path: Path
) -> None:
    from tests.support.word_templates import paragraphs, proposal_template

    assert run("demo")[0] == 0
    bad = tmp_path / "bad letter.docx"
    bad.write_bytes(paragraphs("Dear {{ counterparty }},", cell="{{ clauses.answr }}"))
    code, _, err = run("doc", "template", "set", "proposal", "--docx", str(bad),
                       "--signer-name", "Not Saved")  # fmt: skip
    assert code == 2 and err.count("\n") == 1
    assert f"{bad}: table 1, row 2, cell 2" in err and "unknown clause clauses.answr" in err
    code, stdout, _ = run("doc", "template", "show", "proposal", "--json")
    shown = json.loads(stdout)
    assert shown["docx"] is None and shown["saved"]["signer_name"] == ""  # nothing half-saved
    good = tmp_path / "letter.docx"
    good.write_bytes(proposal_template())
    code, stdout, err = run("doc", "template", "set", "proposal", "--docx", str(good), "--json")
    assert code == 0, err
    assert json.loads(stdout)["docx"]["filename"] == "letter.docx"
    code, stdout, _ = run("doc", "template", "show", "proposal")
    assert "Word template: letter.docx" in stdout
    out = tmp_path / "filled.docx"
    assert run("doc", "proposal", "2", "--format", "docx", "-o", str(out))[0] == 0
    text = docx_text(out.read_bytes())
    assert "Dear colleagues at Big Sky" in text and "97110" in text
    pdf = tmp_path / "built-in.pdf"
    assert run("doc", "proposal", "2", "-o", str(pdf))[0] == 0
    assert "Exhibit" in pdf_text(pdf.read_bytes())  # the PDF keeps the built-in layout
    assert run("doc", "template", "set", "proposal", "--remove-docx")[0] == 0
    code, stdout, _ = run("doc", "template", "show", "proposal", "--json")
    assert json.loads(stdout)["docx"] is None
