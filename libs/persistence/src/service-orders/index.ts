export * from './service-order.entity';
export * from './service-order-exchange.entity';
export * from './provisioning-status.entity';
export * from './service-order.types';
export * from './service-order.store';
export { ServiceOrders1795438800000 } from './1795438800000-service-orders.migration';
export * from './order-callback';
export * from './service-slots';
export { ServiceSlots1796980000000 } from './1796980000000-service-slots.migration';
