// Mirrors of the Rust types the backend returns (scrutineer::store and
// scrutineer::import). Field names are the serde names.

export type MeetingId = number;
export type ItemId = number;
export type DocumentId = number;

export type PaperId = number;

/** What a paper is to its meeting (scrutineer::parse::PaperKind). */
export type PaperKind = "agenda" | "web_page" | "report" | "paper" | "decision" | "questions" | "minutes";

/** One body of a council on one day, with all its papers. */
export interface MeetingSummary {
  id: MeetingId;
  council: string | null;
  body: string;
  /** ISO date, "2018-03-26". */
  date: string;
  /** "HH:MM". */
  time: string | null;
  venue: string | null;
  item_count: number;
  /** The agenda first, the minutes last. */
  papers: PaperSummary[];
}

/** What one document says of one meeting. */
export interface PaperSummary {
  id: PaperId;
  /** null: not matched to a meeting. */
  meeting_id: MeetingId | null;
  document_id: DocumentId;
  file_name: string;
  format: "pdf" | "html" | "docx" | "text" | "moderngov-xml";
  kind: PaperKind;
  /** "Agenda", "Minutes", as the core names the kind. */
  kind_label: string;
  council: string | null;
  body: string | null;
  date: string | null;
  time: string | null;
  item_count: number;
  /** The first item's title, for papers that name no meeting. */
  first_item: string | null;
  placed_by_member: boolean;
}

export interface LibraryIndex {
  meetings: MeetingSummary[];
  unmatched: PaperSummary[];
}

export type AttendanceStatus = "present" | "apologies" | "substitute" | "in_attendance";

export interface Attendance {
  name: string;
  status: AttendanceStatus;
  role: string | null;
}

export interface ItemSummary {
  id: ItemId;
  number: string | null;
  title: string;
  reference: string | null;
  pages: [number, number] | null;
  agenda_item: string | null;
  truncated: boolean;
  resolution_count: number;
  /** Page of the source where the item starts. */
  page: number | null;
}

export interface MeetingDetail extends MeetingSummary {
  paper_items: PaperDetail[];
  attendance: Attendance[];
  warning_count: number;
}

export interface PaperDetail extends PaperSummary {
  items: ItemSummary[];
  attendance: Attendance[];
  warning_count: number;
}

export interface Report {
  by: string | null;
  to: string | null;
  subject: string;
  classification: string | null;
  decision: string | null;
  summary: string | null;
  recommendations: string | null;
  pages: [number, number];
}

/** A figure's place in a paragraph, in UTF-16 code units. */
export interface Mark {
  start: number;
  end: number;
  /** Index into the item's figures. */
  figure: number;
}

export interface ParagraphView {
  text: string;
  /** The page of the source it starts on. */
  page: number | null;
  /** The resolution (index into the item's resolutions) it is part of. */
  resolution: number | null;
  marks: Mark[];
}

export interface ItemDetail extends ItemSummary {
  paper_id: PaperId;
  meeting_id: MeetingId | null;
  document_id: DocumentId;
  text: string;
  /** The text laid out by the backend, with figures and resolutions placed. */
  paragraphs: ParagraphView[];
  resolutions: string[];
  attendance: Attendance[];
  report: Report | null;
  figures: Figure[];
  tables: BudgetTable[];
}

export type Direction = "overspend" | "underspend" | "other";

export interface Figure {
  text: string;
  amount_pence: number;
  direction: Direction;
  subject: string | null;
  period: string | null;
  page: number | null;
  sentence: string;
  /** Byte offsets in the item's text (the backend's; marks are what the UI uses). */
  span?: { start: number; end: number };
}

/** A column's role, read by the core from its header words. */
export type ColumnRole = "budget" | "forecast" | "outturn" | "variance" | "real_variance" | "rephasing" | "movement" | "last_reported" | "income" | "gross" | "net" | "year" | "percent" | "other";

export interface Cell {
  column: string;
  role: ColumnRole;
  printed: string;
  pence: number;
}

export interface BudgetLine {
  label: string;
  section: string | null;
  total_row: boolean;
  /** The page the line is printed on, where it differs from its table's. */
  page?: number | null;
  values: Cell[];
}

export interface SignConvention {
  positive_is_overspend: boolean;
  stated: string | null;
}

export interface BudgetTable {
  id: number;
  caption: string | null;
  unit: string | null;
  period: string | null;
  page: number | null;
  columns: string[];
  sign: SignConvention | null;
  lines: BudgetLine[];
}

export interface BudgetLineRow extends BudgetLine {
  item_id: ItemId;
  item_number: string | null;
  item_title: string;
  table_caption: string | null;
  unit: string | null;
  page: number | null;
  /** This period's variance, chosen by the backend; null if the table has none. */
  variance: Cell | null;
}

export interface Diagnostic {
  severity: "info" | "warning";
  message: string;
  page: number | null;
}

export interface DocumentSummary {
  id: DocumentId;
  file_name: string;
  size: number;
  format: string;
  imported_at: string;
  diagnostics: Diagnostic[];
}

/** Why a file could not be imported (scrutineer::ErrorKind). */
export type ErrorKind =
  | "empty" | "too_large" | "binary" | "unsupported" | "encrypted" | "no_text_layer" | "pdf" | "docx"
  | "not_a_paper" | "not_a_file" | "io" | "store" | "too_much_memory" | "timeout" | "too_deep" | "crashed" | "internal";

export interface FileReport {
  file: string;
  status: "imported" | "imported_with_gaps" | "already_in_library" | "failed";
  error_kind: ErrorKind | null;
  message: string;
  document_id: DocumentId | null;
  /** The meeting the file's paper is part of after the batch. */
  meeting_id: MeetingId | null;
}

export interface RereadSummary {
  total: number;
  changed: number;
  /** Papers the reader could not read again; they keep their old reading. */
  kept: string[];
}

export interface Progress {
  done: number;
  total: number;
  current: string;
}

/** What a failed command rejects with. */
export interface CommandError {
  kind: string;
  message: string;
}
