import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, tap, throwError, type Observable } from 'rxjs';
import { MetricsService } from './metrics.service';

/** A single raise's runs say `started`; a batch's say `status` (queued: a new run, duplicate: an existing one). */
interface RunRef {
  eventCode: string;
  started?: boolean;
  status?: 'queued' | 'duplicate';
}

interface RunRefs {
  runs?: RunRef[];
  results?: { runs: RunRef[] }[];
}

/**
 * Counts raised events: each run an accepted request resolved to (by event code), and each refused
 * request by status — including refusals by validation, which happen before the handler.
 */
@Injectable()
export class EventsMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((answer: unknown) => {
        const body = (answer ?? {}) as RunRefs;
        const runs = body.runs ?? body.results?.flatMap((r) => r.runs) ?? [];
        for (const run of runs) this.metrics.accepted(run.eventCode, run.started ?? run.status === 'queued');
      }),
      catchError((err: unknown) => {
        this.metrics.refused(err instanceof HttpException ? err.getStatus() : 500);
        return throwError(() => err);
      }),
    );
  }
}
