/* Self-check boxes (book/_ext/answerbox.py writes the markup and the numbers).
 *
 * Each box holds, in data-spec, the correct results of the question and the
 * results of known slips, all computed when the page was built. The reader types
 * numbers; each field is judged on its own:
 *   - right: every number within half a unit of the field's last decimal;
 *   - a known slip: the numbers match what that slip gives (and the answer does not);
 *   - steps: for a sequence, the first step that departs is named;
 *   - otherwise "not yet", or a message saying what could not be read.
 * Nothing is fetched, nothing opens the folded solution, and the answer is shown
 * only when the reader presses "Show the answer".
 */
(() => {
  "use strict";

  const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

  /** Parse "0.49, .49 4.9e-1; -1 1/3" into [{value, decimals}], or {error}. */
  function parse(text) {
    const cleaned = text
      .replace(/[\u2212\u2013]/g, "-") // Unicode minus and en dash
      .replace(/\s*\/\s*/g, "/")
      .replace(/[()[\]{}]/g, " ")
      .trim();
    if (!cleaned) return { error: "Type a number first." };
    const out = [];
    for (const token of cleaned.split(/[\s,;]+/).filter(Boolean)) {
      const parts = token.split("/");
      if (parts.length === 2 && NUMBER.test(parts[0]) && NUMBER.test(parts[1])) {
        const den = Number(parts[1]);
        if (den === 0) return { error: `“${token}” divides by zero.` };
        out.push({ value: Number(parts[0]) / den, decimals: Infinity });
      } else if (parts.length === 1 && NUMBER.test(token)) {
        const [mantissa, exponent = "0"] = token.toLowerCase().split("e");
        const frac = mantissa.includes(".") ? mantissa.split(".")[1].length : 0;
        out.push({ value: Number(token), decimals: frac - Number(exponent) });
      } else {
        return {
          error:
            `Could not read “${token}”. Type numbers such as 0.49, .49, 4.9e-1, -1 or 1/3, ` +
            "separated by commas or spaces (a decimal point, not a comma).",
        };
      }
    }
    return { numbers: out };
  }

  const agrees = (typed, exact, decimals) =>
    Math.abs(typed - exact) <= 0.5 * 10 ** -decimals + 1e-12 * Math.max(1, Math.abs(exact));

  const allAgree = (typed, exact, decimals) =>
    typed.length === exact.length && typed.every((t, i) => agrees(t, exact[i], decimals));

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  /** Judge one field: returns {state, html}. */
  function judge(field, text, slips, slipNames) {
    const parsed = parse(text);
    if (parsed.error) return { state: "junk", html: escapeHtml(parsed.error) };
    const typed = parsed.numbers.map((n) => n.value);
    const want = field.answer;
    const d = field.decimals;
    if (allAgree(typed, want, d)) {
      return {
        state: "correct",
        html: `Correct: ${typed.length === 1 ? "it agrees" : "they agree"} with the solution to ${plural(d, "decimal")}.`,
      };
    }
    if (typed.length === want.length) {
      // A number typed with fewer decimals is compared to the decimals it has.
      const typedTo = (n) => Math.min(d, Math.max(0, n.decimals));
      const fits = (values, coarse) =>
        parsed.numbers.every((n, i) => agrees(n.value, values[i], coarse ? typedTo(n) : d));
      const slipMatches = (coarse) =>
        slips
          .map((slip, i) => ({ slip, i }))
          .filter(({ slip }) => slip.values[field.key] && fits(slip.values[field.key], coarse));
      const coarse = parsed.numbers.some((n) => n.decimals < d);
      let matches = slipMatches(false);
      if (!matches.length && coarse && fits(want, true)) {
        return {
          state: "coarse",
          html: `Close, as far as you typed: give ${plural(d, "decimal")} to confirm.`,
        };
      }
      if (!matches.length && coarse) matches = slipMatches(true);
      if (matches.length) {
        const named = matches
          .map(({ slip, i }) => {
            const name = slipNames[i] || "a known slip";
            return slip.href ? `${name} (<a href="${slip.href}">where the solution settles it</a>)` : name;
          })
          .join("; or ");
        return { state: "slip", html: `Not yet. This is what you get with ${named}.` };
      }
    }
    if (field.steps && typed.length <= want.length) {
      const first = typed.findIndex((t, i) => !agrees(t, want[i], d));
      if (first === -1) {
        return {
          state: "partial",
          html: `${typed.length === 1 ? "Step 1 is" : `Steps 1 to ${typed.length} are`} right; ${plural(want.length - typed.length, "step")} to go.`,
        };
      }
      if (first > 0) {
        return {
          state: "wrong",
          html: `Not yet: ${first === 1 ? "step 1 is" : `steps 1 to ${first} are`} right, step ${first + 1} departs.`,
        };
      }
      return { state: "wrong", html: "Not yet: the first step already departs." };
    }
    if (typed.length !== want.length) {
      return {
        state: "count",
        html: `Not yet: the answer has ${plural(want.length, "number")}, you typed ${typed.length}.`,
      };
    }
    if (want.length > 1) {
      const ok = typed.map((t, i) => agrees(t, want[i], d));
      const right = ok.map((v, i) => (v ? i + 1 : 0)).filter(Boolean);
      if (right.length) {
        return {
          state: "wrong",
          html: `Not yet: ${right.length === 1 ? "entry" : "entries"} ${right.join(", ")} of ${want.length} ${right.length === 1 ? "is" : "are"} right.`,
        };
      }
    }
    return { state: "wrong", html: "Not yet." };
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function typeset(elements) {
    const mj = window.MathJax;
    if (mj && mj.typesetPromise) mj.typesetPromise(elements).catch(() => {});
  }

  function format(values, decimals) {
    return values.map((v) => (Object.is(v, -0) ? 0 : v).toFixed(decimals)).join(", ");
  }

  function init(box) {
    const spec = JSON.parse(box.dataset.spec);
    const form = box.querySelector("form.wb-answer-form");
    const slipNames = [];
    box.querySelectorAll("template.wb-slip-name").forEach((t) => {
      slipNames[Number(t.dataset.slip)] = t.innerHTML.trim();
    });
    const revealButton = form.querySelector(".wb-reveal");
    const revealed = form.querySelector(".wb-revealed");

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const updated = [];
      for (const field of spec.fields) {
        const wrapper = form.querySelector(`.wb-field[data-key="${field.key}"]`);
        const input = wrapper.querySelector("input");
        const out = wrapper.querySelector(".wb-feedback");
        if (!input.value.trim()) {
          out.className = "wb-feedback";
          out.innerHTML = "";
          delete out.dataset.state;
          input.removeAttribute("aria-invalid");
          continue;
        }
        const verdict = judge(field, input.value, spec.slips, slipNames);
        out.className = `wb-feedback wb-${verdict.state}`;
        out.innerHTML = verdict.html;
        out.dataset.state = verdict.state;
        input.setAttribute("aria-invalid", verdict.state === "correct" ? "false" : "true");
        updated.push(out);
      }
      typeset(updated);
    });

    revealButton.addEventListener("click", () => {
      const show = revealed.hidden;
      if (show && !revealed.innerHTML) {
        revealed.innerHTML = spec.fields
          .map((f) => {
            const label = form.querySelector(`.wb-field[data-key="${f.key}"] .wb-label`);
            return `<p>${label ? label.innerHTML : f.key}: <strong>${format(f.answer, f.decimals)}</strong></p>`;
          })
          .join("");
      }
      revealed.hidden = !show;
      revealButton.setAttribute("aria-expanded", String(show));
      revealButton.textContent = show ? "Hide the answer" : "Show the answer";
    });

    form.hidden = false;
  }

  const start = () => document.querySelectorAll(".wb-answer[data-spec]").forEach(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
