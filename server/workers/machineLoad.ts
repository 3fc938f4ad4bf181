import * as os from "node:os";

export interface LoadVerdict {
  busy: boolean;
  /** Words for the status line when busy. */
  reason: string | null;
}

export type LoadGate = () => LoadVerdict;

/** Pure: is a 1-minute load average above the allowed share of the cores? `maxShare` 0 disables. */
export function judgeLoad(load1: number, cores: number, maxShare: number): LoadVerdict {
  if (maxShare <= 0 || cores <= 0) return { busy: false, reason: null };
  const share = load1 / cores;
  if (share <= maxShare) return { busy: false, reason: null };
  return {
    busy: true,
    reason: `machine busy: load ${load1.toFixed(2)} on ${cores} cores is above ${Math.round(maxShare * 100)}%; waiting between iterations so your editor stays responsive`,
  };
}

export function systemLoadGate(maxShare: number): LoadGate {
  return () => judgeLoad(os.loadavg()[0] ?? 0, os.availableParallelism?.() ?? os.cpus().length, maxShare);
}
