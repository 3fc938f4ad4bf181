import * as vscode from "vscode";
import { Severity } from "../server/protocol";

/** The least severe findings shown, from `autocoder.severityFilter`; a value the schema does not know shows everything. */
export function severityFilter(): Severity {
  const parsed = Severity.safeParse(vscode.workspace.getConfiguration("autocoder").get("severityFilter"));
  return parsed.success ? parsed.data : "info";
}
