import { Injectable } from '@nestjs/common';
import { RevisionProbe } from './revision-probe';

/** What one catalog revision has cached: answers by key, and anything else derived from it. */
export class RevisionCache {
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(
    readonly revision: string,
    /** False for a request that read an older revision than the process's current one: nothing is kept. */
    private readonly keep: boolean,
  ) {}

  /** The value for `key` at this revision, loaded once (concurrent callers share the load; a failed load is not kept). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.answers.get(key) as Promise<T> | undefined;
    if (cached) return cached;
    const loading = load();
    if (this.keep && this.answers.size < MAX_ENTRIES) {
      this.answers.set(key, loading);
      loading.then(
        (value) => {
          // A draft may be megabytes: past the budget, such answers are read each time instead.
          const size = sizeOf(value);
          if (size > MAX_ANSWER_CHARS || this.chars + size > MAX_CHARS) this.answers.delete(key);
          else this.chars += size;
        },
        () => this.answers.delete(key),
      );
    }
    return loading;
  }

  private chars = 0;
}

/** Characters (or bytes) of a cached answer: text, or pieces of text and bytes. */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, part: unknown) => sum + (typeof part === 'string' || Buffer.isBuffer(part) ? part.length : 0), 0);
  return 0;
}

/** One answer larger than this is read each time (streamed from the database) rather than kept. */
const MAX_ANSWER_CHARS = 4 * 1024 * 1024;

/** Characters of cached JSON kept per revision. */
const MAX_CHARS = 64 * 1024 * 1024;

/** Distinct answers kept per revision (list queries vary by page, sort and filter); past it, answers are computed each time. */
const MAX_ENTRIES = 2000;

/**
 * Catalog answers cached per catalog revision. Every request reads the revision (one primary-key
 * row that the database bumps in the same transaction as any catalog write, see
 * readCatalogRevision; concurrent requests share reads, see RevisionProbe), so a write committed
 * on one API process is seen by the next request on every other: nothing is served from a
 * revision older than the one the request read.
 *
 * The revision is read before the answer is loaded: a write committed in between makes the
 * cached answer newer than its revision, never older, and the next request reads the newer
 * revision and loads again.
 */
@Injectable()
export class CatalogCache {
  private current?: RevisionCache;

  constructor(private readonly probe: RevisionProbe) {}

  /** The cache of the revision the database holds now. */
  async revision(): Promise<RevisionCache> {
    const revision = (await this.probe.current()).catalog;
    const current = this.current;
    if (current?.revision === revision) return current;
    // Revisions only grow; a request that read an older one than another request already saw keeps nothing.
    if (current && BigInt(revision) < BigInt(current.revision)) return new RevisionCache(revision, false);
    this.current = new RevisionCache(revision, true);
    return this.current;
  }
}
