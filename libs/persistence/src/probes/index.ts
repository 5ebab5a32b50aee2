export * from './probe.entity';
export * from './probe.store';
