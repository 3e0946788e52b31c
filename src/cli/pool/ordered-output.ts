/**
 * Outcomes handed on in job order, whatever order they finish in: each waits until
 * every job before it has been handed on. The hand-off is one promise chain, so a
 * slow writer holds back the next outcome rather than interleaving with it.
 */
export class OrderedOutput<T> {
  private readonly waiting = new Map<number, T>();
  private next = 0;
  private chain = Promise.resolve();

  /**
   * `emit` writes one outcome; `afterFlush` runs once the outcomes ready have been
   * written; `fail` gets an error of either; while `stopped()`, nothing more is written.
   */
  constructor(
    private readonly emit: (outcome: T) => Promise<void>,
    private readonly afterFlush: () => void,
    private readonly fail: (err: unknown) => void,
    private readonly stopped: () => boolean,
  ) {}

  /** How many outcomes have been handed on: the id of the next one to go. */
  get emitted(): number {
    return this.next;
  }

  settle(index: number, outcome: T): void {
    this.waiting.set(index, outcome);
    this.chain = this.chain
      .then(async () => {
        while (!this.stopped() && this.waiting.has(this.next)) {
          const ready = this.waiting.get(this.next)!;
          this.waiting.delete(this.next);
          this.next++;
          await this.emit(ready);
        }
        this.afterFlush();
      })
      .catch((err) => this.fail(err));
  }
}
