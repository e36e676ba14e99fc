// Search, in the site's words: sentence-case labels, and snippets without the
// text that is there for screen readers or drawn by CSS (a finding's number and
// its hidden label), so a snippet reads as the post does.
"use strict";

(() => {
  // Sphinx's scripts look their labels up here (Documentation.gettext). Set
  // directly: Documentation.addTranslations builds a function from a string,
  // which the site's Content Security Policy forbids.
  if (typeof Documentation !== "undefined") {
    Object.assign(Documentation.TRANSLATIONS, {
      "Search Results": "Search results",
      "Hide Search Matches": "Hide search matches",
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    if (typeof Search === "undefined" || !Search.htmlToText) return;
    const original = Search.htmlToText;
    Search.htmlToText = (htmlString, anchor) => {
      const page = new DOMParser().parseFromString(htmlString, "text/html");
      page.querySelectorAll(".checks-visually-hidden, .checks-finding-number").forEach((el) => el.remove());
      return original(page.documentElement.outerHTML, anchor);
    };
  });
})();
