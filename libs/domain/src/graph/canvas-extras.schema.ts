import { z } from 'zod';
import { ElementId } from '../common/ids';

/*
 * What an analyst puts on the canvas besides steps: sticky notes and groups of steps. Both are
 * for people reading the diagram; the interpreter never sees them (`runGraph` drops them from
 * what a run carries), but drafts and published versions keep them as drawn.
 */

export const CANVAS_COLORS = ['yellow', 'blue', 'green', 'pink', 'grey'] as const;
export const CanvasColor = z.enum(CANVAS_COLORS, { error: `must be one of ${CANVAS_COLORS.join(', ')}` });
export type CanvasColor = z.infer<typeof CanvasColor>;

export const NOTE_SIZE = { min: 120, max: 1200 } as const;
export const NOTE_TEXT_MAX = 2000;
export const MAX_NOTES = 500;
export const MAX_GROUPS = 200;
export const GROUP_LABEL_MAX = 120;

const Extent = z
  .number()
  .min(NOTE_SIZE.min, { error: `must be at least ${NOTE_SIZE.min}` })
  .max(NOTE_SIZE.max, { error: `must be at most ${NOTE_SIZE.max}` });

/** A sticky note: plain text (markdown-ish, shown as typed), where it sits and how big it is. */
export const StickyNote = z.strictObject({
  id: ElementId,
  text: z.string().max(NOTE_TEXT_MAX, { error: `keep a note under ${NOTE_TEXT_MAX} characters` }),
  position: z.strictObject({ x: z.number(), y: z.number() }),
  size: z.strictObject({ width: Extent, height: Extent }).optional(),
  color: CanvasColor.optional(),
});
export type StickyNote = z.infer<typeof StickyNote>;

/**
 * A named set of steps drawn as one tinted box; collapsed, it stands for its steps on the canvas.
 * Its box is computed from the members' positions, never stored, so it cannot drift from them.
 */
export const NodeGroup = z.strictObject({
  id: ElementId,
  label: z.string().max(GROUP_LABEL_MAX, { error: `keep a label under ${GROUP_LABEL_MAX} characters` }),
  nodeIds: z.array(ElementId).min(1, { error: 'a group needs at least one step' }).max(2000),
  collapsed: z.boolean().default(false),
  color: CanvasColor.optional(),
});
export type NodeGroup = z.infer<typeof NodeGroup>;
