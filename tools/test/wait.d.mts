export interface WaitOptions {
  /** Deadline in ms (default 30 s). */
  timeout?: number;
  /** Pause between checks in ms (default 100). */
  interval?: number;
  /** What is awaited, for the error message. */
  message?: string;
  /** Checked before each poll: a returned reason ends the wait with an error at once. */
  failIf?: () => string | undefined;
}

/** Polls `condition` until it returns a value other than undefined, null or false, and returns it. */
export function waitFor<T>(condition: () => T | Promise<T>, options?: WaitOptions): Promise<Exclude<T, undefined | null | false>>;
