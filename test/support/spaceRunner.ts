import { spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { HubStandInOptions } from "./hubStandIn";
import { tempDir } from "./tempDir";

/**
 * What the Hub does with a Docker Space after a commit, on this machine: the uploaded files
 * go into a fresh folder and the Dockerfile's CMD runs there (this machine has no Docker
 * engine), with the Space's secrets and variables as its environment, as a Space gets them.
 * The port is any free one, the data folder a temp one, and the load pause is off (this shared
 * test machine is busier than a Space), given as arguments the entrypoint passes on last;
 * everything else is the container's. Each Space's stderr is kept in `logs`.
 */
export function spaceRunner(children: ChildProcess[], dirs: string[], logs: Map<string, string>) {
  return async (space: Parameters<NonNullable<HubStandInOptions["runSpace"]>>[0]) => {
    const dir = await tempDir();
    dirs.push(dir);
    for (const [file, content] of space.files) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), content);
    }
    const dockerfile = space.files.get("Dockerfile")?.toString("utf8") ?? "";
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? "null") as string[] | null;
    if (!cmd) throw new Error("Error: the Dockerfile has no CMD");
    const data = await tempDir();
    dirs.push(data);
    const child = spawn(cmd[0]!, [...cmd.slice(1), "--port", "0", "--data", data, "--max-load", "0"], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...Object.fromEntries(space.variables), ...Object.fromEntries(space.secrets) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    return new Promise<{ host: string }>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stderr!.on("data", (d) => {
        err += d;
        logs.set(space.id, err);
      });
      child.once("exit", (code) => reject(new Error(`${err.trim()}\nthe container exited with code ${code}`)));
      child.stdout!.on("data", (d) => {
        out += d;
        const m = /Autocoder listening on http:\/\/[^:]+:(\d+)/.exec(out);
        if (m) resolve({ host: `http://127.0.0.1:${m[1]}` });
      });
    });
  };
}
