import { statSync } from "node:fs";
import * as path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usageError";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs in strict mode, with its errors turned into one-line usage errors. */
export function parse<T extends Options>(args: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true as const });
  } catch (err) {
    throw new UsageError((err as Error).message.split("\n")[0]!.replace(/\. To specify a positional.*$/, ""));
  }
}

export function existingDirectory(dir: string, what: string): string {
  const resolved = path.resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(resolved).isDirectory();
  } catch {
    throw new UsageError(`${what} ${dir} does not exist`);
  }
  if (!isDir) throw new UsageError(`${what} ${dir} is not a directory`);
  return resolved;
}

export function nonNegativeNumber(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number ≥ 0, got "${value}"`);
  return n;
}

export function port(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, flag: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

/** The single DIR positional of analyze/plan/implement. */
export function workspaceArgument(positionals: string[], command: string): string {
  if (positionals.length === 0) throw new UsageError(`${command} needs a workspace folder: autocoder ${command} DIR`);
  if (positionals.length > 1) throw new UsageError(`${command} takes one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  return existingDirectory(positionals[0]!, "workspace");
}
