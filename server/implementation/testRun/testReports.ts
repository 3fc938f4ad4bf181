/** A test's result as its runner reported it, by the name the runner gives it. */
export type TestResults = Map<string, { passed: boolean; message: string }>;

/** Pure: node:test's TAP output (`ok 2 - title`, `not ok 3 - title` and its YAML `error:` line). */
export function parseTap(text: string): TestResults {
  const results: TestResults = new Map();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(not )?ok \d+ - (.*?)(\s+# (SKIP|TODO)\b.*)?$/.exec(lines[i]!);
    if (!m || m[3]) continue;
    const name = m[2]!.replace(/\\(.)/g, "$1");
    let message = "";
    if (m[1]) {
      for (let j = i + 1; j < lines.length && !/^\s*(not )?ok \d+ /.test(lines[j]!); j++) {
        const e = /^\s+error: (.*)$/.exec(lines[j]!);
        if (e) {
          message = e[1]!.replace(/^['"|>-]+\s*/, "").replace(/['"]$/, "") || (lines[j + 1] ?? "").trim();
          break;
        }
      }
    }
    results.set(name, { passed: !m[1], message });
  }
  return results;
}

/** Pure: mocha's JSON reporter, found in stdout after whatever the code under test printed. */
export function parseMochaJson(stdout: string): TestResults | null {
  const at = stdout.indexOf('{\n  "stats"');
  if (at === -1) return null;
  try {
    const report = JSON.parse(stdout.slice(at)) as { passes: { title: string }[]; failures: { title: string; err?: { message?: string } }[] };
    const results: TestResults = new Map();
    for (const t of report.passes) results.set(t.title, { passed: true, message: "" });
    for (const t of report.failures) results.set(t.title, { passed: false, message: t.err?.message ?? "failed" });
    return results;
  } catch {
    return null;
  }
}

/** Pure: the JSON report Jest and Vitest both write (`--json --outputFile`, `--reporter=json --outputFile`). */
export function parseJestJson(text: string): { results: TestResults; suiteProblem: string | null } | null {
  try {
    const report = JSON.parse(text) as { testResults?: { message?: string; assertionResults?: { title: string; status: string; failureMessages?: string[] }[] }[] };
    const results: TestResults = new Map();
    let suiteProblem: string | null = null;
    for (const file of report.testResults ?? []) {
      for (const a of file.assertionResults ?? []) {
        if (a.status === "passed") results.set(a.title, { passed: true, message: "" });
        else if (a.status === "failed") results.set(a.title, { passed: false, message: firstLine(a.failureMessages?.[0] ?? "failed") });
      }
      if (file.message && !(file.assertionResults ?? []).length) suiteProblem = firstLine(file.message);
    }
    return { results, suiteProblem };
  } catch {
    return null;
  }
}

/** Pure: pytest's `-rA` short summary (`PASSED path::test_x`, `FAILED path::test_x - message`). */
export function parsePytest(stdout: string): TestResults {
  const results: TestResults = new Map();
  for (const line of stdout.split("\n")) {
    const m = /^(PASSED|FAILED|ERROR) \S+?::(?:\w+::)?(\w+)(?: - (.*))?$/.exec(line.trim());
    if (m) results.set(m[2]!, { passed: m[1] === "PASSED", message: m[3] ?? m[1]!.toLowerCase() });
  }
  return results;
}

/** Pure: `python -m unittest -v` on stderr (`test_x (mod.Class.test_x) ... ok`, the docstring may take a line of its own). */
export function parseUnittest(stderr: string): TestResults {
  const results: TestResults = new Map();
  let current: string | null = null;
  for (const line of stderr.split("\n")) {
    const named = /^(test\w*) \([\w.]+\)/.exec(line);
    if (named) current = named[1]!;
    const status = / \.\.\. (ok|FAIL|ERROR|skipped|expected failure|unexpected success)\b/.exec(line);
    if (current && status) {
      if (status[1] !== "skipped") results.set(current, { passed: status[1] === "ok" || status[1] === "expected failure", message: status[1]! });
      current = null;
    }
  }
  return results;
}

function firstLine(text: string): string {
  // Jest colours its messages; a record is plain text.
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "").trim();
  return plain.split("\n").find((l) => l.trim())?.trim() ?? plain;
}
