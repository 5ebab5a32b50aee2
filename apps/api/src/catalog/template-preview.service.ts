import { Injectable } from '@nestjs/common';
import { buildExpressionContext, pickTemplateVariant, type Subject, type Template } from '@signalbox/domain';
import { validationFailed } from '../common/api-error';
import { EvaluationService } from '../evaluation/evaluation.service';
import { CatalogService } from './catalog.service';

const SAMPLE_SUBJECT: Subject = { customerId: 'CUST-1001', accountId: 'ACC-1001', msisdn: '447700900123', imsi: '234150000000001' };
const SAMPLE_DATA = { amount: 10, currency: 'GBP', firstName: 'Alex', email: 'alex@example.com' };

@Injectable()
export class TemplatePreviewService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly evaluation: EvaluationService,
  ) {}

  async render(code: string, input: { locale?: string; subject?: Subject; data?: Record<string, unknown> }) {
    const template = (await this.catalog.get('templates', code)) as Template;
    // The variant a run would pick for this reader (the same fallback chain: exact locale, its
    // language, another region of it, the default), so the preview shows what will be sent.
    const variant = pickTemplateVariant(template.variants, template.defaultLocale, input.locale ?? input.data?.locale);
    const index = template.variants.indexOf(variant);
    const context = buildExpressionContext({
      eventCode: 'PREVIEW',
      eventId: 'preview',
      raisedAt: new Date().toISOString(),
      now: Date.now(),
      subject: input.subject ?? SAMPLE_SUBJECT,
      data: input.data ?? SAMPLE_DATA,
    });
    const texts: Record<string, string> = { ...(variant.subject !== undefined ? { subject: variant.subject } : {}), body: variant.body };
    // Rendered on an evaluation thread, bounded in time: a template is user-written code.
    const outcome = await this.evaluation.renderTemplate(texts, context);
    if (!outcome.ok) throw validationFailed([{ path: `variants.${index}.${outcome.field}`, message: outcome.message }]);
    return {
      code,
      channel: template.channel,
      locale: variant.locale,
      ...(input.locale !== undefined ? { requestedLocale: input.locale } : {}),
      ...(outcome.rendered.subject !== undefined ? { subject: outcome.rendered.subject } : {}),
      body: outcome.rendered.body,
    };
  }
}
