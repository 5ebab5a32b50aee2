import { SUBJECT_KEYS, type EventCode, type EventType } from '@signalbox/domain';
import { CheckField, Field, SelectField, TextField } from '../forms/fields';
import type { EntityFormProps } from './EntityEditor';
import { useCatalog } from '../api/catalog.data';

export function EventTypeForm({ value, onChange, isNew, disabled }: EntityFormProps<EventType>) {
  return (
    <>
      <TextField label="Code" path="code" value={value.code} disabled={disabled || !isNew} onChange={(code) => onChange({ ...value, code })} placeholder="PROVISIONING" help="Upper-case letters, digits and underscores" />
      <TextField label="Name" path="name" value={value.name} disabled={disabled} onChange={(name) => onChange({ ...value, name })} />
      <TextField label="Description" path="description" multiline value={value.description} disabled={disabled} onChange={(d) => onChange({ ...value, description: d || undefined })} />
    </>
  );
}

export function EventCodeForm({ value, onChange, isNew, disabled }: EntityFormProps<EventCode>) {
  const catalog = useCatalog();
  const types = catalog.data?.eventTypes.map((t) => ({ value: t.code, label: `${t.name} (${t.code})` })) ?? [];
  const keys = value.requiredSubjectKeys ?? [];
  return (
    <>
      <TextField label="Code" path="code" value={value.code} disabled={disabled || !isNew} onChange={(code) => onChange({ ...value, code })} placeholder="SIM_SWAP" help="What callers raise, e.g. SIM_SWAP" />
      <SelectField label="Event type" path="eventType" value={value.eventType} options={types} allowEmpty={catalog.loading ? 'Loading…' : types.length ? '— choose —' : 'Create an event type first'} disabled={disabled} onChange={(eventType) => onChange({ ...value, eventType })} />
      <TextField label="Name" path="name" value={value.name} disabled={disabled} onChange={(name) => onChange({ ...value, name })} />
      <TextField label="Description" path="description" multiline value={value.description} disabled={disabled} onChange={(d) => onChange({ ...value, description: d || undefined })} />
      <Field label="Required subject keys" path="requiredSubjectKeys" help="A raise without these keys is refused">
        {() => (
          <div className="checks">
            {SUBJECT_KEYS.map((k) => (
              <label key={k} className="check">
                <input type="checkbox" disabled={disabled} checked={keys.includes(k)} onChange={(e) => onChange({ ...value, requiredSubjectKeys: e.target.checked ? [...keys, k] : keys.filter((x) => x !== k) })} /> {k}
              </label>
            ))}
          </div>
        )}
      </Field>
      <CheckField label="Enabled" path="enabled" value={value.enabled ?? true} disabled={disabled} onChange={(enabled) => onChange({ ...value, enabled })} />
    </>
  );
}
