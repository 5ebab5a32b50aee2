import { AuditLogEntity } from './audit/audit-log.entity';
import { ApiKeyEntity } from './auth/api-key.entity';
import {
  ActionCodeEntity,
  EventCodeEntity,
  EventTypeEntity,
  InboundEventEntity,
  ProviderEntity,
  ServiceTypeEntity,
  TemplateEntity,
} from './catalog/catalog.entities';
import { WorkflowDraftEntity, WorkflowVersionEntity } from './workflows/workflow.entities';
import { ServiceOrderEntity } from './service-orders/service-order.entity';
import { ServiceOrderExchangeEntity } from './service-orders/service-order-exchange.entity';
import { ProvisioningStatusEntity } from './service-orders/provisioning-status.entity';
import { TokenBucketEntity } from './rate-limits/token-bucket.entity';
import { ProbeEntity } from './probes/probe.entity';
import { TmfServiceSpecMappingEntity } from './tmf/tmf-mapping.entity';

/** Every entity, listed explicitly (globs break under bundling). Append new ones here. */
export const ENTITIES: (new () => object)[] = [
  EventTypeEntity,
  EventCodeEntity,
  InboundEventEntity,
  ProviderEntity,
  ServiceTypeEntity,
  ActionCodeEntity,
  TemplateEntity,
  WorkflowDraftEntity,
  WorkflowVersionEntity,
  ApiKeyEntity,
  AuditLogEntity,
  ServiceOrderEntity,
  ServiceOrderExchangeEntity,
  ProvisioningStatusEntity,
  TokenBucketEntity,
  ProbeEntity,
  TmfServiceSpecMappingEntity,
];
