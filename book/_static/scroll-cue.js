/* A box that is wider than the column (a wide matrix on a phone, a long line of
 * code) scrolls inside itself, and this marks it so the stylesheet can show it:
 * the edge that hides more content fades out. Boxes that fit are left alone. */
(() => {
  "use strict";
  // A display equation scrolls in its mjx-container (the theme makes that the scroller).
  const SELECTOR =
    "div.math, div.math > mjx-container, .pst-scrollable-table-container, .cell_output .table-wrapper, .wb-scroll, div.highlight > pre";

  function mark(box) {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("wb-overflows", overflows);
    box.classList.toggle("wb-more-left", overflows && box.scrollLeft > 1);
    box.classList.toggle("wb-more-right", overflows && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
    // keyboard scrolling (the theme sets tabindex -1 on a box that did not scroll when it looked)
    if (overflows && box.tabIndex < 0) box.setAttribute("tabindex", "0");
  }

  function start() {
    const seen = new WeakSet();
    const observer = new ResizeObserver((entries) => entries.forEach((e) => mark(e.target)));
    const selector = `article ${SELECTOR.split(", ").join(", article ")}`;
    // MathJax adds the mjx-containers after the page has loaded, so the boxes
    // are collected again whenever the article changes.
    const collect = () => {
      document.querySelectorAll(selector).forEach((box) => {
        if (!seen.has(box)) {
          seen.add(box);
          observer.observe(box);
          box.addEventListener("scroll", () => mark(box), { passive: true });
        }
        mark(box);
      });
    };
    collect();
    let pending = false;
    const later = () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          collect();
        });
      }
    };
    const article = document.querySelector("article") || document.body;
    new MutationObserver(later).observe(article, { childList: true, subtree: true });
    document.addEventListener("click", later);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
