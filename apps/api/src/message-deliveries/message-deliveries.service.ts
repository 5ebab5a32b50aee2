import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkSignatureHeader } from '@signalbox/contracts';
import { DeliveryReport } from '@signalbox/domain';
import { loadProviderWithSecrets, MessageDeliveryStore, SecretBox } from '@signalbox/persistence';
import { ApiError, conflict, notFound, validationFailed } from '../common/api-error';
import type { Principal } from '../auth/permissions';
import type { MessageDeliveryQueryDto } from './dto';

/** Largest delivery report read (a report is a few hundred bytes). */
const REPORT_LIMIT_BYTES = 16 * 1024;

/**
 * Per-message delivery status: the list ops read, and the delivery reports gateways send. A report
 * is trusted only when it is signed by the provider the message went through (its `signature`
 * auth secret, the one Signalbox signs that provider's requests with) and comes with an agent
 * key that may act for that provider.
 */
@Injectable()
export class MessageDeliveriesService {
  private readonly store: MessageDeliveryStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {
    this.store = new MessageDeliveryStore(dataSource);
  }

  list(query: MessageDeliveryQueryDto) {
    return this.store.list({ ...(query.runId ? { runId: query.runId } : {}), ...(query.status ? { status: query.status } : {}) }, query.page, query.pageSize);
  }

  async report(raw: Uint8Array | undefined, signature: string | undefined, caller: Principal) {
    if (!raw || raw.length === 0) throw validationFailed([{ path: '', message: 'send the delivery report as a JSON body' }]);
    if (raw.length > REPORT_LIMIT_BYTES) throw new ApiError(413, `a delivery report is at most ${REPORT_LIMIT_BYTES} bytes`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(raw).toString('utf8'));
    } catch {
      throw new ApiError(400, 'the body is not valid JSON');
    }
    const result = DeliveryReport.safeParse(parsed);
    if (!result.success) throw validationFailed(result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const report = result.data;

    const found = await this.store.providerOf(report.messageId);
    if (!found) throw notFound('message', report.messageId);
    if (!found.providerCode) {
      throw new ApiError(403, `message ${report.messageId} went through the worker's default gateway, which has no provider secret to sign reports with: send SMS through an sms provider to get delivery reports`);
    }
    if (caller.providers !== null && !caller.providers.includes(found.providerCode)) {
      throw new ApiError(403, `this agent key may report only for ${caller.providers.join(', ') || 'no provider'}; message ${report.messageId} went through provider ${found.providerCode}`);
    }
    const provider = await loadProviderWithSecrets(this.dataSource, found.providerCode, this.box);
    if (!provider || provider.auth.type !== 'signature' || !provider.auth.secret) {
      throw new ApiError(403, `provider ${found.providerCode} has no signature secret: give it auth of type signature so its delivery reports can be verified`);
    }
    const problem = checkSignatureHeader(createHmac, { keyId: provider.auth.keyId, secret: provider.auth.secret }, signature, raw, Date.now());
    if (problem) throw new ApiError(401, `the delivery report's signature does not hold: ${problem}`);

    const outcome = await this.store.report(report);
    if (outcome.kind === 'not-found') throw notFound('message', report.messageId);
    if (outcome.kind === 'closed') throw conflict(`message ${report.messageId} is already ${outcome.message.status}; a ${report.status} report cannot change it`);
    return { messageId: report.messageId, status: outcome.message.status, duplicate: outcome.kind === 'duplicate' };
  }
}
