import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import { describeSteps, runDeploy, type DeployOutcome, type DeployRequest } from "./deployProcess";
import { HF_TOKEN_SECRET, SERVER_TOKEN_SECRET } from "./sessionTarget";

// Autocoder: Deploy Workers/Dashboard to a Hugging Face Space… and Set Hugging Face Token.
// The bundled CLI does the deploying (deploy-space, deploy-dashboard); these commands ask for
// what it needs, show its steps under a cancellable progress notification and say what to do
// when the Hub refuses.

const SPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LAST_SPACE = { workers: "autocoder.lastWorkersSpace", dashboard: "autocoder.lastDashboardSpace" } as const;

async function hfToken(context: vscode.ExtensionContext): Promise<string | null> {
  return (await context.secrets.get(HF_TOKEN_SECRET)) || process.env.HF_TOKEN || null;
}

function hfEndpoint(): string {
  return vscode.workspace.getConfiguration("autocoder").get<string>("hfEndpoint", "https://huggingface.co").trim().replace(/\/+$/, "") || "https://huggingface.co";
}

async function askSpace(context: vscode.ExtensionContext, kind: keyof typeof LAST_SPACE, title: string, example: string): Promise<string | undefined> {
  const space = await vscode.window.showInputBox({
    title,
    prompt: "The Space to create or update, as owner/name (your user name or an organisation)",
    placeHolder: example,
    value: context.globalState.get<string>(LAST_SPACE[kind], ""),
    ignoreFocusOut: true,
    validateInput: (v) => (SPACE_NAME.test(v.trim()) ? null : "owner/name, e.g. " + example),
  });
  if (space === undefined) return undefined;
  await context.globalState.update(LAST_SPACE[kind], space.trim());
  return space.trim();
}

async function askVisibility(title: string): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: "Private", description: "only you (and your organisation) can open it", private: true },
      { label: "Public", description: "anyone can open it", private: false },
    ],
    { title, placeHolder: "Who may open the Space?", ignoreFocusOut: true },
  );
  return picked?.private;
}

/** The first folder's `origin` remote, offered as the repository the workers follow. */
function originUrl(): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  if (!folder) return Promise.resolve("");
  return new Promise((resolve) => execFile("git", ["remote", "get-url", "origin"], { cwd: folder.uri.fsPath, timeout: 5_000 }, (err, out) => resolve(err ? "" : out.trim())));
}

/** The local settings' intervals go to the Space too, so both run at the pace the user chose. */
function intervalArgs(): string[] {
  const config = vscode.workspace.getConfiguration("autocoder");
  const args: string[] = [];
  const add = (flag: string, value: unknown) => typeof value === "number" && Number.isFinite(value) && value >= 0 && args.push(flag, String(value));
  add("--interval-analysis", config.get("intervals.analysis"));
  add("--interval-test-planning", config.get("intervals.testPlanning"));
  add("--interval-implementation", config.get("intervals.implementation"));
  return args;
}

/** Runs the CLI under a cancellable progress notification with the step counts. */
function deployWithProgress(request: DeployRequest, title: string): Thenable<DeployOutcome> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    let step = "";
    let shown = 0;
    return runDeploy(
      request,
      (event) => {
        if (event.type === "step") {
          step = `step ${event.step} of ${event.steps}: ${event.message}`;
          // Each step is an equal share; the bar shows the steps begun.
          const percent = ((event.step - 1) / event.steps) * 100;
          progress.report({ message: step, increment: Math.max(0, percent - shown) });
          shown = Math.max(shown, percent);
        } else if (event.type === "note") {
          progress.report({ message: step ? `${step} · ${event.message}` : event.message });
        }
      },
      abort.signal,
    );
  });
}

/** Tells how it went; a refusal comes with what to do about it. */
async function report(outcome: DeployOutcome, what: string, context: vscode.ExtensionContext): Promise<void> {
  if (outcome.outcome === "cancelled") {
    void vscode.window.showInformationMessage(
      `Autocoder: ${what} cancelled ${describeSteps(outcome)} What reached the Hub stays there; deploy again to finish.`,
    );
    return;
  }
  if (outcome.outcome !== "failed") return;
  if (outcome.status === 401) {
    const set = "Set Hugging Face Token";
    const choice = await vscode.window.showErrorMessage(
      `Autocoder: ${what} failed: ${outcome.message}. Set a token with write access (https://huggingface.co/settings/tokens) with Autocoder: Set Hugging Face Token.`,
      set,
    );
    if (choice === set) await vscode.commands.executeCommand("autocoder.setHuggingFaceToken");
    return;
  }
  if (outcome.status === 402) {
    const open = "Run on a Docker Host";
    const choice = await vscode.window.showErrorMessage(`Autocoder: ${what} failed: ${outcome.message}`, open);
    if (choice === open) await vscode.commands.executeCommand("markdown.showPreview", vscode.Uri.file(context.asAbsolutePath("spaces/README.md")));
    return;
  }
  void vscode.window.showErrorMessage(`Autocoder: ${what} failed ${describeSteps(outcome)} ${outcome.message}`);
}

async function needToken(context: vscode.ExtensionContext, what: string): Promise<string | null> {
  const token = await hfToken(context);
  if (token) return token;
  const set = "Set Hugging Face Token";
  const choice = await vscode.window.showErrorMessage(`Autocoder: ${what} needs a Hugging Face token with write access: set one with Autocoder: Set Hugging Face Token (or HF_TOKEN).`, set);
  if (choice === set) await vscode.commands.executeCommand("autocoder.setHuggingFaceToken");
  return null;
}

export function registerDeployCommands(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const log = (line: string) => output.info(`[deploy] ${line}`);
  context.subscriptions.push(
    vscode.commands.registerCommand("autocoder.setHuggingFaceToken", async () => {
      const token = await vscode.window.showInputBox({
        title: "Autocoder: Set Hugging Face Token",
        prompt: "A Hugging Face access token (hf_…) with write access, kept in VS Code's secret storage; used to deploy Spaces and to reach a private Space. Empty removes it.",
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v === "" || v.trim().startsWith("hf_") ? null : "a Hugging Face token starts with hf_"),
      });
      if (token === undefined) return;
      if (token === "") await context.secrets.delete(HF_TOKEN_SECRET);
      else await context.secrets.store(HF_TOKEN_SECRET, token.trim());
      void vscode.window.showInformationMessage(token === "" ? "Autocoder: Hugging Face token removed." : "Autocoder: Hugging Face token stored.");
    }),

    vscode.commands.registerCommand("autocoder.deployWorkersSpace", async (): Promise<DeployOutcome | null> => {
      const what = "deploying the workers";
      const token = await needToken(context, what);
      if (!token) return null;
      const space = await askSpace(context, "workers", "Autocoder: Deploy Workers to a Hugging Face Space", "alice/autocoder-workers");
      if (!space) return null;
      const repo = await vscode.window.showInputBox({
        title: "Autocoder: Deploy Workers to a Hugging Face Space",
        prompt: "The git repository the workers clone and follow: https://host/owner/repo.git, optionally #branch",
        value: await originUrl(),
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? null : "the workers need a repository to review"),
      });
      if (!repo) return null;
      const isPrivate = await askVisibility("Autocoder: Deploy Workers to a Hugging Face Space");
      if (isPrivate === undefined) return null;
      // The extension makes the server token, so it never has to be read back from the CLI's output.
      const serverToken = randomBytes(32).toString("hex");
      const outcome = await deployWithProgress(
        {
          cliPath: context.asAbsolutePath("dist/cli.js"),
          command: "deploy-space",
          args: [space, "--repo", repo.trim(), ...(isPrivate ? ["--private"] : []), ...intervalArgs()],
          hfToken: token,
          hfEndpoint: hfEndpoint(),
          serverToken,
          log,
        },
        `Autocoder: deploying the workers to ${space}`,
      );
      if (outcome.outcome === "done") {
        const connect = "Connect";
        void vscode.window.showInformationMessage(`Autocoder: the workers run at ${outcome.url}.`, connect).then(async (choice) => {
          if (choice !== connect) return;
          // The session restarts on these changes and connects to the Space.
          await context.secrets.store(SERVER_TOKEN_SECRET, serverToken);
          await vscode.workspace.getConfiguration("autocoder").update("serverUrl", outcome.url, vscode.ConfigurationTarget.Global);
        });
      } else {
        await report(outcome, what, context);
      }
      return outcome;
    }),

    vscode.commands.registerCommand("autocoder.deployDashboardSpace", async (): Promise<DeployOutcome | null> => {
      const what = "deploying the dashboard";
      const token = await needToken(context, what);
      if (!token) return null;
      const space = await askSpace(context, "dashboard", "Autocoder: Deploy Dashboard to a Hugging Face Space", "alice/autocoder-dashboard");
      if (!space) return null;
      const isPrivate = await askVisibility("Autocoder: Deploy Dashboard to a Hugging Face Space");
      if (isPrivate === undefined) return null;
      const outcome = await deployWithProgress(
        { cliPath: context.asAbsolutePath("dist/cli.js"), command: "deploy-dashboard", args: [space, ...(isPrivate ? ["--private"] : [])], hfToken: token, hfEndpoint: hfEndpoint(), log },
        `Autocoder: deploying the dashboard to ${space}`,
      );
      if (outcome.outcome === "done") {
        const open = "Open";
        void vscode.window.showInformationMessage(`Autocoder: the dashboard is at ${outcome.url} (it reads the datasets of ${space.split("/")[0]}).`, open).then((choice) => {
          if (choice === open) void vscode.env.openExternal(vscode.Uri.parse(outcome.url));
        });
      } else {
        await report(outcome, what, context);
      }
      return outcome;
    }),
  );
}
