import { createContext, useContext, useId, type ReactNode } from 'react';
import type { FieldProblem } from '../api/api-client';

/** The API's 422 problems for the form being edited, looked up by dotted path. */
export const ProblemsContext = createContext<FieldProblem[]>([]);

export function useFieldProblems(path: string | undefined): string[] {
  const problems = useContext(ProblemsContext);
  if (!path) return [];
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`)).map((p) => (p.path === path ? p.message : `${p.path.slice(path.length + 1)}: ${p.message}`));
}

/** Problems that no field of the form claims, shown at the top so nothing is silently lost. */
export function unclaimedProblems(problems: FieldProblem[], claimed: string[]): FieldProblem[] {
  return problems.filter((p) => !claimed.some((c) => p.path === c || p.path.startsWith(`${c}.`)));
}

export function Field({ label, path, help, children, inline }: { label: string; path?: string; help?: string; children: (id: string) => ReactNode; inline?: boolean }) {
  const id = useId();
  const errors = useFieldProblems(path);
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}${inline ? ' field-inline' : ''}`} data-path={path}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {help && !errors.length && <div className="field-help">{help}</div>}
      {errors.map((e) => (
        <div key={e} className="field-error" role="alert">
          {e}
        </div>
      ))}
    </div>
  );
}

export function TextField(props: { label: string; path?: string; value: string | undefined; onChange(v: string): void; help?: string; placeholder?: string; disabled?: boolean; type?: string; multiline?: boolean }) {
  return (
    <Field label={props.label} path={props.path} help={props.help}>
      {(id) =>
        props.multiline ? (
          <textarea id={id} value={props.value ?? ''} placeholder={props.placeholder} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)} rows={4} />
        ) : (
          <input id={id} type={props.type ?? 'text'} value={props.value ?? ''} placeholder={props.placeholder} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)} />
        )
      }
    </Field>
  );
}

export function SelectField(props: { label: string; path?: string; value: string | undefined; options: (string | { value: string; label: string })[]; onChange(v: string): void; help?: string; disabled?: boolean; allowEmpty?: string }) {
  return (
    <Field label={props.label} path={props.path} help={props.help}>
      {(id) => (
        <select id={id} value={props.value ?? ''} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>
          {props.allowEmpty !== undefined && <option value="">{props.allowEmpty}</option>}
          {props.options.map((o) => {
            const opt = typeof o === 'string' ? { value: o, label: o } : o;
            return (
              <option key={opt.value} value={opt.value}>
                {opt.label}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}

export function CheckField(props: { label: string; path?: string; value: boolean | undefined; onChange(v: boolean): void; help?: string; disabled?: boolean }) {
  return (
    <Field label={props.label} path={props.path} help={props.help} inline>
      {(id) => <input id={id} type="checkbox" checked={!!props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} />}
    </Field>
  );
}

/** A list of short strings edited as one comma/newline separated text. */
export function ListField(props: { label: string; path?: string; value: string[] | undefined; onChange(v: string[]): void; help?: string; disabled?: boolean; placeholder?: string }) {
  return (
    <Field label={props.label} path={props.path} help={props.help ?? 'One per line or comma separated'}>
      {(id) => (
        <textarea
          id={id}
          rows={Math.min(6, Math.max(2, (props.value ?? []).length))}
          disabled={props.disabled}
          placeholder={props.placeholder}
          value={(props.value ?? []).join('\n')}
          onChange={(e) => props.onChange(e.target.value.split(/[\n,]/).map((s) => s.trim()).filter((s, i, all) => s !== '' || i === all.length - 1))}
          onBlur={(e) => props.onChange(e.target.value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean))}
        />
      )}
    </Field>
  );
}
