import { useState } from 'react';
import type { VersionInfo } from '../../api/api-types';
import { usePermissions } from '../../app/session';
import { formatTime } from '../../runs/run-format';
import { usePublish } from '../hooks/use-publish';

export type VersionRef = number | 'draft';

export function VersionsPanel(props: {
  eventCode: string;
  versions: VersionInfo[];
  viewing: VersionRef;
  onOpen(v: VersionRef): void;
  onCompare(from: VersionRef, to: VersionRef): void;
  onPublished(): void;
  onProblems(messages: string[]): void;
  hasErrors: boolean;
}) {
  const perms = usePermissions();
  const [note, setNote] = useState('');
  const { publish: doPublish, busy, message } = usePublish(props.eventCode, props.onPublished, props.onProblems);
  const sorted = [...props.versions].sort((a, b) => b.version - a.version);
  // Compare defaults to the newest version → the draft, also once a first version appears.
  const [fromChoice, setFrom] = useState<VersionRef | null>(null);
  const [to, setTo] = useState<VersionRef>('draft');
  const from: VersionRef = fromChoice ?? sorted[0]?.version ?? 'draft';

  const publish = async (fromVersion?: number) => {
    if (await doPublish(note, fromVersion)) setNote('');
  };
  const opt = (v: VersionRef) => (v === 'draft' ? 'Draft' : `v${v}`);
  const refs: VersionRef[] = ['draft', ...sorted.map((v) => v.version)];
  const parse = (s: string): VersionRef => (s === 'draft' ? 'draft' : Number(s));

  return (
    <div className="versions-panel" aria-label="Versions">
      <header className="panel-header">
        <h2>Versions</h2>
      </header>
      {message && <div className={`banner banner-${message.kind}`}>{message.text}</div>}
      {perms.publish ? (
        <fieldset className="group">
          <legend>Publish the draft</legend>
          <input placeholder="Note (what changed)" value={note} onChange={(e) => setNote(e.target.value)} aria-label="Publish note" />
          <button className="btn btn-primary" disabled={busy} onClick={() => publish()} title={props.hasErrors ? 'Fix the problems first; the API refuses an invalid workflow.' : undefined}>
            Publish
          </button>
          {props.hasErrors && <div className="field-help">The draft has errors; publishing will be refused until they are fixed.</div>}
        </fieldset>
      ) : (
        <p className="muted small">Publishing is for admins. Ask one to publish your draft once it tests well.</p>
      )}
      <ul className="version-list">
        <li className={props.viewing === 'draft' ? 'active' : ''}>
          <button className="link" onClick={() => props.onOpen('draft')}>
            Draft
          </button>
          {perms.editDrafts && <span className="muted small">editable</span>}
        </li>
        {sorted.map((v) => (
          <li key={v.version} className={props.viewing === v.version ? 'active' : ''}>
            <button className="link" onClick={() => props.onOpen(v.version)}>
              v{v.version}
            </button>
            <span className="muted small">
              {formatTime(v.publishedAt)}
              {v.publishedBy ? ` · ${v.publishedBy}` : ''}
            </span>
            {v.note && <div className="small">{v.note}</div>}
            {perms.publish && v.version !== sorted[0]?.version && (
              <button className="btn btn-small" disabled={busy} onClick={() => window.confirm(`Publish v${v.version} again as the newest version?`) && publish(v.version)}>
                Roll back to this
              </button>
            )}
          </li>
        ))}
        {!sorted.length && <li className="muted small">Nothing published yet.</li>}
      </ul>
      <fieldset className="group">
        <legend>Compare</legend>
        <div className="row">
          <select aria-label="Compare from" value={String(from)} onChange={(e) => setFrom(parse(e.target.value))}>
            {refs.map((r) => (
              <option key={String(r)} value={String(r)}>
                {opt(r)}
              </option>
            ))}
          </select>
          →
          <select aria-label="Compare to" value={String(to)} onChange={(e) => setTo(parse(e.target.value))}>
            {refs.map((r) => (
              <option key={String(r)} value={String(r)}>
                {opt(r)}
              </option>
            ))}
          </select>
          <button className="btn" disabled={from === to} onClick={() => props.onCompare(from, to)}>
            Show diff
          </button>
        </div>
        <div className="legend">
          <span className="lg lg-added">added</span> <span className="lg lg-removed">removed</span> <span className="lg lg-changed">changed</span>
        </div>
      </fieldset>
    </div>
  );
}
