import * as vscode from "vscode";
import { WORKER_IDS, type ServerStatus, type WorkerId } from "../server/protocol";
import { DashboardPanel } from "./dashboardPanel";
import type { ServerSession } from "./serverSession";
import { HF_TOKEN_SECRET, SERVER_TOKEN_SECRET } from "./sessionTarget";
import { WORKER_LABELS } from "./workerLabels";

// Every palette command is registered here, each with its id written out in the
// registerCommand call: test/extension/commandRegistration.test.ts reads these calls and
// checks them against package.json's contributes.commands.

/** A command that fails says why in an error message instead of failing silently. */
function guarded<A extends unknown[]>(what: string, run: (...args: A) => Promise<unknown>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (err) {
      void vscode.window.showErrorMessage(`Autocoder: ${what}: ${(err as Error).message}`);
    }
  };
}

function describeWorkers(status: ServerStatus, workers: readonly WorkerId[]): string {
  return status.workers
    .filter((w) => workers.includes(w.worker))
    .map((w) => `${WORKER_LABELS[w.worker]} ${w.state}`)
    .join(", ");
}

function asWorkerId(value: unknown): WorkerId | null {
  return (WORKER_IDS as readonly unknown[]).includes(value) ? (value as WorkerId) : null;
}

async function pickWorker(session: ServerSession, verb: "Start" | "Stop"): Promise<WorkerId | undefined> {
  const items = WORKER_IDS.map((worker) => ({
    label: WORKER_LABELS[worker],
    description: session.status?.workers.find((w) => w.worker === worker)?.state ?? "",
    worker,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Autocoder: ${verb} Worker`, placeHolder: `Which worker to ${verb.toLowerCase()}?` });
  return picked?.worker;
}

export function registerCommands(context: vscode.ExtensionContext, session: ServerSession, output: vscode.LogOutputChannel): void {
  const setWorkers = async (workers: readonly WorkerId[], running: boolean) => {
    const status = await session.setWorkers(workers, running);
    void vscode.window.showInformationMessage(`Autocoder: ${describeWorkers(status, workers)}.`);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand("autocoder.startAllWorkers", guarded("cannot start the workers", () => setWorkers(WORKER_IDS, true))),
    vscode.commands.registerCommand("autocoder.stopAllWorkers", guarded("cannot stop the workers", () => setWorkers(WORKER_IDS, false))),
    vscode.commands.registerCommand(
      "autocoder.startWorker",
      // From the Workers view's inline action the row's key (the worker id) comes as the argument; from the palette, a quick pick.
      guarded("cannot start the worker", async (row?: unknown) => {
        const worker = asWorkerId(row) ?? (await pickWorker(session, "Start"));
        if (worker) await setWorkers([worker], true);
      }),
    ),
    vscode.commands.registerCommand(
      "autocoder.stopWorker",
      // From the Workers view's inline action the row's key (the worker id) comes as the argument; from the palette, a quick pick.
      guarded("cannot stop the worker", async (row?: unknown) => {
        const worker = asWorkerId(row) ?? (await pickWorker(session, "Stop"));
        if (worker) await setWorkers([worker], false);
      }),
    ),
    vscode.commands.registerCommand(
      "autocoder.openDashboard",
      guarded("cannot open the dashboard", async () => DashboardPanel.show(context, session, (line) => output.info(line))),
    ),
    vscode.commands.registerCommand(
      "autocoder.connectToServer",
      guarded("cannot change the server", async () => {
        const config = vscode.workspace.getConfiguration("autocoder");
        const url = await vscode.window.showInputBox({
          title: "Autocoder: Connect to Server",
          prompt: "URL of an Autocoder server; leave empty to run the bundled server for this workspace",
          value: config.get<string>("serverUrl", ""),
          validateInput: (v) => (v.trim() === "" || /^https?:\/\/[^\s/]+/.test(v.trim()) ? null : "an http:// or https:// URL, or empty"),
        });
        if (url === undefined) return;
        // The configuration listener restarts the session with the new target.
        await config.update("serverUrl", url.trim(), vscode.ConfigurationTarget.Global);
      }),
    ),
    vscode.commands.registerCommand(
      "autocoder.setServerToken",
      guarded("cannot store the token", async () => {
        // Two secrets for a remote server: its own token, and for a private Hugging Face Space the user's HF token.
        const which = await vscode.window.showQuickPick(
          [
            { label: "Autocoder server token", description: "sent as Authorization", key: SERVER_TOKEN_SECRET, what: "server token" },
            { label: "Hugging Face token", description: "for a private Space: sent as X-HF-Authorization", key: HF_TOKEN_SECRET, what: "Hugging Face token" },
          ],
          { title: "Autocoder: Set Server Token", placeHolder: "Which token?" },
        );
        if (!which) return;
        const token = await vscode.window.showInputBox({
          title: `Autocoder: Set ${which.label}`,
          prompt: `${which.label} (kept in VS Code's secret storage); empty removes it`,
          password: true,
          ignoreFocusOut: true,
        });
        if (token === undefined) return;
        if (token === "") await context.secrets.delete(which.key);
        else await context.secrets.store(which.key, token);
        void vscode.window.showInformationMessage(token === "" ? `Autocoder: ${which.what} removed.` : `Autocoder: ${which.what} stored.`);
      }),
    ),
    vscode.commands.registerCommand("autocoder.showOutput", () => output.show()),
  );
}
