import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface Sample {
  seconds: number;
  peakRssMb: number;
}

/** Runs a command as a fresh process under GNU time: wall seconds and peak RSS. */
export function timeCommand(command: string, args: string[], cwd: string, okCodes: number[] = [0]): Sample {
  const out = path.join(os.tmpdir(), `autocoder-bench-time-${process.pid}`);
  const result = spawnSync("/usr/bin/time", ["-o", out, "-f", "%e %M", command, ...args], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const code = result.status ?? -1;
  const timing = readFileSync(out, "utf8").trim().split("\n").pop()!;
  rmSync(out, { force: true });
  if (!okCodes.includes(code)) {
    throw new Error(`${command} ${args.join(" ")} exited ${code}: ${String(result.stderr).slice(-500)}`);
  }
  const [seconds, kb] = timing.split(" ").map(Number);
  return { seconds: seconds!, peakRssMb: Math.round(kb! / 1024) };
}

export function median(samples: Sample[]): Sample {
  const by = <K extends keyof Sample>(k: K) => [...samples].sort((a, b) => a[k] - b[k])[Math.floor(samples.length / 2)]![k];
  return { seconds: by("seconds"), peakRssMb: by("peakRssMb") };
}

export function repeat(times: number, run: () => Sample): Sample {
  return median(Array.from({ length: times }, run));
}
