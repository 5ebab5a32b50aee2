import type { MigrationInterface } from 'typeorm';
import { Catalog1795400000000 } from './migrations/1795400000000-catalog.migration';
import { ServiceOrders1795438800000 } from './service-orders/1795438800000-service-orders.migration';
import { FrozenCatalog1795520000000 } from './migrations/1795520000000-frozen-catalog.migration';

/** Every migration, in timestamp order. Append new ones here. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Catalog1795400000000, ServiceOrders1795438800000, FrozenCatalog1795520000000];
