import type { MigrationInterface } from 'typeorm';
import { Catalog1795400000000 } from './migrations/1795400000000-catalog.migration';

/** Every migration, in timestamp order. Append new ones here. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [Catalog1795400000000];
