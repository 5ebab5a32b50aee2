import { RetryPolicy, type ActionCode } from '@signalbox/domain';
import { SelectField, TextField } from '../forms/fields';
import { SchemaForm } from '../forms/SchemaForm';
import { useCatalog } from '../api/catalog.data';
import type { EntityFormProps } from './EntityEditor';

export function ActionCodeForm({ value, onChange, isNew, disabled }: EntityFormProps<ActionCode>) {
  const catalog = useCatalog();
  const types = catalog.data?.actionTypes ?? [];
  const type = types.find((t) => t.key === value.actionType);
  // By kind of entry: the action type's schema says which parameter names which (catalogRef).
  const lookups = {
    providers: catalog.data?.providers.map((p) => p.code) ?? [],
    serviceTypes: catalog.data?.serviceTypes.map((s) => s.code) ?? [],
    templates: catalog.data?.templates.map((t) => t.code) ?? [],
    actionCodes: catalog.data?.actionCodes.map((a) => a.code).filter((c) => c !== value.code) ?? [],
  };
  return (
    <>
      <TextField label="Code" path="code" value={value.code} disabled={disabled || !isNew} onChange={(code) => onChange({ ...value, code })} placeholder="HSS_ACTIVATE_GPRS" />
      <SelectField
        label="Action type"
        path="actionType"
        value={value.actionType}
        options={types.map((t) => ({ value: t.key, label: `${t.title} (${t.category})` }))}
        allowEmpty={catalog.loading ? 'Loading…' : '— choose —'}
        disabled={disabled || !isNew}
        help={type?.description}
        onChange={(actionType) => onChange({ ...value, actionType, parameters: {} })}
      />
      <TextField label="Name" path="name" value={value.name} disabled={disabled} onChange={(name) => onChange({ ...value, name })} />
      <TextField label="Description" path="description" multiline value={value.description} disabled={disabled} onChange={(d) => onChange({ ...value, description: d || undefined })} />
      {type && (
        <fieldset className="group">
          <legend>{type.title} parameters</legend>
          <SchemaForm schema={type.parametersSchema} value={value.parameters ?? {}} pathPrefix="parameters" lookups={lookups} disabled={disabled} onChange={(parameters) => onChange({ ...value, parameters })} />
        </fieldset>
      )}
      <RetryFields value={value.retry} disabled={disabled} onChange={(retry) => onChange({ ...value, retry })} />
      <SelectField
        label="Compensation"
        path="compensation"
        value={value.compensation}
        options={(catalog.data?.actionCodes ?? []).filter((a) => a.code !== value.code).map((a) => a.code)}
        allowEmpty="None"
        help="Action code that undoes this one when a later step times out"
        disabled={disabled}
        onChange={(c) => onChange({ ...value, compensation: c || undefined })}
      />
    </>
  );
}

/** What an action code without a retry policy gets: the domain's defaults, shown as placeholders. */
const DEFAULT_RETRY = RetryPolicy.parse({});

type RetryInput = Partial<Record<keyof RetryPolicy, unknown>>;

/**
 * The action code's retry policy: how often a failed send is tried again, and how long apart,
 * before the step takes its failure path. An empty field takes the default shown; the API checks
 * the values and names a wrong one under its field.
 */
function RetryFields({ value, disabled, onChange }: { value: RetryPolicy | undefined; disabled?: boolean; onChange(v: RetryPolicy | undefined): void }) {
  const retry: RetryInput = value ?? {};
  const set = (key: keyof RetryPolicy, raw: string, numeric: boolean) => {
    const next: RetryInput = { ...retry };
    const text = raw.trim();
    if (text === '') delete next[key];
    // A number field keeps what it cannot read as typed, so the API names it instead of it vanishing.
    else next[key] = numeric && Number.isFinite(Number(text)) ? Number(text) : text;
    onChange(Object.keys(next).length ? (next as RetryPolicy) : undefined);
  };
  const shown = (key: keyof RetryPolicy) => (retry[key] === undefined ? '' : String(retry[key]));
  return (
    <fieldset className="group">
      <legend>Retry policy</legend>
      <TextField label="Attempts at most" path="retry.maximumAttempts" type="number" value={shown('maximumAttempts')} placeholder={String(DEFAULT_RETRY.maximumAttempts)} help="The first try included (1 to 100)" disabled={disabled} onChange={(v) => set('maximumAttempts', v, true)} />
      <TextField label="First wait" path="retry.initialInterval" value={shown('initialInterval')} placeholder={DEFAULT_RETRY.initialInterval} help="Before the second try, e.g. 1s, 500ms, 2m" disabled={disabled} onChange={(v) => set('initialInterval', v, false)} />
      <TextField label="Backoff factor" path="retry.backoffCoefficient" type="number" value={shown('backoffCoefficient')} placeholder={String(DEFAULT_RETRY.backoffCoefficient)} help="Each wait is the previous one times this (1 to 10)" disabled={disabled} onChange={(v) => set('backoffCoefficient', v, true)} />
      <TextField label="Longest wait" path="retry.maximumInterval" value={shown('maximumInterval')} placeholder={DEFAULT_RETRY.maximumInterval} help="No wait between tries grows past this" disabled={disabled} onChange={(v) => set('maximumInterval', v, false)} />
    </fieldset>
  );
}
