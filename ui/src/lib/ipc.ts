// The one file that talks to the backend. Everything else imports these
// typed functions, never @tauri-apps/api, so tests mock the backend here.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type {
  AnnotationView,
  BudgetLineRow,
  CommandError,
  CommitmentView,
  Deleted,
  Suggestion,
  EvidenceInput,
  DocumentId,
  DocumentSummary,
  FileReport,
  ItemDetail,
  ItemAnnotations,
  ItemId,
  MeetingDetail,
  LibraryIndex,
  LineHistory,
  MeetingFlags,
  MeetingId,
  PaperDetail,
  PaperId,
  Progress,
  QuestionStatus,
  QuestionView,
  RereadSummary,
  TextPoint,
  Thresholds,
  BackupStatus,
  ExemptState,
  ExportRequest,
  PackOptions,
  Saved,
  ImportReport,
} from "./types";

export const listMeetings = () => invoke<LibraryIndex>("list_meetings");
export const getMeeting = (id: MeetingId) => invoke<MeetingDetail>("get_meeting", { id });
export const getPaper = (id: PaperId) => invoke<PaperDetail>("get_paper", { id });
export const attachPaper = (paper: PaperId, meeting: MeetingId) => invoke<void>("attach_paper", { paper, meeting });
export const detachPaper = (paper: PaperId) => invoke<void>("detach_paper", { paper });
/** Removes a document and what was read from it; returns its file name. */
export const removeDocument = (id: DocumentId) => invoke<string>("remove_document", { id });
/** Reads every stored paper again with this version's reader. */
export const rereadLibrary = () => invoke<RereadSummary>("reread_library");
export const onRereadProgress = (handler: (p: Progress) => void): Promise<UnlistenFn> =>
  listen<Progress>("reread-progress", (e) => handler(e.payload));
/** Brings back the last removed document. */
export const undoRemove = () => invoke<FileReport>("undo_remove");
export const getItem = (id: ItemId) => invoke<ItemDetail>("get_item", { id });
export const getDocument = (id: DocumentId) => invoke<DocumentSummary>("get_document", { id });
/** A stored PDF's bytes, to draw its pages. */
export const getDocumentPdf = (id: DocumentId) => invoke<ArrayBuffer>("get_document_pdf", { id });
export const getBudgetLines = (id: MeetingId) => invoke<BudgetLineRow[]>("get_budget_lines", { id });
export const getFlags = (meeting: MeetingId) => invoke<MeetingFlags>("get_flags", { meeting });
/** A meeting's own thresholds, or the library's (meeting null); null thresholds: back to the library's. */
export const setThresholds = (meeting: MeetingId | null, thresholds: Thresholds | null) =>
  invoke<void>("set_thresholds", { meeting, thresholds });
export const dismissFlag = (key: string, reason: string) => invoke<void>("dismiss_flag", { key, reason });
export const restoreFlag = (key: string) => invoke<void>("restore_flag", { key });
export const addHandFlag = (target: string, note: string) => invoke<number>("add_hand_flag", { target, note });
export const removeHandFlag = (id: number) => invoke<void>("remove_hand_flag", { id });
/** Two lines are the same line across reports (same), or are not. */
export const linkLines = (a: string, b: string, same: boolean) => invoke<void>("link_lines", { a, b, same });
export const getLineHistory = (meeting: MeetingId, line: string) => invoke<LineHistory>("get_line_history", { meeting, line });
export const getItemAnnotations = (item: ItemId) => invoke<ItemAnnotations>("get_item_annotations", { item });
export const getMeetingAnnotations = (meeting: MeetingId) => invoke<AnnotationView[]>("get_meeting_annotations", { meeting });
/** Annotates the selection from one point of the item's text to another. */
export const annotate = (item: ItemId, from: TextPoint, to: TextPoint, note: string, tags: string[], colour: string) =>
  invoke<number>("annotate", { item, from, to, note, tags, colour });
export const annotateCell = (item: ItemId, label: string, cell: string, note: string, tags: string[], colour: string) =>
  invoke<number>("annotate_cell", { item, label, cell, note, tags, colour });
export const updateAnnotation = (id: number, note: string, tags: string[], colour: string) =>
  invoke<void>("update_annotation", { id, note, tags, colour });
export const deleteAnnotation = (id: number) => invoke<void>("delete_annotation", { id });
export const restoreAnnotation = (id: number) => invoke<void>("restore_annotation", { id });
/** One meeting's questions in running order, or (null) every open one. */
export const getQuestions = (meeting: MeetingId | null) => invoke<QuestionView[]>("get_questions", { meeting });
export const addQuestion = (meeting: MeetingId, text: string, to: string, evidence: EvidenceInput[]) =>
  invoke<number>("add_question", { meeting, text, to, evidence });
export const updateQuestion = (id: number, text: string, to: string, status: QuestionStatus, answer: string) =>
  invoke<void>("update_question", { id, text, to, status, answer });
export const moveQuestion = (id: number, position: number) => invoke<void>("move_question", { id, position });
export const deleteQuestion = (id: number) => invoke<void>("delete_question", { id });
export const restoreQuestion = (id: number) => invoke<void>("restore_question", { id });
export const answerFromMinutes = (question: number, item: ItemId, from: TextPoint, to: TextPoint) =>
  invoke<number>("answer_from_minutes", { question, item, from, to });
/** Markdown to safe HTML (rendered and sanitised in Rust), for previews. */
export const renderMarkdown = (text: string) => invoke<string>("render_markdown", { text });
export const getCommitments = () => invoke<CommitmentView[]>("get_commitments");
export const getCommitmentSuggestions = (meeting: MeetingId) => invoke<Suggestion[]>("get_commitment_suggestions", { meeting });
export const addCommitment = (item: ItemId, words: string, due: string | null) => invoke<number>("add_commitment", { item, words, due });
export const setCommitment = (id: number, due: string | null, done: boolean) => invoke<void>("set_commitment", { id, due, done });
/** Notes and questions deleted in the last 30 days. */
export const exportMeeting = (meeting: MeetingId, request: ExportRequest) => invoke<Saved | null>("export_meeting", { meeting, request });
export const getPrintPack = (meeting: MeetingId, options: PackOptions) => invoke<string>("get_print_pack", { meeting, options });
export const printWindow = () => invoke<void>("print_window");
export const getItemExempt = (item: ItemId) => invoke<ExemptState>("get_item_exempt", { item });
export const setItemExempt = (item: ItemId, exempt: boolean | null) => invoke<ExemptState>("set_item_exempt", { item, exempt });
export const getAuthor = () => invoke<string | null>("get_author");
export const setAuthor = (name: string) => invoke<void>("set_author", { name });
export const exportBundle = (meeting: MeetingId | null, includeExempt: boolean) =>
  invoke<Saved | null>("export_bundle", { meeting, includeExempt });
export const importBundle = () => invoke<ImportReport | null>("import_bundle");
export const getBackups = () => invoke<BackupStatus>("get_backups");
export const chooseBackupFolder = () => invoke<BackupStatus | null>("choose_backup_folder");
export const backUpNow = () => invoke<BackupStatus>("back_up_now");
export const restoreBackup = (file: string) => invoke<BackupStatus>("restore_backup", { file });
export const getDeleted = () => invoke<Deleted[]>("get_deleted");
/** Opens the system file dialog and imports what is chosen; [] if cancelled. */
export const chooseAndImport = () => invoke<FileReport[]>("choose_and_import");

export const onImportProgress = (handler: (p: Progress) => void): Promise<UnlistenFn> =>
  listen<Progress>("import-progress", (e) => handler(e.payload));

/** The reports of an import the shell ran on files dropped on the window. */
/** A colleague's bundle dropped on the window was imported (or why not). */
export const onBundleImported = (handler: (message: string) => void): Promise<UnlistenFn> =>
  listen<string>("bundle-imported", (e) => handler(e.payload));
export const onImportFinished = (handler: (reports: FileReport[]) => void): Promise<UnlistenFn> =>
  listen<FileReport[]>("import-finished", (e) => handler(e.payload));

/** `papers`: the drop holds papers to import (not only colleagues' bundles). */
export type DropState = { kind: "over" } | { kind: "leave" } | { kind: "drop"; papers: boolean };

/** Files dragged over and dropped onto the window. The shell receives the
 * dropped files itself and imports them; the page only shows the drag. */
export const onFileDrop = (handler: (s: DropState) => void): Promise<UnlistenFn> =>
  getCurrentWebview().onDragDropEvent((e) => {
    const p = e.payload;
    if (p.type === "drop") handler({ kind: "drop", papers: p.paths.some((f) => !f.toLowerCase().endsWith(".scrutineer")) });
    else if (p.type === "leave") handler({ kind: "leave" });
    else handler({ kind: "over" });
  });

/** A readable sentence from whatever a command rejected with. */
export function errorMessage(e: unknown): string {
  if (typeof e === "object" && e !== null && "message" in e) return String((e as CommandError).message);
  return String(e);
}
