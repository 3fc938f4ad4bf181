import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

export const CLI = path.resolve(__dirname, "..", "..", "dist", "cli.js");

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** How the server process is run: as another user, or under a file size limit (the kernel's, not a mock). */
export interface Launch {
  uid?: number;
  gid?: number;
  /** `ulimit -f`, in the shell's 512-byte blocks: writes past it fail with EFBIG. */
  fileSizeBlocks?: number;
  /** A command that ends in `serve` (the Space's entrypoint), run in `cwd` instead of dist/cli.js serve. */
  entrypoint?: { command: string[]; cwd: string };
}

/** Starts `dist/cli.js serve` and resolves once it prints its listening line. */
export function startServerProcess(args: string[], env: NodeJS.ProcessEnv = {}, launch: Launch = {}): Promise<ServerProcess> {
  const [program, ...programArgs] = launch.entrypoint ? launch.entrypoint.command : [process.execPath, CLI, "serve"];
  const serve = [...programArgs, "--port", "0", "--max-load", "0", ...args];
  const [command, argv] =
    launch.fileSizeBlocks === undefined
      ? [program!, serve]
      : ["/bin/sh", ["-c", `ulimit -f ${launch.fileSizeBlocks} && exec "$0" "$@"`, program!, ...serve]];
  const child = spawn(command, argv, {
    ...(launch.entrypoint ? { cwd: launch.entrypoint.cwd } : {}),
    env: { ...process.env, AUTOCODER_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(launch.uid !== undefined ? { uid: launch.uid } : {}),
    ...(launch.gid !== undefined ? { gid: launch.gid } : {}),
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stderr!.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time; stderr:\n${stderr}`)), 15_000);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr:\n${stderr}`));
    });
    child.stdout!.on("data", (d) => {
      stdout += d;
      const match = /^Autocoder listening on (http:\/\/\S+:(\d+))$/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1]!,
        port: Number(match[2]),
        stderr: () => stderr,
        exited,
        stop: (signal = "SIGTERM") => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
  });
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}
