/** The `autocoder.*` settings that shape the local server, as read from the configuration. */
export interface LocalServerSettings {
  autoStart: boolean;
  intervals: { analysis: number; testPlanning: number; implementation: number };
  maxLoad: number;
  /** The folder is trusted (Workspace Trust): the server may run workspace code for generated tests. */
  allowExecute: boolean;
}

/**
 * `serve` flags for the settings. Values the server would refuse (negative, not a number) are
 * left out so it falls back to its default rather than failing to start over a typo in
 * settings.json; the caller logs what was dropped.
 */
export function serveArguments(settings: LocalServerSettings): { args: string[]; ignored: string[] } {
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
  // Running generated tests executes workspace code: only in a folder the user trusts.
  if (settings.allowExecute) args.push("--allow-execute");
  return { args, ignored };
}
