import * as vscode from "vscode";
import { remoteHeaders } from "./remoteHeaders";
import { serveArguments } from "./serveArguments";
import type { SessionTarget } from "./serverSession";

/** SecretStorage key of the remote server's token (never kept in settings, which sync in plain text). */
export const SERVER_TOKEN_SECRET = "autocoder.serverToken";
/** SecretStorage key of the user's Hugging Face token, for a server in a private Space. */
export const HF_TOKEN_SECRET = "autocoder.huggingFaceToken";

/**
 * Which server the settings ask for: the remote one in `autocoder.serverUrl`, else the bundled
 * server for the first workspace folder; or, with neither, why there is none.
 */
export async function sessionTarget(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<SessionTarget | { none: string }> {
  const config = vscode.workspace.getConfiguration("autocoder");
  const url = config.get<string>("serverUrl", "").trim();
  if (url) {
    const extraHeaders = remoteHeaders((await context.secrets.get(HF_TOKEN_SECRET)) ?? null);
    return { kind: "remote", url, token: (await context.secrets.get(SERVER_TOKEN_SECRET)) ?? null, ...(extraHeaders ? { extraHeaders } : {}) };
  }

  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  if (!folder) return { none: "no folder is open: the local Autocoder server reviews the first workspace folder (or set autocoder.serverUrl)" };
  const { args, ignored } = serveArguments({
    autoStart: config.get<boolean>("autoStart", true),
    intervals: {
      analysis: config.get<number>("intervals.analysis", 60),
      testPlanning: config.get<number>("intervals.testPlanning", 60),
      implementation: config.get<number>("intervals.implementation", 120),
    },
    maxLoad: config.get<number>("maxLoad", 0.9),
    // Generated tests may run workspace code only in a folder the user trusts.
    allowExecute: vscode.workspace.isTrusted,
  });
  for (const setting of ignored) log.warn(`ignoring ${setting}; the server's default applies`);
  return {
    kind: "local",
    server: {
      cliPath: context.asAbsolutePath("dist/cli.js"),
      workspace: folder.uri.fsPath,
      extraArgs: args,
      log: (line) => log.info(`[server] ${line}`),
    },
  };
}
