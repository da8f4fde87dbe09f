// Presentation of money read by the backend: the words for a direction,
// how a paragraph splits around the figures marked in it. What a variance
// means is decided by the backend (BudgetLineRow.direction).

import type { Direction, Figure, Mark } from "../types";

export const DIRECTION_LABEL: Record<Direction, string> = {
  overspend: "overspend",
  underspend: "underspend",
  other: "",
};

export type Segment = { text: string; figure?: Figure; worded?: boolean };

/** Splits a paragraph at the marks the backend placed (UTF-16 offsets,
 * as JavaScript strings count): no searching of the text. */
export function segments(text: string, marks: Mark[], figures: Figure[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of marks) {
    const figure = figures[m.figure];
    if (!figure || m.start < at || m.end > text.length) continue;
    if (m.start > at) out.push({ text: text.slice(at, m.start) });
    out.push({ text: text.slice(m.start, m.end), figure, worded: m.worded });
    at = m.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
