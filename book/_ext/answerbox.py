"""A self-check box: the reader types a result and learns whether it is right.

A page computes its key results with ``wbcode`` and glues them, together with
the results a known slip gives (the factor 1/2 in the squared error, the bias
put last, a flipped kernel, ...), as one :class:`wbcode.selfcheck.AnswerBox`::

    glue("q02_answer", AnswerBox(
        [Field("theta", r"$\\theta^{(t=1)}$", first.theta, decimals=4)],
        [Slip("the factor 1/2 in the loss", "q02-half", theta=half.theta)],
    ), display=False)

and places the box with ``{answer-box} q02_answer``. Every number comes from
the executed page; the directive only checks the value's shape and that each
slip differs from the answer (a slip that gives the right numbers is not a
slip). In HTML the box is a form driven by ``_static/answer-box.js`` (no
network, no framework); in LaTeX it is a one-line note.

Fields
    ``key`` (identifier), ``label`` (MyST inline text: math allowed),
    ``answer`` (a number or a list of numbers), ``decimals`` (the tolerance:
    a typed number is right when it lies within half a unit of that decimal),
    ``steps`` (optional: the numbers are successive steps, and a wrong
    sequence is reported at the first step that departs).
Slips
    ``name`` (MyST inline text), ``see`` (a label on the page, usually a
    heading's, where the solution settles it), ``values`` (``{key: number or
    list}`` for the fields this slip changes).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# wbcode.selfcheck.MIME_TYPE (not imported: the build needs no wbcode import of its own).
MIME_TYPE = "application/vnd.wbcode.answer+json"


class answer_box(nodes.General, nodes.Element):
    """The box; ``spec`` holds the validated JSON, ``box_id`` its HTML id."""


class answer_label(nodes.Inline, nodes.TextElement):
    """A field's label or a slip's name, parsed as MyST inline text."""


class SpecError(ValueError):
    pass


def _numbers(value: Any, where: str) -> list[float]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise SpecError(f"{where} is empty")
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item):
            raise SpecError(f"{where} must hold finite numbers, got {item!r}")
        out.append(float(item))
    return out


def agrees(typed: float, exact: float, decimals: int) -> bool:
    """The rule the script applies: within half a unit of the last decimal (plus rounding)."""
    return abs(typed - exact) <= 0.5 * 10.0**-decimals + 1e-12 * max(1.0, abs(exact))


def validate(spec: Any) -> dict[str, Any]:
    """Check the glued value; return it with every number as a list of floats."""
    if not isinstance(spec, dict) or not isinstance(spec.get("fields"), list):
        raise SpecError('the value must be a JSON object with a list "fields"')
    unknown = set(spec) - {"fields", "slips", "title"}
    if unknown:
        raise SpecError(f"unknown keys {sorted(unknown)}")
    fields = []
    for i, field in enumerate(spec["fields"]):
        where = f"fields[{i}]"
        if not isinstance(field, dict) or set(field) - {
            "key",
            "label",
            "answer",
            "decimals",
            "steps",
        }:
            raise SpecError(f"{where} must have key, label, answer, decimals and optionally steps")
        key, decimals = field.get("key"), field.get("decimals")
        if not isinstance(key, str) or not KEY.match(key):
            raise SpecError(f"{where}.key must be an identifier, got {key!r}")
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
            raise SpecError(f"{where}.decimals must be an integer from 0 to 10, got {decimals!r}")
        if not isinstance(field.get("label"), str) or not field["label"].strip():
            raise SpecError(f"{where}.label must be a non-empty string")
        steps = field.get("steps", False)
        if not isinstance(steps, bool):
            raise SpecError(f"{where}.steps must be true or false")
        answer = _numbers(field.get("answer"), f"{where}.answer")
        fields.append(
            {
                "key": key,
                "label": field["label"],
                "answer": answer,
                "decimals": decimals,
                "steps": steps,
            }
        )
    keys = [f["key"] for f in fields]
    if not fields or len(set(keys)) != len(keys):
        raise SpecError(f"fields must be non-empty with distinct keys, got {keys}")
    by_key = {f["key"]: f for f in fields}
    slips = []
    for i, slip in enumerate(spec.get("slips", [])):
        where = f"slips[{i}]"
        if not isinstance(slip, dict) or set(slip) != {"name", "see", "values"}:
            raise SpecError(f"{where} must have exactly name, see and values")
        if not isinstance(slip["name"], str) or not isinstance(slip["see"], str):
            raise SpecError(f"{where}.name and .see must be strings")
        values = {}
        for key, value in slip["values"].items():
            if key not in by_key:
                raise SpecError(f"{where}.values names an unknown field {key!r}")
            nums = _numbers(value, f"{where}.values[{key!r}]")
            if len(nums) != len(by_key[key]["answer"]):
                raise SpecError(f"{where}.values[{key!r}] must have as many numbers as the answer")
            values[key] = nums
        # A slip is offered for a field only where it gives other numbers than the answer.
        differing = {
            key: nums
            for key, nums in values.items()
            if not all(
                agrees(s, a, by_key[key]["decimals"])
                for s, a in zip(nums, by_key[key]["answer"], strict=True)
            )
        }
        if not differing:
            raise SpecError(
                f"{where} ({slip['name']!r}) gives the correct numbers in every field: leave it out"
            )
        slips.append({"name": slip["name"], "see": slip["see"], "values": differing})
    return {"title": spec.get("title", "Check your answer"), "fields": fields, "slips": slips}


class AnswerBoxDirective(SphinxDirective):
    """``{answer-box} <glue key>``: a self-check box for the results glued under that key."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data

        key = self.arguments[0]
        try:
            data = retrieve_glue_data(self.state.document, key).data
        except RetrievalError as err:
            raise self.error(f"answer-box: {err}") from err
        if MIME_TYPE not in data:
            raise self.error(f"answer-box: glue {key!r} as a wbcode.selfcheck.AnswerBox")
        raw = data[MIME_TYPE]
        try:
            spec = validate(json.loads(raw) if isinstance(raw, str) else raw)
        except SpecError as err:
            raise self.error(f"answer-box {key!r}: {err}") from err
        box = answer_box(spec=spec, box_id=f"answer-{nodes.make_id(key)}")
        self.set_source_info(box)
        for field in spec["fields"]:
            box += self._inline(field["label"], role="label", key=field["key"])
        for i, slip in enumerate(spec["slips"]):
            box += self._inline(slip["name"], role="slip", key=str(i))
        return [box]

    def _inline(self, text: str, *, role: str, key: str) -> answer_label:
        parsed, _ = self.state.inline_text(text, self.lineno)
        return answer_label("", "", *parsed, role=role, key=key)


def resolve_slip_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In HTML, turn each slip's ``see`` label into a link to that place of the book."""
    if app.builder.format != "html":
        return
    labels = app.env.get_domain("std").labels  # type: ignore[attr-defined]
    for box in doctree.findall(answer_box):
        for slip in box["spec"]["slips"]:
            target = labels.get(slip["see"])
            if target is None:
                logger.warning(
                    f"answer-box: slip {slip['name']!r} points to an unknown label {slip['see']!r}",
                    location=box,
                )
                continue
            page, anchor, _ = target
            uri = app.builder.get_relative_uri(docname, page)
            slip["href"] = ("" if page == docname else uri) + "#" + anchor


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def visit_box_html(self: Any, node: answer_box) -> None:
    spec, box_id = node["spec"], node["box_id"]
    keys = [f["key"] for f in spec["fields"]]
    # A slip's values in the order of the fields: a page rendered from its live
    # run and one rendered from the cache (whose JSON has sorted keys) agree.
    public = {
        "fields": [
            {k: f[k] for k in ("key", "answer", "decimals", "steps")} for f in spec["fields"]
        ],
        "slips": [
            {
                "values": {k: s["values"][k] for k in keys if k in s["values"]},
                "href": s.get("href", ""),
            }
            for s in spec["slips"]
        ],
    }
    self.body.append(
        f'<div class="wb-answer" id="{box_id}" role="group" aria-labelledby="{box_id}-title" '
        f'data-spec="{_esc(json.dumps(public, separators=(",", ":")))}">\n'
        f'<p class="wb-answer-title" id="{box_id}-title">{_esc(spec["title"])}</p>\n'
        '<p class="wb-answer-how">Type your results: numbers such as <code>0.49</code>, '
        "<code>.49</code>, <code>4.9e-1</code>, <code>-1</code> or <code>1/3</code>, several "
        "separated by commas or spaces. Checking does not open the solution.</p>\n"
        f'<form class="wb-answer-form" novalidate hidden>\n'
    )
    self._wb_box = node


def depart_box_html(self: Any, node: answer_box) -> None:
    box_id = node["box_id"]
    self.body.append(
        '<div class="wb-actions"><button type="submit" class="wb-check">Check</button>'
        f'<button type="button" class="wb-reveal" aria-expanded="false" '
        f'aria-controls="{box_id}-revealed">Show the answer</button></div>\n'
        f'<div class="wb-revealed" id="{box_id}-revealed" hidden></div>\n'
        "</form>\n<noscript><p>This box checks typed answers with JavaScript, which is "
        "off.</p></noscript>\n</div>\n"
    )


def visit_label_html(self: Any, node: answer_label) -> None:
    box = node.parent
    box_id = box["box_id"]
    if node["role"] == "label":
        field = next(f for f in box["spec"]["fields"] if f["key"] == node["key"])
        n, d = len(field["answer"]), field["decimals"]
        count = "one number" if n == 1 else f"{n} numbers"
        count += ", one per step in order" if field["steps"] else ""
        fid = f"{box_id}-{field['key']}"
        self.body.append(
            f'<div class="wb-field" data-key="{field["key"]}"><label for="{fid}">'
            '<span class="wb-label">'
        )
        self._wb_tail = (
            f'</span> <span class="wb-hint">({count}; right when within ±{0.5 * 10**-d:.{d + 1}f}, '
            f"that is, to {d} decimal{'s' if d != 1 else ''})</span></label>"
            f'<input id="{fid}" name="{field["key"]}" type="text" autocomplete="off" '
            f'spellcheck="false" autocapitalize="off" aria-describedby="{fid}-feedback">'
            f'<p class="wb-feedback" id="{fid}-feedback" aria-live="polite"></p></div>\n'
        )
    else:
        self.body.append(f'<template class="wb-slip-name" data-slip="{node["key"]}">')
        self._wb_tail = "</template>\n"


def depart_label_html(self: Any, node: answer_label) -> None:
    self.body.append(self._wb_tail)


def visit_box_latex(self: Any, node: answer_box) -> None:
    self.body.append(
        "\n\\par\\noindent\\emph{On the web page of this question, a box here checks the "
        "results you type.}\\par\n"
    )
    raise nodes.SkipNode


def visit_box_text(self: Any, node: answer_box) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        answer_box,
        html=(visit_box_html, depart_box_html),
        latex=(visit_box_latex, None),
        text=(visit_box_text, None),
        man=(visit_box_text, None),
        texinfo=(visit_box_text, None),
    )
    app.add_node(answer_label, html=(visit_label_html, depart_label_html))
    app.add_directive("answer-box", AnswerBoxDirective)
    app.connect("doctree-resolved", resolve_slip_links)
    app.add_css_file("answer-box.css")
    app.add_js_file("answer-box.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
