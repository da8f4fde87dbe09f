// Mirrors of the Rust types the backend returns (scrutineer::store and
// scrutineer::import). Field names are the serde names.

export type MeetingId = number;
export type ItemId = number;
export type DocumentId = number;

export interface MeetingSummary {
  id: MeetingId;
  document_id: DocumentId;
  file_name: string;
  council: string | null;
  body: string | null;
  /** ISO date, "2018-03-26". */
  date: string | null;
  /** "HH:MM". */
  time: string | null;
  venue: string | null;
  item_count: number;
  format: "pdf" | "html" | "docx" | "text" | "moderngov-xml";
  /** The first item's title, for meetings the paper does not name. */
  first_item: string | null;
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
  items: ItemSummary[];
  attendance: Attendance[];
  warning_count: number;
  same_document: MeetingSummary[];
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

export interface ItemDetail extends ItemSummary {
  meeting_id: MeetingId;
  text: string;
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

export interface FileReport {
  file: string;
  status: "imported" | "imported_with_gaps" | "already_in_library" | "failed";
  error_kind: string | null;
  message: string;
  document_id: DocumentId | null;
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
