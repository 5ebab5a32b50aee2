import { Entity } from 'typeorm';
import type { ServiceSpecMapping } from '@signalbox/domain';
import { CatalogEntryColumns } from '../catalog/catalog-entry.columns';

/** TMF641 mapping of one service specification, keyed by the specification id. */
@Entity({ name: 'tmf_service_spec_mappings' })
export class TmfServiceSpecMappingEntity extends CatalogEntryColumns<ServiceSpecMapping> {}
