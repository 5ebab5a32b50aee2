// Apart from the batch schemas: the batch workflow imports it, and a module without schemas costs a
// run nothing to load (workflow-bundle.ts).

/** Lines a CSV may have, and characters per line. */
export const BATCH_LIMITS = { maxLines: 100_000, maxLineChars: 4000, maxColumns: 32, pageSize: 200, pagesPerExecution: 25 } as const;
