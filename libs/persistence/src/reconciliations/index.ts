export * from './reconciliation.store';
