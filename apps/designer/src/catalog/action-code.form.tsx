import type { ActionCode } from '@signalbox/domain';
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
