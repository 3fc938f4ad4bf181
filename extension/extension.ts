import * as vscode from "vscode";
import { registerAnalyzeNow } from "./analyzeNow";
import { registerFirstPassProgress } from "./firstPassProgress";
import { registerCommands } from "./commands";
import { registerDeployCommands } from "./deployCommands";
import { FindingsDiagnostics } from "./findingsDiagnostics";
import { FindingsQuickFixes } from "./findingsQuickFixes";
import { FindingsTree } from "./findingsTree";
import { GeneratedCode } from "./generatedCode";
import { registerGeneratedCodeCommands } from "./generatedCodeCommands";
import { ImplementationsTree } from "./implementationsTree";
import { ServerSession } from "./serverSession";
import { HF_TOKEN_SECRET, SERVER_TOKEN_SECRET, sessionTarget } from "./sessionTarget";
import { TestPlansTree } from "./testPlansTree";
import { WorkersTree } from "./workersTree";

let session: ServerSession | null = null;

/**
 * What activate returns to other extensions — and to the tests that run inside the extension
 * host, which read the views' data the way VS Code does, through their providers.
 */
export interface AutocoderApi {
  readonly workersTree: vscode.TreeDataProvider<unknown>;
  readonly findingsTree: vscode.TreeDataProvider<unknown>;
  readonly testPlansTree: vscode.TreeDataProvider<unknown>;
  readonly implementationsTree: vscode.TreeDataProvider<unknown>;
}

// Settings that only change how results are shown, or where deployments go; changing them must not restart the server.
const DISPLAY_SETTINGS = ["autocoder.severityFilter", "autocoder.hfEndpoint"];

export function activate(context: vscode.ExtensionContext): AutocoderApi {
  const output = vscode.window.createOutputChannel("Autocoder", { log: true });
  const current = new ServerSession((line) => output.info(line));
  session = current;
  const workersTree = new WorkersTree(current);
  const findingsTree = new FindingsTree(current);
  const testPlansTree = new TestPlansTree(current);
  const implementationsTree = new ImplementationsTree(current);
  const generatedCode = new GeneratedCode();
  context.subscriptions.push(
    output,
    workersTree,
    findingsTree,
    testPlansTree,
    implementationsTree,
    generatedCode,
    new FindingsDiagnostics(current),
    vscode.window.registerTreeDataProvider("autocoder.workers", workersTree),
    vscode.window.registerTreeDataProvider("autocoder.findings", findingsTree),
    vscode.window.registerTreeDataProvider("autocoder.testPlans", testPlansTree),
    vscode.window.registerTreeDataProvider("autocoder.implementations", implementationsTree),
    vscode.languages.registerCodeActionsProvider({ scheme: "file" }, new FindingsQuickFixes(current), FindingsQuickFixes.metadata),
  );
  registerCommands(context, current, output);
  registerGeneratedCodeCommands(context, current, implementationsTree, generatedCode);
  registerAnalyzeNow(context, current);
  registerFirstPassProgress(context, current);
  registerDeployCommands(context, output);

  // Restarts are chained so two quick setting changes cannot start two servers.
  let restarting: Promise<void> = Promise.resolve();
  const restart = () => {
    restarting = restarting
      .then(async () => {
        const target = await sessionTarget(context, output);
        if ("none" in target) await current.stop(target.none);
        else await current.start(target);
      })
      .catch((err: Error) => output.error(`could not start the Autocoder session: ${err.message}`));
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(
      (e) => e.affectsConfiguration("autocoder") && !DISPLAY_SETTINGS.some((key) => e.affectsConfiguration(key)) && restart(),
    ),
    vscode.workspace.onDidChangeWorkspaceFolders(() => restart()),
    context.secrets.onDidChange((e) => (e.key === SERVER_TOKEN_SECRET || e.key === HF_TOKEN_SECRET) && restart()),
    // Trust decides whether the server may run workspace code: granted, it starts again with that.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart()),
  );
  // Not awaited: activation must not wait for a server to start.
  restart();
  return { workersTree, findingsTree, testPlansTree, implementationsTree };
}

/** Awaited by VS Code: the local server gets its SIGTERM and flushes its store before the host exits. */
export async function deactivate(): Promise<void> {
  const stopping = session;
  session = null;
  await stopping?.stop();
}
