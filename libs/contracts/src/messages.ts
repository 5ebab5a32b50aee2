import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { BulkOperationState } from './bulk';
import type { IncidentDecision, IncidentResolution } from './incidents';
import type { LetterManifestEntry } from './letter-batches';
import type { WireServiceOrder } from './provider-wire';
import type { CorrelatedMessage, NamedSignal, OrderResponse, RunState } from './temporal';
import type { ServiceQueueAcquired, ServiceQueueGrant, ServiceQueueRelease, ServiceQueueRequest, ServiceQueueState } from './service-queue';

/*
 * Typed signal and query definitions, shared by the workflows (setHandler), the API and the
 * worker's activities (handle.signal / query / signalWithStart) and the tests: each name and its
 * payload type are written once, here. They are the same plain objects @temporalio/workflow's
 * defineSignal/defineQuery build, made without importing the workflow runtime (which only runs in
 * the sandbox); the SDK types are type-only imports, keeping this barrel browser- and
 * sandbox-safe. The names are recorded in histories: never rename one.
 */

// The definitions' type brands are virtual (absent at run time), hence the casts — as in the SDK.
const signal = <Args extends unknown[]>() => <Name extends string>(name: Name) => ({ type: 'signal', name }) as SignalDefinition<Args, Name>;
const update = <Ret, Args extends unknown[]>() => <Name extends string>(name: Name) => ({ type: 'update', name }) as UpdateDefinition<Ret, Args, Name>;
const query = <Ret, Args extends unknown[] = []>() => <Name extends string>(name: Name) => ({ type: 'query', name }) as QueryDefinition<Ret, Args, Name>;

/** A run's per-node state (the designer's overlay, the API's run view). */
export const stateQuery = query<RunState>()('signalbox.state');
/** A provider's answer to a queued-mode order (the API's response endpoint). */
export const orderResponseSignal = signal<[OrderResponse]>()('signalbox.orderResponse');
/** sending activity → file provider's open batch (signal-with-start): one order to write. */
export const fileBatchOrderSignal = signal<[WireServiceOrder]>()('signalbox.fileBatch.order');
/** communication activity → letter provider's open print batch (signal-with-start): one letter's manifest line. */
export const letterBatchLetterSignal = signal<[LetterManifestEntry]>()('signalbox.letterBatch.letter');
/** A named business signal a wait-for-signal node waits on. */
export const namedSignal = signal<[NamedSignal]>()('signalbox.signal');
/** A correlated business message for a message wait; answers `{ accepted: true }` or is refused by the validator. */
export const messageUpdate = update<{ accepted: true }, [CorrelatedMessage]>()('signalbox.message');

/**
 * An operator's decision for a step parked as an incident (retry / skip / fail). The run's
 * validator refuses it when no such incident is open, so the API answers truthfully.
 */
export const incidentUpdate = update<IncidentResolution, [IncidentDecision]>()('signalbox.incident');

/** run → service queue (signal-with-start): ask for a slot. */
export const enqueueSignal = signal<[ServiceQueueRequest]>()('signalbox.serviceQueue.enqueue');
/**
 * run → service queue (update-with-start, sent by a local activity): ask for a slot. A free slot
 * is granted in the answer, so the run needs no granted signal; otherwise the request waits in
 * line and the grant comes by `grantedSignal`.
 */
export const acquireUpdate = update<ServiceQueueAcquired, [ServiceQueueRequest]>()('signalbox.serviceQueue.acquire');
/** run → service queue: the order is settled; free the slot. */
export const releaseSignal = signal<[ServiceQueueRelease]>()('signalbox.serviceQueue.release');
/** service queue → run: the slot is yours. */
export const grantedSignal = signal<[ServiceQueueGrant]>()('signalbox.serviceQueue.granted');
/** The service queue's holders and waiters. */
export const serviceQueueStateQuery = query<ServiceQueueState>()('signalbox.serviceQueue.state');
/** A bulk operation's progress (GET /api/runs/bulk/{id} while it runs). */
export const bulkProgressQuery = query<BulkOperationState>()('signalbox.bulk.progress');
