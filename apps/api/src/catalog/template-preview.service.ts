import { Injectable } from '@nestjs/common';
import { TemplateError, buildExpressionContext, renderTemplate, type Subject, type Template } from '@signalbox/domain';
import { validationFailed } from '../common/api-error';
import { CatalogService } from './catalog.service';

const SAMPLE_SUBJECT: Subject = { customerId: 'CUST-1001', accountId: 'ACC-1001', msisdn: '447700900123', imsi: '234150000000001' };
const SAMPLE_DATA = { amount: 10, currency: 'GBP', firstName: 'Alex', email: 'alex@example.com' };

@Injectable()
export class TemplatePreviewService {
  constructor(private readonly catalog: CatalogService) {}

  async render(code: string, input: { locale?: string; subject?: Subject; data?: Record<string, unknown> }) {
    const template = (await this.catalog.get('templates', code)) as Template;
    const locale = input.locale ?? template.defaultLocale;
    const index = template.variants.findIndex((v) => v.locale === locale);
    if (index < 0) throw validationFailed([{ path: 'locale', message: `template ${code} has no ${locale} variant (it has ${template.variants.map((v) => v.locale).join(', ')})` }]);
    const variant = template.variants[index];
    const context = buildExpressionContext({
      eventCode: 'PREVIEW',
      eventId: 'preview',
      raisedAt: new Date().toISOString(),
      now: Date.now(),
      subject: input.subject ?? SAMPLE_SUBJECT,
      data: input.data ?? SAMPLE_DATA,
    });
    const render = async (text: string, field: string) => {
      try {
        return await renderTemplate(text, context);
      } catch (err) {
        if (err instanceof TemplateError) throw validationFailed([{ path: `variants.${index}.${field}`, message: err.message }]);
        throw err;
      }
    };
    return {
      code,
      channel: template.channel,
      locale,
      ...(variant.subject !== undefined ? { subject: await render(variant.subject, 'subject') } : {}),
      body: await render(variant.body, 'body'),
    };
  }
}
