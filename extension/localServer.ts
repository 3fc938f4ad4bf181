import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";

// The extension's local connection: it runs the bundled server for a workspace folder, as
// vscode-eslint and rust-analyzer run theirs. Nothing here imports `vscode`, so it is tested
// in plain Node against the real CLI; the extension wires its states into the UI.

export type LocalServerState =
  | { kind: "starting" }
  | { kind: "running"; url: string }
  | { kind: "restarting"; exitCode: number | null; signal: string | null; inMs: number }
  | { kind: "stopped" }
  | { kind: "failed"; reason: string };

export interface LocalServerOptions {
  /** dist/cli.js of the bundled server. */
  cliPath: string;
  workspace: string;
  dataDir?: string;
  extraArgs?: string[];
  /** The Node that runs the server; the extension host's own by default. */
  nodePath?: string;
  log: (line: string) => void;
  restartDelaysMs?: number[];
  startTimeoutMs?: number;
  /** Give up after this many crashes within `crashWindowMs`. */
  maxCrashes?: number;
  crashWindowMs?: number;
}

const LISTENING = /^Autocoder listening on (http:\/\/\S+)$/m;

export class LocalServer {
  private child: ChildProcess | null = null;
  private stopping = false;
  private crashes: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(state: LocalServerState) => void>();
  private readonly opts: Required<Omit<LocalServerOptions, "dataDir">> & Pick<LocalServerOptions, "dataDir">;
  /** One token for the server's lifetime: a restarted server accepts the same client. */
  readonly token = randomBytes(32).toString("hex");
  state: LocalServerState = { kind: "stopped" };

  constructor(options: LocalServerOptions) {
    this.opts = {
      extraArgs: [],
      nodePath: process.execPath,
      restartDelaysMs: [1_000, 2_000, 5_000, 10_000, 30_000],
      startTimeoutMs: 20_000,
      maxCrashes: 5,
      crashWindowMs: 3 * 60_000,
      ...options,
    };
  }

  onDidChangeState(listener: (state: LocalServerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the server and resolves with its URL once it prints the listening line. */
  async start(): Promise<string> {
    this.stopping = false;
    this.crashes = [];
    return this.launch();
  }

  /** SIGTERM (the server finishes or abandons its iteration and flushes), SIGKILL after 5 s. Idempotent. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    this.setState({ kind: "stopped" });
  }

  private launch(): Promise<string> {
    this.setState({ kind: "starting" });
    const args = [this.opts.cliPath, "serve", "--workspace", this.opts.workspace, "--port", "0", ...(this.opts.dataDir ? ["--data", this.opts.dataDir] : []), ...this.opts.extraArgs];
    // The token goes through the environment, never argv: other users can read argv (ps).
    // In desktop VS Code process.execPath is Electron, which runs a script as Node only with
    // ELECTRON_RUN_AS_NODE; plain Node (code-server, tests) ignores it.
    const env = { ...process.env, AUTOCODER_TOKEN: this.token, ELECTRON_RUN_AS_NODE: "1" };
    const child = spawn(this.opts.nodePath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const stderrTail: string[] = [];
    let stdout = "";
    let listening = false;
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n").filter(Boolean)) {
        this.opts.log(line);
        stderrTail.push(line);
        if (stderrTail.length > 5) stderrTail.shift();
      }
    });
    return new Promise<string>((resolve, reject) => {
      const timeout = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the Autocoder server did not start within ${this.opts.startTimeoutMs / 1000} s${stderrTail.length ? `: ${stderrTail.join(" / ")}` : ""}`));
      }, this.opts.startTimeoutMs);
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const match = listening ? null : LISTENING.exec(stdout);
        if (!match) return;
        listening = true;
        clearTimeout(timeout);
        this.setState({ kind: "running", url: match[1]! });
        resolve(match[1]!);
      });
      child.once("error", (err) => {
        clearTimeout(timeout);
        this.fail(`the Autocoder server could not be started: ${err.message}`);
        reject(err);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timeout);
        if (this.child === child) this.child = null;
        if (!listening) {
          const reason = stderrTail.length ? stderrTail[stderrTail.length - 1]! : `it exited with code ${code ?? signal}`;
          this.fail(`the Autocoder server did not start: ${reason}`);
          reject(new Error(reason));
          return;
        }
        if (!this.stopping) this.crashed(code, signal);
      });
    });
  }

  /** An unexpected exit after it was listening: restart with a growing delay, or give up on a crash loop. */
  private crashed(code: number | null, signal: NodeJS.Signals | null): void {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.opts.crashWindowMs), now];
    if (this.crashes.length >= this.opts.maxCrashes) {
      this.fail(`the Autocoder server stopped ${this.crashes.length} times within ${Math.round(this.opts.crashWindowMs / 60_000)} minutes; see the Autocoder output for why, then start it again`);
      return;
    }
    const delays = this.opts.restartDelaysMs;
    const inMs = delays[Math.min(this.crashes.length - 1, delays.length - 1)]!;
    this.opts.log(`the Autocoder server exited (${code ?? signal}); restarting in ${inMs / 1000} s`);
    this.setState({ kind: "restarting", exitCode: code, signal, inMs });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopping) this.launch().catch((err: Error) => this.opts.log(`restart failed: ${err.message}`));
    }, inMs);
  }

  private fail(reason: string): void {
    this.setState({ kind: "failed", reason });
  }

  private setState(state: LocalServerState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
