export * from './expression-context';
export * from './expression-error';
export * from './check-expression';
export * from './evaluate-expression';
export * from './template';
