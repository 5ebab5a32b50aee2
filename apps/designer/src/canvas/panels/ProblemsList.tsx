import { useReactFlow } from '@xyflow/react';
import { usePermissions } from '../../app/session';
import { useCanvas, useCanvasStoreApi } from '../canvas.context';

/** What a clean draft is ready for depends on what this user may do with it. */
function noProblemsText(perms: { testRun: boolean; publish: boolean }): string {
  if (perms.publish) return 'none — ready to test and publish';
  if (perms.testRun) return 'none — ready to test';
  return 'no problems';
}

/** Validation problems; a click selects the node concerned and centres the view on it. */
export function ProblemsList() {
  const problems = useCanvas((s) => s.problems);
  const perms = usePermissions();
  const store = useCanvasStoreApi();
  const { setCenter, getZoom } = useReactFlow();
  const errors = problems.filter((p) => p.severity === 'error').length;
  const focus = (nodeId?: string, edgeId?: string) => {
    const s = store.getState();
    const id = nodeId ?? s.edges.find((e) => e.id === edgeId)?.source;
    const n = s.nodes.find((x) => x.id === id);
    if (!n) return;
    s.select(n.id);
    const w = n.measured?.width ?? 180;
    const h = n.measured?.height ?? 80;
    void setCenter(n.position.x + w / 2, n.position.y + h / 2, { zoom: Math.max(getZoom(), 1), duration: 250 });
  };
  return (
    <section className={`problems${problems.length ? '' : ' problems-none'}`} aria-label="Problems">
      <header>
        <strong>Problems</strong>{' '}
        {problems.length === 0 ? (
          <span className="pill pill-ok">{noProblemsText(perms)}</span>
        ) : (
          <span className={`pill ${errors ? 'pill-err' : 'pill-warn'}`}>
            {errors} error{errors === 1 ? '' : 's'}, {problems.length - errors} warning{problems.length - errors === 1 ? '' : 's'}
          </span>
        )}
      </header>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <button className={`problem sev-${p.severity}`} onClick={() => focus(p.nodeId, p.edgeId)} disabled={!p.nodeId && !p.edgeId}>
                <span className="sev">{p.severity === 'error' ? '●' : '▲'}</span>
                {p.nodeId && <code>{p.nodeId}</code>} {p.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
