// The types the backend sends. Those of the core are generated from the
// Rust types into bindings.ts (src/bindings.rs; a test fails when it is
// stale); only the shell's own and a few shorter names are written here.

export type {
  AnchorState,
  AnnotationView,
  Attendance,
  AttendanceStatus,
  BudgetLineRow,
  ColumnRole,
  CommitmentView,
  Deleted,
  Diagnostic,
  Direction,
  DocumentId,
  EvidenceInput,
  EvidenceView,
  DocumentSummary,
  ErrorKind,
  Figure,
  FileReport,
  Flag,
  FlagSeverity,
  Highlight,
  HistoryPoint,
  ItemAnnotations,
  LineHistory,
  MeetingFlags,
  Rule,
  Target,
  TextPoint,
  Thresholds,
  FileStatus,
  ItemDetail,
  ItemId,
  ItemSummary,
  LibraryIndex,
  Mark,
  MeetingDetail,
  MeetingId,
  MeetingSummary,
  PaperDetail,
  PaperId,
  PaperKind,
  PaperSummary,
  ParagraphView,
  Progress,
  QuestionStatus,
  QuestionView,
  Report,
  RereadSummary,
  SignConvention,
  Suggestion,
  BackupSummary,
  ExemptState,
  ExportFormat,
  ExportRequest,
  ExportSummary,
  PackOptions,
  ImportReport,
  ShareCounts,
} from "./bindings";
import type { CellView, LineView, TableView } from "./bindings";

/** A budget table's cell, line and table, as the item view shows them. */
export type Cell = CellView;
export type BudgetLine = LineView;
export type BudgetTable = TableView;

/** What a failed command rejects with (src-tauri/src/state.rs). */
export interface CommandError {
  kind: string;
  message: string;
}

/** A file saved through the save dialog (src-tauri/src/commands/sharing.rs). */
export interface Saved {
  file: string;
  message: string;
}

/** The backup settings and the backups in the chosen folder
 * (src-tauri/src/commands/backups.rs). */
export interface BackupStatus {
  folder: string | null;
  last_backup: string | null;
  backups: import("./bindings").BackupSummary[];
  /** Why the last daily backup failed, until one works again. */
  error: string | null;
  /** After a restore: where the library as it was is kept. */
  kept_at: string | null;
}
