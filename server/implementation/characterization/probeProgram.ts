/**
 * The program the characterization child runs (`node -e`): it reads one job from stdin, loads
 * the unit's module, calls the unit on each case's arguments and writes one JSON line per case
 * to fd 3, so whatever the workspace code prints on stdout cannot be taken for a result. Kept as
 * plain JavaScript text because it runs in a bare Node process, not in this bundle.
 */
export const PROBE_PROGRAM = String.raw`
"use strict";
const fs = require("fs");
const url = require("url");
const SETTLE_MS = Number(process.env.AUTOCODER_PROBE_SETTLE_MS || 2000);
const MAX_LITERAL = 4000;
class Unassertable extends Error {}
function emit(line) { fs.writeSync(3, JSON.stringify(line) + "\n"); }
function fail(reason) { throw new Unassertable(reason); }
function literal(value, ancestors, depth) {
  if (depth > 20) fail("nested more than 20 levels deep");
  switch (typeof value) {
    case "undefined": return "undefined";
    case "boolean": return String(value);
    case "string": return JSON.stringify(value);
    case "bigint": return value + "n";
    case "number":
      if (Number.isNaN(value)) fail("NaN: an equality assertion on it says nothing about how NaN arose");
      if (Object.is(value, -0)) return "-0";
      return value === Infinity ? "Infinity" : value === -Infinity ? "-Infinity" : String(value);
    case "symbol": fail("a symbol: a new one never equals it");
    case "function": fail("a function: it cannot be compared by value");
  }
  if (value === null) return "null";
  if (ancestors.includes(value)) fail("a cycle: it cannot be written as a literal");
  const inner = ancestors.concat([value]);
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) fail("an array subclass");
    const parts = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) fail("a sparse array");
      parts.push(literal(value[i], inner, depth + 1));
    }
    if (Object.keys(value).length !== value.length || Object.getOwnPropertySymbols(value).length) fail("an array with extra properties");
    return "[" + parts.join(", ") + "]";
  }
  if (value instanceof Date && proto === Date.prototype) {
    if (Number.isNaN(value.getTime())) fail("an invalid Date");
    return "new Date(" + JSON.stringify(value.toISOString()) + ")";
  }
  if (value instanceof RegExp && proto === RegExp.prototype) return "new RegExp(" + JSON.stringify(value.source) + ", " + JSON.stringify(value.flags) + ")";
  if (value instanceof Map && proto === Map.prototype) return "new Map([" + [...value].map(([k, v]) => "[" + literal(k, inner, depth + 1) + ", " + literal(v, inner, depth + 1) + "]").join(", ") + "])";
  if (value instanceof Set && proto === Set.prototype) return "new Set([" + [...value].map((v) => literal(v, inner, depth + 1)).join(", ") + "])";
  if (value instanceof Error) fail("an Error object returned, not thrown");
  if (typeof value.then === "function") fail("a promise inside the result");
  if (proto === null) fail("an object without a prototype");
  if (proto !== Object.prototype) fail("an instance of " + ((proto.constructor && proto.constructor.name) || "a class") + ": compared by its class as well as its fields");
  if (Object.getOwnPropertySymbols(value).length) fail("an object with symbol keys");
  const parts = [];
  for (const key of Object.keys(value)) {
    if (key === "__proto__") fail("an object with a __proto__ key");
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d.get || d.set) fail("an object with a getter");
    parts.push(JSON.stringify(key) + ": " + literal(d.value, inner, depth + 1));
  }
  return parts.length ? "{ " + parts.join(", ") + " }" : "{}";
}
function observeValue(value, awaited) {
  try {
    if (value === undefined) return { outcome: "unassertable", reason: "returned undefined: asserting that passes for any function that returns nothing" };
    const text = literal(value, [], 0);
    if (text.length > MAX_LITERAL) return { outcome: "unassertable", reason: "a result of " + text.length + " characters: too large to assert readably" };
    return { outcome: "returns", literal: text, awaited, deep: typeof value === "object" && value !== null };
  } catch (err) {
    if (err instanceof Unassertable) return { outcome: "unassertable", reason: err.message };
    throw err;
  }
}
function observeError(err, awaited) {
  if (!(err instanceof Error) && !(err && typeof err.name === "string" && typeof err.message === "string")) return { outcome: "unassertable", reason: "threw a value that is not an Error" };
  if (err instanceof RangeError && /call stack/.test(err.message)) return { outcome: "unassertable", reason: "overflowed the call stack: depends on the machine" };
  return { outcome: "throws", name: String(err.name), message: String(err.message), awaited };
}
function settle(promise) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Unassertable("did not settle within " + SETTLE_MS + " ms")), SETTLE_MS); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
async function main(job) {
  if (job.typescript) {
    const ts = require(job.typescript);
    const compile = (module, filename) => {
      const out = ts.transpileModule(fs.readFileSync(filename, "utf8"), { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.React } });
      module._compile(out.outputText, filename);
    };
    for (const ext of [".ts", ".tsx", ".mts", ".cts"]) require.extensions[ext] = compile;
  }
  const mod = job.esm ? await import(url.pathToFileURL(job.modulePath).href) : require(job.modulePath);
  const pick = (from, name) => (from == null ? undefined : name === "module.exports" ? from : from[name]);
  let owner = pick(mod, job.exportName);
  if (owner === undefined && job.esm) owner = pick(mod.default, job.exportName);
  if (owner === undefined && job.exportName === "default") owner = mod;
  const fn = job.method ? pick(owner, job.method) : owner;
  for (const c of job.cases) {
    if (typeof fn !== "function") { emit({ case: c.id, observation: { outcome: "unassertable", reason: "the export is not a function when loaded" } }); continue; }
    let args;
    try { args = (0, eval)("[" + c.args.join(", ") + "]"); }
    catch (err) { emit({ case: c.id, observation: { outcome: "unassertable", reason: "the planned arguments are not plain JavaScript: " + err.message } }); continue; }
    let value;
    try { value = fn.apply(job.method ? owner : undefined, args); }
    catch (err) { emit({ case: c.id, observation: observeError(err, false) }); continue; }
    let awaited = false;
    if (value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function") {
      awaited = true;
      try { value = await settle(value); }
      catch (err) { emit({ case: c.id, observation: err instanceof Unassertable ? { outcome: "unassertable", reason: err.message } : observeError(err, true) }); continue; }
    }
    emit({ case: c.id, observation: observeValue(value, awaited) });
  }
}
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c)).on("end", () => {
  main(JSON.parse(Buffer.concat(chunks).toString("utf8"))).then(
    () => process.exit(0),
    (err) => { process.stderr.write("could not load the module: " + (err && err.message ? err.message : String(err)) + "\n"); process.exit(87); },
  );
});
`;
