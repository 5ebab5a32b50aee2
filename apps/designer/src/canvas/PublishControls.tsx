import { useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../api/api-client';
import type { ValidationProblem } from '../api/api-types';
import { usePermissions } from '../app/session';
import type { CanvasStore } from './canvas.store';
import { usePublish } from './hooks/use-publish';

/**
 * Validate (the server's check of the draft as it is on the canvas, for publishing) and, for
 * admins, Publish with a note: in the toolbar, so neither hides behind the Versions panel.
 */
export function PublishControls(props: { store: CanvasStore; eventCode: string; hasErrors: boolean; onPublished(): void; onProblems(p: string[]): void }) {
  const perms = usePermissions();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [check, setCheck] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const { publish, busy, message, clearMessage } = usePublish(props.eventCode, props.onPublished, props.onProblems);
  const noteRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) noteRef.current?.focus();
  }, [open]);

  const validate = async () => {
    setChecking(true);
    setCheck(null);
    try {
      const res = await api.post<{ valid: boolean; problems: ValidationProblem[] }>(`/workflows/${encodeURIComponent(props.eventCode)}/validate`, { graph: props.store.getState().graph() });
      const errors = res.problems.filter((p) => p.severity === 'error');
      props.onProblems(errors.map((p) => `${p.nodeId ?? ''} ${p.message}`.trim()));
      setCheck(res.valid ? { kind: 'ok', text: `Valid${res.problems.length ? ` (${res.problems.length} warning${res.problems.length === 1 ? '' : 's'})` : ''}` } : { kind: 'error', text: `${errors.length} error${errors.length === 1 ? '' : 's'}` });
    } catch (e) {
      setCheck({ kind: 'error', text: e instanceof ApiError && e.status === 429 ? 'Too many checks; try again in a moment.' : errorMessage(e) });
    } finally {
      setChecking(false);
    }
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await publish(note)) {
      setNote('');
      setOpen(false);
    }
  };

  return (
    <div className="publish-controls">
      {perms.editDrafts && (
        <button className="btn" onClick={() => void validate()} disabled={checking} title="Check the draft as the server checks it before publishing">
          {checking ? 'Validating…' : 'Validate'}
        </button>
      )}
      {check && (
        <span className={`pill ${check.kind === 'ok' ? 'pill-ok' : 'pill-err'}`} role="status">
          {check.text}
        </span>
      )}
      {message && !open && (
        <span className={`pill ${message.kind === 'ok' ? 'pill-ok' : 'pill-err'}`} role="status">
          {message.text}
        </span>
      )}
      {perms.publish && (
        <div className="popover-anchor">
          <button className="btn btn-primary" aria-expanded={open} aria-haspopup="dialog" onClick={() => (clearMessage(), setOpen(!open))}>
            Publish…
          </button>
          {open && (
            <form className="popover" role="dialog" aria-label="Publish the draft" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
              <label htmlFor="toolbar-publish-note">Note (what changed)</label>
              <input id="toolbar-publish-note" ref={noteRef} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
              {props.hasErrors && <div className="field-help">The draft has errors; publishing will be refused until they are fixed.</div>}
              {message?.kind === 'error' && (
                <div className="field-error" role="alert">
                  {message.text}
                </div>
              )}
              <div className="row">
                <button className="btn btn-primary" disabled={busy}>
                  {busy ? 'Publishing…' : 'Publish now'}
                </button>
                <button type="button" className="btn" onClick={() => setOpen(false)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
