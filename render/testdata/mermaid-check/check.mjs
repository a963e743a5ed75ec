// Parses Mermaid diagrams with Mermaid's own parser and reports, per file,
// "ok" or the parse error. Exit status 1 when any file fails to parse.
//
//   node check.mjs FILE...
//
// Mermaid's parser expects a browser (DOMPurify needs a window), so a jsdom
// window stands in for one.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let failed = false;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    const res = await mermaid.parse(text);
    console.log(`ok ${file} (${res.diagramType})`);
  } catch (err) {
    failed = true;
    const msg = String(err && err.message ? err.message : err).split("\n").join(" | ");
    console.log(`error ${file}: ${msg}`);
  }
}
process.exit(failed ? 1 : 0);
