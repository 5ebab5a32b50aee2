import { ORDER_STATES, type Transition } from '@signalbox/domain';

const X: Record<string, number> = { NEW: 40, READY: 150, PROCESSING: 275, COMPLETED: 410, FAILED: 410 };
const Y: Record<string, number> = { NEW: 60, READY: 60, PROCESSING: 60, COMPLETED: 25, FAILED: 100 };

/** The service-order state machine drawn as states and arrows; a picture of the transition list. */
export function StateMachineDiagram({ transitions }: { transitions: Transition[] }) {
  return (
    <svg className="sm-diagram" viewBox="0 0 470 130" role="img" aria-label="Service order state machine">
      <defs>
        <marker id="sm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
        </marker>
      </defs>
      {transitions.map((t, i) => {
        const x1 = X[t.from], y1 = Y[t.from], x2 = X[t.to], y2 = Y[t.to];
        if (x1 === undefined || x2 === undefined || t.from === t.to) return null;
        const back = x2 < x1 || (x2 === x1 && y2 < y1);
        const mx = (x1 + x2) / 2, my = (y1 + y2) / 2 + (back ? 34 : Math.abs(x2 - x1) > 150 ? 30 : 0);
        return <path key={i} d={`M ${x1} ${y1} Q ${mx} ${my} ${x2} ${y2}`} className={`sm-edge${t.to === 'FAILED' ? ' sm-edge-fail' : ''}`} markerEnd="url(#sm-arrow)" fill="none" />;
      })}
      {ORDER_STATES.map((s) => (
        <g key={s} transform={`translate(${X[s]}, ${Y[s]})`}>
          <rect x={-38} y={-11} width={76} height={22} rx={5} className={`sm-state sm-${s.toLowerCase()}`} />
          <text textAnchor="middle" dy="4">
            {s}
          </text>
        </g>
      ))}
    </svg>
  );
}
