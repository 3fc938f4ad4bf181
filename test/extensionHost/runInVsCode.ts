import * as path from "node:path";
import { runTests } from "@vscode/test-electron";
import { bundleExtensionHostSuite } from "../support/extensionHostBundle";
import { removeDir } from "../support/tempDir";
import { extensionHostWorkspace } from "./fixtureWorkspace";

// `npm run test:vscode`: the extension-host suite in desktop VS Code, through
// @vscode/test-electron, where VS Code can be downloaded — or set AUTOCODER_VSCODE to a VS Code
// executable. On machines with neither, the same suite runs inside code-server as part of
// `npm test` (test/extension/extensionHost.e2e.test.ts).

const ROOT = path.resolve(__dirname, "..", "..");

async function main(): Promise<number> {
  const suite = await bundleExtensionHostSuite(path.join(ROOT, "dist", "extension-host-tests"));
  const workspace = await extensionHostWorkspace();
  try {
    return await runTests({
      ...(process.env.AUTOCODER_VSCODE ? { vscodeExecutablePath: process.env.AUTOCODER_VSCODE } : {}),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      // Other installed extensions stay out; the fixture folder is trusted, as a user would trust it.
      launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
    });
  } catch (err) {
    console.error(`the extension-host suite did not pass in VS Code: ${(err as Error).message}`);
    return 1;
  } finally {
    await removeDir(workspace);
  }
}

main().then((code) => process.exit(code));
