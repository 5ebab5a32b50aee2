import type { CatalogRefKind } from '@signalbox/domain';
import { checkParameters, schemaFields, setParameter, type SchemaField } from './json-schema.model';
import { CheckField, Field, ListField, SelectField, TextField } from './fields';

/**
 * A form generated from an action type's parameters schema. A field the schema marks as naming
 * catalog entries (its `catalogRef`) becomes a select of the codes `lookups` gives for that kind.
 */
export function SchemaForm(props: {
  schema: Record<string, unknown> | undefined;
  value: Record<string, unknown>;
  onChange(v: Record<string, unknown>): void;
  pathPrefix?: string;
  lookups?: Partial<Record<CatalogRefKind, string[]>>;
  disabled?: boolean;
}) {
  const fields = schemaFields(props.schema);
  const hints = checkParameters(fields, props.value);
  if (!fields.length) return <p className="muted">This action type has no parameters.</p>;
  const path = (f: SchemaField) => (props.pathPrefix ? `${props.pathPrefix}.${f.name}` : f.name);
  return (
    <div className="schema-form">
      {fields.map((f) => {
        const label = f.required ? `${f.label} *` : f.label;
        const set = (raw: unknown) => props.onChange(setParameter(props.value, f, raw));
        const v = props.value[f.name];
        const placeholder = f.defaultValue !== undefined ? `default: ${Array.isArray(f.defaultValue) ? f.defaultValue.join(', ') || 'none' : String(f.defaultValue)}` : undefined;
        const help = [f.help, hints[f.name] && v !== undefined ? `⚠ ${hints[f.name]}` : undefined].filter(Boolean).join(' — ');
        const lookup = f.catalogRef ? props.lookups?.[f.catalogRef] : undefined;
        switch (f.kind) {
          case 'enum':
            return <SelectField key={f.name} label={label} path={path(f)} help={help} value={v as string | undefined} options={f.options ?? []} onChange={set} allowEmpty={placeholder ?? '—'} disabled={props.disabled} />;
          case 'boolean':
            return <CheckField key={f.name} label={label} path={path(f)} help={help} value={(v ?? f.defaultValue) as boolean} onChange={set} disabled={props.disabled} />;
          case 'number':
          case 'integer':
            return <TextField key={f.name} label={label} path={path(f)} help={help} type="number" value={v === undefined ? '' : String(v)} onChange={set} placeholder={placeholder} disabled={props.disabled} />;
          case 'string-list':
            return <ListField key={f.name} label={label} path={path(f)} help={help || undefined} value={v as string[] | undefined} onChange={set} disabled={props.disabled} />;
          case 'string':
            return lookup ? (
              <SelectField key={f.name} label={label} path={path(f)} help={help} value={v as string | undefined} options={lookup.includes(v as string) || v === undefined ? lookup : [v as string, ...lookup]} onChange={set} allowEmpty="— choose —" disabled={props.disabled} />
            ) : (
              <TextField key={f.name} label={label} path={path(f)} help={help} value={v as string | undefined} onChange={set} placeholder={placeholder} disabled={props.disabled} />
            );
          default:
            return (
              <Field key={f.name} label={label} path={path(f)} help="Edit this value in the exported JSON; the form cannot show it.">
                {(id) => <input id={id} disabled value={JSON.stringify(v ?? null)} readOnly />}
              </Field>
            );
        }
      })}
    </div>
  );
}
