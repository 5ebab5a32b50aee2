import { DEFAULT_TRANSITIONS, ORDER_STATES, PROVISIONING_MODES, type OrderState, type ServiceType, type Transition } from '@signalbox/domain';
import { CheckField, Field, ListField, SelectField, TextField, useFieldProblems } from '../forms/fields';
import { StateMachineDiagram } from './state-machine.diagram';
import type { EntityFormProps } from './EntityEditor';

function TransitionRow({ t, i, disabled, onChange, onRemove }: { t: Transition; i: number; disabled: boolean; onChange(t: Transition): void; onRemove(): void }) {
  const errors = useFieldProblems(`transitions.${i}`);
  return (
    <>
      <tr className={errors.length ? 'row-invalid' : ''}>
        <td>
          <select aria-label={`Transition ${i + 1} from`} value={t.from} disabled={disabled} onChange={(e) => onChange({ ...t, from: e.target.value as OrderState })}>
            {ORDER_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </td>
        <td>→</td>
        <td>
          <select aria-label={`Transition ${i + 1} to`} value={t.to} disabled={disabled} onChange={(e) => onChange({ ...t, to: e.target.value as OrderState })}>
            {ORDER_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </td>
        <td>
          <input aria-label={`Transition ${i + 1} action code`} placeholder="action code" value={t.actionCode ?? ''} disabled={disabled} onChange={(e) => onChange({ ...t, actionCode: e.target.value || undefined })} />
        </td>
        <td>
          <button type="button" className="btn-icon" aria-label={`Remove transition ${i + 1}`} disabled={disabled} onClick={onRemove}>
            ×
          </button>
        </td>
      </tr>
      {errors.map((e) => (
        <tr key={e}>
          <td colSpan={5} className="field-error">
            {e}
          </td>
        </tr>
      ))}
    </>
  );
}

export function ServiceTypeForm({ value, onChange, isNew, disabled }: EntityFormProps<ServiceType>) {
  const transitions = value.transitions ?? DEFAULT_TRANSITIONS;
  const setT = (next: Transition[]) => onChange({ ...value, transitions: next });
  return (
    <>
      <TextField label="Code" path="code" value={value.code} disabled={disabled || !isNew} onChange={(code) => onChange({ ...value, code })} placeholder="/service/telco/gprs" />
      <TextField label="Name" path="name" value={value.name} disabled={disabled} onChange={(name) => onChange({ ...value, name })} />
      <div className="row-fields">
        <CheckField label="Telco (always provisioned)" path="telco" value={value.telco} disabled={disabled} onChange={(telco) => onChange({ ...value, telco })} />
        <CheckField label="Permitted" path="permitted" value={value.permitted} disabled={disabled} onChange={(permitted) => onChange({ ...value, permitted })} />
        <CheckField label="In-flight changes" path="allowInFlightChanges" value={value.allowInFlightChanges} disabled={disabled} onChange={(allowInFlightChanges) => onChange({ ...value, allowInFlightChanges })} />
      </div>
      <SelectField label="Default provisioning mode" path="defaultMode" value={value.defaultMode} options={[...PROVISIONING_MODES]} disabled={disabled} onChange={(m) => onChange({ ...value, defaultMode: m as ServiceType['defaultMode'] })} />
      <ListField label="Order fields" path="fields" value={value.fields} disabled={disabled} help="Subject/data fields copied into the order, e.g. msisdn, data.apn" onChange={(fields) => onChange({ ...value, fields })} />
      <Field label="Order state machine" path="transitions" help="Transitions not listed are rejected and logged">
        {() => (
          <div className="sm-editor">
            <StateMachineDiagram transitions={transitions} />
            <table className="table table-compact sm-transitions">
              <tbody>
                {transitions.map((t, i) => (
                  <TransitionRow key={i} t={t} i={i} disabled={disabled} onChange={(nt) => setT(transitions.map((x, j) => (j === i ? nt : x)))} onRemove={() => setT(transitions.filter((_, j) => j !== i))} />
                ))}
              </tbody>
            </table>
            <button type="button" className="btn" disabled={disabled} onClick={() => setT([...transitions, { from: 'NEW', to: 'READY' }])}>
              + Add transition
            </button>
          </div>
        )}
      </Field>
    </>
  );
}
