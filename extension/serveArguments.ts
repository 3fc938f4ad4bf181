/** The `autocoder.*` settings that shape the local server, as read from the configuration. */
export interface LocalServerSettings {
  autoStart: boolean;
  intervals: { analysis: number; testPlanning: number; implementation: number };
  maxLoad: number;
  /** The folder is trusted (Workspace Trust): the server may run workspace code for generated tests. */
  allowExecute: boolean;
}

/**
 * Whether the bundled server's `serve` takes `--allow-execute` (running generated tests, which
 * executes workspace code). It comes with the implementation work of issue #5; until it is in
 * this build, passing it would make `serve` refuse to start. The one place to turn it on.
 */
export const SERVE_TAKES_ALLOW_EXECUTE = false;

/**
 * `serve` flags for the settings. Values the server would refuse (negative, not a number) are
 * left out so it falls back to its default rather than failing to start over a typo in
 * settings.json; the caller logs what was dropped.
 */
export function serveArguments(settings: LocalServerSettings, serveTakesAllowExecute = SERVE_TAKES_ALLOW_EXECUTE): { args: string[]; ignored: string[] } {
  const args: string[] = [];
  const ignored: string[] = [];
  const number = (flag: string, setting: string, value: number) => {
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) args.push(flag, String(value));
    else ignored.push(`${setting} = ${JSON.stringify(value)} (must be a number ≥ 0)`);
  };
  if (!settings.autoStart) args.push("--no-autostart");
  number("--interval-analysis", "autocoder.intervals.analysis", settings.intervals.analysis);
  number("--interval-test-planning", "autocoder.intervals.testPlanning", settings.intervals.testPlanning);
  number("--interval-implementation", "autocoder.intervals.implementation", settings.intervals.implementation);
  number("--max-load", "autocoder.maxLoad", settings.maxLoad);
  if (settings.allowExecute && serveTakesAllowExecute) args.push("--allow-execute");
  return { args, ignored };
}
