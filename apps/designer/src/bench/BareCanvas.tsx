import { memo, useMemo } from 'react';
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, ReactFlowProvider, useEdgesState, useNodesState, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { outcomesOf } from '@signalbox/domain';
import { describeNode } from '../canvas/nodes/node-display';
import { KIND_TITLES } from '../canvas/node-factory';
import { generateGraph } from './generate-graph';

// The benchmark's baseline: the same generated graph drawn by plain @xyflow/react as its guide
// teaches (a memoised custom node with static data, useNodesState/useEdgesState, React Flow's own
// Background, Controls and MiniMap), with none of the designer's store, overlays, level of detail
// or culling. Its nodes use the designer's node CSS so both pages draw boxes of the same size.

type BareData = { kind: string; title: string; detail: string; outcomes: string[] };
type BareNode = Node<BareData, 'bare'>;

function BareNodeView({ data }: NodeProps<BareNode>) {
  return (
    <div className={`wf-node kind-${data.kind}`}>
      {data.kind !== 'start' && <Handle type="target" position={Position.Left} id="in" className="h-in" />}
      <div className="wf-node-head">
        <span className="wf-kind">{data.kind}</span>
      </div>
      <div className="wf-title">{data.title}</div>
      {data.detail && <div className="wf-detail">{data.detail}</div>}
      {data.outcomes.length > 0 && (
        <div className="wf-outcomes">
          {data.outcomes.map((o) => (
            <div key={o} className="wf-outcome">
              <span className="wf-outcome-label">{o}</span>
              <Handle type="source" position={Position.Right} id={o} className="h-out" />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

const nodeTypes = { bare: memo(BareNodeView) };
const FIT_ALL_OPTIONS = { padding: 0.2, maxZoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };
const NO_ACTION_CODES = new Map();

function initialGraph(nodeCount: number, edgeCount: number): { nodes: BareNode[]; edges: Edge[] } {
  const graph = generateGraph(nodeCount, edgeCount);
  const nodes: BareNode[] = graph.nodes.map((n) => {
    const { title, detail } = describeNode(n, NO_ACTION_CODES);
    return { id: n.id, type: 'bare', position: n.position ?? { x: 0, y: 0 }, data: { kind: KIND_TITLES[n.kind], title, detail, outcomes: outcomesOf(n, NO_ACTION_CODES) } };
  });
  const edges: Edge[] = graph.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: 'in' }));
  return { nodes, edges };
}

function Bare({ nodeCount, edgeCount }: { nodeCount: number; edgeCount: number }) {
  const initial = useMemo(() => initialGraph(nodeCount, edgeCount), [nodeCount, edgeCount]);
  const [nodes, , onNodesChange] = useNodesState(initial.nodes);
  const [edges, , onEdgesChange] = useEdgesState(initial.edges);
  // Opens where the designer opens a graph too large for the screen: the Start step (at 0,0) on
  // the left edge, vertically centred, at the designer's readable zoom (hooks/use-readable-fit.ts).
  const defaultViewport = useMemo(() => ({ x: 32, y: window.innerHeight / 2 - 30, zoom: 0.75 }), []);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      defaultViewport={defaultViewport}
      minZoom={0.1}
      maxZoom={2}
      proOptions={PRO_OPTIONS}
    >
      <Background gap={16} size={1} />
      <Controls showInteractive={false} fitViewOptions={FIT_ALL_OPTIONS} />
      <MiniMap style={{ width: 150, height: 100 }} />
    </ReactFlow>
  );
}

/** `?bench=NxE&bare=1`: the benchmark's bare React Flow page. */
export function BareCanvas({ nodes, edges }: { nodes: number; edges: number }) {
  return (
    <ReactFlowProvider>
      <div style={{ height: '100vh' }}>
        <Bare nodeCount={nodes} edgeCount={edges} />
      </div>
    </ReactFlowProvider>
  );
}
