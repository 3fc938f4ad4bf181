import { DeployProgressEvent } from "../protocol";
import type { DeployReport } from "../hub";
import { oneOf } from "./options";

export const PROGRESS_MODES = ["text", "json"] as const;

/**
 * Where deploy-space and deploy-dashboard tell what they do. `text` is for a person (steps as
 * `[3/7] …`, errors on stderr); `json` is for a program such as the VS Code extension: one
 * DeployProgressEvent per stdout line, each validated before it is written, so a reader can
 * trust every line it parses (errors also go to stderr, for a log).
 */
export interface DeployOutput extends DeployReport {
  generatedToken(token: string): void;
  done(url: string, line: string): void;
  failed(command: string, message: string, status: number | null): void;
}

export function deployOutput(mode: string | undefined): DeployOutput {
  const json = oneOf(mode, PROGRESS_MODES, "text", "--progress") === "json";
  const line = (text: string) => process.stdout.write(`${text}\n`);
  const event = (e: DeployProgressEvent) => line(JSON.stringify(DeployProgressEvent.parse(e)));
  if (json) {
    return {
      step: (step, steps, message) => event({ type: "step", step, steps, message }),
      say: (message) => event({ type: "note", message }),
      generatedToken: (token) => event({ type: "generated-token", token }),
      done: (url) => event({ type: "done", url }),
      failed: (command, message, status) => {
        event({ type: "failed", message, status });
        process.stderr.write(`autocoder ${command}: ${message}\n`);
      },
    };
  }
  return {
    step: (step, steps, message) => line(`[${step}/${steps}] ${message}`),
    say: line,
    generatedToken: (token) => line(`AUTOCODER_TOKEN (generated; shown only now, keep it: the dashboard and the extension need it):\n  ${token}`),
    done: (_url, text) => line(text),
    failed: (command, message) => process.stderr.write(`autocoder ${command}: ${message}\n`),
  };
}
