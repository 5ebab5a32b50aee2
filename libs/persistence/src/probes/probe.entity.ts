import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProbeDefinition, ProbeState } from '@signalbox/contracts';

/** A probe's definition (edited through the API) and its last evaluation (written by the worker). */
@Entity({ name: 'probes' })
export class ProbeEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'jsonb' })
  definition!: ProbeDefinition;

  @Column({ type: 'text' })
  state!: ProbeState;

  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'integer', nullable: true })
  samples!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'changed_at', type: 'timestamptz', nullable: true })
  changedAt!: Date | null;

  @Column({ name: 'evaluated_at', type: 'timestamptz', nullable: true })
  evaluatedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
