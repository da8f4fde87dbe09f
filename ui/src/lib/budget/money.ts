// Presentation of money read by the backend: the words for a direction,
// how a paragraph splits around the figures marked in it. What a variance
// means is decided by the backend (BudgetLineRow.direction).

import type { Direction, Figure, Highlight, Mark } from "../types";

export const DIRECTION_LABEL: Record<Direction, string> = {
  overspend: "overspend",
  underspend: "underspend",
  other: "",
};

export type Segment = {
  text: string;
  figure?: Figure;
  worded?: boolean;
  /** Where the segment starts in its paragraph, in UTF-16 units. */
  start: number;
  /** The member's highlight over it, if any. */
  highlight?: Highlight;
  /** It ends its figure's mark (where the figure's label and page link go). */
  markEnd?: boolean;
};

/** Splits a paragraph at the figure marks and the member's highlights the
 * backend placed (UTF-16 offsets, as JavaScript strings count): no
 * searching of the text. */
export function segments(text: string, marks: Mark[], figures: Figure[], highlights: Highlight[] = []): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  const okMarks = marks.filter((m) => figures[m.figure] && m.start >= 0 && m.end <= text.length && m.start < m.end);
  const okHighlights = highlights.filter((h) => h.start >= 0 && h.end <= text.length && h.start < h.end);
  for (const m of okMarks) { cuts.add(m.start); cuts.add(m.end); }
  for (const h of okHighlights) { cuts.add(h.start); cuts.add(h.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const m = okMarks.find((x) => x.start <= a && b <= x.end);
    const h = okHighlights.find((x) => x.start <= a && b <= x.end);
    const seg: Segment = { text: text.slice(a, b), start: a };
    if (m) { seg.figure = figures[m.figure]; seg.worded = m.worded; seg.markEnd = b === m.end; }
    if (h) seg.highlight = h;
    out.push(seg);
  }
  return out;
}
