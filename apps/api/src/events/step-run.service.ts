import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { buildCatalogView, stepRunGraph, type PinnedSample } from '@signalbox/domain';
import { validationFailed } from '../common/api-error';
import { EventsService } from './events.service';

/**
 * "Run this step" (n8n's execute step): one action or message step of the draft, on its own,
 * against the simulator, with the analyst's pinned input. The step is cut out of the draft into
 * start → step → an end per outcome (stepRunGraph), frozen like a test run and started on the same
 * interpreter, with the pinned results of earlier steps seeded so `nodes.<id>.output` resolves.
 */
@Injectable()
export class StepRunService {
  constructor(private readonly events: EventsService) {}

  async run(eventCode: string, nodeId: string, sample: PinnedSample): Promise<{ runId: string }> {
    const draft = await this.events.draftForTest(eventCode);
    const cut = stepRunGraph(draft.graph, nodeId, buildCatalogView(draft.doc).actionCodes);
    if (!cut.ok) throw validationFailed([{ path: 'nodeId', message: cut.message }]);
    // Only the step's own errors stop it: the rest of a draft may be half-built while one step is tried.
    const errors = draft.problems.filter((p) => p.severity === 'error' && p.nodeId === nodeId);
    if (errors.length) throw validationFailed(errors, `step ${nodeId} of ${eventCode} cannot run: fix its errors first`);
    return this.events.startTestRun(draft, cut.graph, {
      subject: sample.subject,
      data: sample.data,
      eventId: `step-${nodeId}-${randomUUID()}`,
      seedResults: sample.nodes,
    });
  }
}
