export * from './temporal';
export * from './provider-wire';
