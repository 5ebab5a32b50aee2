import { Module } from '@nestjs/common';
import { HealthProbesController, ProbesController } from './probes.controller';
import { ProbesService } from './probes.service';

@Module({ controllers: [ProbesController, HealthProbesController], providers: [ProbesService] })
export class ProbesModule {}
