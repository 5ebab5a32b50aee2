import { useState } from 'react';
import { CHANNELS, type Channel } from '@signalbox/domain';
import { apiRequest, ApiError, errorMessage, type FieldProblem } from '../../api/api-client';
import { ProblemsContext, SelectField, TextField, unclaimedProblems } from '../../forms/fields';

/** The fields this form shows, by the API's problem paths (anything else is listed above them). */
const CLAIMED = ['code', 'name', 'channel', 'variants.0.body', 'variants.0.subject'];

/**
 * A template made from a Message step without leaving the canvas: code, name, channel and one
 * English body (and subject, for email). The API checks it as the Templates screen's editor would;
 * its problems show on the fields, nothing is created until they are fixed. `onCreated` gets the
 * new code, for the step to use it.
 */
export function NewTemplateForm({ channel: initialChannel, onCreated, onCancel }: { channel: Channel; onCreated(code: string): Promise<void> | void; onCancel(): void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<Channel>(initialChannel);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const create = async () => {
    setSaving(true);
    setError(null);
    setProblems([]);
    try {
      const variant = { locale: 'en', body, ...(channel === 'email' ? { subject } : {}) };
      await apiRequest('POST', '/templates', { code: code.trim(), name: name.trim() || code.trim(), channel, defaultLocale: 'en', variants: [variant] });
      await onCreated(code.trim());
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const loose = unclaimedProblems(problems, CLAIMED);
  return (
    <fieldset className="group new-template" aria-label="New template">
      <legend>New template</legend>
      <ProblemsContext.Provider value={problems}>
        {(error || loose.length > 0) && (
          <div className="field-error" role="alert">
            {error ?? loose.map((p) => `${p.path || 'template'}: ${p.message}`).join('; ')}
          </div>
        )}
        <TextField label="Code" path="code" value={code} placeholder="PLAN_CHANGED_SMS" onChange={setCode} />
        <TextField label="Name" path="name" value={name} placeholder="Plan changed" onChange={setName} />
        <SelectField label="Channel" path="channel" value={channel} options={[...CHANNELS]} onChange={(v) => setChannel(v as Channel)} />
        {channel === 'email' && <TextField label="Subject" path="variants.0.subject" value={subject} onChange={setSubject} />}
        <TextField label="Body (en)" path="variants.0.body" value={body} multiline placeholder="Hi {{ data.firstName }}, …" help="Placeholders read the event: {{ subject.msisdn }}, {{ data.amount }}" onChange={setBody} />
      </ProblemsContext.Provider>
      <div className="new-template-actions">
        <button type="button" className="btn btn-primary" disabled={saving} onClick={() => void create()}>
          {saving ? 'Creating…' : 'Create and use'}
        </button>
        <button type="button" className="btn" disabled={saving} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
