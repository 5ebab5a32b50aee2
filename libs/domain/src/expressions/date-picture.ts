import type { ExpressionLimits } from './expression-limits';

/**
 * Characters that some component of a parsed timestamp can match (digits, names, words, signs):
 * a literal made only of these does not pin where one component ends and the next begins.
 */
const ABSORBABLE = /^[0-9A-Za-z ,+-]*$/;

/**
 * How many component boundaries of an XPath date/time picture the matcher may have to search for:
 * per run of components not separated by a literal they cannot match, one fewer than its length.
 * `$toMillis(text, picture)` turns the picture into a backtracking regular expression whose failing
 * match tries every placement of these boundaries in the text (about `length^boundaries` steps).
 */
export function pictureFreeBoundaries(picture: string): number {
  let free = 0;
  let run = 0;
  let literal = '';
  const endLiteral = () => {
    if (!ABSORBABLE.test(literal)) {
      free += Math.max(0, run - 1);
      run = 0;
    }
    literal = '';
  };
  for (let i = 0; i < picture.length; i++) {
    const c = picture[i];
    if ((c === '[' || c === ']') && picture[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '[') {
      endLiteral();
      const close = picture.indexOf(']', i);
      run++;
      if (close < 0) break;
      i = close;
    } else literal += c;
  }
  endLiteral();
  return free + Math.max(0, run - 1);
}

/** Why `$toMillis(timestamp, picture)` would be refused, or undefined when it is within the limits. */
export function datePictureProblem(timestamp: unknown, picture: unknown, limits: ExpressionLimits): string | undefined {
  if (typeof picture !== 'string') return undefined;
  if (picture.length > limits.maxPictureLength) return `$toMillis() with a picture of ${picture.length} characters is over the limit of ${limits.maxPictureLength}`;
  if (typeof timestamp === 'string' && timestamp.length > limits.maxPictureLength) {
    return `$toMillis() with a picture reads at most ${limits.maxPictureLength} characters, and the text is ${timestamp.length}`;
  }
  const free = pictureFreeBoundaries(picture);
  if (free > limits.maxPictureBoundaries) {
    return `$toMillis() picture ${picture} has ${free + 1} components in a row without a separator such as ":" or "/" between them, over the limit of ${limits.maxPictureBoundaries + 1}: separate them or give them fixed widths`;
  }
  return undefined;
}
