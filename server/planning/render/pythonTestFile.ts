import type { TestCase, TestPlan } from "../../protocol";
import { isAssertable, slug, type RenderOptions, type RenderedCase } from "./assertable";

const BUILTIN_ERRORS = new Set(["Exception", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "OSError", "FileNotFoundError", "PermissionError", "NotImplementedError", "AttributeError", "LookupError", "ArithmeticError", "ZeroDivisionError", "AssertionError", "TimeoutError", "ConnectionError", "UnicodeError"]);

/** A Python test file for pytest or unittest. */
export function renderPython(plan: TestPlan, options: RenderOptions = {}): { code: string; asserted: number; skipped: number; cases: RenderedCase[] } {
  const u = plan.unit;
  const pytest = plan.framework === "pytest";
  const binding = u.export.className ?? u.export.name;
  const lines: string[] = [`# Test plan ${oneLine(plan.id)} (${oneLine(u.signature)}), written by Autocoder for ${plan.framework}.`];
  for (const m of plan.mocks) lines.push(`# Fake ${oneLine(m.target)} (${m.category}): ${oneLine(m.how)}`);
  if (pytest) lines.push("import pytest");
  else lines.push("import unittest");
  if (u.kind === "entry") lines.push("import subprocess", "import sys");
  else lines.push(`from ${plan.target.importPath} import ${binding}`);
  lines.push("", "");
  const names = new Map<string, number>();
  const nameOf = (c: TestCase) => {
    const base = `test_${slug(c.title)}`;
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  };
  const indent = pytest ? "" : "    ";
  if (!pytest) lines.push(`class Test${binding.replace(/[^A-Za-z0-9_]/g, "_").replace(/^./, (ch) => ch.toUpperCase())}(unittest.TestCase):`);
  let asserted = 0;
  let skipped = 0;
  const cases: RenderedCase[] = [];
  for (const c of plan.cases) {
    const call = callOf(plan, c, binding);
    const self = pytest ? "" : "self";
    const name = nameOf(c);
    const header = `${indent}${u.async ? "async " : ""}def ${name}(${self}):`;
    const doc = `${indent}    ${pyString(c.title)}`;
    const failed = options.failed?.get(c.id);
    if (failed === undefined && isAssertable(plan, c) && !u.async) {
      asserted++;
      const first = lines.length + 1;
      lines.push(header, doc, ...assertion(plan, c, call).map((l) => `${indent}    ${l}`), "");
      cases.push({ id: c.id, name, running: true, lines: [first, lines.length] });
    } else {
      skipped++;
      const first = lines.length + 1;
      const reason = pyString(failed !== undefined ? `failed on the current code, so not offered as passing: ${failed}` : `to confirm: ${c.expected.detail}`);
      lines.push(pytest ? `@pytest.mark.skip(reason=${reason})` : `${indent}@unittest.skip(${reason})`, header, doc, `${indent}    result = ${u.async ? "await " : ""}${call}`, `${indent}    del result`, "");
      cases.push({ id: c.id, name, running: false, lines: [first, lines.length] });
    }
  }
  if (plan.cases.length === 0) lines.push(pytest ? "# No cases in this plan yet." : `${indent}pass`);
  if (!pytest) lines.push("", 'if __name__ == "__main__":', "    unittest.main()");
  lines.push("");
  return { code: lines.join("\n"), asserted, skipped, cases };
}

function callOf(plan: TestPlan, c: TestCase, binding: string): string {
  const u = plan.unit;
  const args = c.inputs.args.join(", ");
  if (u.kind === "entry") return `subprocess.run([sys.executable, ${pyString(u.file)}], capture_output=True, text=True, timeout=60)`;
  if (u.kind === "class") return `${binding}(${args})`;
  if (u.kind === "method") {
    const method = u.name.slice(u.name.lastIndexOf(".") + 1);
    return u.export.isStatic ? `${binding}.${method}(${args})` : `${binding}().${method}(${args})`;
  }
  return `${binding}(${args})`;
}

function assertion(plan: TestPlan, c: TestCase, call: string): string[] {
  const pytest = plan.framework === "pytest";
  if (c.expected.outcome === "throws" || c.expected.outcome === "rejects") {
    const error = c.expected.error && BUILTIN_ERRORS.has(c.expected.error) ? c.expected.error : "Exception";
    return [pytest ? `with pytest.raises(${error}):` : `with self.assertRaises(${error}):`, `    ${call}`];
  }
  const value = c.expected.value ?? "None";
  return [pytest ? `assert ${call} is ${value}` : `self.assertIs(${call}, ${value})`];
}

function pyString(text: string): string {
  return JSON.stringify(text.replace(/\s+/g, " "));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ");
}
