import { ACCOUNT_TYPE_SERVICE_TYPE, type WireServiceOrder } from '@signalbox/contracts';

export interface AccountTypeMove {
  toType: string;
  fromType?: string;
}

/** The move an account-type order asks for; undefined for any other order. */
export function accountTypeMove(order: WireServiceOrder): AccountTypeMove | { refused: string } | undefined {
  if (order.serviceType !== ACCOUNT_TYPE_SERVICE_TYPE) return undefined;
  const text = (name: string) => (typeof order.fields[name] === 'string' && order.fields[name] !== '' ? (order.fields[name] as string) : undefined);
  const toType = text('toType');
  const fromType = text('fromType');
  if (toType === undefined) return { refused: 'an account type movement needs fields.toType' };
  return { toType, ...(fromType ? { fromType } : {}) };
}

/**
 * Why a billing system would refuse the move: the account is not of the type the order expects,
 * or already of the target type. An account the simulator has not seen yet is taken to be of
 * `fromType`.
 */
export function accountTypeRefusal(move: AccountTypeMove, current: string | undefined, who: string): string | undefined {
  if (move.fromType !== undefined && current !== undefined && current !== move.fromType) {
    return `cannot move ${who} from ${move.fromType} to ${move.toType}: it is ${current}`;
  }
  if (current === move.toType) return `cannot move ${who} to ${move.toType}: it already is`;
  return undefined;
}
