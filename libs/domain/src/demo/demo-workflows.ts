import type { z } from 'zod';
import type { GraphEdge, GraphNode, WorkflowGraph } from '../graph/graph.schema';
import type { Workflow } from '../workflow/workflow.schema';

type NodeInput = z.input<typeof GraphNode>;
type DemoNode = NodeInput & { at: [column: number, row: number] };

const COLUMN = 240;
const ROW = 140;

/** Lays nodes out left to right on a grid and names each edge after its source and handle. */
function graph(nodes: DemoNode[], edges: [source: string, handle: string, target: string][]): z.input<typeof WorkflowGraph> {
  return {
    nodes: nodes.map(({ at, ...node }) => ({ ...node, position: { x: at[0] * COLUMN, y: at[1] * ROW } }) as NodeInput),
    edges: edges.map(([source, sourceHandle, target]): GraphEdge => ({ id: `${source}--${sourceHandle}`, source, sourceHandle, target })),
  };
}

const start: DemoNode = { id: 'start', kind: 'start', label: 'Start', at: [0, 0] };
const done = (column: number): DemoNode => ({ id: 'done', kind: 'end', label: 'Done', result: 'completed', at: [column, 0] });
const failed = (column: number, reason: string): DemoNode => ({ id: 'failed', kind: 'end', label: 'Failed', result: 'failed', reason, at: [column, 1] });

const connectSubscriber = graph(
  [
    start,
    { id: 'activate_subscriber', kind: 'action', label: 'Activate subscriber', actionCode: 'HSS_ACTIVATE_SUBSCRIBER', at: [1, 0] },
    { id: 'activate_gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS', inputs: { apn: 'data.apn ? data.apn : "internet"', qosProfile: 'data.qosProfile ? data.qosProfile : "DEFAULT"' }, at: [2, 0] },
    { id: 'welcome_sms', kind: 'communication', label: 'Welcome SMS', template: 'WELCOME_SMS', to: 'subject.msisdn', locale: 'data.locale', at: [3, 0] },
    { id: 'welcome_credit', kind: 'link-event', label: 'Welcome credit', eventCode: 'TOP_UP', delay: '10m', data: '{ "amount": 5, "reason": "welcome-credit" }', at: [4, 0] },
    done(5),
    failed(3, 'The network did not activate the subscriber.'),
  ],
  [
    ['start', 'next', 'activate_subscriber'],
    ['activate_subscriber', 'success', 'activate_gprs'],
    ['activate_subscriber', 'failure', 'failed'],
    ['activate_subscriber', 'timeout', 'failed'],
    ['activate_gprs', 'success', 'welcome_sms'],
    ['activate_gprs', 'failure', 'failed'],
    ['activate_gprs', 'timeout', 'failed'],
    // A welcome SMS that fails must not undo a working line: continue either way.
    ['welcome_sms', 'success', 'welcome_credit'],
    ['welcome_sms', 'failure', 'welcome_credit'],
    ['welcome_credit', 'next', 'done'],
  ],
);

const simSwap = graph(
  [
    start,
    { id: 'swap_sim', kind: 'action', label: 'Swap SIM on the HSS', actionCode: 'HSS_SWAP_SIM', at: [1, 0] },
    { id: 'swapped_sms', kind: 'communication', label: 'SIM swapped SMS', template: 'SIM_SWAPPED_SMS', at: [2, 0] },
    done(3),
    failed(2, 'The HSS did not confirm the SIM swap; the change was rolled back.'),
  ],
  [
    ['start', 'next', 'swap_sim'],
    ['swap_sim', 'success', 'swapped_sms'],
    ['swap_sim', 'failure', 'failed'],
    ['swap_sim', 'timeout', 'failed'],
    ['swapped_sms', 'success', 'done'],
    ['swapped_sms', 'failure', 'done'],
  ],
);

const barNonPayment = graph(
  [
    start,
    { id: 'bar', kind: 'action', label: 'Bar outgoing usage', actionCode: 'OCS_BAR', at: [1, 0] },
    { id: 'barred_email', kind: 'communication', label: 'Barred email', template: 'BARRED_EMAIL', to: 'data.email', at: [2, 0] },
    done(3),
    failed(2, 'The OCS did not apply the bar.'),
  ],
  [
    ['start', 'next', 'bar'],
    ['bar', 'success', 'barred_email'],
    ['bar', 'failure', 'failed'],
    ['bar', 'timeout', 'failed'],
    ['barred_email', 'success', 'done'],
    ['barred_email', 'failure', 'done'],
  ],
);

const unbarPayment = graph(
  [
    start,
    { id: 'unbar', kind: 'action', label: 'Lift the bar', actionCode: 'OCS_UNBAR', at: [1, 0] },
    // The OCS applies an unbar within seconds; tell the customer only once it has.
    { id: 'settle', kind: 'wait', label: 'Let the network settle', wait: { type: 'duration', duration: '5s' }, at: [2, 0] },
    { id: 'unbarred_sms', kind: 'communication', label: 'Unbarred SMS', template: 'UNBARRED_SMS', at: [3, 0] },
    done(4),
    failed(2, 'The OCS did not lift the bar.'),
  ],
  [
    ['start', 'next', 'unbar'],
    ['unbar', 'success', 'settle'],
    ['unbar', 'failure', 'failed'],
    ['unbar', 'timeout', 'failed'],
    ['settle', 'next', 'unbarred_sms'],
    ['unbarred_sms', 'success', 'done'],
    ['unbarred_sms', 'failure', 'done'],
  ],
);

const topUp = graph(
  [
    start,
    { id: 'check_amount', kind: 'decision', label: 'Amount of 20 or more?', branches: [{ id: 'large', label: '20 or more', condition: 'data.amount >= 20' }], at: [1, 0] },
    { id: 'top_up_large', kind: 'action', label: 'Credit top-up', actionCode: 'OCS_TOP_UP', at: [2, -1] },
    { id: 'bonus', kind: 'action', label: 'Credit bonus', actionCode: 'OCS_BONUS_CREDIT', at: [3, -1] },
    { id: 'top_up', kind: 'action', label: 'Credit top-up', actionCode: 'OCS_TOP_UP', at: [2, 0] },
    { id: 'top_up_sms', kind: 'communication', label: 'Top-up SMS', template: 'TOP_UP_SMS', at: [4, 0] },
    done(5),
    failed(4, 'The OCS did not credit the top-up.'),
  ],
  [
    ['start', 'next', 'check_amount'],
    ['check_amount', 'large', 'top_up_large'],
    ['check_amount', 'default', 'top_up'],
    ['top_up_large', 'success', 'bonus'],
    ['top_up_large', 'failure', 'failed'],
    ['top_up_large', 'timeout', 'failed'],
    // The top-up itself went through; a missing bonus is not a reason to fail the run.
    ['bonus', 'success', 'top_up_sms'],
    ['bonus', 'failure', 'top_up_sms'],
    ['bonus', 'timeout', 'top_up_sms'],
    ['top_up', 'success', 'top_up_sms'],
    ['top_up', 'failure', 'failed'],
    ['top_up', 'timeout', 'failed'],
    ['top_up_sms', 'success', 'done'],
    ['top_up_sms', 'failure', 'done'],
  ],
);

/** The demo's publication date: fixed, so the document is the same on every load. */
export const DEMO_PUBLISHED_AT = '2026-01-05T09:00:00Z';

function published(eventCode: string, draft: z.input<typeof WorkflowGraph>): z.input<typeof Workflow> {
  return {
    eventCode,
    draft,
    versions: [{ eventCode, version: 1, graph: draft, publishedAt: DEMO_PUBLISHED_AT, publishedBy: 'demo', note: 'Demo catalog' }],
  };
}

export const demoWorkflows: z.input<typeof Workflow>[] = [
  published('CONNECT_SUBSCRIBER', connectSubscriber),
  published('SIM_SWAP', simSwap),
  published('BAR_NON_PAYMENT', barNonPayment),
  published('UNBAR_PAYMENT', unbarPayment),
  published('TOP_UP', topUp),
];

