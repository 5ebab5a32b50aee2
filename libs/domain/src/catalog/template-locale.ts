/**
 * Which language variant of a template a message is rendered in. The wanted locale is the
 * action's `locale` expression or, without one, the event's `data.locale` (the subject's
 * language as the raising system knows it). Fallback, most specific first: the exact locale
 * (pt-BR), its language (pt), another region of that language (pt-PT: closer to the reader than
 * another language), the template's default locale, and last its first variant.
 */
export function pickTemplateVariant<V extends { locale: string }>(variants: readonly V[], defaultLocale: string, wanted?: unknown): V {
  const locale = normalizeLocale(wanted);
  if (locale !== undefined) {
    const language = locale.split('-')[0];
    const found =
      variants.find((v) => v.locale === locale) ?? variants.find((v) => v.locale === language) ?? variants.find((v) => v.locale.split('-')[0] === language);
    if (found) return found;
  }
  return variants.find((v) => v.locale === defaultLocale) ?? variants[0];
}

/** `pt_br`, `PT-BR` and `pt-BR` are one locale; anything that is not a locale is ignored. */
export function normalizeLocale(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  return m[2] ? `${m[1].toLowerCase()}-${m[2].toUpperCase()}` : m[1].toLowerCase();
}
