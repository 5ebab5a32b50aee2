import { useState } from 'react';
import { CHANNELS, type Template, type TemplateVariant } from '@signalbox/domain';
import { api, errorMessage } from '../api/api-client';
import { SelectField, TextField } from '../forms/fields';
import type { EntityFormProps } from './EntityEditor';

interface Preview {
  subject?: string;
  body: string;
}

function TemplatePreview({ code, locale }: { code: string; locale: string }) {
  const [sample, setSample] = useState('{\n  "subject": { "msisdn": "447700900123", "accountId": "ACC-1" },\n  "data": {}\n}');
  const [out, setOut] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(sample);
    } catch {
      setError('The sample is not valid JSON.');
      return;
    }
    try {
      setOut(await api.post<Preview>(`/templates/${encodeURIComponent(code)}/preview`, { ...body, locale }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <fieldset className="group preview-group">
      <legend>Preview ({locale}, saved version)</legend>
      <textarea aria-label="Preview sample event" rows={6} className="mono" value={sample} onChange={(e) => setSample(e.target.value)} />
      <button type="button" className="btn" onClick={run}>
        Render preview
      </button>
      {error && <div className="field-error">{error}</div>}
      {out && (
        <div className="preview">
          {out.subject && <div className="preview-subject">{out.subject}</div>}
          <pre className="preview-body">{out.body}</pre>
        </div>
      )}
    </fieldset>
  );
}

export function TemplateForm({ value, onChange, isNew, disabled }: EntityFormProps<Template>) {
  const variants = value.variants ?? [];
  const [active, setActive] = useState(0);
  const v = variants[active];
  const setVariant = (patch: Partial<TemplateVariant>) => onChange({ ...value, variants: variants.map((x, i) => (i === active ? { ...x, ...patch } : x)) });
  return (
    <>
      <TextField label="Code" path="code" value={value.code} disabled={disabled || !isNew} onChange={(code) => onChange({ ...value, code })} placeholder="SIM_SWAP_DONE_SMS" />
      <TextField label="Name" path="name" value={value.name} disabled={disabled} onChange={(name) => onChange({ ...value, name })} />
      <div className="row-fields">
        <SelectField label="Channel" path="channel" value={value.channel} options={[...CHANNELS]} disabled={disabled} onChange={(channel) => onChange({ ...value, channel: channel as Template['channel'] })} />
        <TextField label="Default locale" path="defaultLocale" value={value.defaultLocale} disabled={disabled} onChange={(defaultLocale) => onChange({ ...value, defaultLocale })} />
      </div>
      <div className="tabs">
        <div className="tabs-list" role="tablist">
          {variants.map((x, i) => (
            <button key={i} role="tab" aria-selected={i === active} className={`tab${i === active ? ' tab-active' : ''}`} onClick={() => setActive(i)}>
              {x.locale || '(new)'}
            </button>
          ))}
        </div>
        {!disabled && (
          <button className="tab" onClick={() => (onChange({ ...value, variants: [...variants, { locale: '', body: '' }] }), setActive(variants.length))}>
            + Language
          </button>
        )}
      </div>
      {v && (
        <div className="variant">
          <TextField label="Locale" path={`variants.${active}.locale`} value={v.locale} disabled={disabled} onChange={(locale) => setVariant({ locale })} placeholder="en-GB" />
          {value.channel === 'email' && <TextField label="Subject" path={`variants.${active}.subject`} value={v.subject} disabled={disabled} onChange={(subject) => setVariant({ subject: subject || undefined })} />}
          <TextField label="Body" path={`variants.${active}.body`} multiline value={v.body} disabled={disabled} onChange={(body) => setVariant({ body })} help="Placeholders: {{ subject.msisdn }}, {{ data.amount }}" />
          {variants.length > 1 && !disabled && (
            <button type="button" className="btn btn-danger" onClick={() => (onChange({ ...value, variants: variants.filter((_, i) => i !== active) }), setActive(0))}>
              Remove {v.locale || 'this language'}
            </button>
          )}
        </div>
      )}
      {!isNew && v?.locale && <TemplatePreview code={value.code} locale={v.locale} />}
    </>
  );
}
