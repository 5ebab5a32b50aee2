export * from './service-order-mapping.schema';
export * from './service-order.schema';
export * from './service-order-plan';
export * from './service-order-state';
export * from './service-order-view';
