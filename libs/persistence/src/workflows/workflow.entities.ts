import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FrozenCatalog, WorkflowGraph } from '@signalbox/domain';

/** The editable draft of an event code's workflow; may be invalid. */
@Entity({ name: 'workflow_drafts' })
export class WorkflowDraftEntity {
  @PrimaryColumn({ name: 'event_code', type: 'text' })
  eventCode!: string;

  @Column({ type: 'jsonb' })
  graph!: WorkflowGraph;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}

/** A published version. Immutable: a database trigger refuses updates. */
@Entity({ name: 'workflow_versions' })
export class WorkflowVersionEntity {
  @PrimaryColumn({ name: 'event_code', type: 'text' })
  eventCode!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  graph!: WorkflowGraph;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'published_by', type: 'text', nullable: true })
  publishedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /**
   * The catalog entries the graph uses, frozen when it was published (providers without secrets).
   * Null only for a version the migration could not freeze because an entry it used was gone.
   */
  @Column({ type: 'jsonb', nullable: true })
  catalog!: FrozenCatalog | null;
}
