// One run's history, step by step: which events each step adds, in the run's own history and in
// the per-service queue executions it causes. Used by the engine bench (BENCH_PROFILE_OUT) for
// the profile in docs/benchmarks.md.
import protos from '@temporalio/proto';

const EVENT_TYPE = protos.temporal.api.enums.v1.EventType;

function shortName(type) {
  return EVENT_TYPE[type].replace(/^EVENT_TYPE_/, '').toLowerCase().replace(/_(\w)/g, (_, c) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase());
}

/** What an event is about, when its attributes say (activity type, signal name, marker, search attribute). */
function detail(event) {
  const a = event.activityTaskScheduledEventAttributes;
  if (a) return a.activityType?.name;
  const s = event.workflowExecutionSignaledEventAttributes;
  if (s) return s.signalName;
  const x = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
  if (x) return `${x.signalName} → ${x.workflowExecution?.workflowId}`;
  const m = event.markerRecordedEventAttributes;
  if (m) return m.markerName;
  const u = event.upsertWorkflowSearchAttributesEventAttributes;
  if (u) return Object.keys(u.searchAttributes?.indexedFields ?? {}).join(', ');
  const t = event.timerStartedEventAttributes;
  if (t) return `timer ${t.startToFireTimeout?.seconds ?? 0}s`;
  return '';
}

function lines(history) {
  return history.events.map((e) => {
    const d = detail(e);
    return `${String(e.eventId).padStart(4)}  ${shortName(e.eventType)}${d ? `  (${d})` : ''}`;
  });
}

export async function profileRun(client, handle, queueWorkflowId) {
  const own = await handle.fetchHistory();
  const out = [`# run ${handle.workflowId}: ${own.events.length} events`, ...lines(own), ''];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${queueWorkflowId}'` })) {
    const history = await client.workflow.getHandle(queueWorkflowId, execution.runId).fetchHistory();
    out.push(`# ${queueWorkflowId} run ${execution.runId}: ${history.events.length} events`, ...lines(history), '');
  }
  return out.join('\n');
}
