export * from './batch.store';
