// The typed definitions live in @signalbox/contracts, shared with the API, the activities and the tests.
export { acquireUpdate, enqueueSignal, grantedSignal, messageUpdate, namedSignal, orderResponseSignal, releaseSignal, serviceQueueStateQuery, stateQuery } from '@signalbox/contracts';
