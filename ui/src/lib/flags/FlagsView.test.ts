import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Flag, MeetingFlags } from "../types";
import FlagsView from "./FlagsView.svelte";

function flag(key: string, over: Partial<Flag> = {}): Flag {
  return {
    key,
    target: `line-${key}`,
    rule: "variance_over_threshold",
    severity: "high",
    reason: `${key}: forecast overspend +£3.52m`,
    amount_pence: 352_000_000,
    evidence: { meeting_id: 1, item_id: 7, table_id: 2, table: "Table 1", line: key, quote: null, page: 12 },
    total: false,
    under: null,
    worth_asking: false,
    dismissed: null,
    hand: null,
    ...over,
  };
}

const data: MeetingFlags = {
  meeting_id: 1,
  thresholds: { variance_pence: 50_000_000, variance_basis_points: 500, movement_pence: 25_000_000, rephasing_pence: 100_000_000, underspend_pence: 100_000_000 },
  own_thresholds: false,
  flags: [
    flag("Total", { total: true }),
    flag("Asylum", { under: "Total" }),
    flag("Parks", { severity: "low", dismissed: { reason: "Known", at: "2026-12-05T10:00:00Z" } }),
    flag("Highways", { rule: "large_underspend", worth_asking: true }),
  ],
  lines_checked: 4,
  figures_checked: 2,
  compared_with: "2025-09-18",
  targets: [{ key: "line-Asylum", kind: "line", label: "Asylum", context: "Table 1", item_id: 7, page: 12 }],
};

function props() {
  return {
    data,
    history: null,
    onthresholds: vi.fn(),
    ondismiss: vi.fn(),
    onrestore: vi.fn(),
    onaddhand: vi.fn(),
    onremovehand: vi.fn(),
    onopenitem: vi.fn(),
    onhistory: vi.fn(),
    onlink: vi.fn(),
    onclosehistory: vi.fn(),
  };
}

afterEach(cleanup);

describe("FlagsView", () => {
  it("nests a line's flag under its total, strikes through a dismissed one and counts only live problems", () => {
    render(FlagsView, props());
    expect(screen.getByTestId("flag-count").textContent).toBe("2");
    const total = screen.getAllByTestId("flag").find((li) => li.dataset.key === "Total")!;
    expect(within(total).getByLabelText("Lines that make up this total")).toHaveTextContent("Asylum");
    const parks = screen.getAllByTestId("flag").find((li) => li.dataset.key === "Parks")!;
    expect(parks.querySelector("s")).not.toBeNull();
    expect(within(parks).getByText("Dismissed: Known")).toBeInTheDocument();
    expect(screen.getByText("Worth asking")).toBeInTheDocument();
  });

  it("sends a changed threshold as exact pence and basis points", async () => {
    const p = props();
    render(FlagsView, p);
    const input = screen.getByTestId("t-variance") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "0.25" } });
    await fireEvent.change(input);
    expect(p.onthresholds).toHaveBeenCalledWith(false, expect.objectContaining({ variance_pence: 25_000_000, variance_basis_points: 500 }));
    await fireEvent.input(input, { target: { value: "lots" } });
    await fireEvent.change(input);
    expect(screen.getByRole("alert")).toHaveTextContent("Type each threshold as a number");
  });

  it("dismisses with the member's reason", async () => {
    const p = props();
    render(FlagsView, p);
    const asylum = screen.getAllByTestId("flag").find((li) => li.dataset.key === "Asylum")!;
    await fireEvent.click(within(asylum).getByTestId("dismiss-flag"));
    await fireEvent.input(within(asylum).getByTestId("dismiss-reason"), { target: { value: "Asked in September" } });
    await fireEvent.click(within(asylum).getByTestId("confirm-dismiss"));
    expect(p.ondismiss).toHaveBeenCalledWith("Asylum", "Asked in September");
  });
});
