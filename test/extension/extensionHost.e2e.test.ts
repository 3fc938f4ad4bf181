import { strict as assert } from "node:assert";
import * as path from "node:path";
import { format } from "node:util";
import type { Browser } from "playwright-core";
import { launchOrSkip } from "../support/chromium";
import { CodeServer, codeServerOrSkip } from "../support/codeServer";
import { extensionHostWorkspace } from "../extensionHost/fixtureWorkspace";
import { bundleExtensionHostSuite } from "../support/extensionHostBundle";
import { removeDir } from "../support/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");

// The suite in test/extensionHost runs inside VS Code's extension host, as @vscode/test-electron
// runs one. VS Code cannot be downloaded here, so code-server hosts it: its smoke-test driver
// loads the extension from the work tree (extensionDevelopmentPath), calls the suite's run()
// (extensionTestsPath), and hands the host's log lines and exit code to the page, where
// Playwright picks them up.
describe("the extension-host test suite, run inside code-server", function () {
  // The host runs thirteen tests against a real server; on a machine shared with other builds that takes minutes.
  this.timeout(480_000);
  let browser: Browser;
  let codeServer: CodeServer | undefined;
  let workspace: string;
  let suite: string;

  before(async function () {
    const install = codeServerOrSkip(this);
    browser = await launchOrSkip(this);
    suite = await bundleExtensionHostSuite(path.join(ROOT, "dist", "extension-host-tests"));
    workspace = await extensionHostWorkspace();
    codeServer = await CodeServer.start({
      install,
      settings: {
        "workbench.startupEditor": "none",
        "chat.disableAIFeatures": true,
        "telemetry.telemetryLevel": "off",
      },
      extraArgs: ["--vscode-option", "enable-smoke-test-driver"],
    });
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await removeDir(workspace);
  });

  it("passes: activation, commands, the four views and diagnostics from a real server, start and stop, generated code into real editors, Analyze Now, quick fixes", async () => {
    const page = await browser.newPage();
    const lines: string[] = [];
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    // The host's console.log arrives with its arguments unformatted (mocha's reporters use %s).
    await page.exposeFunction("codeAutomationLog", (_level: string, message: unknown) =>
      lines.push(Array.isArray(message) ? format(...(message as unknown[])) : String(message)),
    );
    await page.exposeFunction("codeAutomationExit", (code: number) => exit(code));
    const authority = new URL(codeServer!.url).host;
    const payload = JSON.stringify([
      ["extensionDevelopmentPath", `vscode-remote://${authority}${ROOT}`],
      ["extensionTestsPath", `vscode-remote://${authority}${suite}`],
    ]);
    try {
      await page.goto(`${codeServer!.folderUrl(workspace)}&payload=${encodeURIComponent(payload)}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the extension host did not exit within 360 s:\n${lines.join("\n")}`)), 360_000)));
      const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
      const report = lines.filter((l) => !/^\[|^Ignoring|ChatModelSelection|AccountPolicyGate|Creating a socket|connection token/.test(l)).join("\n");
      assert.equal(code, 0, `the extension-host suite failed:\n${report}`);
      assert.match(report, /13 passing/, `the suite ran, all thirteen tests:\n${report}`);
    } finally {
      await page.close();
    }
  });
});
