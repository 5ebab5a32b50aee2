/** A problem with an expression, with the character position (0-based) where JSONata reports one. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly position?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

interface JsonataFailure {
  code?: unknown;
  position?: unknown;
  token?: unknown;
  message?: unknown;
  value?: unknown;
}

const FRIENDLY: Record<string, (f: JsonataFailure) => string> = {
  S0101: () => 'a text value is missing its closing quote',
  S0102: () => 'a number is too large',
  S0103: () => 'a text value contains an unknown escape sequence',
  S0105: () => 'a quoted name is missing its closing back-quote',
  S0201: (f) => `"${String(f.token)}" is not expected here`,
  S0202: (f) => `expected "${String(f.value)}" but found "${String(f.token)}"`,
  S0203: (f) => `"${String(f.value)}" is missing before the end of the expression`,
  S0204: (f) => `"${String(f.token)}" is not a known operator`,
  S0207: () => 'the expression ends too early (something is missing at the end)',
  S0211: (f) => `"${String(f.token)}" cannot start a value`,
  D1011: () => 'it nests or recurses too deeply',
  D1012: () => 'it took too long to evaluate',
  D2014: () => 'it builds a range that is too large',
  D2015: () => 'it builds a list that is too large',
  T1006: () => 'it calls something that is not a function (check the function name)',
  D1001: () => 'a number is out of range',
};

/** Turns what JSONata throws into a sentence an analyst can act on. */
export function describeJsonataFailure(err: unknown): { message: string; position?: number; code?: string } {
  if (err instanceof ExpressionError) return { message: err.message, position: err.position, code: err.code };
  const f = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as JsonataFailure;
  const code = typeof f.code === 'string' ? f.code : undefined;
  const position = typeof f.position === 'number' ? f.position : undefined;
  const detail = code && FRIENDLY[code] ? FRIENDLY[code](f) : lowerFirst(typeof f.message === 'string' ? f.message : 'it could not be evaluated');
  return { message: detail, position, code };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
