// The library as the UI sees it: the meetings, the papers not matched to
// one, and what is open; the member's changes (attach, detach, remove with
// undo) go through here.

import {
  getDeleted,
  addCommitment,
  getCommitmentSuggestions,
  getCommitments,
  setCommitment,
  addQuestion,
  deleteQuestion,
  getQuestions,
  moveQuestion,
  restoreQuestion,
  updateQuestion,
  addHandFlag,
  annotate,
  deleteAnnotation,
  getItemAnnotations,
  getMeetingAnnotations,
  restoreAnnotation,
  updateAnnotation,
  attachPaper,
  detachPaper,
  dismissFlag,
  getFlags,
  getLineHistory,
  linkLines,
  removeHandFlag,
  restoreFlag,
  setThresholds,
  errorMessage,
  getBudgetLines,
  getDocument,
  getItem,
  getMeeting,
  getPaper,
  listMeetings,
  onRereadProgress,
  removeDocument,
  rereadLibrary,
  undoRemove,
} from "../ipc";
import type {
  Deleted,
  CommitmentView,
  Suggestion,
  EvidenceInput,
  QuestionView,
  AnnotationView,
  BudgetLineRow,
  Diagnostic,
  DocumentId,
  ItemDetail,
  ItemAnnotations,
  ItemId,
  LineHistory,
  MeetingDetail,
  MeetingFlags,
  MeetingId,
  MeetingSummary,
  PaperDetail,
  PaperId,
  PaperSummary,
  Progress,
  TextPoint,
  Thresholds,
} from "../types";

/** A document's warnings, under its file name. */
export interface DocumentNotes {
  file_name: string;
  diagnostics: Diagnostic[];
}

export class LibraryView {
  meetings = $state<MeetingSummary[]>([]);
  unmatched = $state<PaperSummary[]>([]);
  loaded = $state(false);
  meeting = $state<MeetingDetail | null>(null);
  /** A paper not matched to a meeting, when one is open instead. */
  paper = $state<PaperDetail | null>(null);
  item = $state<ItemDetail | null>(null);
  diagnostics = $state<DocumentNotes[] | null>(null);
  /** The meeting's budget lines, once the Budget view has been opened. */
  budget = $state<BudgetLineRow[] | null>(null);
  view = $state<"agenda" | "budget" | "flags" | "notes" | "questions">("agenda");
  /** The meeting's questions, once the Questions view has been opened. */
  questions = $state<QuestionView[] | null>(null);
  /** What was deleted in the last 30 days, when that view is open. */
  deleted = $state<Deleted[] | null>(null);
  /** Every commitment, when that view is open. */
  commitments = $state<CommitmentView[] | null>(null);
  /** Promises the reader found in the open meeting's minutes. */
  suggestions = $state<Suggestion[] | null>(null);
  /** Every open question across meetings, when that view is open. */
  openQuestions = $state<QuestionView[] | null>(null);
  /** The open item's annotations and their highlights. */
  itemAnnotations = $state<ItemAnnotations | null>(null);
  /** The meeting's annotations, once the Notes view has been opened. */
  meetingAnnotations = $state<AnnotationView[] | null>(null);
  /** What Undo does, when it is not bringing back a removed paper. */
  private undoAction: (() => Promise<void>) | null = null;
  /** The meeting's flags, once the Flags view has been opened. */
  flags = $state<MeetingFlags | null>(null);
  /** A budget line followed across reports, when asked for. */
  history = $state<LineHistory | null>(null);
  error = $state<string | null>(null);
  /** What was just done, with undo where it can be undone. */
  notice = $state<{ message: string; undo: boolean } | null>(null);
  /** Re-reading the library: where it has got to. */
  rereading = $state<Progress | null>(null);

  async refresh(): Promise<void> {
    try {
      const index = await listMeetings();
      this.meetings = index.meetings;
      this.unmatched = index.unmatched;
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
      this.openQuestions = null;
      this.commitments = null;
      this.deleted = null;
      this.suggestions = null;
      this.paper = null;
      this.item = null;
      this.diagnostics = null;
      this.budget = null;
      this.flags = null;
      this.history = null;
      this.meetingAnnotations = null;
      this.itemAnnotations = null;
      this.questions = null;
      if (this.view === "budget") await this.showBudget();
      if (this.view === "questions") await this.showQuestions();
      if (this.view === "notes") await this.showNotes();
      if (this.view === "flags") await this.showFlags();
      this.error = null;
    } catch (e) {
      this.error = `Could not open the meeting: ${errorMessage(e)}`;
    }
  }

  async openPaper(id: PaperId): Promise<void> {
    try {
      this.paper = await getPaper(id);
      this.meeting = null;
      this.item = null;
      this.diagnostics = null;
      this.budget = null;
      this.flags = null;
      this.history = null;
      this.error = null;
    } catch (e) {
      this.error = `Could not open the paper: ${errorMessage(e)}`;
    }
  }

  async openItem(id: ItemId): Promise<void> {
    try {
      this.item = await getItem(id);
      this.itemAnnotations = await getItemAnnotations(id);
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

  async showQuestions(): Promise<void> {
    this.view = "questions";
    if (!this.meeting) return;
    try {
      this.questions = await getQuestions(this.meeting.id);
    } catch (e) {
      this.error = `Could not list the questions: ${errorMessage(e)}`;
    }
  }

  async showDeleted(): Promise<void> {
    try {
      this.deleted = await getDeleted();
      this.commitments = null;
      this.openQuestions = null;
    } catch (e) {
      this.error = `Could not list what was deleted: ${errorMessage(e)}`;
    }
  }

  restoreDeleted(d: Deleted): Promise<void> {
    return this.change(async () => {
      if (d.kind === "note") await restoreAnnotation(d.id);
      else await restoreQuestion(d.id);
      this.deleted = await getDeleted();
      await this.reloadAnnotations();
      await this.reloadQuestions();
      this.notice = { message: `The ${d.kind} is back.`, undo: false };
    }, "restore it");
  }

  async showCommitments(): Promise<void> {
    this.deleted = null;
    try {
      this.commitments = await getCommitments();
      this.openQuestions = null;
    } catch (e) {
      this.error = `Could not list the commitments: ${errorMessage(e)}`;
    }
  }

  markCommitment(s: Suggestion, due: string | null): Promise<void> {
    return this.change(async () => {
      await addCommitment(s.item_id, s.sentence, due);
      if (this.meeting) this.suggestions = await getCommitmentSuggestions(this.meeting.id);
      await this.reloadAnnotations();
      if (this.commitments !== null) this.commitments = await getCommitments();
      this.notice = { message: "Marked as a commitment. See Commitments for what is due.", undo: false };
    }, "mark the commitment");
  }

  setCommitment(id: number, due: string | null, done: boolean): Promise<void> {
    return this.change(async () => {
      await setCommitment(id, due, done);
      this.commitments = await getCommitments();
    }, "save the commitment");
  }

  async showOpenQuestions(): Promise<void> {
    this.commitments = null;
    this.deleted = null;
    try {
      this.openQuestions = await getQuestions(null);
    } catch (e) {
      this.error = `Could not list the open questions: ${errorMessage(e)}`;
    }
  }

  /** The questions lists shown, read again after a change. */
  private async reloadQuestions(): Promise<void> {
    if (this.meeting && this.questions !== null) this.questions = await getQuestions(this.meeting.id);
    if (this.openQuestions !== null) this.openQuestions = await getQuestions(null);
  }

  /** A new question for the open meeting, from evidence (or blank); the
   * Questions view opens with it. */
  draftQuestion(evidence: EvidenceInput[]): Promise<void> {
    const meeting = this.meeting;
    if (!meeting) return Promise.resolve();
    return this.change(async () => {
      await addQuestion(meeting.id, "", "", evidence);
      await this.showQuestions();
      await this.reloadAnnotations();
      this.notice = { message: "Question drafted from its evidence. Edit it below; it is saved as you type.", undo: false };
    }, "draft the question");
  }

  updateQuestion(q: QuestionView, change: Partial<Pick<QuestionView, "text" | "to" | "status" | "answer">>): Promise<void> {
    // Merged with the question as it stands now, not as the editor saw it
    // when the change began (a text saved a moment after a status change
    // must not put the old status back).
    const current = this.questions?.find((x) => x.id === q.id) ?? this.openQuestions?.find((x) => x.id === q.id) ?? q;
    const next = { ...current, ...change };
    if (this.questions) this.questions = this.questions.map((x) => (x.id === q.id ? { ...x, ...change } : x));
    if (this.openQuestions) this.openQuestions = this.openQuestions.map((x) => (x.id === q.id ? { ...x, ...change } : x));
    return this.change(async () => {
      await updateQuestion(q.id, next.text, next.to, next.status, next.answer);
      // Typing goes on in the editor: only refresh when not the text alone.
      if (change.text === undefined) await this.reloadQuestions();
    }, "save the question");
  }

  moveQuestion(id: number, position: number): Promise<void> {
    return this.change(async () => {
      await moveQuestion(id, position);
      await this.reloadQuestions();
    }, "move the question");
  }

  deleteQuestion(id: number): Promise<void> {
    return this.deleteWithUndo("question", () => deleteQuestion(id), () => restoreQuestion(id));
  }

  /** Deletes a note or question (kept, hidden) and offers Undo. */
  private deleteWithUndo(kind: "note" | "question", remove: () => Promise<void>, restore: () => Promise<void>): Promise<void> {
    const reload = async () => {
      await this.reloadAnnotations();
      await this.reloadQuestions();
    };
    return this.change(async () => {
      await remove();
      await reload();
      this.undoAction = async () => {
        await restore();
        await reload();
        this.notice = { message: `The ${kind} is back.`, undo: false };
      };
      this.notice = { message: `${kind === "note" ? "Note" : "Question"} deleted.`, undo: true };
    }, `delete the ${kind}`);
  }

  async showNotes(): Promise<void> {
    this.view = "notes";
    if (!this.meeting) return;
    try {
      this.meetingAnnotations = await getMeetingAnnotations(this.meeting.id);
      this.suggestions = await getCommitmentSuggestions(this.meeting.id);
    } catch (e) {
      this.error = `Could not list the notes: ${errorMessage(e)}`;
    }
  }

  /** After a change to annotations: the open item's and the meeting's lists again. */
  private async reloadAnnotations(): Promise<void> {
    if (this.item) this.itemAnnotations = await getItemAnnotations(this.item.id);
    if (this.meeting && this.meetingAnnotations !== null) this.meetingAnnotations = await getMeetingAnnotations(this.meeting.id);
  }

  annotate(from: TextPoint, to: TextPoint, note: string, tags: string[], colour: string): Promise<void> {
    const item = this.item;
    if (!item) return Promise.resolve();
    return this.change(async () => {
      await annotate(item.id, from, to, note, tags, colour);
      await this.reloadAnnotations();
    }, "save the note");
  }

  updateAnnotation(id: number, note: string, tags: string[], colour: string): Promise<void> {
    return this.change(async () => {
      await updateAnnotation(id, note, tags, colour);
      await this.reloadAnnotations();
    }, "save the note");
  }

  deleteAnnotation(id: number): Promise<void> {
    return this.deleteWithUndo("note", () => deleteAnnotation(id), () => restoreAnnotation(id));
  }

  async showFlags(): Promise<void> {
    this.view = "flags";
    if (!this.meeting || this.flags !== null) return;
    await this.reloadFlags();
  }

  private async reloadFlags(): Promise<void> {
    if (!this.meeting) return;
    try {
      this.flags = await getFlags(this.meeting.id);
    } catch (e) {
      this.error = `Could not work out the flags: ${errorMessage(e)}`;
    }
  }

  /** A change to the member's flag decisions, then the flags again (they
   * are worked out from the stored lines each time). */
  private async flagChange(work: () => Promise<unknown>, what: string, message?: string): Promise<void> {
    await this.change(async () => {
      await work();
      await this.reloadFlags();
      if (this.history) await this.showHistory(this.history.line_key);
      if (message) this.notice = { message, undo: false };
    }, what);
  }

  setThresholds(own: boolean, t: Thresholds | null): Promise<void> {
    const meeting = this.meeting?.id ?? null;
    return this.flagChange(() => setThresholds(own ? meeting : null, t), "change the thresholds");
  }

  dismissFlag(key: string, reason: string): Promise<void> {
    return this.flagChange(() => dismissFlag(key, reason), "dismiss the flag", "Flag dismissed. It stays in the list, struck through, and can be restored.");
  }

  restoreFlag(key: string): Promise<void> {
    return this.flagChange(() => restoreFlag(key), "restore the flag");
  }

  addHandFlag(target: string, note: string): Promise<void> {
    return this.flagChange(() => addHandFlag(target, note), "add the flag", "Your flag was added.");
  }

  removeHandFlag(id: number): Promise<void> {
    return this.flagChange(() => removeHandFlag(id), "remove your flag");
  }

  linkLines(a: string, b: string, same: boolean): Promise<void> {
    return this.flagChange(() => linkLines(a, b, same), same ? "join the lines" : "split the lines", same ? "The lines are followed as one." : "The lines are no longer followed as one.");
  }

  async showHistory(lineKey: string): Promise<void> {
    if (!this.meeting) return;
    try {
      this.history = await getLineHistory(this.meeting.id, lineKey);
    } catch (e) {
      this.error = `Could not follow the line: ${errorMessage(e)}`;
    }
  }

  /** The warnings of every document the open meeting (or paper) came from. */
  async toggleDiagnostics(): Promise<void> {
    const papers: PaperSummary[] = this.meeting?.papers ?? (this.paper ? [this.paper] : []);
    if (this.diagnostics !== null || papers.length === 0) {
      this.diagnostics = null;
      return;
    }
    const documents = [...new Map(papers.map((p) => [p.document_id, p.file_name])).entries()];
    try {
      this.diagnostics = await Promise.all(
        documents.map(async ([id, file_name]) => ({ file_name, diagnostics: (await getDocument(id)).diagnostics })),
      );
    } catch (e) {
      this.error = `Could not load the warnings: ${errorMessage(e)}`;
    }
  }

  /** After an import: the meeting the papers joined opens. */
  async afterImport(meeting: MeetingId | null): Promise<void> {
    await this.refresh();
    if (meeting !== null) await this.openMeeting(meeting);
  }

  async attach(paper: PaperId, meeting: MeetingId): Promise<void> {
    await this.change(async () => {
      await attachPaper(paper, meeting);
      await this.refresh();
      await this.openMeeting(meeting);
      this.notice = { message: "The paper is now part of this meeting.", undo: false };
    }, "attach the paper");
  }

  async detach(paper: PaperId): Promise<void> {
    await this.change(async () => {
      const from = this.meeting?.id ?? null;
      await detachPaper(paper);
      await this.refresh();
      if (from !== null && this.meetings.some((m) => m.id === from)) await this.openMeeting(from);
      else await this.openPaper(paper);
      this.notice = { message: "The paper is now listed under “Papers not matched to a meeting”.", undo: false };
    }, "detach the paper");
  }

  async remove(document: DocumentId): Promise<void> {
    await this.change(async () => {
      const from = this.meeting?.id ?? null;
      const name = await removeDocument(document);
      this.undoAction = null;
      await this.refresh();
      this.item = null;
      this.paper = null;
      if (from !== null && this.meetings.some((m) => m.id === from)) await this.openMeeting(from);
      else this.meeting = null;
      this.notice = { message: `Removed ${name}.`, undo: true };
    }, "remove the paper");
  }

  async undo(): Promise<void> {
    const action = this.undoAction;
    this.undoAction = null;
    if (action) {
      await this.change(action, "undo");
      return;
    }
    await this.change(async () => {
      const report = await undoRemove();
      this.notice = { message: `Brought back ${report.file}.`, undo: false };
      await this.afterImport(report.meeting_id);
    }, "undo the removal");
  }

  /** Reads every paper again with this version's reader; the open
   * meeting is shown again afterwards. */
  async reread(): Promise<void> {
    if (this.rereading) return;
    this.rereading = { done: 0, total: 0, current: "" };
    const stop = await onRereadProgress((p) => (this.rereading = p));
    await this.change(async () => {
      const summary = await rereadLibrary();
      const kept = summary.kept.length > 0 ? ` ${summary.kept.length} could not be read again and keep their old reading: ${summary.kept.join(", ")}.` : "";
      this.notice = { message: `Re-read ${summary.total} paper${summary.total === 1 ? "" : "s"}: ${summary.changed} read differently.${kept}`, undo: false };
      const open = this.meeting?.id ?? null;
      await this.refresh();
      this.item = null;
      if (open !== null && this.meetings.some((m) => m.id === open)) await this.openMeeting(open);
    }, "re-read the library");
    stop();
    this.rereading = null;
  }

  private async change(work: () => Promise<void>, what: string): Promise<void> {
    try {
      this.notice = null;
      await work();
      this.error = null;
    } catch (e) {
      this.error = `Could not ${what}: ${errorMessage(e)}`;
    }
  }
}
