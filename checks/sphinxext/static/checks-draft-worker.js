// The checks, run by Pyodide in a worker so the page stays responsive while it loads.
// Everything comes from this site: Pyodide's files from ./pyodide/ and the checks, with
// the packages they need, from ./checks-draft/engine.zip. Drafts stay in this worker's
// memory; nothing is sent anywhere or stored.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL(".", import.meta.url);
const ENGINE = "/checks-draft-engine";

function progress(step, message) {
  postMessage({ type: "progress", step, message });
}

async function start() {
  progress(1, "Loading Python, step 1 of 3");
  // The checks download while Python loads. A failure is reported when they are needed;
  // the empty handler only keeps it from counting as unhandled in the meantime.
  const bundle = fetch(new URL("checks-draft/engine.zip", here)).then((response) => {
    if (!response.ok) throw new Error(`the checks could not be loaded (HTTP ${response.status})`);
    return response.arrayBuffer();
  });
  bundle.catch(() => {});
  // No packages from the Pyodide distribution are needed: the checks are pure Python.
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", here).href,
    stdout: () => {},
    stderr: () => {},
  });
  progress(2, "Loading the checks, step 2 of 3");
  pyodide.unpackArchive(new Uint8Array(await bundle), "zip", {
    extractDir: ENGINE,
  });
  pyodide.runPython(`import sys; sys.path.insert(0, "${ENGINE}")`);
  const engine = pyodide.pyimport("draft_engine");
  progress(3, "Preparing the rules, step 3 of 3");
  engine.warm_up();
  return engine;
}

const ready = start();
ready.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "failed", message: String(error && error.message || error) }),
);

onmessage = async (event) => {
  const { id, text, capacity } = event.data;
  try {
    const engine = await ready;
    const began = performance.now();
    const proxy = engine.check_draft(text, capacity || null);
    const result = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
    postMessage({ type: "result", id, ...result, took: performance.now() - began });
  } catch (error) {
    postMessage({ type: "failed", id, message: String(error && error.message || error) });
  }
};
