// Apart from the reconciliation schemas: the reconciliation workflow imports it, and a module
// without schemas costs a run nothing to load (workflow-bundle.ts).

export const RECONCILIATION_LIMITS = {
  /** Subjects compared per page activity. */
  pageSize: 100,
  /** Pages per workflow run before it continues as new. */
  pagesPerExecution: 20,
  /** Subjects a request may list by key. */
  maxSubjects: 1000,
  /** Report lines per GET page. */
  maxLinesPerPage: 500,
} as const;
