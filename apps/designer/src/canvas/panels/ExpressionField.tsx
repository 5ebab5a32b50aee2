import { useContext, useId, useMemo } from 'react';
import { checkExpression } from '../../domain/domain.adapter';
import { ExpressionListContext } from './expression-suggestions';
import { ExpressionPreview } from '../sample/ExpressionPreview';

/** A JSONata expression input whose syntax is checked on every keystroke, suggesting what the step can read. */
export function ExpressionField(props: { label: string; /** The input's name for assistive technology when `label` is empty. */ ariaLabel?: string; value: string | undefined; onChange(v: string): void; placeholder?: string; help?: string; disabled?: boolean; optional?: boolean; problem?: string }) {
  const id = useId();
  const listId = useContext(ExpressionListContext);
  const text = props.value ?? '';
  const check = useMemo(() => (props.optional && !text ? { ok: true as const } : checkExpression(text)), [text, props.optional]);
  const error = !check.ok ? `${check.message}${check.position !== undefined ? ` (at ${check.position})` : ''}` : props.problem;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input id={id} className="mono nodrag" spellCheck={false} list={listId} autoComplete="off" value={text} placeholder={props.placeholder} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)} aria-invalid={!!error} aria-label={props.label ? undefined : props.ariaLabel} />
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : (
        <>
          {props.help && <div className="field-help">{props.help}</div>}
          <ExpressionPreview expression={text} />
        </>
      )}
    </div>
  );
}
