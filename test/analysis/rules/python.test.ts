import { strict as assert } from "node:assert";
import { complexity } from "../../../server/analysis/rules/codeQuality/complexity";
import { nestingDepth } from "../../../server/analysis/rules/codeQuality/nestingDepth";
import { parameterCount } from "../../../server/analysis/rules/codeQuality/parameterCount";
import { todoNotes } from "../../../server/analysis/rules/codeQuality/todoNotes";
import { parseError } from "../../../server/analysis/rules/parseError";
import {
  pythonCommandInjection,
  pythonDynamicCode,
  pythonTlsDisabled,
  pythonUnsafeDeserialization,
} from "../../../server/analysis/rules/security/pythonSinks";
import { loadPythonParser, pythonParserProblem } from "../../../server/workspace";
import { check } from "../ruleTester";

const py = { file: "pkg/mod.py" };

describe("Python", () => {
  before(async () => {
    await loadPythonParser();
    assert.equal(pythonParserProblem(), null, "tree-sitter and the Python grammar load offline from the installed packages");
  });

  describe("function metrics", () => {
    it("counts decision points: branches, loops, handlers, boolean operators, comprehension clauses, conditionals", () => {
      const code = [
        "def f(x, y):",
        "    if x and y or x:",          // if +1, and +1, or +1
        "        pass",
        "    elif y:",                   // +1
        "        pass",
        "    for i in range(3):",        // +1
        "        while i:",              // +1
        "            i -= 1",
        "    try:",
        "        pass",
        "    except ValueError:",        // +1
        "        pass",
        "    return [a for a in x if a] if x else None",  // for +1, if +1, conditional +1
        "",
      ].join("\n");
      const [f] = check(complexity, code, { ...py, config: { complexity: 0 } });
      assert.equal(f!.data!.complexity, 11);
      assert.equal(f!.message, "Function 'f' has a complexity of 11. Maximum allowed is 0.");
      assert.deepEqual(f!.range.start, { line: 1, column: 5 });
    });

    it("names methods by class, does not count self, and counts nested functions on their own", () => {
      const code = "class Shop:\n    def buy(self, item, qty, price, tax, code):\n        def inner(a):\n            return a\n        return inner(item)\n";
      const params = check(parameterCount, code, { ...py, config: { parameters: 4 } });
      assert.deepEqual(params.map((f) => [f.data!.function, f.data!.parameters]), [["Shop.buy", 5]]);
      assert.equal(params[0]!.id, "parameter-count:pkg/mod.py:Shop.buy");
      const all = check(complexity, code, { ...py, config: { complexity: 0 } }).map((f) => f.data!.function);
      assert.deepEqual(all, ["Shop.buy", "Shop.buy.inner"]);
    });

    it("measures nesting, with elif at its if's level", () => {
      const code = "def f(x):\n    for a in x:\n        if a:\n            with open(a) as h:\n                try:\n                    pass\n                except Exception:\n                    pass\n        elif x:\n            pass\n";
      const [f] = check(nestingDepth, code, { ...py, config: { nestingDepth: 3 } });
      assert.equal(f!.data!.depth, 4);
      assert.equal(f!.range.start.line, 5);
    });

    it("reports a syntax error where it is, and TODO notes from # comments", () => {
      const [e] = check(parseError, "def ok():\n    return 1\n\ndef broken(:\n    pass\n", py);
      assert.equal(e!.range.start.line, 4);
      assert.deepEqual(check(parseError, "x = 1\n", py), []);
      assert.equal(check(todoNotes, "x = 1  # TODO: drop\n", py)[0]!.message, "TODO: drop");
    });
  });

  describe("security sinks", () => {
    it("eval/exec of data is an error, of a literal a warning", () => {
      const findings = check(pythonDynamicCode, "eval(user_input)\nexec('x = 1')\nevaluate(x)\n", py);
      assert.deepEqual(findings.map((f) => [f.range.start.line, f.severity]), [[1, "error"], [2, "warning"]]);
    });
    it("subprocess with shell=True and os.system with data", () => {
      const code = "subprocess.run(cmd, shell=True)\nsubprocess.run('ls -l', shell=True)\nsubprocess.run(['ls', p])\nos.system('echo ' + name)\nos.system('clear')\n";
      assert.deepEqual(check(pythonCommandInjection, code, py).map((f) => [f.range.start.line, f.severity]), [[1, "error"], [2, "warning"], [4, "error"]]);
    });
    it("pickle.loads and yaml.load without a safe loader; yaml.safe_load and SafeLoader pass", () => {
      const code = "pickle.loads(blob)\nyaml.load(text)\nyaml.load(text, Loader=yaml.SafeLoader)\nyaml.safe_load(text)\nyaml.load(text, yaml.FullLoader)\n";
      assert.deepEqual(check(pythonUnsafeDeserialization, code, py).map((f) => f.range.start.line), [1, 2, 5]);
    });
    it("yaml.load of the stream alone carries its fix, yaml.safe_load, with the text it replaces; with a Loader it does not", () => {
      const code = "import yaml\nconfig = yaml.load(stream)\nyaml.load_all(s)\nyaml.load(text, yaml.FullLoader)\npickle.loads(blob)\n";
      const fixes = check(pythonUnsafeDeserialization, code, py).map((f) => f.fix?.edits ?? null);
      assert.deepEqual(fixes, [
        [{ range: { start: { line: 2, column: 10 }, end: { line: 2, column: 27 } }, oldText: "yaml.load(stream)", newText: "yaml.safe_load(stream)" }],
        [{ range: { start: { line: 3, column: 1 }, end: { line: 3, column: 17 } }, oldText: "yaml.load_all(s)", newText: "yaml.safe_load_all(s)" }],
        null,
        null,
      ]);
    });
    it("verify=False", () => {
      const code = "requests.get(url, verify=False)\nrequests.get(url, verify=True)\nhttpx.Client(verify=False)\n";
      assert.deepEqual(check(pythonTlsDisabled, code, py).map((f) => f.range.start.line), [1, 3]);
    });
  });
});

import { importCycle } from "../../../server/analysis/rules/architecture/importCycle";
import { buildModuleGraph } from "../../../server/analysis/facts/moduleGraph";
import { parseFile } from "../../../server/workspace";
import { checkWorkspace } from "../ruleTester";

describe("Python imports", () => {
  before(() => loadPythonParser());
  const graph = (files: Record<string, string>) =>
    buildModuleGraph(Object.entries(files).map(([path, text]) => parseFile({ path, size: text.length, mtimeMs: 0, hash: path + text, text })));

  it("resolves absolute, relative, package and submodule imports; TYPE_CHECKING imports are type-only", () => {
    const g = graph({
      "app/__init__.py": "from app import _native\nfrom . import util\n",
      "app/util.py": "import os\nimport requests\nfrom .models.user import User\nfrom ..outside import x\n",
      "app/models/__init__.py": "",
      "app/models/user.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.util import helper\nelse:\n    from app import util\n",
    });
    assert.deepEqual(g.edges.map((e) => `${e.from} -> ${e.to}${e.fact.typeOnly ? " (type)" : ""}`), [
      "app/__init__.py -> app/util.py",
      "app/util.py -> app/models/user.py",
      "app/models/user.py -> app/util.py (type)",
      "app/models/user.py -> app/util.py",
    ]);
    assert.deepEqual(g.external.map((e) => e.packageName).sort(), ["os", "requests", "typing"]);
    assert.deepEqual(g.unresolved.map((u) => u.fact.specifier), ["..outside"]);
  });

  it("finds a Python import cycle, and tells a TYPE_CHECKING-only cycle apart", () => {
    const runtime = checkWorkspace(importCycle, { "a.py": "import b\n", "b.py": "from a import thing\n" });
    assert.deepEqual(runtime.map((f) => [f.data!.kind, f.data!.cycle]), [["runtime", ["a.py", "b.py", "a.py"]]]);
    const typed = checkWorkspace(importCycle, {
      "a.py": "import b\n",
      "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n",
    });
    assert.deepEqual(typed.map((f) => f.data!.kind), ["type-only"]);
  });
});
