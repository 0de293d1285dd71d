import { Worker } from 'node:worker_threads';
import { EntryHasher, hashEntry, RecomputedEntry } from './entry-recompute';

/**
 * Takes the hashing off the thread that reads and serialises entries: on two cores, the
 * database sends, this thread writes each entry's JSON, and a worker thread takes the chain
 * hash and the leaf hash of the entries before — whole-log verification is CPU bound, and
 * the hashing was about 40% of this process's share.
 *
 * The two threads share a ring of slots (SharedArrayBuffers): this thread writes entries
 * straight into a slot (prev_hash ‖ JSON, and the stored hash; copying them in would take V8's
 * slow path for shared memory), hands it over with Atomics and fills the next; when it comes
 * back round to a slot, it waits for the worker to have hashed it and hands its entries on, in
 * order. Waiting there is what holds this thread (and so the COPY stream from the database)
 * back when the worker falls behind.
 */

/** Entries, and bytes of entries, per slot (by default); an entry larger than a slot is hashed on this thread. */
const SLOT_ENTRIES = 4096;
const SLOT_BYTES = 8 * 1024 * 1024;
const SLOTS = 3;

export interface SlotSize {
  entries: number;
  bytes: number;
}

/** A slot's state, `control[0]` (`control[1]` holds its entry count). */
const FREE = 0;
const SUBMITTED = 1;
const DONE = 2;
const CLOSE = 3;
const FAILED = 4;
/** A slot's entry: 0 no format allows its fields (zero leaf, not intact), 1 leaf only (its hashes are no hashes), 2 leaf and chain hash. */
const UNREPRESENTABLE = 0;
const LEAF_ONLY = 1;
const LEAF_AND_CHAIN = 2;
const HASH_TEXT_LENGTH = 64;
/** How long to wait for the worker before deciding it is gone. */
const WAIT_MS = 60_000;

/** The worker: plain JavaScript run with `eval`, so that it needs no module resolution (source, tests or dist alike). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
const slots = workerData.slots.map((shared) => ({
  control: new Int32Array(shared.control), mode: new Uint8Array(shared.mode), offsets: new Int32Array(shared.offsets),
  input: Buffer.from(shared.input), stored: Buffer.from(shared.stored), leaves: Buffer.from(shared.leaves), intact: new Uint8Array(shared.intact),
}));
let k = 0;
try {
  for (;;) {
    const slot = slots[k];
    // Until it is handed over: it may still be DONE, not yet taken back by the other thread.
    for (let state; (state = Atomics.load(slot.control, 0)) !== ${SUBMITTED} && state !== ${CLOSE}; ) Atomics.wait(slot.control, 0, state);
    if (Atomics.load(slot.control, 0) === ${CLOSE}) break;
    for (let i = 0, count = slot.control[1]; i < count; i++) {
      const start = slot.offsets[i], end = slot.offsets[i + 1], mode = slot.mode[i];
      slot.intact[i] = 0;
      if (mode === ${UNREPRESENTABLE}) continue;
      // entry i: input[start + 1, start + 65) its prev_hash, then its JSON: the chain hash covers both, the leaf 0x00 and the JSON.
      if (mode === ${LEAF_AND_CHAIN}) slot.intact[i] = hash('sha256', slot.input.subarray(start + 1, end), 'hex') === slot.stored.toString('latin1', 64 * i, 64 * i + 64) ? 1 : 0;
      slot.input[start + 64] = 0;
      slot.leaves.write(hash('sha256', slot.input.subarray(start + 64, end), 'hex'), 32 * i, 'hex');
    }
    Atomics.store(slot.control, 0, ${DONE});
    Atomics.notify(slot.control, 0);
    k = (k + 1) % slots.length;
  }
} catch (error) {
  Atomics.store(slots[k].control, 0, ${FAILED});
  Atomics.notify(slots[k].control, 0);
  throw error;
}
`;

interface Slot {
  control: Int32Array;
  mode: Uint8Array;
  /** Entry i is input[offsets[i], offsets[i + 1]), laid out as EntryHasher describes. */
  offsets: Int32Array;
  input: Buffer;
  stored: Buffer;
  leaves: Buffer;
  intact: Uint8Array;
  /** This thread's own: the entries in the slot, and the input bytes used. */
  entries: RecomputedEntry[];
  used: number;
}

function sharedSlot({ entries, bytes }: SlotSize): { slot: Slot; shared: Record<string, SharedArrayBuffer> } {
  const shared = {
    control: new SharedArrayBuffer(8),
    mode: new SharedArrayBuffer(entries),
    offsets: new SharedArrayBuffer(4 * (entries + 1)),
    input: new SharedArrayBuffer(bytes),
    stored: new SharedArrayBuffer(HASH_TEXT_LENGTH * entries),
    leaves: new SharedArrayBuffer(32 * entries),
    intact: new SharedArrayBuffer(entries),
  };
  const slot: Slot = {
    control: new Int32Array(shared.control),
    mode: new Uint8Array(shared.mode),
    offsets: new Int32Array(shared.offsets),
    input: Buffer.from(shared.input),
    stored: Buffer.from(shared.stored),
    leaves: Buffer.from(shared.leaves),
    intact: new Uint8Array(shared.intact),
    entries: [],
    used: 0,
  };
  return { slot, shared };
}

export class EntryHashingWorker implements EntryHasher {
  private readonly slots: Slot[];
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  /** The slot being filled; the ones after it, round the ring, are with the worker (oldest first) or free. */
  private current = 0;
  /** Where the recomputer writes the next entry: the current slot's input, or `spare` for an entry larger than a slot. */
  out: Buffer;
  private spare = Buffer.alloc(0);
  private oversized = false;
  private onEntry: (entry: RecomputedEntry) => void = () => {
    throw new Error('EntryHashingWorker: no run to hand entries to');
  };

  constructor(private readonly size: SlotSize = { entries: SLOT_ENTRIES, bytes: SLOT_BYTES }) {
    const slots = Array.from({ length: SLOTS }, () => sharedSlot(size));
    this.slots = slots.map(({ slot }) => slot);
    this.out = this.slots[0].input;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { slots: slots.map(({ shared }) => shared) } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('error', () => undefined); // its failure reaches the waiting thread through the slot (FAILED)
  }

  /** This worker as the hasher of one run, handing its entries to `onEntry`. */
  hasher(onEntry: (entry: RecomputedEntry) => void): EntryHasher {
    this.onEntry = onEntry;
    return this;
  }

  room(size: number): number {
    let slot = this.slots[this.current];
    if (slot.entries.length === this.size.entries || slot.used + size > this.size.bytes) slot = this.submit();
    this.oversized = size > this.size.bytes;
    if (this.oversized) {
      if (this.spare.length < size) this.spare = Buffer.alloc(size);
      this.out = this.spare;
      return 0;
    }
    this.out = slot.input;
    return slot.used;
  }

  add(entry: RecomputedEntry, base: number, end: number): void {
    if (this.oversized) {
      this.flush(); // everything before it first
      return this.onEntry(hashEntry(entry, this.spare, base, end));
    }
    const slot = this.slots[this.current];
    const i = slot.entries.length;
    slot.entries.push(entry);
    slot.offsets[i] = base;
    slot.offsets[i + 1] = slot.used = end < 0 ? base : end;
    const chained = entry.prevHash.length === HASH_TEXT_LENGTH && entry.hash.length === HASH_TEXT_LENGTH;
    slot.mode[i] = end < 0 ? UNREPRESENTABLE : chained ? LEAF_AND_CHAIN : LEAF_ONLY;
    if (chained) slot.stored.write(entry.hash, HASH_TEXT_LENGTH * i, 'latin1');
  }

  flush(): void {
    this.submit();
    for (let k = 1; k < SLOTS; k++) this.deliver(this.slots[(this.current + k) % SLOTS]);
  }

  /** Lets the worker go; call once every run is flushed. */
  async close(): Promise<void> {
    const slot = this.slots[this.current]; // the one the worker waits on next
    Atomics.store(slot.control, 0, CLOSE);
    Atomics.notify(slot.control, 0);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([this.exited, timeout]);
    await this.worker.terminate();
  }

  /** Hands the slot being filled to the worker and returns the next one, free (its entries handed on, if it was in use). */
  private submit(): Slot {
    const slot = this.slots[this.current];
    if (slot.entries.length) {
      slot.control[1] = slot.entries.length;
      Atomics.store(slot.control, 0, SUBMITTED);
      Atomics.notify(slot.control, 0);
      this.current = (this.current + 1) % SLOTS;
    }
    const next = this.slots[this.current];
    this.deliver(next);
    return next;
  }

  /** Waits for the worker to have hashed the slot (if it is with it) and hands its entries on. */
  private deliver(slot: Slot): void {
    if (Atomics.load(slot.control, 0) === FREE) return;
    while (Atomics.load(slot.control, 0) === SUBMITTED) {
      if (Atomics.wait(slot.control, 0, SUBMITTED, WAIT_MS) === 'timed-out') throw new Error(`the hashing worker did not answer in ${WAIT_MS} ms`);
    }
    if (Atomics.load(slot.control, 0) !== DONE) throw new Error('the hashing worker failed');
    const count = slot.entries.length;
    const leaves = Buffer.from(slot.leaves.subarray(0, 32 * count)); // a copy: the slot is reused, the leaves are kept
    const { entries, intact, mode } = slot;
    slot.entries = [];
    slot.used = 0;
    // The worker leaves the slot alone until it is submitted again, which only this thread does.
    Atomics.store(slot.control, 0, FREE);
    for (let i = 0; i < count; i++) {
      const entry = entries[i];
      if (mode[i] !== UNREPRESENTABLE) {
        entry.leaf = leaves.subarray(32 * i, 32 * i + 32);
        entry.intact = intact[i] === 1;
      }
      this.onEntry(entry);
    }
  }
}
