import { useEffect, useState } from 'react';
import { CHANNELS, type Template, type TemplateVariant } from '@signalbox/domain';
import { api, errorMessage } from '../api/api-client';
import { SelectField, TextField } from '../forms/fields';
import type { EntityFormProps } from './EntityEditor';
import { DEFAULT_PREVIEW_SAMPLE, describeSms, renderLivePreview, type LivePreview } from './template-live-preview';

interface Preview {
  subject?: string;
  body: string;
}

const LIVE_DELAY_MS = 250;

/** The variant as typed, rendered a moment after the last keystroke; SMS parts counted. */
function LivePreviewPane({ channel, subject, body, sample }: { channel: string; subject?: string; body: string; sample: string }) {
  const [out, setOut] = useState<LivePreview | null>(null);
  useEffect(() => {
    let current = true;
    // Debounced so a fast typist renders once per pause, not once per key.
    const timer = setTimeout(() => {
      void renderLivePreview({ channel, subject, body, sample }).then((next) => current && setOut(next));
    }, LIVE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [channel, subject, body, sample]);
  if (!out) return null;
  return (
    <div className="live-preview" aria-live="polite">
      {out.error ? (
        <div className="field-error">{out.error}</div>
      ) : (
        <div className="preview">
          {out.subject && <div className="preview-subject">{out.subject}</div>}
          <pre className="preview-body live-preview-body">{out.body}</pre>
        </div>
      )}
      {out.sms && (
        <div className={`sms-count${out.sms.segments > 1 ? ' sms-count-multi' : ''}`} data-encoding={out.sms.encoding} data-segments={out.sms.segments}>
          {describeSms(out.sms)}
          {out.sms.encoding === 'UCS-2' && <span className="sms-hint"> — a character outside GSM-7 makes every part hold 67 instead of 153.</span>}
        </div>
      )}
    </div>
  );
}

/** Renders the saved template through the API, for the locale chosen (its fallback chain included). */
function SavedPreview({ code, locale, sample }: { code: string; locale: string; sample: string }) {
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
    <>
      <button type="button" className="btn" onClick={run}>
        Render saved version
      </button>
      {error && <div className="field-error">{error}</div>}
      {out && (
        <div className="preview saved-preview">
          {out.subject && <div className="preview-subject">{out.subject}</div>}
          <pre className="preview-body">{out.body}</pre>
        </div>
      )}
    </>
  );
}

function TemplatePreview({ code, channel, variant, saved }: { code: string; channel: string; variant: TemplateVariant; saved: boolean }) {
  const [sample, setSample] = useState(DEFAULT_PREVIEW_SAMPLE);
  return (
    <fieldset className="group preview-group">
      <legend>Preview{variant.locale ? ` (${variant.locale})` : ''}, as you type</legend>
      <LivePreviewPane channel={channel} subject={channel === 'email' ? (variant.subject ?? '') : undefined} body={variant.body} sample={sample} />
      <details className="preview-sample">
        <summary>Sample event</summary>
        <textarea aria-label="Preview sample event" rows={6} className="mono" value={sample} onChange={(e) => setSample(e.target.value)} />
      </details>
      {saved && variant.locale && <SavedPreview code={code} locale={variant.locale} sample={sample} />}
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
      {v && <TemplatePreview code={value.code} channel={value.channel} variant={v} saved={!isNew} />}
    </>
  );
}
