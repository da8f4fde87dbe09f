// Presentation of money read by the backend: the sense of a variance, how
// a paragraph splits around the figures in it.

import type { Cell, Direction, Figure } from "../types";

/** Budget reports print a positive variance for spending over budget. */
export function varianceDirection(cell: Cell | null): Direction {
  if (!cell || cell.pence === 0) return "other";
  return cell.pence > 0 ? "overspend" : "underspend";
}

export const DIRECTION_LABEL: Record<Direction, string> = {
  overspend: "overspend",
  underspend: "underspend",
  other: "",
};

export type Segment = { text: string; figure?: Figure };

/** Splits a paragraph so each figure printed in it can be marked. */
export function segments(paragraph: string, figures: Figure[]): Segment[] {
  const here = figures.filter((f) => f.direction !== "other" && paragraph.includes(f.sentence.slice(0, 60)));
  const out: Segment[] = [];
  let rest = paragraph;
  for (const f of here) {
    const at = rest.indexOf(f.text);
    if (at < 0) continue;
    if (at > 0) out.push({ text: rest.slice(0, at) });
    out.push({ text: f.text, figure: f });
    rest = rest.slice(at + f.text.length);
  }
  if (rest.length > 0) out.push({ text: rest });
  return out;
}
