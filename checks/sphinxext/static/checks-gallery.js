// Filter the examples gallery. Without this script every card stays listed.
"use strict";

(() => {
  const form = document.getElementById("checks-gallery-filter");
  const status = document.querySelector("#checks-gallery-status p");
  if (!form || !status) return;
  const cards = Array.from(document.querySelectorAll(".checks-gallery-group .checks-card"));
  const groups = Array.from(document.querySelectorAll(".checks-gallery-group"));

  const matches = (card, wanted) =>
    (!wanted.principle || card.dataset.principle === wanted.principle) &&
    (!wanted.verdict || card.dataset.verdict === wanted.verdict) &&
    (!wanted.channel || card.dataset.channel === wanted.channel) &&
    (!wanted.rule || card.dataset.rules.split(" ").includes(wanted.rule));

  function apply() {
    const wanted = Object.fromEntries(new FormData(form));
    let shown = 0;
    for (const card of cards) {
      card.hidden = !matches(card, wanted);
      if (!card.hidden) shown += 1;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector(".checks-card:not([hidden])");
    }
    // The status region is a live region: screen readers announce the new count.
    const noun = cards.length === 1 ? "example" : "examples";
    status.textContent = shown === cards.length
      ? `Showing all ${cards.length} ${noun}.`
      : `Showing ${shown} of ${cards.length} ${noun}.`;
  }

  // Start from the address, so a link such as gallery.html?rule=political shows a filtered view.
  const params = new URLSearchParams(window.location.search);
  for (const select of form.querySelectorAll("select")) {
    const value = params.get(select.name);
    if (value && Array.from(select.options).some((option) => option.value === value)) select.value = value;
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  // "reset" fires before the controls change back, so apply once they have.
  form.addEventListener("reset", () => window.setTimeout(apply));
  form.hidden = false;
  apply();
})();
