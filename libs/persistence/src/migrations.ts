import type { MigrationInterface } from 'typeorm';
import { ApiKeyProviders1796015000000 } from './auth/1796015000000-api-key-providers.migration';
import { Catalog1795400000000 } from './migrations/1795400000000-catalog.migration';
import { ServiceOrders1795438800000 } from './service-orders/1795438800000-service-orders.migration';

/** Every migration, in timestamp order. Append new ones here. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Catalog1795400000000, ServiceOrders1795438800000, ApiKeyProviders1796015000000];
