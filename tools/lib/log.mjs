// Tiny helpers for the launcher and the test runner: coloured, labelled output without dependencies.
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const COLOURS = { temporal: 35, db: 34, simulator: 33, api: 32, worker: 36, designer: 95, signalbox: 1, test: 1 };

export function paint(code, text) {
  return useColour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export function label(name) {
  const padded = name.padEnd(9);
  return paint(COLOURS[name] ?? 37, padded) + ' │ ';
}

export function say(message) {
  process.stdout.write(label('signalbox') + message + '\n');
}

export function fail(message) {
  process.stderr.write(paint(31, 'signalbox │ ' + message) + '\n');
}
