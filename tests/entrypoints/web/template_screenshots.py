"""Screenshots for docs/documents.md: Settings → Documents with a saved letterhead, logo
and a Word template for the proposal letter, and the first page of the demo proposal
letter that carries them.

Run with ``.venv/bin/python -m tests.entrypoints.web.template_screenshots`` (needs Debian's chromium
and poppler's pdftoppm).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from accord.bootstrap import bootstrap
from accord.config import Settings
from accord.domain.documents import DocumentKind
from accord.services import demo
from accord.services import document_templates as templates
from accord.services.documents import DocumentFormat, make_document
from tests.entrypoints.server import CHROMIUM_ARGS, chromium_path, live_server
from tests.entrypoints.web.screenshots import OUT
from tests.support.clock import FixedClock
from tests.support.word_templates import proposal_template

LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<rect width="96" height="96" rx="18" fill="#0b7a75"/>
<path d="M14 70 L38 34 L52 54 L62 42 L82 70 Z" fill="#ffffff"/>
<circle cx="68" cy="26" r="8" fill="#f6c453"/></svg>"""


def main() -> int:
    chromium = chromium_path()
    if chromium is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        accord = bootstrap(Settings(data_dir=Path(tmp)), clock=FixedClock())
        uow, now = accord.store.unit_of_work, accord.clock.now()
        _, rates = demo.load_demo(uow, now)
        templates.set_letterhead(
            uow(), now, organisation_name="Summit Physical Therapy",
            address_lines=("410 Main Street, Bozeman MT 59715",), phone="406-555-0142",
        )  # fmt: skip
        templates.set_logo(uow(), accord.logo_images, now, LOGO, filename="logo.svg")
        templates.set_template(
            uow(), now, DocumentKind.PROPOSAL, signer_name="Dana Whitfield, PT, DPT",
            signer_title="Owner and clinical director",
        )  # fmt: skip
        templates.set_docx_template(
            uow, accord.docx_templates, accord.templates, now, DocumentKind.PROPOSAL,
            proposal_template(), filename="summit-proposal-letter.docx",
        )  # fmt: skip
        with live_server(accord) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(base + "/settings/documents")
            page.screenshot(path=str(OUT / "settings-documents.png"), full_page=True)
            browser.close()
        pdf = make_document(
            uow(), accord.renderers, accord.templates, accord.charts, now,
            DocumentKind.PROPOSAL, rates, DocumentFormat.PDF,
        ).content  # fmt: skip
        stem = Path(tmp) / "letter"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        "-", str(stem)], input=pdf, check=True)  # fmt: skip
        (OUT / "document-letter-with-logo.png").write_bytes(stem.with_suffix(".png").read_bytes())
        accord.close()
    print("wrote docs/screenshots/settings-documents.png, document-letter-with-logo.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
