import type { MigrationInterface } from 'typeorm';
import { ApiKeyProviders1796015000000 } from './auth/1796015000000-api-key-providers.migration';
import { Catalog1795400000000 } from './migrations/1795400000000-catalog.migration';
import { ServiceOrders1795438800000 } from './service-orders/1795438800000-service-orders.migration';
import { ProviderTokenBuckets1795600000000 } from './rate-limits/1795600000000-provider-token-buckets.migration';
import { SharedTokenBuckets1796100000000 } from './rate-limits/1796100000000-shared-token-buckets.migration';
import { ProviderModeAsync1795600000001 } from './migrations/1795600000001-provider-mode-async.migration';
import { Batches1796020000001 } from './batches/1796020000001-batches.migration';
import { Probes1796020000000 } from './probes/1796020000000-probes.migration';
import { TmfServiceOrdering1796200000000 } from './tmf/1796200000000-tmf-service-ordering.migration';
import { CorrelatedMessages1796300000000 } from './messages/1796300000000-correlated-messages.migration';
import { TmfCancelLookup1796500000000 } from './tmf/1796500000000-tmf-cancel-lookup.migration';
import { Reconciliations1796600000000 } from './reconciliations/1796600000000-reconciliations.migration';
import { FrozenCatalog1795520000000 } from './migrations/1795520000000-frozen-catalog.migration';
import { OrderKinds1796800000000 } from './service-orders/1796800000000-order-kinds.migration';
import { Webhooks1796900000000 } from './webhooks/1796900000000-webhooks.migration';
import { MessageDeliveries1796940000000 } from './message-deliveries/1796940000000-message-deliveries.migration';
import { CatalogRevision1796960000000 } from './catalog/1796960000000-catalog-revision.migration';
import { IntakeOutbox1796960000001 } from './intake/1796960000001-intake-outbox.migration';
import { ServiceSlots1796980000000 } from './service-orders/1796980000000-service-slots.migration';
import { ApiKeyRevision1796990000000 } from './auth/1796990000000-api-key-revision.migration';

/** Every migration, in timestamp order. Append new ones here. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Catalog1795400000000,
  ServiceOrders1795438800000,
  FrozenCatalog1795520000000,
  ProviderTokenBuckets1795600000000,
  ProviderModeAsync1795600000001,
  ApiKeyProviders1796015000000,
  Probes1796020000000,
  Batches1796020000001,
  SharedTokenBuckets1796100000000,
  TmfServiceOrdering1796200000000,
  CorrelatedMessages1796300000000,
  TmfCancelLookup1796500000000,
  Reconciliations1796600000000,
  OrderKinds1796800000000,
  Webhooks1796900000000,
  MessageDeliveries1796940000000,
  CatalogRevision1796960000000,
  IntakeOutbox1796960000001,
  ServiceSlots1796980000000,
  ApiKeyRevision1796990000000,
];
