// Filter the examples gallery. Without this script every example stays listed.
"use strict";

(() => {
  const form = document.getElementById("checks-gallery-filter");
  const status = document.querySelector("#checks-gallery-status p");
  if (!form || !status) return;
  const items = Array.from(document.querySelectorAll(".checks-gallery-group .checks-gallery-item"));
  const groups = Array.from(document.querySelectorAll(".checks-gallery-group"));
  const counts = Array.from(document.querySelectorAll(".checks-gallery-nav .checks-count"));
  const selects = Array.from(form.querySelectorAll("select"));

  const matches = (item, wanted) =>
    (!wanted.principle || item.dataset.principle === wanted.principle) &&
    (!wanted.verdict || item.dataset.verdict === wanted.verdict) &&
    (!wanted.channel || item.dataset.channel === wanted.channel) &&
    (!wanted.rule || item.dataset.rules.split(" ").includes(wanted.rule));

  // The names of the controls that narrow the list, as readers see them.
  const narrowing = () =>
    selects.filter((select) => select.value).map((select) => form.querySelector(`label[for="${select.id}"]`).textContent.toLowerCase());

  function describe(shown, total) {
    const noun = total === 1 ? "example" : "examples";
    if (shown === total) return `Showing all ${total} ${noun}.`;
    if (shown > 0) return `Showing ${shown} of ${total} ${noun}.`;
    const names = narrowing();
    const which = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.slice(-1)}` : names[0];
    return `No example matches. Choose another ${which}, or show all examples.`;
  }

  // Keep the choice in the address, so a filtered view can be shared or bookmarked.
  function remember() {
    const params = new URLSearchParams();
    for (const select of selects) if (select.value) params.set(select.name, select.value);
    const query = params.toString();
    const address = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
    window.history.replaceState(null, "", address);
  }

  function apply() {
    const wanted = Object.fromEntries(new FormData(form));
    let shown = 0;
    const perPrinciple = {};
    for (const item of items) {
      item.hidden = !matches(item, wanted);
      if (!item.hidden) {
        shown += 1;
        perPrinciple[item.dataset.principle] = (perPrinciple[item.dataset.principle] || 0) + 1;
      }
    }
    for (const group of groups) {
      group.hidden = !group.querySelector(".checks-gallery-item:not([hidden])");
    }
    for (const count of counts) count.textContent = String(perPrinciple[count.dataset.principle] || 0);
    // The status region is a live region: screen readers announce the new count.
    status.textContent = describe(shown, items.length);
    remember();
  }

  // Start from the address, so a link such as gallery.html?rule=political shows a filtered view.
  const params = new URLSearchParams(window.location.search);
  for (const select of selects) {
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
