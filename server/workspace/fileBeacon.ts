// Which workspace file this thread is working on right now. The analysis thread installs a
// beacon that writes it to memory its parent can read, so a watchdog on the server's own
// thread can tell which file a pass is stuck on (a rule or a parser that never returns)
// while the stuck thread cannot answer. Without a beacon installed this costs one check.
// It is module state on purpose: it reports where the work is, it never changes a result.

export interface FileBeacon {
  enter(path: string): void;
  leave(): void;
}

let installed: FileBeacon | null = null;

export function installFileBeacon(beacon: FileBeacon | null): void {
  installed = beacon;
}

/** Runs per-file work with the beacon pointing at `path`. */
export function workingOn<T>(path: string, work: () => T): T {
  const beacon = installed;
  if (!beacon) return work();
  beacon.enter(path);
  try {
    return work();
  } finally {
    beacon.leave();
  }
}
