/** A call journal in memory, for the batch specs: what was recorded, by item and call key. */
import type { CallJournal } from '../../lib/batch/journal.js';

/** A `CallJournal` over a Map, with the entries open for inspection. */
export class MemoryJournal implements CallJournal {
  readonly entries = new Map<string, Map<string, string>>();

  async load(item: string): Promise<ReadonlyMap<string, string>> {
    return new Map(this.entries.get(item));
  }

  async record(item: string, call: string, json: string): Promise<void> {
    if (!this.entries.has(item)) this.entries.set(item, new Map());
    this.entries.get(item)!.set(call, json);
  }

  async close(): Promise<void> {}

  /** Every call key recorded, across items. */
  calls(): string[] {
    return [...this.entries.values()].flatMap((m) => [...m.keys()]);
  }
}
