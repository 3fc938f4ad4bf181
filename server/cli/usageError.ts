/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
