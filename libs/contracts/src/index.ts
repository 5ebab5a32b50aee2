export * from './temporal';
export * from './provider-wire';
export * from './service-queue';
export * from './run-start';
export * from './demo-credentials';
export * from './provider-task-queue';
export * from './version-snapshot';
export * from './frozen-catalog-changes';
