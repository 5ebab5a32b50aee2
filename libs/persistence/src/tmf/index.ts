export * from './tmf.store';
export * from './tmf-mapping.entity';
