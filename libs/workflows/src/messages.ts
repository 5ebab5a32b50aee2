import { defineQuery, defineSignal } from '@temporalio/workflow';
import {
  MESSAGES,
  SERVICE_QUEUE_MESSAGES,
  type NamedSignal,
  type OrderResponse,
  type RunState,
  type ServiceQueueGrant,
  type ServiceQueueRelease,
  type ServiceQueueRequest,
  type ServiceQueueState,
} from '@signalbox/contracts';

// Typed definitions over the names in @signalbox/contracts (the API uses the same names).
export const stateQuery = defineQuery<RunState>(MESSAGES.stateQuery);
export const orderResponseSignal = defineSignal<[OrderResponse]>(MESSAGES.orderResponseSignal);
export const namedSignal = defineSignal<[NamedSignal]>(MESSAGES.namedSignal);

export const enqueueSignal = defineSignal<[ServiceQueueRequest]>(SERVICE_QUEUE_MESSAGES.enqueue);
export const releaseSignal = defineSignal<[ServiceQueueRelease]>(SERVICE_QUEUE_MESSAGES.release);
export const grantedSignal = defineSignal<[ServiceQueueGrant]>(SERVICE_QUEUE_MESSAGES.granted);
export const serviceQueueStateQuery = defineQuery<ServiceQueueState>(SERVICE_QUEUE_MESSAGES.stateQuery);
