// Parse Mermaid diagrams with the pinned Mermaid the site ships, all in one process.
//
// Usage: node mermaid_parse.mjs <node_modules dir>  < {"diagrams": ["flowchart TD\n A-->B", ...]}
// Prints {"mermaid": "11.12.2", "results": [{"ok": true, "type": "flowchart-v2"} |
//   {"ok": false, "kind": "syntax" | "unknown-type", "message": "...", "line": 3}]}
// where `line` is 1-based in the diagram text as given (null when unknown).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const nodeModules = process.argv[2];
const require = createRequire(resolve(nodeModules, "noop.js"));

// Mermaid and its logger write to the console; stdout carries only our JSON.
for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[level] = (...args) => process.stderr.write(args.join(" ") + "\n");
}

// Mermaid's diagram parsers sanitize labels with DOMPurify, which needs a DOM
// window at the moment it is first imported: set the globals before importing.
const { JSDOM } = require("jsdom");
const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve("mermaid")).href);
const { version } = require("mermaid/package.json");

// mermaid.parse() first strips front matter, %%{directives}%% and %% comments
// (src/preprocess.ts, src/diagram-api/comments.ts), so its "line N" counts
// lines of the stripped text. These are the same regexes (Mermaid 11.12.2),
// used to map back; should an upgrade change them, only line numbers drift.
const STRIPPED = [
  /^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+/gs,
  /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi,
  /^\s*%%(?!{)[^\n]+\n?/gm,
  /^\s+/g,
];

// For each character of the stripped text, its index in the original text.
function strippedToOriginal(text) {
  let current = text;
  let origin = Array.from({ length: text.length }, (_, index) => index);
  for (const regex of STRIPPED) {
    let kept = "";
    let keptOrigin = [];
    let last = 0;
    for (const match of current.matchAll(regex)) {
      kept += current.slice(last, match.index);
      keptOrigin = keptOrigin.concat(origin.slice(last, match.index));
      last = match.index + match[0].length;
    }
    kept += current.slice(last);
    keptOrigin = keptOrigin.concat(origin.slice(last));
    [current, origin] = [kept, keptOrigin];
  }
  return { stripped: current, origin };
}

// Original line of the stripped text's line `line` (clamped to the text).
function originalLine(text, line) {
  const { stripped, origin } = strippedToOriginal(text);
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = stripped.indexOf("\n", offset);
    if (next === -1) break;
    offset = next + 1;
  }
  const index = origin[Math.min(offset, origin.length - 1)] ?? 0;
  return text.slice(0, index).split("\n").length;
}

// The stripped-text line an error points at: jison's "Parse error on line N",
// else the first lexer or parser error of a Langium grammar (pie, architecture...).
function errorLine(error) {
  const jison = /^Parse error on line (\d+)/.exec(error.message ?? "");
  if (jison) return Number(jison[1]);
  const result = error.result ?? {};
  const lexer = result.lexerErrors?.[0];
  if (lexer?.line) return lexer.line;
  const token = result.parserErrors?.[0]?.token;
  return Number.isFinite(token?.startLine) ? token.startLine : null;
}

// Mermaid's own words: the first line, plus jison's "Expecting ..." line.
function errorMessage(error) {
  const lines = String(error.message ?? error).split("\n");
  const expecting = lines.find((line) => line.startsWith("Expecting "));
  return lines[0].startsWith("Parse error on line") && expecting ? `${lines[0]} ${expecting}` : lines[0];
}

async function parseOne(text) {
  try {
    const { diagramType } = await mermaid.parse(text);
    return { ok: true, type: diagramType };
  } catch (error) {
    const unknown = error?.name === "UnknownDiagramError";
    const line = unknown ? 1 : errorLine(error);
    return {
      ok: false,
      kind: unknown ? "unknown-type" : "syntax",
      message: errorMessage(error),
      line: line === null ? null : originalLine(text, line),
    };
  }
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input).diagrams) results.push(await parseOne(text));
process.stdout.write(JSON.stringify({ mermaid: version, results }));
