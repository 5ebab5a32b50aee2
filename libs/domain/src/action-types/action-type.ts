import { z } from 'zod';

/** Outcomes every action can leave by; action types may add their own. */
export const STANDARD_OUTCOMES = ['success', 'failure', 'timeout'] as const;

/**
 * An action type as data: what the designer's palette and forms show and what the API validates
 * against. Its implementation (a Temporal activity) is registered under the same `key` in
 * @signalbox/activities, so the palette and the runtime cannot disagree.
 */
export interface ActionTypeDefinition<P extends z.ZodType = z.ZodType> {
  key: string;
  category: 'provisioning' | 'communication' | 'billing' | 'integration';
  title: string;
  description: string;
  /** Schema of an action code's parameters for this type. */
  parameters: P;
  outcomes: readonly string[];
  /** Whether a step of this type can be undone by a compensation action. */
  compensable: boolean;
}

/** JSON-safe descriptor served at /api/action-types and rendered as a form by the designer. */
export interface ActionTypeDescriptor {
  key: string;
  category: ActionTypeDefinition['category'];
  title: string;
  description: string;
  parametersSchema: Record<string, unknown>;
  outcomes: string[];
  compensable: boolean;
}

export function defineActionType<P extends z.ZodType>(def: ActionTypeDefinition<P>): ActionTypeDefinition<P> {
  return def;
}

export function describeActionType(def: ActionTypeDefinition): ActionTypeDescriptor {
  return {
    key: def.key,
    category: def.category,
    title: def.title,
    description: def.description,
    parametersSchema: z.toJSONSchema(def.parameters, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    outcomes: [...def.outcomes],
    compensable: def.compensable,
  };
}
