import { useCanvasStoreApi } from '../canvas.context';
import type { DiffDetails, FieldChange } from '../diff-details';

/** Each changed field's old → new value. */
function FieldChanges({ fields }: { fields: FieldChange[] }) {
  if (!fields.length) return null;
  return (
    <ul className="change-fields">
      {fields.map((f) => (
        <li key={f.field}>
          <code>{f.field}</code>: <del>{f.before}</del> → <ins>{f.after}</ins>
        </li>
      ))}
    </ul>
  );
}

/** The diff as a list: per step which fields changed (old → new); connections added and removed. */
export function DiffList({ details, fromLabel, toLabel }: { details: DiffDetails; fromLabel: string; toLabel: string }) {
  const store = useCanvasStoreApi();
  const count = details.nodes.length + details.edges.length + details.extras.length;
  const extras = details.extras.length ? `, ${details.extras.length} note${details.extras.length === 1 ? '' : 's'} or group${details.extras.length === 1 ? '' : 's'}` : '';
  return (
    <section className="problems diff-list" aria-label="Changes">
      <header>
        <strong>
          Changes {fromLabel} → {toLabel}
        </strong>{' '}
        <span className={`pill ${count ? 'pill-warn' : 'pill-ok'}`}>{count ? `${details.nodes.length} step${details.nodes.length === 1 ? '' : 's'}, ${details.edges.length} connection${details.edges.length === 1 ? '' : 's'}${extras}` : 'no changes'}</span>
      </header>
      <ul>
        {details.nodes.map((n) => (
          <li key={`n:${n.id}`} data-testid={`change-${n.id}`}>
            <button className="problem" onClick={() => store.getState().select(n.id)}>
              <span className={`lg lg-${n.mark}`}>{n.mark}</span> <code>{n.id}</code> {n.title}
            </button>
            <FieldChanges fields={n.fields} />
          </li>
        ))}
        {details.extras.map((x) => (
          <li key={`x:${x.id}`} data-testid={`change-${x.id}`}>
            <span className={`lg lg-${x.mark}`}>{x.mark}</span> {x.what} <code>{x.id}</code> {x.title}
            <FieldChanges fields={x.fields} />
          </li>
        ))}
        {details.edges.map((e) => (
          <li key={`e:${e.id}`} data-testid={`change-edge-${e.id}`}>
            <span className={`lg lg-${e.mark}`}>{e.mark}</span> connection <code>{e.text}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
