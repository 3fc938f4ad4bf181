import type { FileBeacon } from "../workspace";

// The analysis thread's beacon, in memory shared with the server's thread: slot 0 counts every
// step into or out of a file (progress), slot 1 holds the index of the job's file being worked
// on plus one (0: none). Atomics keep the reads whole; a stuck thread cannot answer a message,
// but its last write here stays readable.

const PROGRESS = 0;
const FILE = 1;

export function newBeaconMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

export interface BeaconReading {
  progress: number;
  /** Index into the current job's files, or null when the work is not inside one file. */
  fileIndex: number | null;
}

export function readBeacon(memory: SharedArrayBuffer): BeaconReading {
  const slots = new Int32Array(memory);
  const file = Atomics.load(slots, FILE);
  return { progress: Atomics.load(slots, PROGRESS), fileIndex: file > 0 ? file - 1 : null };
}

/** The writing side, installed in the analysis thread. */
export class SharedFileBeacon implements FileBeacon {
  private readonly slots: Int32Array;
  private indexOf = new Map<string, number>();
  private readonly stack: number[] = [];

  constructor(memory: SharedArrayBuffer) {
    this.slots = new Int32Array(memory);
  }

  /** The files of the job about to run, in the order the parent knows them. */
  startJob(paths: readonly string[]): void {
    this.indexOf = new Map(paths.map((p, i) => [p, i]));
    this.stack.length = 0;
    this.write(0);
  }

  enter(path: string): void {
    const index = this.indexOf.get(path);
    this.stack.push(index === undefined ? 0 : index + 1);
    this.write(this.stack[this.stack.length - 1]!);
  }

  leave(): void {
    this.stack.pop();
    this.write(this.stack.length ? this.stack[this.stack.length - 1]! : 0);
  }

  private write(file: number): void {
    Atomics.store(this.slots, FILE, file);
    Atomics.add(this.slots, PROGRESS, 1);
  }
}
