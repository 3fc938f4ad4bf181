export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Delay before retrying after `failures` consecutive failed iterations: doubles from the base
 * (the worker's own interval, at least one second) and never exceeds the cap.
 */
export function backoffDelay(failures: number, baseMs: number, capMs = BACKOFF_CAP_MS): number {
  if (failures <= 0) return 0;
  const base = Math.max(1, baseMs);
  return Math.min(capMs, base * 2 ** Math.min(failures - 1, 30));
}
