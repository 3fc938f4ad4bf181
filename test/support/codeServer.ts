import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { launchOrSkip } from "./chromium";
import { removeDir, tempDir } from "./tempDir";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Screenshots the tests save, for a person to look at. */
export const ARTIFACTS = path.join(REPO_ROOT, "test-results");

/** What scripts/install-code-server.sh installed, read from its installed.json. */
export interface CodeServerInstall {
  codeServerVersion: string;
  /** The Node 24 code-server requires. */
  node: string;
  entry: string;
}

function installDir(): string {
  return process.env.AUTOCODER_CODE_SERVER_DIR || path.join(os.homedir(), ".cache", "autocoder-code-server");
}

export function codeServerInstall(): CodeServerInstall | null {
  const manifest = path.join(installDir(), "installed.json");
  if (!existsSync(manifest)) return null;
  const install = JSON.parse(readFileSync(manifest, "utf8")) as CodeServerInstall;
  return existsSync(install.node) && existsSync(install.entry) ? install : null;
}

/** The install, or a skip with the way to get one — except in CI, where a missing install fails. */
export function codeServerOrSkip(ctx: Mocha.Context): CodeServerInstall {
  const install = codeServerInstall();
  if (install) return install;
  const how = `run scripts/install-code-server.sh (about 3 minutes; installs into ${installDir()})`;
  if (process.env.CI) throw new Error(`CI needs code-server for the VS Code tests: ${how}`);
  console.warn(`    (VS Code tests skipped: code-server is not installed; ${how})`);
  ctx.skip();
}

export interface CodeServerOptions {
  install: CodeServerInstall;
  /** Installed with --install-extension before the server starts. */
  vsix?: string;
  /** User settings.json. */
  settings?: Record<string, unknown>;
  /** More code-server flags, e.g. `--vscode-option enable-smoke-test-driver`. */
  extraArgs?: string[];
}

function run(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

/**
 * A real code-server (VS Code 1.139 in the browser) whose every write — settings, extensions,
 * logs, caches, temp files — goes to one temp folder that stop() removes, so runs neither see
 * each other nor the developer's own code-server. It runs in its own process group: stop()
 * signals the extension host and whatever the extension started (the Autocoder server) too.
 */
export class CodeServer {
  private output = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly home: string,
    private readonly exited: Promise<void>,
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const home = await tempDir({}, "autocoder-code-server-");
    const dirs = {
      userData: path.join(home, "user-data"),
      extensions: path.join(home, "extensions"),
      tmp: path.join(home, "tmp"),
    };
    for (const dir of Object.values(dirs)) await fs.mkdir(dir, { recursive: true });
    await fs.mkdir(path.join(dirs.userData, "User"), { recursive: true });
    await fs.writeFile(path.join(dirs.userData, "User", "settings.json"), JSON.stringify(options.settings ?? {}, null, 2));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      TMPDIR: dirs.tmp,
      XDG_CONFIG_HOME: path.join(home, ".config"),
      XDG_DATA_HOME: path.join(home, ".local", "share"),
      XDG_CACHE_HOME: path.join(home, ".cache"),
      // No marketplace: this machine reaches no gallery, and a test must not depend on one.
      EXTENSIONS_GALLERY: "{}",
    };
    // The extension must get tokens and the Hub's URL from its settings and secrets, not from the developer's shell.
    for (const name of ["AUTOCODER_TOKEN", "AUTOCODER_REPO", "HF_TOKEN", "HF_ENDPOINT"]) delete env[name];
    const common = ["--config", path.join(home, "config.yaml"), "--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions];
    const { node, entry } = options.install;

    if (options.vsix) {
      const installed = await run(spawn(node, [entry, ...common, "--install-extension", options.vsix], { env, stdio: ["ignore", "pipe", "pipe"] }));
      if (installed.code !== 0 || !/successfully installed/.test(installed.output)) {
        await removeDir(home);
        throw new Error(`code-server --install-extension ${options.vsix} failed (exit ${installed.code}):\n${installed.output}`);
      }
    }

    const child = spawn(
      node,
      [entry, ...common, "--auth", "none", "--bind-addr", "127.0.0.1:0", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", ...(options.extraArgs ?? [])],
      { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
      const onData = (d: Buffer) => {
        output += d;
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`code-server exited before listening:\n${output}`));
      });
    }).catch(async (err: Error) => {
      killGroup(child, "SIGKILL");
      await removeDir(home);
      throw err;
    });
    const server = new CodeServer(child, url, home, exited);
    server.output = output;
    child.stdout!.on("data", (d) => (server.output += d));
    child.stderr!.on("data", (d) => (server.output += d));
    return server;
  }

  /** The workbench with `folder` open. */
  folderUrl(folder: string): string {
    return `${this.url}/?folder=${encodeURIComponent(folder)}`;
  }

  /** code-server's own output, for a failing test's message. */
  log(): string {
    return this.output;
  }

  /** The text of every log file whose path contains `part`, e.g. the extension's output channel. */
  async logFiles(part: string): Promise<string> {
    const root = path.join(this.home, "user-data", "logs");
    const files = existsSync(root) ? ((await fs.readdir(root, { recursive: true })) as string[]) : [];
    const texts = await Promise.all(files.filter((f) => f.includes(part) && f.endsWith(".log")).map((f) => fs.readFile(path.join(root, f), "utf8")));
    return texts.join("\n");
  }

  /** SIGTERM to the whole group (the extension's server flushes its store), SIGKILL after 10 s; removes the temp folder. */
  async stop(): Promise<void> {
    killGroup(this.child, "SIGTERM");
    const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), 10_000);
    await this.exited;
    // The group outlives its leader while children finish their shutdown.
    const end = Date.now() + 10_000;
    while (groupAlive(this.child) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(this.child)) killGroup(this.child, "SIGKILL");
    clearTimeout(timer);
    await removeDir(this.home);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm run package`, as a user or CI builds the extension, into `out`. */
export async function packageExtension(out: string): Promise<void> {
  const child = spawn("npm", ["run", "--silent", "package", "--", "--out", out], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0 || !existsSync(out)) throw new Error(`npm run package failed (exit ${code}):\n${output}`);
}

export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.fill(`>${title}`);
  // The first row must be exactly this command, or Enter would run another one.
  await page.locator(".quick-input-list .monaco-list-row").first().filter({ hasText: title }).waitFor();
  await input.press("Enter");
  // The next F1 must open a fresh palette, not land in this one while it closes.
  await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
}

/** The settings every end-to-end run starts from: no start page, no AI side bar, no telemetry. */
const QUIET_WORKBENCH = {
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "telemetry.telemetryLevel": "off",
};

export interface ExtensionInCodeServer {
  codeServer: CodeServer;
  browser: Browser;
  /** Stops code-server and the browser and removes the packaged .vsix. */
  stop(): Promise<void>;
}

/**
 * What every end-to-end test starts with: the .vsix packaged as a user builds it, installed
 * into a fresh code-server with a quiet workbench and these settings, and Chromium. Skips the
 * suite (or fails under CI) where code-server or Chromium is missing.
 */
export async function startExtensionInCodeServer(ctx: Mocha.Context, settings: Record<string, unknown>): Promise<ExtensionInCodeServer> {
  const install = codeServerOrSkip(ctx);
  const browser = await launchOrSkip(ctx);
  const scratch = await tempDir();
  try {
    const vsix = path.join(scratch, "autocoder.vsix");
    await packageExtension(vsix);
    const codeServer = await CodeServer.start({ install, vsix, settings: { ...QUIET_WORKBENCH, ...settings } });
    return {
      codeServer,
      browser,
      stop: async () => {
        await browser.close();
        await codeServer.stop();
        await removeDir(scratch);
      },
    };
  } catch (err) {
    await browser.close();
    await removeDir(scratch);
    throw err;
  }
}

/** Opens the workbench on `folder` and resolves with the Autocoder container's activity-bar item once the extension contributed it. */
export async function openWorkbench(page: Page, codeServer: CodeServer, folder: string): Promise<Locator> {
  // code-server serves the workbench slowly while other builds load the machine.
  await page.goto(codeServer.folderUrl(folder), { timeout: 120_000, waitUntil: "domcontentloaded" });
  await page.waitForSelector(".monaco-workbench", { timeout: 90_000 });
  const container = page.locator('.activitybar .action-item a[aria-label="Autocoder"], .activitybar .action-item[aria-label="Autocoder"]').first();
  await container.waitFor({ timeout: 60_000 });
  return container;
}

/**
 * Runs a test's steps on `page`; when one fails, saves a screenshot as test-results/<name>.png
 * and adds the extension's log to the error, which is what it takes to tell why.
 */
export async function reportingFailure(page: Page, codeServer: CodeServer, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (err) {
    await fs.mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) }).catch(() => {});
    (err as Error).message += `\n--- extension log ---\n${await codeServer.logFiles("autocoder")}`;
    throw err;
  }
}
