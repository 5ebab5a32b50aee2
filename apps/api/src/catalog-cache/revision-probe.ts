import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readRevisions, type Revisions } from '@signalbox/persistence';

/**
 * Reads the catalog and key revisions with as few round trips as the load allows, without ever
 * answering older than the caller's arrival: each caller gets the result of a read that was sent
 * after it asked. A caller that finds no read in flight sends one; callers that arrive while one is
 * in flight (it may have been sent before they asked) share the next read, sent when that one
 * ends. Under 50 concurrent requests that is a round trip or two per wave of requests instead of
 * two per request, and a write committed before a request arrived — on any API process — is still
 * seen by it.
 */
export class CoalescedReads<T> {
  private running?: Promise<T>;
  private queued?: Promise<T>;

  constructor(private readonly read: () => Promise<T>) {}

  current(): Promise<T> {
    if (!this.running) return this.send();
    this.queued ??= this.running.then(settled, settled).then(() => {
      this.queued = undefined;
      return this.send();
    });
    return this.queued;
  }

  private send(): Promise<T> {
    const sent = this.read();
    this.running = sent;
    const done = () => {
      if (this.running === sent) this.running = undefined;
    };
    sent.then(done, done);
    return sent;
  }
}

const settled = () => undefined;

/** The revisions every authenticated request reads before answering from the process's memory. */
@Injectable()
export class RevisionProbe {
  private readonly reads: CoalescedReads<Revisions>;

  constructor(dataSource: DataSource) {
    this.reads = new CoalescedReads(() => readRevisions(dataSource));
  }

  /** Revisions read after this call. */
  current(): Promise<Revisions> {
    return this.reads.current();
  }
}
