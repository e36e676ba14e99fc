// "Check a draft": runs the checks on a draft in a worker and shows what they find.
// The draft goes only to that worker, in this browser: it is never sent or stored.
// Without this script (or without Web Workers) the form stays hidden and the page
// explains how to check a draft on the command line.
"use strict";

(() => {
  const root = document.getElementById("checks-draft");
  if (!root || typeof Worker !== "function") return;
  const $ = (id) => document.getElementById(id);
  const form = $("checks-draft-form");
  const draft = $("checks-draft-text");
  const message = $("checks-draft-message");
  const bar = $("checks-draft-progress");
  const results = $("checks-draft-results");
  const none = $("checks-draft-none");
  const failed = $("checks-draft-failed");
  const links = JSON.parse(root.dataset.links);

  let worker;
  let nextId = 0;
  const waiting = new Map();
  let loaded;
  const ready = new Promise((resolve, reject) => { loaded = { resolve, reject }; });
  ready.catch(() => {}); // fail() tells the reader; nobody need wait on it.
  // When each loading step began and the checker was ready, in milliseconds since the page
  // was requested, and how long each check took.
  const timings = { steps: [], ready: null, checks: [] };

  function say(text) {
    message.textContent = text;
  }

  function fail(reason) {
    bar.hidden = true;
    form.hidden = true;
    results.hidden = true;
    none.hidden = true;
    $("checks-draft-reason").textContent = reason;
    failed.hidden = false;
    say("The checker could not start. Nothing you typed has been sent anywhere.");
    loaded.reject(new Error(reason));
    for (const pending of waiting.values()) pending.reject(new Error(reason));
    waiting.clear();
  }

  function onMessage(event) {
    const data = event.data;
    if (data.type === "progress") {
      timings.steps.push(performance.now());
      bar.value = data.step;
      say(`${data.message}. The checker is loading.`);
    } else if (data.type === "ready") {
      timings.ready = performance.now();
      bar.hidden = true;
      say("The checker is ready. Your draft stays in this browser.");
      loaded.resolve();
    } else if (data.type === "result") {
      timings.checks.push(data.took);
      waiting.get(data.id)?.resolve(data);
      waiting.delete(data.id);
    } else if (data.type === "failed") {
      if (data.id !== undefined && waiting.has(data.id)) {
        waiting.get(data.id).reject(new Error(data.message));
        waiting.delete(data.id);
      } else {
        fail(data.message);
      }
    }
  }

  // The one way the page checks a draft: the form uses it, and so do the tests.
  // The capacity, if the reader chose one, leaves out the rules that do not apply to it.
  function check(text, capacity = $("checks-draft-capacity").value) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, text, capacity });
    });
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function link(href, text) {
    const node = element("a", text);
    node.href = href;
    return node;
  }

  // The draft as written, with every finding's words marked; overlapping findings share a mark.
  function markedCopy(text, findings) {
    const copy = element("div", undefined, "checks-draft-copy");
    const spans = findings.map((f) => [f.from, f.to]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged = [];
    for (const [from, to] of spans) {
      const last = merged[merged.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    let at = 0;
    for (const [from, to] of merged) {
      copy.append(text.slice(at, from), element("mark", text.slice(from, to)));
      at = to;
    }
    copy.append(text.slice(at));
    return copy;
  }

  function findingItem(finding) {
    const item = element("li", undefined, "checks-draft-finding");
    item.append(element("h3", finding.title));
    const quoted = element("p", "You wrote: ");
    quoted.append(element("mark", finding.text));
    item.append(quoted, element("p", finding.explanation));
    const where = links[finding.rule];
    if (where) {
      const more = element("p", undefined, "checks-draft-links");
      more.append(
        link(where.rule, `Read the rule: ${finding.title}`),
        " ",
        link(where.principle, `Read the principle: ${where.principle_title}`),
      );
      item.append(more);
    }
    return item;
  }

  function context() {
    const channel = $("checks-draft-channel");
    const capacity = $("checks-draft-capacity");
    const parts = [];
    if (channel.value) parts.push(`for ${channel.selectedOptions[0].textContent}`);
    if (capacity.value) parts.push(`in a ${capacity.selectedOptions[0].textContent.toLowerCase()}`);
    return parts.length ? ` You are posting ${parts.join(", ")}: the guidance applies either way.` : "";
  }

  function show(text, result) {
    results.replaceChildren();
    none.hidden = true;
    if (result.too_long) {
      say(`Your draft is too long to check here. Check a draft of up to ${result.limit.toLocaleString("en-GB")} characters.`);
      return;
    }
    const found = result.findings;
    if (!found.length) {
      results.hidden = true;
      none.hidden = false;
      say(`No problems found. No check can judge everything: read your draft against the principles too.${context()}`);
      return;
    }
    const count = found.length === 1 ? "1 thing" : `${found.length} things`;
    say(`We found ${count} in your draft that may break the guidance.${context()}`);
    const heading = element("h2", `${count[0].toUpperCase()}${count.slice(1)} to look at`);
    heading.id = "checks-draft-results-heading";
    const list = element("ol", undefined, "checks-draft-findings");
    list.append(...found.map(findingItem));
    results.append(
      heading,
      element("p", "The words that may break the guidance are highlighted in your draft:"),
      markedCopy(text, found),
      list,
    );
    if (result.more.length) {
      // Never a silent cut: say which problems were listed only in part.
      results.append(element("p",
        `Only the first ${result.most_per_rule} places are shown for: ${result.more.join(", ")}. ` +
        "Your draft has more of them: fix these first, then check it again."));
    }
    results.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = draft.value;
    if (!text.trim()) {
      say("Paste or type your draft first.");
      draft.focus();
      return;
    }
    if (timings.ready === null) say("Your draft will be checked as soon as the checker is ready.");
    try {
      show(text, await check(text));
    } catch (error) {
      // fail() has already said why, if the checker could not start.
      if (failed.hidden) say(`Your draft could not be checked: ${error.message}`);
    }
  });

  form.hidden = false;
  bar.hidden = false;
  say("Loading the checker. This can take a few seconds the first time.");
  try {
    worker = new Worker(`${root.dataset.static}checks-draft-worker.js`, { type: "module" });
  } catch (error) {
    fail(String(error.message || error));
    return;
  }
  worker.addEventListener("message", onMessage);
  // Pyodide can wait for ever on a file the server answers wrongly: give up after two minutes.
  const watchdog = setTimeout(() => {
    fail("it did not finish loading within two minutes");
    worker.terminate();
  }, 120000);
  ready.then(() => clearTimeout(watchdog), () => clearTimeout(watchdog));
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    fail("its files are missing from this copy of the site, or the browser refused to run them");
  });
  window.checksDraft = { check, ready, timings };
})();
