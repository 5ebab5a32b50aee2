import type { EventCode, GraphNode, Template } from '@signalbox/domain';

export interface DropContext {
  templates: readonly Template[];
  eventCodes: readonly EventCode[];
  /** The nodes already on the canvas. */
  nodes: readonly GraphNode[];
  /** The event code whose workflow this is: a linked event never defaults to it. */
  ownEventCode?: string;
}

/**
 * What a freshly dropped step starts with: a Message step takes a template of the channel the
 * workflow already messages on (SMS when it has none yet and its subject carries an MSISDN), a
 * Linked-event step another enabled event code than this one. Undefined leaves the placeholder
 * that the problems list flags, so the analyst picks.
 */
export function dropDefaults(ctx: DropContext): { template?: string; eventCode?: string } {
  return { template: defaultTemplate(ctx), eventCode: defaultLinkedEvent(ctx) };
}

function defaultTemplate({ templates, nodes, eventCodes, ownEventCode }: DropContext): string | undefined {
  const channelOf = new Map(templates.map((t) => [t.code, t.channel]));
  const used = new Map<string, number>();
  for (const n of nodes) {
    if (n.kind !== 'communication') continue;
    const channel = channelOf.get(n.template);
    if (channel) used.set(channel, (used.get(channel) ?? 0) + 1);
  }
  // The channel used most; ties go to the one met first.
  let channel: string | undefined = [...used.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!channel) {
    const own = eventCodes.find((e) => e.code === ownEventCode);
    const hasMsisdn = own ? own.requiredSubjectKeys.includes('msisdn') : true;
    channel = hasMsisdn ? 'sms' : undefined;
  }
  const sorted = [...templates].sort((a, b) => a.code.localeCompare(b.code));
  return (channel ? sorted.find((t) => t.channel === channel) : undefined)?.code ?? sorted[0]?.code;
}

function defaultLinkedEvent({ eventCodes, ownEventCode }: DropContext): string | undefined {
  const others = eventCodes.filter((e) => e.code !== ownEventCode);
  return (others.find((e) => e.enabled) ?? others[0])?.code;
}
