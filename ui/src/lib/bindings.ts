// Generated from the Rust types by src/bindings.rs (ts-rs): do not edit.
// SCRUTINEER_UPDATE_BINDINGS=1 cargo test -p scrutineer --lib bindings

export type DocumentId = number;

export type MeetingId = number;

export type PaperId = number;

export type ItemId = number;

export type TableId = number;

export type PaperKind = "agenda" | "web_page" | "report" | "paper" | "decision" | "questions" | "minutes";

export type MeetingSummary = { id: MeetingId, council: string | null, body: string, 
/**
 * ISO date, "2018-03-26".
 */
date: string, 
/**
 * "HH:MM".
 */
time: string | null, venue: string | null, 
/**
 * Items across all its papers.
 */
item_count: number, 
/**
 * Its papers, the agenda first and the minutes last.
 */
papers: Array<PaperSummary>, };

export type PaperSummary = { id: PaperId, 
/**
 * The meeting it belongs to; None: not matched to a meeting.
 */
meeting_id: MeetingId | null, document_id: DocumentId, file_name: string, 
/**
 * The document's format: "pdf", "html", "docx" or "text".
 */
format: string, 
/**
 * Whether its page numbers are pages a member can turn to (a PDF or
 * Word file), so the UI shows them.
 */
paged: boolean, kind: PaperKind, 
/**
 * The kind as a member would name it: "Agenda", "Minutes".
 */
kind_label: string, 
/**
 * The meeting as this paper prints it.
 */
council: string | null, body: string | null, date: string | null, time: string | null, item_count: number, 
/**
 * The first item's title: what a paper with no body or date is about.
 */
first_item: string | null, 
/**
 * Placed by the member (attached or detached), not by its header.
 */
placed_by_member: boolean, };

export type LibraryIndex = { meetings: Array<MeetingSummary>, unmatched: Array<PaperSummary>, };

export type MeetingDetail = { 
/**
 * Each paper with its items, in the meeting's order.
 */
paper_items: Array<PaperDetail>, 
/**
 * Who attended, from the minutes where there are some, else from the
 * agenda's membership list.
 */
attendance: Array<Attendance>, warning_count: number, id: MeetingId, council: string | null, body: string, 
/**
 * ISO date, "2018-03-26".
 */
date: string, 
/**
 * "HH:MM".
 */
time: string | null, venue: string | null, 
/**
 * Items across all its papers.
 */
item_count: number, 
/**
 * Its papers, the agenda first and the minutes last.
 */
papers: Array<PaperSummary>, };

export type PaperDetail = { items: Array<ItemSummary>, attendance: Array<Attendance>, 
/**
 * Warnings the reader gave for the paper's document.
 */
warning_count: number, id: PaperId, 
/**
 * The meeting it belongs to; None: not matched to a meeting.
 */
meeting_id: MeetingId | null, document_id: DocumentId, file_name: string, 
/**
 * The document's format: "pdf", "html", "docx" or "text".
 */
format: string, 
/**
 * Whether its page numbers are pages a member can turn to (a PDF or
 * Word file), so the UI shows them.
 */
paged: boolean, kind: PaperKind, 
/**
 * The kind as a member would name it: "Agenda", "Minutes".
 */
kind_label: string, 
/**
 * The meeting as this paper prints it.
 */
council: string | null, body: string | null, date: string | null, time: string | null, item_count: number, 
/**
 * The first item's title: what a paper with no body or date is about.
 */
first_item: string | null, 
/**
 * Placed by the member (attached or detached), not by its header.
 */
placed_by_member: boolean, };

export type ItemSummary = { id: ItemId, number: string | null, title: string, reference: string | null, pages: [number, number] | null, agenda_item: string | null, truncated: boolean, resolution_count: number, 
/**
 * The page of the source where the item starts.
 */
page: number | null, };

export type ItemDetail = { paper_id: PaperId, meeting_id: MeetingId | null, document_id: DocumentId, 
/**
 * Whether its paper has pages a member can turn to (see `PaperSummary::paged`).
 */
paged: boolean, 
/**
 * Whether its paper is a PDF, whose pages the app can draw.
 */
pdf: boolean, text: string, 
/**
 * The text as the member reads it: paragraphs with their page and
 * the places of figures and resolutions marked, ready to show.
 */
paragraphs: Array<ParagraphView>, resolutions: Array<string>, 
/**
 * Officers in attendance for this item.
 */
attendance: Array<Attendance>, report: Report | null, figures: Array<Figure>, tables: Array<TableView>, 
/**
 * Tables whose place in the text could not be told, shown before it.
 */
tables_unplaced: Array<number>, id: ItemId, number: string | null, title: string, reference: string | null, pages: [number, number] | null, agenda_item: string | null, truncated: boolean, resolution_count: number, 
/**
 * The page of the source where the item starts.
 */
page: number | null, };

export type ParagraphView = { text: string, 
/**
 * Where it stands in the item's text, in bytes (what evidence and
 * annotations will cite).
 */
span: Span, 
/**
 * The page of the source it starts on.
 */
page: number | null, 
/**
 * The resolution (index into the item's `resolutions`) it is part of.
 */
resolution: number | null, marks: Array<Mark>, 
/**
 * Tables (indexes into the item's `tables`) printed just before this
 * paragraph: where the paper puts them.
 */
tables_before: Array<number>, };

export type Mark = { start: number, end: number, 
/**
 * Index into the item's `figures`.
 */
figure: number, 
/**
 * The words right beside the amount already say its direction ("an
 * overspend of £23.3m"): the mark need not say it again.
 */
worded: boolean, };

export type Span = { start: number, end: number, };

export type Attendance = { name: string, status: AttendanceStatus, role: string | null, };

export type AttendanceStatus = "present" | "apologies" | "substitute" | "in_attendance";

export type Report = { 
/**
 * "By:" or "From:": the Cabinet Member and officers presenting it.
 */
by: string | null, to: string | null, subject: string, classification: string | null, decision: string | null, 
/**
 * The report's summary section, where it has one.
 */
summary: string | null, 
/**
 * What the meeting is asked to decide, where the report says.
 */
recommendations: string | null, 
/**
 * First and last page of the source the report spans.
 */
pages: [number, number], };

export type Figure = { 
/**
 * As printed: "+£16.3m", "£8.383million".
 */
text: string, 
/**
 * Always positive; the direction carries the sense.
 */
amount_pence: number, direction: Direction, 
/**
 * The directorate or service it is about, where the sentence says.
 */
subject: string | null, 
/**
 * "2023/24", "Quarter 2", where the sentence says.
 */
period: string | null, page: number | null, 
/**
 * The sentence it stands in, for citation.
 */
sentence: string, 
/**
 * Where the amount is printed in its item's text (byte offsets); set
 * by the parser, absent where a figure was read from loose text.
 */
span?: Span | null, };

export type Direction = "overspend" | "underspend" | "other";

export type ColumnRole = "budget" | "forecast" | "outturn" | "variance" | "real_variance" | "rephasing" | "movement" | "last_reported" | "income" | "gross" | "net" | "year" | "percent" | "other";

export type SignConvention = { 
/**
 * True: a positive variance is an overspend (the usual convention).
 */
positive_is_overspend: boolean, 
/**
 * The paper's own words that say so; None where it is assumed.
 */
stated: string | null, };

export type CellView = { column: string, 
/**
 * The column's role: what flags and the Budget view go by.
 */
role: ColumnRole, printed: string, pence: number, };

export type LineView = { 
/**
 * The stored line's row id (it changes when the paper is read again).
 */
id: number, label: string, 
/**
 * The category heading the line stands under, where there is one.
 */
section: string | null, total_row: boolean, 
/**
 * The page the line is printed on, where it differs from the table's
 * (in a Budget-view row: the page it is printed on).
 */
page?: number, values: Array<CellView>, };

export type TableView = { id: TableId, caption: string | null, 
/**
 * "£m", "£000", "£", "£bn".
 */
unit: string | null, period: string | null, page: number | null, columns: Array<string>, 
/**
 * What a plus sign means in the variance columns, where it has any.
 */
sign: SignConvention | null, lines: Array<LineView>, };

export type BudgetLineRow = { item_id: ItemId, item_number: string | null, item_title: string, table_caption: string | null, unit: string | null, 
/**
 * This period's variance, where the table has one: what the Budget
 * view sorts by.
 */
variance: CellView | null, 
/**
 * What the variance means, by the table's sign convention (a plus is
 * an overspend unless the paper says otherwise): decided here, not in
 * the UI.
 */
direction: Direction, 
/**
 * The stored line's row id (it changes when the paper is read again).
 */
id: number, label: string, 
/**
 * The category heading the line stands under, where there is one.
 */
section: string | null, total_row: boolean, 
/**
 * The page the line is printed on, where it differs from the table's
 * (in a Budget-view row: the page it is printed on).
 */
page?: number, values: Array<CellView>, };

export type Diagnostic = { severity: Severity, message: string, page: number | null, };

export type Severity = "info" | "warning";

export type DocumentSummary = { id: DocumentId, file_name: string, size: number, format: string, imported_at: string, diagnostics: Array<Diagnostic>, };

export type FileStatus = "imported" | "imported_with_gaps" | "already_in_library" | "failed";

export type FileReport = { 
/**
 * The file's name as the user knows it.
 */
file: string, status: FileStatus, 
/**
 * For failures, the kind of failure ("binary", "empty", ...).
 */
error_kind: ErrorKind | null, message: string, document_id: DocumentId | null, 
/**
 * The meeting the file's paper is now part of, once the batch is done
 * (`finish_batch`): what the app opens after an import.
 */
meeting_id: MeetingId | null, };

export type ErrorKind = "empty" | "too_large" | "binary" | "unsupported" | "encrypted" | "no_text_layer" | "pdf" | "docx" | "not_a_paper" | "not_a_file" | "io" | "store" | "too_much_memory" | "timeout" | "too_deep" | "crashed" | "internal";

export type Progress = { done: number, total: number, current: string, };

export type RereadSummary = { total: number, changed: number, 
/**
 * Papers the current reader could not read; they keep their old reading.
 */
kept: Array<string>, };

export type Thresholds = { 
/**
 * A variance at least this large (pence) is flagged...
 */
variance_pence: number, 
/**
 * ...or at least this share of its budget, in hundredths of a
 * percent (500 = 5%).
 */
variance_basis_points: number, 
/**
 * A variance that worsened by at least this much since the last report.
 */
movement_pence: number, 
/**
 * Capital re-phasing or slippage at least this large.
 */
rephasing_pence: number, 
/**
 * An underspend at least this large is listed as worth asking about.
 */
underspend_pence: number, };

export type Rule = "variance_over_threshold" | "adverse_movement" | "persistent_overspend" | "savings_at_risk" | "reserves_cover" | "rephasing" | "total_does_not_add_up" | "prose_disagrees_with_table" | "large_underspend" | "by_hand";

export type FlagSeverity = "high" | "medium" | "low";

export type Evidence = { meeting_id: MeetingId, item_id: ItemId, table_id: TableId | null, 
/**
 * The table's caption, where the flag is about a line.
 */
table: string | null, 
/**
 * The budget line's label, where the flag is about a line.
 */
line: string | null, 
/**
 * The sentence, where the flag is about prose.
 */
quote: string | null, page: number | null, };

export type Dismissal = { reason: string, 
/**
 * RFC 3339.
 */
at: string, 
/**
 * A colleague who dismissed it (from a bundle); None: the member.
 */
author?: string | null, };

export type HandFlag = { id: number, note: string, 
/**
 * A colleague who added it (from a bundle); None: the member.
 */
author?: string | null, };

export type Flag = { 
/**
 * Stable across re-imports of the same paper: the rule and the
 * target's key.
 */
key: string, 
/**
 * The line or figure the flag is on (`LineFacts::key`, `FigureFacts::key`).
 */
target: string, rule: Rule, severity: FlagSeverity, 
/**
 * One sentence with the numbers, e.g. "Asylum: forecast overspend
 * £3.52m against a budget of £0.55m (640%); threshold £0.5m or 5%".
 */
reason: string, 
/**
 * The size the severity was judged on, in pence.
 */
amount_pence: number, evidence: Evidence, 
/**
 * This is a total or sub-total row's flag.
 */
total: boolean, 
/**
 * The key of the flagged total this line's flag stands under, so one
 * overspend is not shown as three problems.
 */
under: string | null, 
/**
 * Not a problem in itself, but worth a question (a large underspend).
 */
worth_asking: boolean, dismissed: Dismissal | null, 
/**
 * A flag added by hand: its id and the member's note.
 */
hand: HandFlag | null, };

export type MeetingFlags = { meeting_id: MeetingId, thresholds: Thresholds, 
/**
 * The meeting has thresholds of its own (else the library's).
 */
own_thresholds: boolean, 
/**
 * Every flag, dismissed ones too (marked), worst first.
 */
flags: Array<Flag>, 
/**
 * How many budget lines and figures the rules read.
 */
lines_checked: number, figures_checked: number, 
/**
 * The date of the council's report before this one in the library,
 * which movement and persistence were judged against.
 */
compared_with: string | null, 
/**
 * Every budget line and figure the rules read, to flag by hand or to
 * follow over time.
 */
targets: Array<Target>, };

export type Target = { key: string, 
/**
 * "line" or "figure".
 */
kind: string, 
/**
 * The line's label, or the figure as printed.
 */
label: string, 
/**
 * The table's caption, or the figure's sentence.
 */
context: string | null, item_id: ItemId, page: number | null, };

export type Sureness = "same" | "likely" | "possible" | "joined";

export type HistoryPoint = { meeting_id: MeetingId, date: string, item_id: ItemId, page: number | null, line_key: string, label: string, table: string | null, budget_pence: number | null, 
/**
 * Overspend positive, whatever the paper's sign convention.
 */
variance_pence: number | null, 
/**
 * The change since the last report: as the paper prints it, else
 * against the library's previous report of the line.
 */
movement_pence: number | null, 
/**
 * The three as a councillor says them ("£412.5m", "+£4.6m"), for the
 * table beside the chart; None where not printed.
 */
said: [string | null, string | null, string | null], 
/**
 * How sure the match to the next point toward the line asked for is;
 * None for that line itself.
 */
sureness: Sureness | null, };

export type LineHistory = { line_key: string, label: string, points: Array<HistoryPoint>, 
/**
 * Lines of the report just before the earliest point, which the
 * member can join to this one when the words did not match them.
 */
could_join: Array<[string, string]>, };

export type AnchorState = "exact" | "moved" | "orphan" | "waiting";

export type AnnotationView = { id: number, 
/**
 * Stable across libraries (for sharing).
 */
uid: string, state: AnchorState, 
/**
 * The words the member marked.
 */
quote: string, 
/**
 * What the passage reads now, where it was reworded.
 */
now: string | null, note: string, 
/**
 * The note as HTML, rendered and sanitised here (`markdown::to_html`).
 */
note_html: string, tags: Array<string>, 
/**
 * The highlight's name: "ask", "good", "check".
 */
colour: string, 
/**
 * The item it is shown on now: the one it was made on, or the same
 * item of a revised copy; for an orphan, the item it was made on, if
 * that is still in the library.
 */
item_id: ItemId | null, item_title: string, meeting_id: MeetingId | null, page: number | null, 
/**
 * Where it stands in that item's text (bytes); None for an orphan.
 */
start: number | null, end: number | null, 
/**
 * It is shown on a revised copy, not the paper it was made on.
 */
on_revision: boolean, 
/**
 * The colleague who made it (from a bundle); None: the member's own.
 */
author: string | null, 
/**
 * For a colleague's note whose paper is not in the library: which
 * paper it waits for ("the agenda of Cabinet, 2018-03-26").
 */
waiting_for: string | null, };

export type Highlight = { 
/**
 * Index into the item's `paragraphs`.
 */
paragraph: number, start: number, end: number, annotation: number, colour: string, };

export type ItemAnnotations = { 
/**
 * Shown on this item now (exact or moved), and orphans made on it.
 */
annotations: Array<AnnotationView>, highlights: Array<Highlight>, };

export type TextPoint = { paragraph: number, offset: number, };

export type QuestionStatus = "draft" | "ready" | "asked" | "answered" | "follow_up";

export type EvidenceInput = { "kind": "quote", item: ItemId, quote: string, } | { "kind": "annotation", id: number, } | { "kind": "flag", key: string, } | { "kind": "line", key: string, } | { "kind": "figure", key: string, } | { "kind": "budget_line", line_id: number, } | { "kind": "item", item: ItemId, };

export type EvidenceView = { 
/**
 * "quote", "flag", "line", "figure" or "item".
 */
kind: string, 
/**
 * The quote, or the flag's reason, as cited.
 */
label: string, 
/**
 * The item to open, where it is still in the library.
 */
item_id: ItemId | null, item_title: string | null, page: number | null, 
/**
 * For a quote: exact, moved or orphan on the papers as they are now.
 */
state: AnchorState | null, 
/**
 * A flag's key or an annotation's id, to open it.
 */
target: string | null, 
/**
 * The meeting the item is in, where it is not the question's own (an
 * answer quoted from a later meeting's minutes).
 */
meeting_id: MeetingId | null, meeting: string | null, };

export type QuestionView = { id: number, uid: string, 
/**
 * The meeting it is for, while that meeting is in the library.
 */
meeting_id: MeetingId | null, meeting: string, 
/**
 * Place in the meeting's running order, from 1.
 */
position: number, text: string, 
/**
 * The text as HTML, rendered and sanitised in Rust.
 */
html: string, 
/**
 * Who it is to: a Cabinet Member, an officer, the chair.
 */
to: string, status: QuestionStatus, answer: string, 
/**
 * Where the answer was quoted from: a passage of a later meeting's
 * minutes, found again like any annotation.
 */
answer_source: EvidenceView | null, evidence: Array<EvidenceView>, 
/**
 * The colleague who wrote it (from a bundle); None: the member's own.
 * Colleagues' questions follow the member's in a meeting's list, each
 * in its author's running order.
 */
author: string | null, };

export type CommitmentView = { id: number, due: string | null, done: boolean, 
/**
 * Past its due date and not done.
 */
overdue: boolean, words: AnnotationView, };

export type Suggestion = { item_id: ItemId, item_title: string, sentence: string, page: number | null, };

export type Deleted = { 
/**
 * "note" or "question".
 */
kind: string, id: number, 
/**
 * The note's quote, or the question's first line.
 */
label: string, 
/**
 * RFC 3339.
 */
deleted_at: string, };

export type ExemptState = { 
/**
 * Why the paper looks exempt ("marked 'not for publication'"), where
 * it does.
 */
detected: string | null, 
/**
 * The member's own marking: exempt (true) or not (false); None: the
 * paper decides.
 */
marked: boolean | null, 
/**
 * The outcome: the member's marking where there is one, else what
 * the paper prints.
 */
exempt: boolean, };

export type PackOptions = { 
/**
 * Keep exempt and confidential items, and the notes and questions on
 * them (the member ticked to include them).
 */
include_exempt: boolean, 
/**
 * Only these items, and the notes, questions and flags on them (the
 * app's print of selected items); None: the whole meeting.
 */
items: Array<ItemId> | null, };

export type ExportFormat = "html" | "docx" | "md" | "csv" | "xlsx";

export type Sheet = "lines" | "flags" | "history";

export type ExportRequest = { format: ExportFormat, 
/**
 * For CSV: which sheet (one file holds one); .xlsx holds them all.
 */
sheet: Sheet | null, 
/**
 * A budget line (its key) whose history to add (xlsx) or write (CSV).
 */
line: string | null, 
/**
 * Keep exempt and confidential items, and the notes and questions on
 * them (the member ticked to include them).
 */
include_exempt: boolean, 
/**
 * Only these items, and the notes, questions and flags on them (the
 * app's print of selected items); None: the whole meeting.
 */
items: Array<ItemId> | null, };

export type ExportSummary = { questions: number, notes: number, flags: number, lines: number, history_points: number, 
/**
 * Items left out as exempt, and the sentence that says what was left out.
 */
left_out_items: number, left_out: string | null, };

export type BackupSummary = { 
/**
 * The file's name in its folder.
 */
file: string, path: string, 
/**
 * When it was taken (RFC 3339).
 */
taken_at: string, bytes: number, schema_version: number, meetings: number, documents: number, annotations: number, questions: number, };

export type ShareCounts = { added: number, 
/**
 * A newer version replaced the one imported before.
 */
updated: number, 
/**
 * Already in the library as it is (or the bundle's is older).
 */
unchanged: number, 
/**
 * Left out: the id is the member's own or another colleague's, or
 * the member had decided on that flag already.
 */
skipped: number, };

export type ImportReport = { 
/**
 * Who made the bundle.
 */
author: string, annotations: ShareCounts, questions: ShareCounts, 
/**
 * Flags dismissed and flags added by hand.
 */
flags: ShareCounts, 
/**
 * Notes of this bundle waiting for a paper the library does not hold.
 */
waiting: number, 
/**
 * Why anything was skipped, one sentence each.
 */
skipped: Array<string>, 
/**
 * The whole outcome in a sentence or two.
 */
message: string, };
