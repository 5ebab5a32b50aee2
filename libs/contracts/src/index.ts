export * from './temporal';
export * from './provider-wire';
export * from './service-queue';
export * from './run-start';
export * from './demo-credentials';
export * from './provider-task-queue';
export * from './run-failure';
export * from './run-limits';
