export * from './intake-outbox.store';
