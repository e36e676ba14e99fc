// Open an example card's details when the page is printed, and when the address
// points at the card (a link to "#example-..."). Without this script the details
// still open with a click.
"use strict";

(() => {
  const details = () => Array.from(document.querySelectorAll("details.checks-details"));
  const opened = new Set();

  function openTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    const card = target && target.closest(".checks-card");
    const inside = card && card.querySelector("details.checks-details");
    if (inside) inside.open = true;
  }

  window.addEventListener("beforeprint", () => {
    for (const item of details()) {
      if (!item.open) {
        item.open = true;
        opened.add(item);
      }
    }
  });
  // After printing, close again only what printing opened.
  window.addEventListener("afterprint", () => {
    for (const item of opened) item.open = false;
    opened.clear();
  });
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
