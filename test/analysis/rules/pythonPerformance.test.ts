import { strict as assert } from "node:assert";
import { pythonAwaitInLoop, pythonRebuiltInLoop, pythonStringConcatInLoop } from "../../../server/analysis/rules/performance/pythonLoops";
import { loadPythonParser } from "../../../server/workspace";
import { check } from "../ruleTester";

const py = { file: "pkg/report.py" };

describe("Python performance rules", () => {
  before(loadPythonParser);

  it("string-concat-in-loop: a string grown with += in a loop, and not a number, a list, or code after the loop", () => {
    const code = [
      "def render(rows):",
      '    out = ""',
      "    total = 0",
      "    items = []",
      "    for r in rows:",
      "        out += f'<li>{r}</li>'",
      "        total += 1",
      "        items += [r]",
      '    out += "</ul>"',
      "    return out",
      "def label(parts):",
      "    text = ''",
      "    while parts:",
      "        text += parts.pop()",
      "    return text",
      "",
    ].join("\n");
    const found = check(pythonStringConcatInLoop, code, py);
    assert.deepEqual(found.map((f) => [f.range.start.line, f.data!.variable]), [[6, "out"], [14, "text"]]);
    assert.match(found[0]!.suggestion!, /"".join\(parts\)/);
    assert.deepEqual(check(pythonStringConcatInLoop, "def f(xs):\n    n = 0\n    for x in xs:\n        n += x\n    return n\n", py), []);
  });

  it("await-in-loop: await in a for loop of a coroutine, not outside loops nor in a nested function", () => {
    const code = "async def fetch_all(urls):\n    out = []\n    for u in urls:\n        out.append(await get(u))\n    first = await get(urls[0])\n    for u in urls:\n        async def later():\n            await get(u)\n    return out\n";
    const found = check(pythonAwaitInLoop, code, py);
    assert.deepEqual(found.map((f) => [f.range.start.line, f.id]), [[4, "await-in-loop:pkg/report.py:get"]]);
  });

  it("rebuilt-in-loop: re.compile of a literal and json round trips in loops; not a variable pattern or code before the loop", () => {
    const code = "import re, json\nPAT = re.compile(r'\\d+')\ndef scan(lines, p):\n    for l in lines:\n        re.compile(r'\\w+').match(l)\n        re.compile(p)\n        copy = json.loads(json.dumps(l))\n";
    const found = check(pythonRebuiltInLoop, code, py);
    assert.deepEqual(found.map((f) => [f.range.start.line, f.data!.construct]), [[5, "re.compile"], [7, "JSON clone"]]);
  });
});
