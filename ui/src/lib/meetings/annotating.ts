// Highlights a member can choose: each has a name (so it reads without
// colour) and its own underline style as well as a colour (app.css).

import type { TextPoint } from "../types";

export const COLOURS = ["ask", "good", "check", "concern"] as const;
export const COLOUR_LABEL: Record<string, string> = { ask: "Ask", good: "Good", check: "Check", concern: "Concern" };

/** Where a DOM point stands in the item's text: the paragraph (its
 * `data-para`) and the UTF-16 offset in it, from the `data-off` of the
 * text segment holding it. Decorations (labels, page links) carry no
 * `data-off`; a point in one is taken at the segment before it. */
export function textPoint(node: Node, offset: number): TextPoint | null {
  const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
  const seg = el?.closest<HTMLElement>("[data-off]");
  const para = el?.closest<HTMLElement>("[data-para]");
  if (!para) return null;
  const paragraph = Number(para.dataset.para);
  if (!seg || !para.contains(seg)) {
    // A point between segments: take the end of the last segment before it.
    const segs = [...para.querySelectorAll<HTMLElement>("[data-off]")];
    const before = segs.filter((s) => s.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
    const last = before[before.length - 1];
    return { paragraph, offset: last ? Number(last.dataset.off) + (last.textContent ?? "").length : 0 };
  }
  const within = node.nodeType === Node.TEXT_NODE ? offset : 0;
  return { paragraph, offset: Number(seg.dataset.off) + within };
}
