export * from './temporal';
export * from './provider-wire';
export * from './service-queue';
