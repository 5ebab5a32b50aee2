import { z } from 'zod';
import { Code, Name } from '../common/ids';

export const CHANNELS = ['sms', 'email', 'push', 'letter'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const Locale = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, { error: 'use a locale such as en or en-GB' });

/** One language of a template. Placeholders are `{{ expression }}` evaluated over the run context. */
export const TemplateVariant = z.strictObject({
  locale: Locale,
  subject: z.string().max(300).optional(),
  body: z.string({ error: 'is required' }).min(1, { error: 'is required' }).max(20_000),
});
export type TemplateVariant = z.infer<typeof TemplateVariant>;

export const Template = z
  .strictObject({
    code: Code,
    name: Name,
    channel: Channel,
    defaultLocale: Locale.default('en'),
    variants: z.array(TemplateVariant).min(1, { error: 'needs at least one language' }),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.variants.forEach((v, i) => {
      if (seen.has(v.locale)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'locale'], message: `locale ${v.locale} appears twice` });
      seen.add(v.locale);
      if (t.channel === 'email' && !v.subject) ctx.addIssue({ code: 'custom', path: ['variants', i, 'subject'], message: 'an email needs a subject' });
    });
    if (!seen.has(t.defaultLocale)) ctx.addIssue({ code: 'custom', path: ['defaultLocale'], message: `no variant in the default locale ${t.defaultLocale}` });
  });
export type Template = z.infer<typeof Template>;
