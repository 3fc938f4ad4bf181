import Mocha from "mocha";

/**
 * The entry VS Code loads as extensionTestsPath and calls inside the extension host — under
 * code-server's smoke-test driver here, under @vscode/test-electron where VS Code can be
 * downloaded. It resolves when every test passed; VS Code then exits the host with 0, else 1.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 60_000 });
  // The suites are bundled into this file rather than loaded by path, so mocha's globals
  // (describe, it) are defined first and the suites required after.
  mocha.suite.emit("pre-require", globalThis, "workers.suite.ts", mocha);
  require("./workers.suite");
  mocha.suite.emit("pre-require", globalThis, "implementations.suite.ts", mocha);
  require("./implementations.suite");
  mocha.suite.emit("pre-require", globalThis, "analyzeNow.suite.ts", mocha);
  require("./analyzeNow.suite");
  mocha.suite.emit("pre-require", globalThis, "quickFixes.suite.ts", mocha);
  require("./quickFixes.suite");
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
