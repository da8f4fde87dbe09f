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
  answerFromMinutes,
  backUpNow,
  chooseBackupFolder,
  exportMeeting,
  getBackups,
  getItemExempt,
  getPrintPack,
  printWindow,
  restoreBackup,
  setItemExempt,
  exportBundle,
  getAuthor,
  importBundle,
  setAuthor,
  addHandFlag,
  annotate,
  annotateCell,
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
  BackupStatus,
  ExemptState,
  ExportRequest,
  PackOptions,
} from "../types";
import { UndoHistory, type Step } from "./undo.svelte";

/** A document's warnings, under its file name. */
export interface DocumentNotes {
  file_name: string;
  diagnostics: Diagnostic[];
}

/** The tabs of a meeting. */
export type MeetingTab = "agenda" | "budget" | "flags" | "notes" | "questions" | "share";

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
  view = $state<MeetingTab>("agenda");
  /** The backups view, when open: the folder and the backups in it. */
  backups = $state<BackupStatus | null>(null);
  /** The question pack as the print view shows it. */
  printPack = $state<string | null>(null);
  /** Whether the open item is left out of packs as exempt, and why. */
  itemExempt = $state<ExemptState | null>(null);
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
  /** Open questions of other meetings, which words of the open item may answer. */
  answerable = $state<QuestionView[]>([]);
  /** The open item's annotations and their highlights. */
  itemAnnotations = $state<ItemAnnotations | null>(null);
  /** The meeting's annotations, once the Notes view has been opened. */
  meetingAnnotations = $state<AnnotationView[] | null>(null);
  /** Undo and redo of the member's changes while the app is open. */
  readonly undoHistory = new UndoHistory();
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
      this.printPack = null;
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
      const item = await getItem(id);
      this.item = item;
      this.itemExempt = await getItemExempt(id);
      this.itemAnnotations = await getItemAnnotations(id);
      this.answerable = (await getQuestions(null)).filter((q) => q.meeting_id !== item.meeting_id);
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
      this.backups = null;
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
    this.backups = null;
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
    const before = this.commitments?.find((c) => c.id === id);
    return this.change(async () => {
      const put = async (d: string | null, x: boolean) => {
        await setCommitment(id, d, x);
        if (this.commitments !== null) this.commitments = await getCommitments();
      };
      await put(due, done);
      if (before) this.record({ label: "change the commitment", undo: () => put(before.due, before.done), redo: () => put(due, done) });
    }, "save the commitment");
  }

  async showOpenQuestions(): Promise<void> {
    this.commitments = null;
    this.deleted = null;
    this.backups = null;
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
    const item = this.item;
    if (item) this.answerable = (await getQuestions(null)).filter((q) => q.meeting_id !== item.meeting_id);
  }

  /** A new question for the open meeting, from evidence (or blank); the
   * Questions view opens with it. */
  draftQuestion(evidence: EvidenceInput[]): Promise<void> {
    const meeting = this.meeting;
    if (!meeting) return Promise.resolve();
    return this.change(async () => {
      const id = await addQuestion(meeting.id, "", "", evidence);
      await this.showQuestions();
      await this.reloadAnnotations();
      this.recordMade("question", "draft the question", id);
      this.notice = { message: "Question drafted from its evidence. Edit it below; it is saved as you type.", undo: true };
    }, "draft the question");
  }

  /** A colleague's question copied as the member's own, at the end of
   * the meeting's running order. */
  copyQuestion(q: QuestionView): Promise<void> {
    const meeting = q.meeting_id;
    if (meeting === null) return Promise.resolve();
    return this.change(async () => {
      const id = await addQuestion(meeting, q.text, q.to, []);
      await this.reloadQuestions();
      this.recordMade("question", "copy the question", id);
      this.notice = { message: `Copied ${q.author}'s question as your own, at the end of the list.`, undo: true };
    }, "copy the question");
  }

  /** Answers a question of an earlier meeting with words selected in the
   * open item (a later meeting's minutes). */
  answerFromMinutes(question: QuestionView, from: TextPoint, to: TextPoint): Promise<void> {
    const item = this.item;
    if (!item) return Promise.resolve();
    const before = { ...question };
    return this.change(async () => {
      let note = await answerFromMinutes(question.id, item.id, from, to);
      await this.reloadAnnotations();
      await this.reloadQuestions();
      this.record({
        label: "quote the answer",
        undo: async () => {
          await updateQuestion(before.id, before.text, before.to, before.status, before.answer);
          await deleteAnnotation(note);
          await this.reloadAnnotations();
          await this.reloadQuestions();
        },
        redo: async () => {
          note = await answerFromMinutes(question.id, item.id, from, to);
          await this.reloadAnnotations();
          await this.reloadQuestions();
        },
      });
      this.notice = { message: `Quoted as the answer to the question for ${question.meeting}. It is marked answered.`, undo: true };
    }, "quote the answer");
  }

  updateQuestion(q: QuestionView, change: Partial<Pick<QuestionView, "text" | "to" | "status" | "answer">>): Promise<void> {
    // Merged with the question as it stands now, not as the editor saw it
    // when the change began (a text saved a moment after a status change
    // must not put the old status back).
    const current = this.questions?.find((x) => x.id === q.id) ?? this.openQuestions?.find((x) => x.id === q.id) ?? q;
    const next = { ...current, ...change };
    this.showQuestion(q.id, change);
    return this.change(async () => {
      await updateQuestion(q.id, next.text, next.to, next.status, next.answer);
      // Typing goes on in the editor: only refresh when not the text alone.
      if (change.text === undefined) await this.reloadQuestions();
      const put = (v: QuestionView) => async () => {
        await updateQuestion(v.id, v.text, v.to, v.status, v.answer);
        await this.reloadQuestions();
      };
      const typed = Object.keys(change).join(",");
      this.record({ label: "edit the question", key: `question ${q.id} ${typed}`, undo: put(current), redo: put(next) });
    }, "save the question");
  }

  /** A question's fields as the lists show them, before the library answers. */
  private showQuestion(id: number, change: Partial<QuestionView>): void {
    if (this.questions) this.questions = this.questions.map((x) => (x.id === id ? { ...x, ...change } : x));
    if (this.openQuestions) this.openQuestions = this.openQuestions.map((x) => (x.id === id ? { ...x, ...change } : x));
  }

  moveQuestion(id: number, position: number): Promise<void> {
    return this.change(async () => {
      // Read when the move runs, after any move queued before it.
      const from = (this.questions ?? this.openQuestions)?.find((q) => q.id === id)?.position;
      const put = (p: number) => async () => {
        await moveQuestion(id, p);
        await this.reloadQuestions();
      };
      await put(position)();
      if (from !== undefined) this.record({ label: "move the question", undo: put(from), redo: put(position) });
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
      this.record({
        label: `delete the ${kind}`,
        undo: async () => {
          await restore();
          await reload();
        },
        redo: async () => {
          await remove();
          await reload();
        },
      });
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
      const id = await annotate(item.id, from, to, note, tags, colour);
      await this.reloadAnnotations();
      this.recordMade("note", "highlight the words", id);
    }, "save the note");
  }

  /** Marks a cell of one of the open item's budget tables. */
  annotateCell(row: string, cell: string, note: string, tags: string[], colour: string): Promise<void> {
    const item = this.item;
    if (!item) return Promise.resolve();
    return this.change(async () => {
      const id = await annotateCell(item.id, row, cell, note, tags, colour);
      await this.reloadAnnotations();
      this.recordMade("note", "highlight the cell", id);
    }, "save the note");
  }

  updateAnnotation(id: number, note: string, tags: string[], colour: string): Promise<void> {
    const before = this.itemAnnotations?.annotations.find((a) => a.id === id) ?? this.meetingAnnotations?.find((a) => a.id === id);
    return this.change(async () => {
      const put = (n: string, t: string[], c: string) => async () => {
        await updateAnnotation(id, n, t, c);
        await this.reloadAnnotations();
      };
      await put(note, tags, colour)();
      if (before) this.record({ label: "edit the note", key: `note ${id}`, undo: put(before.note, before.tags, before.colour), redo: put(note, tags, colour) });
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
      if (message) this.notice = { message, undo: this.undoHistory.undoLabel !== null };
    }, what);
  }

  /** A flag decision that can be undone: `undo` and `redo` are the
   * commands alone; the flags are read again after each. */
  private flagStep(label: string, undo: () => Promise<unknown>, redo: () => Promise<unknown>): void {
    this.record({
      label,
      undo: async () => {
        await undo();
        await this.reloadFlags();
      },
      redo: async () => {
        await redo();
        await this.reloadFlags();
      },
    });
  }

  setThresholds(own: boolean, t: Thresholds | null): Promise<void> {
    const meeting = this.meeting?.id ?? null;
    const scope = own ? meeting : null;
    // What the scope had before: for the meeting, its own thresholds or
    // none; the library's are known here only when the meeting has none.
    const f = this.flags;
    const before: Thresholds | null | undefined = !f ? undefined : own ? (f.own_thresholds ? f.thresholds : null) : f.own_thresholds ? undefined : f.thresholds;
    return this.flagChange(async () => {
      await setThresholds(scope, t);
      if (before !== undefined) this.flagStep("change the thresholds", () => setThresholds(scope, before), () => setThresholds(scope, t));
    }, "change the thresholds");
  }

  dismissFlag(key: string, reason: string): Promise<void> {
    return this.flagChange(async () => {
      await dismissFlag(key, reason);
      this.flagStep("dismiss the flag", () => restoreFlag(key), () => dismissFlag(key, reason));
    }, "dismiss the flag", "Flag dismissed. It stays in the list, struck through, and can be restored.");
  }

  restoreFlag(key: string): Promise<void> {
    const reason = this.flags?.flags.find((f) => f.key === key)?.dismissed?.reason;
    return this.flagChange(async () => {
      await restoreFlag(key);
      if (reason !== undefined) this.flagStep("restore the flag", () => dismissFlag(key, reason), () => restoreFlag(key));
    }, "restore the flag");
  }

  addHandFlag(target: string, note: string): Promise<void> {
    return this.flagChange(async () => {
      // Added again on redo, under a new id.
      let id = await addHandFlag(target, note);
      this.flagStep("add your flag", () => removeHandFlag(id), async () => (id = await addHandFlag(target, note)));
    }, "add the flag", "Your flag was added.");
  }

  removeHandFlag(id: number): Promise<void> {
    const flag = this.flags?.flags.find((f) => f.hand?.id === id);
    return this.flagChange(async () => {
      await removeHandFlag(id);
      if (flag?.hand) {
        const { target } = flag;
        const note = flag.hand.note;
        let now = id;
        this.flagStep("remove your flag", async () => (now = await addHandFlag(target, note)), () => removeHandFlag(now));
      }
    }, "remove your flag");
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
      // Only the last removed paper can be brought back.
      this.undoHistory.forget("remove-paper");
      this.record({
        tag: "remove-paper",
        label: `remove ${name}`,
        undo: async () => {
          const report = await undoRemove();
          await this.afterImport(report.meeting_id);
          this.notice = { message: `Brought back ${report.file}.`, undo: false };
        },
        redo: async () => {
          throw new Error("a removed paper is not removed again by Redo; remove it from its meeting");
        },
      });
      await this.refresh();
      this.item = null;
      this.paper = null;
      if (from !== null && this.meetings.some((m) => m.id === from)) await this.openMeeting(from);
      else this.meeting = null;
      this.notice = { message: `Removed ${name}.`, undo: true };
    }, "remove the paper");
  }

  /** The member's name, shown on what they share. */
  author = $state<string | null>(null);

  async showShare(): Promise<void> {
    this.view = "share";
    try {
      this.author = await getAuthor();
    } catch (e) {
      this.error = `Could not read your name: ${errorMessage(e)}`;
    }
  }

  setAuthor(name: string): Promise<void> {
    return this.change(async () => {
      await setAuthor(name);
      this.author = name.trim() || null;
    }, "save your name");
  }

  /** Saves the member's notes, questions and flag decisions for a colleague. */
  exportBundle(all: boolean, includeExempt: boolean): Promise<void> {
    const meeting = this.meeting;
    return this.change(async () => {
      const saved = await exportBundle(all || !meeting ? null : meeting.id, includeExempt);
      if (saved) this.notice = { message: saved.message, undo: false };
    }, "save your notes");
  }

  /** After a bundle dropped on the window was imported: what is open is
   * shown again with it, and the member told. */
  afterBundle(message: string): Promise<void> {
    return this.change(async () => {
      await this.reloadAnnotations();
      await this.reloadQuestions();
      if (this.flags !== null) await this.reloadFlags();
      this.notice = { message, undo: false };
    }, "show the imported notes");
  }

  /** Imports a colleague's bundle; what is open is shown again with it. */
  importBundle(): Promise<void> {
    return this.change(async () => {
      const report = await importBundle();
      if (!report) return;
      await this.reloadAnnotations();
      await this.reloadQuestions();
      if (this.flags !== null) await this.reloadFlags();
      this.notice = { message: report.message, undo: false };
    }, "import the notes");
  }

  /** Saves the open meeting's pack or spreadsheets where the member chooses. */
  exportMeeting(request: ExportRequest): Promise<void> {
    const meeting = this.meeting;
    if (!meeting) return Promise.resolve();
    return this.change(async () => {
      const saved = await exportMeeting(meeting.id, request);
      if (saved) this.notice = { message: saved.message, undo: false };
    }, "export the meeting");
  }

  /** The print view of the open meeting's pack (some items, or all). */
  async showPrint(options: PackOptions): Promise<void> {
    if (!this.meeting) return;
    try {
      this.printPack = await getPrintPack(this.meeting.id, options);
    } catch (e) {
      this.error = `Could not make the print view: ${errorMessage(e)}`;
    }
  }

  print(): Promise<void> {
    return this.change(() => printWindow(), "open the print dialog");
  }

  setItemExempt(exempt: boolean | null): Promise<void> {
    const item = this.item;
    if (!item) return Promise.resolve();
    const before = this.itemExempt?.marked ?? null;
    return this.change(async () => {
      const put = (v: boolean | null) => async () => {
        this.itemExempt = await setItemExempt(item.id, v);
      };
      await put(exempt)();
      this.record({ label: "mark the item", undo: put(before), redo: put(exempt) });
    }, "mark the item");
  }

  async showBackups(): Promise<void> {
    try {
      this.backups = await getBackups();
      this.deleted = null;
      this.commitments = null;
      this.openQuestions = null;
    } catch (e) {
      this.error = `Could not list the backups: ${errorMessage(e)}`;
    }
  }

  chooseBackupFolder(): Promise<void> {
    return this.change(async () => {
      const status = await chooseBackupFolder();
      if (status) {
        this.backups = status;
        this.notice = { message: `Backups go to ${status.folder}: one was made now, and one a day while Scrutineer is open.`, undo: false };
      }
    }, "choose the backup folder");
  }

  backUpNow(): Promise<void> {
    return this.change(async () => {
      this.backups = await backUpNow();
      this.notice = { message: "Backed up.", undo: false };
    }, "back up");
  }

  /** Replaces the library with a backup (the library as it was is kept
   * beside it); what was open is closed, and Undo forgets its steps. */
  restoreBackup(file: string): Promise<void> {
    return this.change(async () => {
      this.backups = await restoreBackup(file);
      this.undoHistory.clear();
      this.meeting = null;
      this.item = null;
      this.paper = null;
      await this.refresh();
      const kept = this.backups.kept_at ? ` Your library as it was before is kept at ${this.backups.kept_at}.` : "";
      this.notice = { message: `Restored ${file}.${kept}`, undo: false };
    }, "restore the backup");
  }

  /** Records the making of a note or question: Undo deletes it (kept,
   * hidden), Redo brings it back. */
  private recordMade(kind: "note" | "question", label: string, id: number): void {
    const [remove, restore] = kind === "note" ? [deleteAnnotation, restoreAnnotation] : [deleteQuestion, restoreQuestion];
    const reload = () => (kind === "note" ? this.reloadAnnotations() : this.reloadQuestions());
    this.record({
      label,
      undo: async () => {
        await remove(id);
        await reload();
      },
      redo: async () => {
        await restore(id);
        await reload();
      },
    });
  }

  /** Records a change for Undo and Redo. */
  private record(step: Step): void {
    this.undoHistory.record(step);
  }

  async undo(): Promise<void> {
    await this.change(async () => {
      const label = await this.undoHistory.undo();
      if (label && !this.notice) this.notice = { message: `Undone: ${label}.`, undo: false };
    }, "undo");
  }

  async redo(): Promise<void> {
    await this.change(async () => {
      const label = await this.undoHistory.redo();
      if (label && !this.notice) this.notice = { message: `Redone: ${label}.`, undo: false };
    }, "redo");
  }

  /** Reads every paper again with this version's reader; the open
   * meeting is shown again afterwards. */
  async reread(): Promise<void> {
    if (this.rereading) return;
    this.rereading = { done: 0, total: 0, current: "" };
    const stop = await onRereadProgress((p) => (this.rereading = p));
    await this.change(async () => {
      const summary = await rereadLibrary();
      // Steps name items by row ids, which a re-read changes.
      this.undoHistory.clear();
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

  /** Changes run one after another, in the order the member made them:
   * an Undo pressed while a save is on its way undoes that save, not the
   * step before it. (No change's work starts another change.) */
  private queue: Promise<void> = Promise.resolve();

  private change(work: () => Promise<void>, what: string): Promise<void> {
    const run = async () => {
      try {
        this.notice = null;
        await work();
        this.error = null;
      } catch (e) {
        this.error = `Could not ${what}: ${errorMessage(e)}`;
      }
    };
    const next = this.queue.then(run);
    this.queue = next;
    return next;
  }
}
