import { useState } from 'react';
import { checkPinnedSample, parsePinnedSample, PINNED_SAMPLE_LIMITS, type SampleProblem } from '@signalbox/domain';
import type { RunDetail } from '../../api/api-types';
import { clearPinnedSample, pinSample, usePinnedSample } from './pinned-sample.store';
import { pinnedNodesOfRun } from './sample-from-run';

const CLOSED = new Set(['Completed', 'Failed', 'Cancelled']);

function Problems({ problems }: { problems: SampleProblem[] }) {
  return (
    <ul className="problem-lines field-error" role="alert">
      {problems.map((p, i) => (
        <li key={i}>
          {p.path ? <code>{p.path}</code> : 'The sample'} {p.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * The workflow's pinned sample data: pinned from the test-run form, from a finished test run's
 * results, or edited as JSON; cleared. Expression previews and "Run this step" read it.
 */
export function PinnedSampleEditor(props: {
  eventCode: string;
  /** The test-run form's subject and data, or the problem with its data (not JSON). */
  fromForm(): { subject: Record<string, string>; data: unknown } | { problem: string };
  run: RunDetail | null;
}) {
  const sample = usePinnedSample(props.eventCode);
  const [problems, setProblems] = useState<SampleProblem[]>([]);
  const [editing, setEditing] = useState<string | null>(null);

  const pin = (value: unknown) => {
    const checked = checkPinnedSample(value);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems([]);
    pinSample(props.eventCode, checked.sample);
  };
  const pinForm = () => {
    const form = props.fromForm();
    if ('problem' in form) return setProblems([{ path: 'data', message: form.problem }]);
    pin({ subject: form.subject, data: form.data, nodes: sample?.nodes ?? {} });
  };
  const pinRun = (run: RunDetail) => {
    const form = props.fromForm();
    // The run view does not carry the event's data: the form's (what the run was started with, unless edited since) goes with it.
    const data = 'problem' in form ? (sample?.data ?? {}) : form.data;
    pin({ subject: run.subject, data, nodes: pinnedNodesOfRun(run.state) });
  };
  const saveEdit = (text: string) => {
    const parsed = parsePinnedSample(text);
    if (!parsed.ok) return setProblems(parsed.problems);
    setProblems([]);
    setEditing(null);
    pinSample(props.eventCode, parsed.sample);
  };

  const run = props.run;
  const steps = sample ? Object.keys(sample.nodes).length : 0;
  const fields = sample ? Object.keys(sample.data).length : 0;
  return (
    <section className="pinned-sample" aria-label="Pinned sample data">
      <h3>Pinned sample data</h3>
      <p className="muted small">
        {sample
          ? `Subject keys ${Object.keys(sample.subject).join(', ')}; ${fields} data field${fields === 1 ? '' : 's'}; results of ${steps} step${steps === 1 ? '' : 's'}.`
          : 'Nothing pinned. Pin the values above (or a finished run’s results) to preview expressions and run single steps.'}{' '}
        Kept in this browser only.
      </p>
      {editing === null ? (
        <div className="row">
          <button className="btn btn-small" onClick={pinForm} title="Pin the subject and data above (keeps pinned step results)">
            Pin as sample
          </button>
          {run && CLOSED.has(run.status) && (
            <button className="btn btn-small" onClick={() => pinRun(run)} title="Pin this run's subject and each step's outcome and output">
              Pin this run’s results
            </button>
          )}
          <button className="btn btn-small" onClick={() => (setProblems([]), setEditing(JSON.stringify(sample ?? { subject: {}, data: {}, nodes: {} }, null, 2)))}>
            Edit as JSON
          </button>
          {sample && (
            <button className="btn btn-small" onClick={() => (setProblems([]), clearPinnedSample(props.eventCode))}>
              Clear
            </button>
          )}
        </div>
      ) : (
        <div className="field">
          <label htmlFor="pinned-sample-json">Sample (JSON: subject, data, nodes)</label>
          <textarea id="pinned-sample-json" className="mono" rows={12} spellCheck={false} maxLength={PINNED_SAMPLE_LIMITS.maxBytes * 2} value={editing} onChange={(e) => setEditing(e.target.value)} aria-invalid={problems.length > 0} />
          <div className="row">
            <button className="btn btn-small btn-primary" onClick={() => saveEdit(editing)}>
              Pin
            </button>
            <button className="btn btn-small" onClick={() => (setProblems([]), setEditing(null))}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {problems.length > 0 && <Problems problems={problems} />}
    </section>
  );
}
