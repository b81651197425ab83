"""An organisation's own Word template, checked on upload and filled with docxtpl.

docxtpl puts Jinja into a .docx: ``{{ counterparty }}`` in a paragraph, ``{%tr for row in
tables[0].rows %}`` to repeat a table row. It was chosen over filling placeholders with
python-docx ourselves because Word splits typed text into runs at will (a spelling
mark, a change of font, an autocorrect), and docxtpl already joins a tag split across
runs, repeats table rows and keeps the template's styles, headers and footers.

What docxtpl does not do is say *where* a template is wrong: Jinja's line numbers count
lines of XML. So the check here reads the template as Word shows it, one paragraph
(or table cell, header, footer) at a time, and names the paragraph and its text in
each error. Templates run in Jinja's sandbox with autoescaping: a template cannot reach
Python objects, and text from the record cannot break the XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
from docx import Document as open_docx
from docx.oxml.ns import qn
from docxtpl import DocxTemplate as Docxtpl
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from accord.domain.documents import Document, DocumentKind
from accord.domain.docx_template_fields import (
    DOCX_TEMPLATE_MAX_BYTES,
    TEMPLATE_FIELDS,
    DocxTemplate,
    sample_context,
    template_context,
)
from accord.errors import InputFileError, ValidationError

__all__ = ["DocxtplTemplates"]

_UNPACKED_MAX = 60 * 1024 * 1024  # a zip that unpacks to more is not a letter
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PREFIX = re.compile(r"^(\{[{%])(-?)\s*(?:p|tr|tc|r)\s")  # docxtpl's {%tr …, {{p …
_SINGLE = re.compile(r"(?<!\{)\{\s*([A-Za-z_]\w*)\s*\}(?!\})")
_SPANS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_CURLY = "\u201c\u201d\u2018\u2019"
_BLOCKS = {"for", "if", "with", "macro", "call", "filter", "block", "raw", "autoescape"}
_JINJA_NAMES = {"range", "loop", "dict", "lipsum", "cycler", "joiner", "namespace", "caller"}


@dataclass(frozen=True)
class _Place:
    """A paragraph as Word shows it: where it is, its text, and the tags in it."""

    label: str
    text: str
    tags: tuple[str, ...] = ()

    def where(self) -> str:
        snippet = " ".join(self.text.split())
        if len(snippet) > 60:
            snippet = snippet[:57] + "…"
        return f'{self.label} ("{snippet}")'


def _environment(undefined: type[jinja2.Undefined]) -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=undefined, autoescape=True)


class DocxtplTemplates:
    """The ``DocxTemplateEngine`` port: check an uploaded .docx, fill a saved one."""

    def check(
        self,
        content: bytes,
        *,
        filename: str,
        kind: DocumentKind,
        clause_names: frozenset[str],
    ) -> DocxTemplate:
        """The template, if it is a whole .docx whose placeholders all make sense.

        Refused, naming the file and the paragraph: a file over 2 MB, not a .docx, a tag
        not closed within its paragraph, single braces, curly quotes inside a tag,
        broken Jinja, an unknown name or clause, or one that fails on sample values.
        """
        name = filename or "template.docx"
        _check_package(content, name)
        places = _places(content, name)
        _check_tags(places, name, clause_names)
        _try_fill(content, name, places, clause_names)
        used = sorted({n for p in places for n in _names_in(p.tags)} & set(TEMPLATE_FIELDS))
        return DocxTemplate(kind, name, content, tuple(used))

    def read(self, path: Path, *, kind: DocumentKind, clause_names: frozenset[str]) -> DocxTemplate:
        """:meth:`check` a file on disk (read whole: it is at most 2 MB)."""
        try:
            size = path.stat().st_size
            content = path.read_bytes() if size <= DOCX_TEMPLATE_MAX_BYTES else b""
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
        if size > DOCX_TEMPLATE_MAX_BYTES:
            raise InputFileError(
                f"{size:,} bytes; a template may be at most {DOCX_TEMPLATE_MAX_BYTES:,} "
                "bytes (2 MB)",
                path=str(path),
            )
        return self.check(content, filename=str(path), kind=kind, clause_names=clause_names)

    def fill(self, template: DocxTemplate, document: Document) -> bytes:
        """The template filled from ``document`` (a value a row lacks prints as nothing)."""
        try:
            return _render(template.content, template_context(document), jinja2.ChainableUndefined)
        except (jinja2.TemplateError, ValueError, TypeError, etree.LxmlError) as exc:
            raise ValidationError(
                f"the {template.kind.label} template {template.filename} could not be "
                f"filled: {_first_line(exc)}; upload a corrected template or remove it",
                field="docx",
            ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _check_package(content: bytes, name: str) -> None:
    if not content:
        raise InputFileError("the file is empty", path=name)
    if len(content) > DOCX_TEMPLATE_MAX_BYTES:
        raise InputFileError(
            f"{len(content):,} bytes; a template may be at most "
            f"{DOCX_TEMPLATE_MAX_BYTES:,} bytes (2 MB)",
            path=name,
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        hint = (
            " (an old .doc: save it as Word Document .docx)"
            if content[:4] == b"\xd0\xcf\x11\xe0"
            else ""
        )
        raise InputFileError(f"not a Word .docx file{hint}", path=name)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            infos = package.infolist()
            if sum(i.file_size for i in infos) > _UNPACKED_MAX:
                raise InputFileError("unpacks to more than 60 MB; not a letter", path=name)
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise InputFileError("a zip file, but not a Word .docx (no word/document.xml)",
                                     path=name)  # fmt: skip
            broken = package.testzip()
    except zipfile.BadZipFile as exc:
        raise InputFileError(f"a damaged .docx: {exc}", path=name) from exc
    if broken is not None:
        raise InputFileError(f"a damaged .docx: {broken} fails its checksum", path=name)


def _places(content: bytes, name: str) -> list[_Place]:
    try:
        docx = open_docx(io.BytesIO(content))
    except (ValueError, KeyError, etree.LxmlError, zipfile.BadZipFile) as exc:
        raise InputFileError(f"not a Word .docx document: {_first_line(exc)}", path=name) from exc
    places = list(_body_places(docx.element.body))
    for number, section in enumerate(docx.sections, start=1):
        suffix = f" of section {number}" if len(docx.sections) > 1 else ""
        for label, part in (
            ("header", section.header), ("first-page header", section.first_page_header),
            ("even-page header", section.even_page_header), ("footer", section.footer),
            ("first-page footer", section.first_page_footer),
            ("even-page footer", section.even_page_footer),
        ):  # fmt: skip
            if part.is_linked_to_previous:
                continue
            for i, p in enumerate(part._element.iter(qn("w:p")), start=1):
                places.append(_Place(f"{label}{suffix}, paragraph {i}", _text(p)))
    return places


def _body_places(body: Any) -> Iterator[_Place]:
    paragraph = 0
    tables = list(body.iterchildren(qn("w:tbl")))  # held, so lxml keeps their proxies
    for p in body.iter(qn("w:p")):
        parent = p.getparent()
        if parent is body:
            paragraph += 1
            label = f"paragraph {paragraph}"
        else:
            label = _nested_label(p, body, tables)
        yield _Place(label, _text(p))


def _nested_label(p: Any, body: Any, tables: list[Any]) -> str:
    tc = next(p.iterancestors(qn("w:tc")), None)
    if tc is None:
        return f"a text box after paragraph {sum(1 for _ in p.itersiblings(preceding=True))}"
    outer = tc
    for ancestor in tc.iterancestors(qn("w:tbl")):
        if ancestor.getparent() is body:
            outer = ancestor
    tr = tc.getparent()
    row = list(tr.getparent().iterchildren(qn("w:tr"))).index(tr) + 1
    cell = list(tr.iterchildren(qn("w:tc"))).index(tc) + 1
    number = next((i for i, t in enumerate(tables, start=1) if t is outer), "?")
    return f"table {number}, row {row}, cell {cell}"


def _text(p: Any) -> str:
    # The paragraph's own text: runs, hyperlinks, fields; not a nested text box's.
    return "".join(t.text or "" for t in p.iter(qn("w:t")) if next(t.iterancestors(qn("w:p"))) is p)


def _split_tags(place: _Place, name: str) -> tuple[str, ...]:
    text, at = place.text, 0
    tags: list[str] = []
    while True:
        opening = _OPEN.search(text, at)
        stray = min((i for i in (text.find("}}", at), text.find("%}", at)) if i >= 0),
                    default=-1)  # fmt: skip
        if stray >= 0 and (opening is None or stray < opening.start()):
            raise InputFileError(
                f"{place.where()}: '{text[stray : stray + 2]}' closes no placeholder; a "
                "placeholder must start and end in the same paragraph or table cell",
                path=name,
            )
        if opening is None:
            return tuple(tags)
        close = _CLOSE[opening.group()]
        end = text.find(close, opening.end())
        if end < 0:
            shown = text[opening.start() : opening.start() + 30]
            raise InputFileError(
                f"{place.where()}: the placeholder '{shown}' is not closed with '{close}' in "
                "this paragraph; a placeholder must start and end in the same paragraph "
                "or table cell",
                path=name,
            )
        tags.append(_PREFIX.sub(r"\1\2 ", text[opening.start() : end + 2]))
        at = end + 2


def _names_in(tags: tuple[str, ...]) -> set[str]:
    return {m for tag in tags for m in re.findall(r"[A-Za-z_]\w*", tag)}


def _check_tags(places: list[_Place], name: str, clause_names: frozenset[str]) -> None:
    for i, place in enumerate(places):
        tags = _split_tags(place, name)
        places[i] = _Place(place.label, place.text, tags)
        single = _SINGLE.search(_SPANS.sub("", place.text))
        if single and single.group(1) in TEMPLATE_FIELDS:
            raise InputFileError(
                f"{places[i].where()}: {single.group(0)} has single braces; in a Word "
                f"template write {{{{ {single.group(1)} }}}}",
                path=name,
            )
        for tag in tags:
            if any(q in tag for q in _CURLY):
                raise InputFileError(
                    f"{places[i].where()}: {tag} has curly quotes (Word's autocorrect); "
                    "type straight quotes ' or \" inside a placeholder",
                    path=name,
                )
    _check_blocks(places, name)
    skeleton = "\n".join("".join(p.tags) for p in places)
    env = _environment(jinja2.StrictUndefined)
    try:
        tree = env.parse(skeleton)
        env.compile(tree)
    except jinja2.TemplateSyntaxError as exc:
        where = places[exc.lineno - 1].where() if 0 < exc.lineno <= len(places) else "template"
        raise InputFileError(f"{where}: {exc.message}", path=name) from exc
    known = ", ".join(TEMPLATE_FIELDS)
    for unknown in sorted(jinja2.meta.find_undeclared_variables(tree) - _JINJA_NAMES):
        if unknown not in TEMPLATE_FIELDS:
            raise InputFileError(
                f"{_locate(places, unknown)}: unknown placeholder {{{{ {unknown} }}}} "
                f"(a template may use {known})",
                path=name,
            )
    for node in tree.find_all((jinja2.nodes.Getattr, jinja2.nodes.Getitem)):
        key: object = None
        if isinstance(node, jinja2.nodes.Getattr):
            target, key = node.node, node.attr
        elif isinstance(node, jinja2.nodes.Getitem):
            target = node.node
            key = node.arg.value if isinstance(node.arg, jinja2.nodes.Const) else None
        else:
            continue
        if not (isinstance(target, jinja2.nodes.Name) and target.name == "clauses"):
            continue
        if isinstance(key, str) and key not in clause_names:
            names = ", ".join(sorted(clause_names)) or "none"
            raise InputFileError(
                f"{_locate(places, key)}: unknown clause clauses.{key} (this kind has {names})",
                path=name,
            )


def _check_blocks(places: list[_Place], name: str) -> None:
    # Our own pairing of {% for %} … {% endfor %}: Jinja would report a missing end at
    # the template's last line, not where the block was opened.
    stack: list[tuple[str, _Place, str]] = []
    for place in places:
        for tag in place.tags:
            if not tag.startswith("{%"):
                continue
            words = tag.strip("{}%-+ ").split()
            word = words[0] if words else ""
            if word in _BLOCKS:
                stack.append((word, place, tag))
            elif word.startswith("end") and word[3:] in _BLOCKS:
                if not stack:
                    raise InputFileError(f"{place.where()}: {tag} closes nothing", path=name)
                opened, where, opening = stack.pop()
                if opened != word[3:]:
                    raise InputFileError(
                        f"{place.where()}: {tag} closes {opening} of {where.label}; "
                        f"expected {{% end{opened} %}}",
                        path=name,
                    )
    if stack:
        opened, where, opening = stack[-1]
        raise InputFileError(
            f"{where.where()}: {opening} is never closed; add {{% end{opened} %}}", path=name
        )


def _locate(places: list[_Place], word: str) -> str:
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    for place in places:
        if any(pattern.search(tag) for tag in place.tags):
            return place.where()
    return "template"


def _try_fill(
    content: bytes, name: str, places: list[_Place], clause_names: frozenset[str]
) -> None:
    try:
        filled = _render(content, sample_context(clause_names), jinja2.StrictUndefined)
        open_docx(io.BytesIO(filled))
    except jinja2.UndefinedError as exc:
        word = re.search(r"attribute '(\w+)'|'(\w+)' is undefined", str(exc))
        missing = next((g for g in word.groups() if g), "") if word else ""
        where = _locate(places, missing) if missing else "template"
        raise InputFileError(f"{where}: {exc.message}", path=name) from exc
    except (jinja2.TemplateError, ValueError, TypeError, KeyError, etree.LxmlError) as exc:
        raise InputFileError(
            f"could not be filled with sample values: {_first_line(exc)}", path=name
        ) from exc


def _render(content: bytes, context: dict[str, Any], undefined: type[jinja2.Undefined]) -> bytes:
    template = Docxtpl(io.BytesIO(content))
    template.render(context, jinja_env=_environment(undefined), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
