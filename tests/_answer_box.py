"""Driving the self-check boxes of a loaded page as a student would (issue 15).

:func:`replay_boxes` runs in ``test_reader.py``'s one load of each page at
1280 px, before anything is unfolded; ``test_answer_boxes.py`` tests the
judge's edge cases on a fixture page. Every value typed is read from the
box's own ``data-spec`` (computed by the build from the executed page):

- the right value(s), formatted to the field's decimals, are "correct";
- each slip's values name that slip, and its link leads to an element of the page;
- a near miss inside the tolerance (answer + 0.4 units of the last decimal) is
  correct; one outside (answer + 0.6 units) and a clearly wrong number are "not yet";
  for a sequence of steps, the first step that departs is named;
- junk ("abc", "1,2,,x") gets a message that names what could not be read;
- the usual ways of writing numbers are read ("0.49", ".49", "4.9e-1", "-1",
  "1/3", "(1, 2, 3)", "1 2 3", "1;2;3"); Enter in a field checks it;
- every feedback line is announced (``aria-live``) and every input labelled; the
  answer shows only when "Show the answer" is pressed;
- throughout, every solution block stays folded.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urlsplit

from _browser import HTML, Findings, fold_state, folded_problems

# The questions with a numeric result (issue 15): each page must have a box.
BOX_QUESTIONS = ["q01", "q02", "q03", "q05", "q06", "q08", "q10", "q12", "q13", "q14", "q15"]
BOX_QUESTIONS += ["q17"]


FORMS = ["0.49", ".49", "4.9e-1", "-1", "1/3", "(1, 2, 3)", "1 2 3", "1;2;3"]
JUNK = {"abc": "abc", "1,2,,x": "x"}

# A name in the box, comparable before and after MathJax typesets it: the text,
# with each formula written as $TeX$.
SIGNATURE = r"""
const signature = (el) => {
  const clone = el.cloneNode(true);
  const tex = new Map();
  try {
    for (const item of MathJax.startup.document.getMathItemsWithin(el)) {
      if (item.typesetRoot) tex.set(item.typesetRoot, item.math);
    }
  } catch (err) {}
  const originals = [...el.querySelectorAll('mjx-container')];
  [...clone.querySelectorAll('mjx-container')].forEach((c, i) => {
    const t = tex.get(originals[i]);
    c.replaceWith('$' + (t === undefined ? '?' : t.trim()) + '$');
  });
  clone.querySelectorAll('span.math').forEach(s => {
    let t = s.textContent.trim();
    if (t.startsWith('\\(') && t.endsWith('\\)')) t = '$' + t.slice(2, -2).trim() + '$';
    s.replaceWith(t);
  });
  return clone.textContent.replace(/\s+/g, ' ').trim();
};
"""

# The feedback of the given fields: its state (from its class, as styled), its
# text and its links.
READ_FEEDBACK = (
    "(box, keys) => {"
    + SIGNATURE
    + r"""
  const out = {};
  for (const key of keys) {
    const f = box.querySelector(`.wb-field[data-key="${key}"] .wb-feedback`);
    const state = [...f.classList].filter(c => c !== 'wb-feedback' && c.startsWith('wb-'));
    out[key] = {state: state.length === 1 ? state[0].slice(3) : (state.join(' ') || null),
                text: signature(f),
                links: [...f.querySelectorAll('a')].map(a => a.getAttribute('href'))};
  }
  return out;
}"""
)

SLIP_NAMES = (
    "(box) => {"
    + SIGNATURE
    + r"""
  return [...box.querySelectorAll('template.wb-slip-name')]
    .sort((a, b) => a.dataset.slip - b.dataset.slip)
    .map(t => {
      const d = document.createElement('div');
      d.innerHTML = t.innerHTML;
      return signature(d);
    });
}"""
)


def fmt(values: list[float], decimals: int) -> str:
    """Numbers as a student types them: to the given decimals, separated by commas."""
    return ", ".join(f"{0.0 if v == 0 else v:.{decimals}f}" for v in values)


def shifted(values: list[float], units: float, decimals: int) -> str:
    """Every number moved by ``units`` of its last decimal, typed precisely enough."""
    return fmt([v + units * 10.0**-decimals for v in values], decimals + 3)


class Box:
    """One box on a loaded page, driven through its form."""

    def __init__(self, page: Any, index: int) -> None:
        self.page = page
        self.root = page.locator(".wb-answer[data-spec]").nth(index)
        self.spec = json.loads(self.root.get_attribute("data-spec"))
        self.name = self.root.get_attribute("id")
        self.typed: dict[str, str] = {}

    def field(self, key: str) -> Any:
        return self.root.locator(f'.wb-field[data-key="{key}"]')

    def check(self, typed: dict[str, str], *, enter: bool = False) -> dict[str, dict[str, Any]]:
        """Type into the fields (the others emptied), press Check (or Enter in the
        first field typed); the feedback of the fields typed."""
        for f in self.spec["fields"]:
            value = typed.get(f["key"], "")
            if self.typed.get(f["key"], "") != value:
                self.field(f["key"]).locator("input").fill(value)
                self.typed[f["key"]] = value
        if enter:
            self.field(next(iter(typed))).locator("input").press("Enter")
        else:
            self.root.locator("button.wb-check").click()
        return self.root.evaluate(READ_FEEDBACK, list(typed))

    def slip_names(self) -> list[str]:
        return self.root.evaluate(SLIP_NAMES)


def _target_exists(page: Any, path: str, href: str) -> bool:
    parts = urlsplit(href)
    if parts.path and parts.path != path.rsplit("/", 1)[-1]:
        return (HTML / unquote(parts.path)).is_file()  # another page of the book
    anchor = unquote(parts.fragment)
    return bool(anchor) and page.evaluate("id => !!document.getElementById(id)", anchor)


def _replay_field(box: Box, f: dict[str, Any], found: Findings, *, first: bool) -> None:
    """Right, near misses, clearly wrong and steps for one field; on the first field
    of a box also junk, the ways of writing numbers and the Enter key (the script
    reads every field alike)."""
    key, want, d = f["key"], f["answer"], f["decimals"]
    label = f"{box.name}, field {key!r}"

    def expect(typed: str, states: set[str], what: str, text: str | None = None) -> None:
        got = box.check({key: typed})[key]
        ok = got["state"] in states and (text is None or got["text"].startswith(text))
        found.check(
            "answer box: replay",
            ok,
            f"{label}: {what} {typed!r} gives {got['state']!r}: {got['text']!r} "
            f"(expected {' or '.join(sorted(states))}{f', starting {text!r}' if text else ''})",
        )

    expect(fmt(want, d), {"correct"}, "the right value", "Correct")
    expect(shifted(want, 0.4, d), {"correct"}, "a near miss inside the tolerance", "Correct")
    expect(shifted(want, 0.6, d), {"wrong", "slip"}, "a near miss outside the tolerance", "Not yet")
    wrong = fmt([v + 7.1234 * max(1.0, abs(v)) for v in want], d)
    expect(wrong, {"wrong"}, "a clearly wrong value", "Not yet")
    if f["steps"] and len(want) >= 2:
        bad_second = [want[0], want[1] + 7.1234 * max(1.0, abs(want[1])), *want[2:]]
        expect(fmt(bad_second, d), {"wrong"}, "a sequence whose step 2 departs", "Not yet")
        got = box.check({key: fmt(bad_second, d)})[key]
        found.check(
            "answer box: steps",
            "step 2 departs" in got["text"],
            f"{label}: step 2 departs, but the box says {got['text']!r}",
        )
        expect(fmt(want[:1], d), {"partial"}, "the first step alone", "Step")
    if not first:
        return
    for junk, token in JUNK.items():
        got = box.check({key: junk})[key]
        found.check(
            "answer box: junk",
            got["state"] == "junk" and f"“{token}”" in got["text"] and "0.49" in got["text"],
            f"{label}: {junk!r} gives {got['state']!r}: {got['text']!r} (expected a message "
            f"that names “{token}” and shows how to type a number)",
        )
    for form in FORMS:
        got = box.check({key: form})[key]
        found.check(
            "answer box: input forms",
            got["state"] not in (None, "junk"),
            f"{label}: {form!r} is not read: {got['state']!r}: {got['text']!r}",
        )
    got = box.check({key: fmt(want, d)}, enter=True)[key]
    found.check(
        "answer box: keyboard",
        got["state"] == "correct",
        f"{label}: Enter in the field does not check it ({got['state']!r}: {got['text']!r})",
    )


def _replay_slips(box: Box, path: str, found: Findings) -> None:
    names = box.slip_names()
    fields = {f["key"]: f for f in box.spec["fields"]}
    for i, slip in enumerate(box.spec["slips"]):
        typed = {k: fmt(v, fields[k]["decimals"]) for k, v in slip["values"].items()}
        name = names[i] if i < len(names) else "?"
        for key, got in box.check(typed).items():
            where = f"{box.name}, slip {i + 1} ({name!r}) in field {key!r}, typed {typed[key]!r}"
            found.check(
                "answer box: slips",
                got["state"] == "slip" and name in got["text"],
                f"{where}: the box says {got['state']!r}: {got['text']!r}",
            )
            if not slip.get("href"):
                found.add("answer box: slips", f"{where}: the slip has no link to the solution")
            elif slip["href"] not in got["links"]:
                found.add(
                    "answer box: slips", f"{where}: the feedback does not link to {slip['href']}"
                )
            elif not _target_exists(box.page, path, slip["href"]):
                found.add(
                    "answer box: slips", f"{where}: its link {slip['href']} leads to no element"
                )


REVEALED = """
(box) => {
  const r = box.querySelector('.wb-revealed');
  const b = box.querySelector('.wb-reveal');
  return {hidden: r.hidden || !r.checkVisibility(), text: r.innerText,
          expanded: b.getAttribute('aria-expanded'), label: b.textContent.trim()};
}
"""


def _check_reveal(box: Box, found: Findings) -> None:
    answers = [fmt(f["answer"], f["decimals"]) for f in box.spec["fields"]]
    before = box.root.evaluate(REVEALED)
    leaked = [a for a in answers if a in before["text"]]
    found.check(
        "answer box: reveal",
        before["hidden"] and not leaked and before["expanded"] == "false",
        f"{box.name}: before 'Show the answer' is pressed the answer area is {before}",
    )
    button = box.root.locator("button.wb-reveal")
    button.click()
    shown = box.root.evaluate(REVEALED)
    missing = [a for a in answers if a not in shown["text"]]
    found.check(
        "answer box: reveal",
        not shown["hidden"] and not missing and shown["expanded"] == "true",
        f"{box.name}: after 'Show the answer' the answer area is {shown}; missing {missing}",
    )
    button.click()
    again = box.root.evaluate(REVEALED)
    found.check(
        "answer box: reveal",
        again["hidden"] and again["expanded"] == "false",
        f"{box.name}: pressed again, the answer area is {again}",
    )


STRUCTURE = """
(box) => ({
  formShown: !box.querySelector('form.wb-answer-form').hidden,
  fields: [...box.querySelectorAll('.wb-field')].map(f => ({
    key: f.dataset.key,
    live: f.querySelector('.wb-feedback')?.getAttribute('aria-live') ?? null,
    labelled: !!(f.querySelector('input') && f.querySelector('input').labels.length),
  })),
})
"""


def replay_boxes(page: Any, path: str, found: Findings) -> None:
    """A student's session on every box of a loaded page (solutions folded, as on
    load): right, slips, near misses, junk, forms, Enter, reveal; the solutions
    must stay folded throughout."""
    count = page.locator(".wb-answer[data-spec]").count()
    if not count and path[:3] in BOX_QUESTIONS:
        found.add("answer box", f"{path} has no answer box (issue 15 asks for one)")
    for i in range(count):
        box = Box(page, i)
        structure = box.root.evaluate(STRUCTURE)
        found.check(
            "answer box: box",
            structure["formShown"],
            f"{box.name}: the form stays hidden (no script?)",
        )
        keys = [f["key"] for f in box.spec["fields"]]
        found.check(
            "answer box: box",
            [f["key"] for f in structure["fields"]] == keys,
            f"{box.name}: fields {structure['fields']} do not match the spec's {keys}",
        )
        for f in structure["fields"]:
            found.check(
                "answer box: announced",
                f["live"] in ("polite", "assertive"),
                f"{box.name}, field {f['key']!r}: the feedback has aria-live={f['live']!r}",
            )
            found.check(
                "answer box: box", f["labelled"], f"{box.name}, field {f['key']!r}: no label"
            )
        fields_by_key = {f["key"]: f for f in box.spec["fields"]}
        typed = {f["key"]: fmt(f["answer"], f["decimals"]) for f in box.spec["fields"]}
        for key, got in box.check(typed).items():
            found.check(
                "answer box: replay",
                got["state"] == "correct",
                f"{box.name}: all fields right, yet field {key!r} ({typed[key]!r}) gives "
                f"{got['state']!r}: {got['text']!r}",
            )
        _replay_slips(box, path, found)
        found.add("folding", folded_problems(fold_state(page), "after a check"))
        for j, f in enumerate(box.spec["fields"]):
            _replay_field(box, f, found, first=j == 0)
        _check_reveal(box, found)
        # Leave every kind of feedback on show for the accessibility checks that
        # follow: a slip named with its link (in the first field a slip changes),
        # "correct" (it has a colour of its own) in the others, the answer revealed.
        final = dict(typed)
        for slip in box.spec["slips"][:1]:
            key = next(iter(slip["values"]))
            final[key] = fmt(slip["values"][key], fields_by_key[key]["decimals"])
        box.check(final)
        box.root.locator("button.wb-reveal").click()
    if count:
        found.add("folding", folded_problems(fold_state(page), "while the box is used"))
