import { useState } from 'react';
import { PROVIDER_PROTOCOLS, secretFieldOf, type Provider } from '@signalbox/domain';
import { CheckField, Field, ListField, SelectField, TextField } from '../forms/fields';
import type { EntityFormProps } from './EntityEditor';

/** The API's view of a provider: secrets replaced by "…Set" flags. */
export type ProviderView = Provider & {
  auth: Provider['auth'] & { passwordSet?: boolean; valueSet?: boolean; secretSet?: boolean; tokenSet?: boolean };
  file?: Provider['file'] & { keySet?: boolean };
};

/** Drop the view-only "…Set" flags; a secret left untouched is omitted so the API keeps it. */
export function providerBody(p: ProviderView): Provider {
  const { passwordSet: _p, valueSet: _v, secretSet: _s, tokenSet: _t, ...auth } = p.auth as ProviderView['auth'] & Record<string, unknown>;
  if (!p.file) return { ...p, auth: auth as Provider['auth'] };
  const { keySet: _k, ...file } = p.file;
  return { ...p, auth: auth as Provider['auth'], file };
}

type FileSettings = NonNullable<ProviderView['file']>;

/** A file provider's folders, key and batch limits (docs/operations.md, "File providers"). */
function FileSettingsFields({ value, onChange, disabled }: { value: FileSettings | undefined; onChange(v: FileSettings): void; disabled: boolean }) {
  const file: FileSettings = value ?? { outbox: '', inbox: '', maxBatchOrders: 100, maxBatchAgeMs: 60_000 };
  const set = (patch: Partial<FileSettings>) => onChange({ ...file, ...patch });
  return (
    <>
      <div className="row-fields">
        <TextField label="Outbox folder" path="file.outbox" value={file.outbox} disabled={disabled} help="Batch files are written here" onChange={(outbox) => set({ outbox })} />
        <TextField label="Inbox folder" path="file.inbox" value={file.inbox} disabled={disabled} help="Response files are read from here" onChange={(inbox) => set({ inbox })} />
      </div>
      <SecretField label="File key (AES-256, base64)" path="file.key" isSet={!!file.keySet} value={file.key} disabled={disabled} onChange={(key) => set({ key })} />
      <div className="row-fields">
        <TextField label="Batch size (orders)" path="file.maxBatchOrders" type="number" value={String(file.maxBatchOrders)} disabled={disabled} onChange={(v) => set({ maxBatchOrders: Number(v) })} />
        <TextField label="Batch age (ms)" path="file.maxBatchAgeMs" type="number" value={String(file.maxBatchAgeMs)} disabled={disabled} help="A batch closes when full or this old" onChange={(v) => set({ maxBatchAgeMs: Number(v) })} />
      </div>
    </>
  );
}

function SecretField({ label, path, isSet, value, onChange, disabled }: { label: string; path: string; isSet: boolean; value: string | undefined; onChange(v: string | undefined): void; disabled: boolean }) {
  const [editing, setEditing] = useState(!isSet);
  return (
    <Field label={label} path={path} help={isSet ? 'Stored encrypted; never shown. Change replaces it.' : 'Stored encrypted; never shown again after saving.'}>
      {(id) =>
        editing ? (
          <div className="row">
            <input id={id} type="password" autoComplete="new-password" value={value ?? ''} disabled={disabled} placeholder={isSet ? 'New value' : 'Set a value'} onChange={(e) => onChange(e.target.value || undefined)} />
            {isSet && (
              <button type="button" className="btn" onClick={() => (setEditing(false), onChange(undefined))}>
                Keep current
              </button>
            )}
          </div>
        ) : (
          <div className="row">
            <span className="pill pill-ok" id={id}>
              set
            </span>
            <button type="button" className="btn" disabled={disabled} onClick={() => setEditing(true)}>
              Change
            </button>
          </div>
        )
      }
    </Field>
  );
}

export function ProviderForm({ value, onChange, isNew, disabled }: EntityFormProps<ProviderView>) {
  const auth = value.auth ?? { type: 'none' };
  const secretKey = secretFieldOf(auth.type);
  const setAuth = (patch: Record<string, unknown>) => onChange({ ...value, auth: { ...auth, ...patch } as ProviderView['auth'] });
  const a = auth as Record<string, unknown>;
  return (
    <>
      <TextField label="Code" path="code" value={value.code} disabled={disabled || !isNew} onChange={(code) => onChange({ ...value, code })} placeholder="hss-main" />
      <TextField label="Name" path="name" value={value.name} disabled={disabled} onChange={(name) => onChange({ ...value, name })} />
      <div className="row-fields">
        <SelectField label="Protocol" path="protocol" value={value.protocol} options={[...PROVIDER_PROTOCOLS]} disabled={disabled} onChange={(protocol) => {
            // Each protocol's settings block belongs to it only (the API refuses them elsewhere).
            const { file, push, letter, ...rest } = value;
            const own = protocol === 'file' && file ? { file } : protocol === 'push' && push ? { push } : protocol === 'letter' && letter ? { letter } : {};
            onChange({ ...rest, protocol: protocol as Provider['protocol'], ...own });
          }}
        />
        <SelectField label="Mode" path="mode" value={value.mode} options={[{ value: 'async', label: 'async (several orders in flight)' }, { value: 'sync', label: 'sync (one order at a time)' }]} disabled={disabled} onChange={(mode) => onChange({ ...value, mode: mode as Provider['mode'] })} />
      </div>
      {value.protocol === 'push' && (
        <TextField label="Gateway project" path="push.project" value={value.push?.project ?? ''} disabled={disabled} help="Messages go to <endpoint>/v1/projects/<project>/messages:send" placeholder="my-app-1234" onChange={(project) => onChange({ ...value, push: { project } })} />
      )}
      {value.protocol === 'letter' ? (
        <div className="row-fields">
          <TextField label="Outbox folder" path="letter.outbox" value={value.letter?.outbox ?? ''} disabled={disabled} help="Letter PDFs, and print-batch manifests under batches/" onChange={(outbox) => onChange({ ...value, letter: { maxBatchLetters: 500, maxBatchAgeMs: 3_600_000, ...value.letter, outbox } })} />
          <TextField label="Batch size (letters)" path="letter.maxBatchLetters" type="number" value={String(value.letter?.maxBatchLetters ?? 500)} disabled={disabled} onChange={(v) => onChange({ ...value, letter: { outbox: '', maxBatchAgeMs: 3_600_000, ...value.letter, maxBatchLetters: Number(v) } })} />
          <TextField label="Batch age (ms)" path="letter.maxBatchAgeMs" type="number" value={String(value.letter?.maxBatchAgeMs ?? 3_600_000)} disabled={disabled} help="A print batch closes when full or this old" onChange={(v) => onChange({ ...value, letter: { outbox: '', maxBatchLetters: 500, ...value.letter, maxBatchAgeMs: Number(v) } })} />
        </div>
      ) : value.protocol === 'file' ? (
        <FileSettingsFields value={value.file} disabled={disabled} onChange={(file) => onChange({ ...value, file })} />
      ) : (
        <ListField label="Endpoints" path="endpoints" value={value.endpoints} disabled={disabled} help="Tried in order until one answers; one URL per line" placeholder="http://localhost:4300/hss" onChange={(endpoints) => onChange({ ...value, endpoints })} />
      )}
      <SelectField
        label="Authentication"
        path="auth.type"
        value={auth.type}
        options={[
          { value: 'none', label: 'None' },
          { value: 'basic', label: 'Basic' },
          { value: 'header', label: 'Custom header' },
          { value: 'signature', label: 'Signature (HMAC)' },
          { value: 'bearer', label: 'Bearer token' },
        ]}
        disabled={disabled}
        onChange={(type) => onChange({ ...value, auth: { type } as ProviderView['auth'] })}
      />
      {auth.type === 'basic' && <TextField label="Username" path="auth.username" value={a.username as string} disabled={disabled} onChange={(username) => setAuth({ username })} />}
      {auth.type === 'header' && <TextField label="Header name" path="auth.header" value={a.header as string} disabled={disabled} onChange={(header) => setAuth({ header })} placeholder="X-Api-Key" />}
      {auth.type === 'signature' && <TextField label="Key id" path="auth.keyId" value={a.keyId as string} disabled={disabled} onChange={(keyId) => setAuth({ keyId })} />}
      {secretKey && (
        <SecretField
          key={auth.type}
          label={secretKey === 'password' ? 'Password' : secretKey === 'value' ? 'Header value' : secretKey === 'token' ? 'Bearer token' : 'Signing secret'}
          path={`auth.${secretKey}`}
          isSet={!!a[`${secretKey}Set`]}
          value={a[secretKey] as string | undefined}
          disabled={disabled}
          onChange={(v) => setAuth({ [secretKey]: v })}
        />
      )}
      <div className="row-fields">
        <TextField label="Timeout (ms)" path="requestTimeoutMs" type="number" value={value.requestTimeoutMs === undefined ? '' : String(value.requestTimeoutMs)} disabled={disabled} onChange={(v) => onChange({ ...value, requestTimeoutMs: v === '' ? undefined! : Number(v) })} />
        <TextField
          label="Rate limit (req/s)"
          path="rateLimit.perSecond"
          type="number"
          value={value.rateLimit ? String(value.rateLimit.perSecond) : ''}
          disabled={disabled}
          help="Empty: no limit"
          onChange={(v) => onChange({ ...value, rateLimit: v === '' ? undefined : { perSecond: Number(v), burst: value.rateLimit?.burst ?? 1 } })}
        />
        <TextField label="Burst" path="rateLimit.burst" type="number" value={value.rateLimit ? String(value.rateLimit.burst) : ''} disabled={disabled || !value.rateLimit} onChange={(v) => value.rateLimit && onChange({ ...value, rateLimit: { ...value.rateLimit, burst: Number(v) } })} />
      </div>
      <CheckField label="Allow in-flight changes" path="allowInFlightChanges" value={value.allowInFlightChanges} disabled={disabled} help="Several orders for one service at once" onChange={(allowInFlightChanges) => onChange({ ...value, allowInFlightChanges })} />
      {!isNew && (
        <div className="field">
          <label>State</label>
          <span className={`pill pill-${value.state}`}>{value.state}</span>
          <div className="field-help">Only an effective provider can be used by a published workflow.</div>
        </div>
      )}
    </>
  );
}
