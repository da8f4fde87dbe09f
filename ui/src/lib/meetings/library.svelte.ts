// The library as the UI sees it: the meeting list and what is open.

import { errorMessage, getBudgetLines, getDocument, getItem, getMeeting, listMeetings } from "../ipc";
import type { BudgetLineRow, Diagnostic, ItemDetail, ItemId, MeetingDetail, MeetingId, MeetingSummary } from "../types";

export class LibraryView {
  meetings = $state<MeetingSummary[]>([]);
  loaded = $state(false);
  meeting = $state<MeetingDetail | null>(null);
  item = $state<ItemDetail | null>(null);
  diagnostics = $state<Diagnostic[] | null>(null);
  /** The meeting's budget lines, once the Budget view has been opened. */
  budget = $state<BudgetLineRow[] | null>(null);
  view = $state<"agenda" | "budget">("agenda");
  error = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      this.meetings = await listMeetings();
      this.error = null;
    } catch (e) {
      this.error = `Could not list the meetings: ${errorMessage(e)}`;
    } finally {
      this.loaded = true;
    }
  }

  async openMeeting(id: MeetingId): Promise<void> {
    try {
      this.meeting = await getMeeting(id);
      this.item = null;
      this.diagnostics = null;
      this.budget = null;
      if (this.view === "budget") await this.showBudget();
      this.error = null;
    } catch (e) {
      this.error = `Could not open the meeting: ${errorMessage(e)}`;
    }
  }

  async openItem(id: ItemId): Promise<void> {
    try {
      this.item = await getItem(id);
      this.error = null;
    } catch (e) {
      this.error = `Could not open the item: ${errorMessage(e)}`;
    }
  }

  async showAgenda(): Promise<void> {
    this.view = "agenda";
  }

  async showBudget(): Promise<void> {
    this.view = "budget";
    if (!this.meeting || this.budget !== null) return;
    try {
      this.budget = await getBudgetLines(this.meeting.id);
    } catch (e) {
      this.error = `Could not load the budget lines: ${errorMessage(e)}`;
    }
  }

  async toggleDiagnostics(): Promise<void> {
    if (this.diagnostics !== null || !this.meeting) {
      this.diagnostics = null;
      return;
    }
    try {
      this.diagnostics = (await getDocument(this.meeting.document_id)).diagnostics;
    } catch (e) {
      this.error = `Could not load the warnings: ${errorMessage(e)}`;
    }
  }
}
