// The UI against a backend mocked at the IPC boundary only (mockIPC): the
// components, state and ipc.ts are the real ones.

import { cleanup, render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import type { BudgetLineRow, FileReport, ItemDetail, MeetingDetail, MeetingSummary, PaperDetail, PaperSummary } from "./lib/types";

const packPaper: PaperSummary = {
  id: 30, meeting_id: 7, document_id: 3, file_name: "pack.pdf", format: "pdf", paged: true, kind: "agenda", kind_label: "Agenda",
  council: "Kent County Council", body: "Cabinet", date: "2018-03-26", time: "10:00", item_count: 2, first_item: "Minutes", placed_by_member: false,
};
const minutesPaper: PaperSummary = { ...packPaper, id: 31, document_id: 5, file_name: "minutes.pdf", kind: "minutes", kind_label: "Minutes", item_count: 0 };
const cabinet: MeetingSummary = {
  id: 7, council: "Kent County Council", body: "Cabinet", date: "2018-03-26", time: "10:00", venue: "Darent Room",
  item_count: 2, papers: [packPaper, minutesPaper],
};
const audit: MeetingSummary = { ...cabinet, id: 9, body: "Audit Committee", date: "2018-02-05", papers: [{ ...packPaper, id: 40, meeting_id: 9, document_id: 6 }] };
const panel: PaperSummary = {
  ...packPaper, id: 32, meeting_id: null, document_id: 4, file_name: "appendix.txt", format: "text", paged: false, kind: "paper", kind_label: "Paper",
  body: null, date: null, council: null, time: null, item_count: 1, first_item: "Performance and Year-End Budget",
};

const detail: MeetingDetail = {
  ...cabinet,
  warning_count: 1,
  attendance: [{ name: "Mr R W Gough", status: "present", role: "Chairman" }],
  paper_items: [
    {
      ...packPaper, warning_count: 1, attendance: [],
      items: [
        { id: 70, number: "4", title: "Minutes", reference: null, pages: [3, 8], agenda_item: null, truncated: false, resolution_count: 0, page: 1 },
        { id: 71, number: "5", title: "Budget Monitoring", reference: "24/00077", pages: [9, 50], agenda_item: null, truncated: true, resolution_count: 1, page: 9 },
      ],
    },
    { ...minutesPaper, warning_count: 0, attendance: [], items: [] },
  ],
};
const panelDetail: PaperDetail = {
  ...panel, warning_count: 0, attendance: [],
  items: [{ id: 80, number: null, title: "Performance and Year-End Budget", reference: null, pages: null, agenda_item: null, truncated: false, resolution_count: 0, page: 1 }],
};

const item: ItemDetail = {
  ...detail.paper_items[0].items[1],
  paper_id: 30,
  meeting_id: 7,
  document_id: 3,
  paged: true,
  pdf: true,
  text: "The report was introduced. The forecast overspend is +£16.3m overall.\n\n<img src=x onerror=alert(1)> is just text\n\n3. RESOLVED to note the report.",
  paragraphs: [
    // "£" and "+" are one UTF-16 unit each: the mark is at 53..60.
    { text: "The report was introduced. The forecast overspend is +£16.3m overall.", span: { start: 0, end: 70 }, page: 9, resolution: null, marks: [{ start: 53, end: 60, figure: 0, worded: false }], tables_before: [] },
    { text: "<img src=x onerror=alert(1)> is just text", span: { start: 72, end: 113 }, page: 10, resolution: null, marks: [], tables_before: [0] },
    { text: "3. RESOLVED to note the report.", span: { start: 115, end: 146 }, page: 10, resolution: 0, marks: [], tables_before: [] },
  ],
  tables_unplaced: [],
  resolutions: ["RESOLVED to note the report."],
  attendance: [{ name: "John Betts", status: "in_attendance", role: "Director of Finance" }],
  report: { by: "Cabinet Member for Finance", to: "Cabinet", subject: "BUDGET MONITORING", classification: "Unrestricted", decision: null, summary: "The position.", recommendations: "NOTE the report.", pages: [9, 50] },
  figures: [
    { text: "+£16.3m", amount_pence: 1_630_000_000, direction: "overspend", subject: null, period: null, page: 9, sentence: "The forecast overspend is +£16.3m overall." },
  ],
  tables: [
    {
      id: 1, caption: "Table 1a: Directorate revenue position", unit: "£m", period: "January 2018", page: 12,
      columns: ["Budget", "Variance"], sign: null,
      lines: [
        { id: 1, section: null, label: "Adults", total_row: false, values: [{ column: "Budget", role: "budget", printed: "58.390", pence: 5_839_000_000 }, { column: "Variance", role: "variance", printed: "-0.037", pence: -3_700_000 }] },
        { id: 2, section: null, label: "TOTAL", total_row: true, values: [{ column: "Budget", role: "budget", printed: "58.390", pence: 5_839_000_000 }] },
      ],
    },
  ],
};

const budgetLines: BudgetLineRow[] = [
  { id: 901, item_id: 71, item_number: "5", item_title: "Budget Monitoring", table_caption: "Table 1a", unit: "£m", page: 12, section: null, label: "Adults", total_row: false, values: [{ column: "Net Variance", role: "variance", printed: "-0.037", pence: -3_700_000 }], variance: { column: "Net Variance", role: "variance", printed: "-0.037", pence: -3_700_000 }, direction: "underspend" },
  { id: 902, item_id: 71, item_number: "5", item_title: "Budget Monitoring", table_caption: "Table 1a", unit: "£m", page: 12, section: null, label: "Children", total_row: false, values: [{ column: "Net Variance", role: "variance", printed: "3.838", pence: 383_800_000 }], variance: { column: "Net Variance", role: "variance", printed: "3.838", pence: 383_800_000 }, direction: "overspend" },
  { id: 903, item_id: 71, item_number: "5", item_title: "Budget Monitoring", table_caption: "Table 1a", unit: "£m", page: 12, section: null, label: "Corporate", total_row: false, values: [{ column: "Budget", role: "budget", printed: "1.000", pence: 100_000_000 }], variance: null, direction: "other" },
];

let calls: { cmd: string; args: unknown }[];
let meetings: MeetingSummary[];
let unmatched: PaperSummary[];
let importReply: FileReport[];

beforeEach(() => {
  calls = [];
  meetings = [cabinet, audit];
  unmatched = [panel];
  importReply = [];
  mockWindows("main");
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case "list_meetings": return { meetings, unmatched };
        case "get_meeting": return detail;
        case "get_paper": return panelDetail;
        case "remove_document": return "pack.pdf";
        case "reread_library": return { total: 5, changed: 2, kept: ["odd.pdf"] };
        case "undo_remove": return { file: "pack.pdf", status: "imported", error_kind: null, message: "", document_id: 3, meeting_id: 7 };
        case "get_item": return item;
        case "get_budget_lines": return budgetLines;
        case "get_document": return { id: 3, file_name: "pack.txt", size: 10, format: "text", imported_at: "", diagnostics: [{ severity: "warning", message: "found no items", page: 2 }] };
        case "choose_and_import": return importReply;
        default: return null;
      }
    },
    { shouldMockEvents: true },
  );
});

afterEach(async () => {
  cleanup();
  // Let listeners unregister against the mock before it goes.
  await new Promise((r) => setTimeout(r, 0));
  clearMocks();
});

describe("the library", () => {
  it("lists meetings with body, a readable date and their papers, then the papers not matched", async () => {
    render(App);
    const rows = await screen.findAllByTestId("meeting");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Cabinet");
    expect(rows[0]).toHaveTextContent("Monday 26 March 2018");
    expect(rows[0]).toHaveTextContent("2 papers · 2 items");
    const loose = screen.getAllByTestId("unmatched-paper");
    expect(loose).toHaveLength(1);
    expect(loose[0]).toHaveTextContent("Performance and Year-End Budget", { normalizeWhitespace: true });
    expect(screen.getByText("Papers not matched to a meeting")).toBeInTheDocument();
  });

  it("shows a meeting's papers in order, each with its kind", async () => {
    render(App);
    await fireEvent.click((await screen.findAllByTestId("meeting"))[0]);
    const papers = await screen.findAllByTestId("paper");
    expect(papers.map((p) => p.getAttribute("data-kind"))).toEqual(["agenda", "minutes"]);
    expect(papers[0]).toHaveTextContent("pack.pdf");
  });

  it("attaches a paper not matched to a meeting", async () => {
    render(App);
    await fireEvent.click(await screen.findByTestId("unmatched-paper"));
    expect(await screen.findByTestId("paper-heading")).toHaveTextContent("Performance and Year-End Budget");
    expect(screen.getByTestId("attach-button")).toBeDisabled();
    await fireEvent.change(screen.getByTestId("attach-to"), { target: { value: "9" } });
    await fireEvent.click(screen.getByTestId("attach-button"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "attach_paper")?.args).toEqual({ paper: 32, meeting: 9 }));
    expect(await screen.findByTestId("notice")).toHaveTextContent("now part of this meeting");
  });

  it("folds the meetings list away and back", async () => {
    render(App);
    await screen.findAllByTestId("meeting");
    const fold = screen.getByTestId("fold-button");
    expect(fold).toHaveAttribute("aria-expanded", "true");
    await fireEvent.click(fold);
    expect(screen.queryByTestId("meeting-list")).toBeNull();
    expect(fold).toHaveAttribute("aria-expanded", "false");
    await fireEvent.click(fold);
    expect(await screen.findByTestId("meeting-list")).toBeInTheDocument();
  });

  it("re-reads the library and says what changed", async () => {
    render(App);
    await screen.findAllByTestId("meeting");
    await fireEvent.click(screen.getByTestId("reread-button"));
    const notice = await screen.findByTestId("notice");
    expect(notice).toHaveTextContent("Re-read 5 papers: 2 read differently. 1 could not be read again and keep their old reading: odd.pdf.");
    await waitFor(() => expect(screen.getByTestId("reread-button")).not.toBeDisabled());
  });

  it("removes a paper and brings it back with undo", async () => {
    render(App);
    await fireEvent.click((await screen.findAllByTestId("meeting"))[0]);
    await fireEvent.click((await screen.findAllByTestId("remove-paper"))[0]);
    await waitFor(() => expect(calls.find((c) => c.cmd === "remove_document")?.args).toEqual({ id: 3 }));
    expect(await screen.findByTestId("notice")).toHaveTextContent("Removed pack.pdf.");
    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "undo_remove")).toBe(true));
    expect(await screen.findByTestId("notice")).toHaveTextContent("Brought back pack.pdf.");
  });

  it("opens a meeting, then an item, and marks its resolution", async () => {
    render(App);
    await fireEvent.click((await screen.findAllByTestId("meeting"))[0]);
    expect(await screen.findByTestId("meeting-heading")).toHaveTextContent("Cabinet, Monday 26 March 2018");
    expect(calls.find((c) => c.cmd === "get_meeting")?.args).toEqual({ id: 7 });
    const items = await screen.findAllByTestId("item");
    expect(items.map((i) => i.getAttribute("data-number"))).toEqual(["4", "5"]);

    await fireEvent.click(items[1]);
    const view = await screen.findByTestId("item-view");
    expect(view).toHaveTextContent("5. Budget Monitoring");
    const resolution = view.querySelector("p.resolution");
    expect(resolution).toHaveTextContent("Resolution 3. RESOLVED to note the report.");
    expect(view).toHaveTextContent("only the start of these minutes");
    expect(view).toHaveTextContent("ReportBUDGET MONITORING");
    expect(view).toHaveTextContent("In attendance for this item: John Betts (Director of Finance)");
    await waitFor(() => expect(document.activeElement?.id).toBe("item-heading"), { timeout: 500 });
  });

  it("renders paper text as text, never as markup", async () => {
    render(App);
    await fireEvent.click((await screen.findAllByTestId("meeting"))[0]);
    await fireEvent.click((await screen.findAllByTestId("item"))[1]);
    const text = await screen.findByTestId("item-text");
    expect(text.querySelector("img")).toBeNull();
    expect(text).toHaveTextContent("<img src=x onerror=alert(1)> is just text");
  });

  it("marks figures with a word as well as a colour, and shows tables as tables", async () => {
    render(App);
    await fireEvent.click((await screen.findAllByTestId("meeting"))[0]);
    await fireEvent.click((await screen.findAllByTestId("item"))[1]);
    const fig = await screen.findByTestId("figure");
    expect(fig).toHaveTextContent("+£16.3m overspend");
    expect(fig).toHaveClass("overspend");
    // A paragraph on a later page says so; the first is on the item's page.
    expect(screen.getAllByTestId("page-marker").map((m) => m.textContent)).toEqual(["Page 10"]);
    const table = screen.getByTestId("budget-table");
    // Where the paper prints it: after the first paragraph, before the second.
    const text = screen.getByTestId("item-text");
    expect(text.contains(table)).toBe(true);
    const paras = text.querySelectorAll("p[data-page]");
    expect(table.compareDocumentPosition(paras[0]) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    expect(table.compareDocumentPosition(paras[1]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(table.querySelector("caption")).toHaveTextContent("Table 1a: Directorate revenue position");
    expect(table.querySelectorAll("thead th")[1]).toHaveTextContent("Budget (£m)");
    const cells = table.querySelectorAll("tbody tr:first-child td");
    expect(cells[1]).toHaveTextContent("-0.037");
    expect(cells[1]).toHaveClass("num");
    expect(table.querySelector("tbody tr.total")).toHaveTextContent("TOTAL");
  });

  it("lists a meeting's budget lines sorted by variance, both ways", async () => {
    render(App);
    await fireEvent.click((await screen.findAllByTestId("meeting"))[0]);
    await fireEvent.click(await screen.findByTestId("show-budget"));
    const labels = async () => (await screen.findAllByTestId("budget-line")).map((r) => r.querySelector(".line-label")?.textContent);
    expect(await labels()).toEqual(["Children", "Adults", "Corporate"]);
    expect((await screen.findAllByTestId("budget-line"))[0]).toHaveTextContent("3.838 £m overspend");
    await fireEvent.click(screen.getByTestId("sort-variance"));
    expect(await labels()).toEqual(["Adults", "Children", "Corporate"]);
    expect(screen.getByTestId("sort-variance").closest("th")).toHaveAttribute("aria-sort", "ascending");
  });

  it("moves between meetings with the arrow keys", async () => {
    render(App);
    const rows = await screen.findAllByTestId("meeting");
    rows[0].focus();
    await fireEvent.keyDown(rows[0], { key: "ArrowDown" });
    expect(document.activeElement).toBe(rows[1]);
    await fireEvent.keyDown(rows[1], { key: "ArrowUp" });
    expect(document.activeElement).toBe(rows[0]);
    await fireEvent.keyDown(rows[0], { key: "End" });
    expect(document.activeElement).toBe(rows[rows.length - 1]);
  });

  it("shows the reader's warnings on request", async () => {
    render(App);
    await fireEvent.click((await screen.findAllByTestId("meeting"))[0]);
    await fireEvent.click(await screen.findByRole("button", { name: /read with 1 warning/ }));
    // One list for the meeting's two documents, each note under its file.
    const notes = await screen.findAllByText(/found no items/);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toHaveTextContent("minutes.pdf");
  });
});

describe("importing", () => {
  it("imports the chosen files, reports each one and refreshes the list", async () => {
    importReply = [
      { file: "a.txt", status: "imported", error_kind: null, message: "Imported a.txt: 1 meeting(s), 3 item(s).", document_id: 9, meeting_id: 11 },
      { file: "b.bin", status: "failed", error_kind: "binary", message: "Could not import b.bin: this looks like a binary file. The library is unchanged.", document_id: null, meeting_id: null },
      { file: "c.txt", status: "imported_with_gaps", error_kind: null, message: "Imported c.txt, but could not find agenda items.", document_id: 10, meeting_id: null },
    ];
    render(App);
    await screen.findAllByTestId("meeting");
    meetings = [{ ...cabinet, id: 11, body: "Standards Committee", date: "2024-01-01" }, cabinet, audit];
    await fireEvent.click(screen.getByTestId("import-button"));
    const reports = await screen.findByTestId("import-reports");
    expect(reports).toHaveTextContent("Imported: Imported a.txt");
    expect(reports).toHaveTextContent("Not imported: Could not import b.bin");
    expect(reports).toHaveTextContent("Imported, check it: Imported c.txt, but could not find agenda items.");
    expect(calls.some((c) => c.cmd === "choose_and_import")).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId("meeting")).toHaveLength(3));
    // The meeting the new paper joined opens.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "get_meeting").at(-1)?.args).toEqual({ id: 11 }));
  });

  it("shows the shell's import of files dropped on the window, and never names a file itself", async () => {
    const dropped = [{ file: "pack.pdf", status: "imported", error_kind: null, message: "Imported pack.pdf: 1 meeting(s), 9 item(s).", document_id: 9, meeting_id: 7 }];
    render(App);
    await screen.findAllByTestId("meeting");
    // The drop listeners register a moment after the window mounts.
    await new Promise((r) => setTimeout(r, 50));
    await emit("tauri://drag-drop", { paths: ["/home/cllr/pack.pdf"], position: { x: 10, y: 10 } });
    await waitFor(() => expect(screen.getByTestId("import-button")).toBeDisabled());
    const listsBefore = calls.filter((c) => c.cmd === "list_meetings").length;
    await emit("import-finished", dropped);
    const reports = await screen.findByTestId("import-reports");
    expect(reports).toHaveTextContent("Imported pack.pdf");
    expect(screen.getByTestId("import-button")).not.toBeDisabled();
    await waitFor(() => expect(calls.filter((c) => c.cmd === "list_meetings").length).toBeGreaterThan(listsBefore));
    expect(calls.every((c) => !JSON.stringify(c.args ?? {}).includes("/home/cllr"))).toBe(true);
  });

  it("shows nothing and refreshes nothing when the dialog is cancelled", async () => {
    importReply = [];
    render(App);
    await screen.findAllByTestId("meeting");
    const listsBefore = calls.filter((c) => c.cmd === "list_meetings").length;
    await fireEvent.click(screen.getByTestId("import-button"));
    await waitFor(() => expect(screen.getByTestId("import-button")).not.toBeDisabled());
    expect(screen.queryByTestId("import-reports")).toBeNull();
    expect(calls.filter((c) => c.cmd === "list_meetings").length).toBe(listsBefore);
  });
});
