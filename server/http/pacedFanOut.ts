/**
 * Sends messages to many sockets at most `bytesPerTurn` per turn of the event loop, in the
 * order they were given. A finding change of a megabyte written to 200 subscribers kept the
 * event loop in writev for most of a second; paced, the iteration summaries and status pushes
 * that are sent directly go out between slices instead of waiting behind it. Everything that
 * must stay in order for a client (a set, then the changes to it) goes through one instance.
 */
export class PacedFanOut<C> {
  private readonly jobs: { bytes: Buffer; clients: readonly C[]; next: number }[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly write: (client: C, bytes: Buffer) => void,
    private readonly bytesPerTurn: number,
  ) {}

  /** Queues `bytes` for these clients: those chosen now, so one who subscribes later gets the whole set instead. */
  push(bytes: Buffer, clients: readonly C[]): void {
    if (clients.length === 0) return;
    this.jobs.push({ bytes, clients, next: 0 });
    this.scheduled ??= setImmediate(() => this.turn());
  }

  /** Messages queued and not yet written to every client. */
  get waiting(): number {
    return this.jobs.length;
  }

  clear(): void {
    this.jobs.length = 0;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
  }

  private turn(): void {
    this.scheduled = null;
    let budget = this.bytesPerTurn;
    while (this.jobs.length > 0 && budget > 0) {
      const job = this.jobs[0]!;
      while (job.next < job.clients.length && budget > 0) {
        this.write(job.clients[job.next++]!, job.bytes);
        budget -= job.bytes.length;
      }
      if (job.next === job.clients.length) this.jobs.shift();
    }
    if (this.jobs.length > 0) this.scheduled = setImmediate(() => this.turn());
  }
}
