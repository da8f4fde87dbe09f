//! The UI's TypeScript types, generated from the Rust types the shell
//! sends (ts-rs), so each record type is written once. The file
//! `ui/src/lib/bindings.ts` is checked in; this test fails when it is
//! stale. To write it anew: `SCRUTINEER_UPDATE_BINDINGS=1 cargo test -p
//! scrutineer --lib bindings`.

use ts_rs::{Config, TS};

use crate::annotations::AnchorState;
use crate::export::{ExportRequest, ExportSummary, Format as ExportFormat, PackOptions, Sheet};
use crate::flags::{
    self, tracking::Sureness, Dismissal, Evidence, Flag, HandFlag, Rule, Thresholds,
};
use crate::ids::{DocumentId, ItemId, MeetingId, PaperId, TableId};
use crate::import::{ErrorKind, FileReport, FileStatus, Progress, RereadSummary};
use crate::money::columns::{ColumnRole, SignConvention};
use crate::money::figures::{Direction, Figure};
use crate::parse::{Attendance, AttendanceStatus, Diagnostic, PaperKind, Report, Severity, Span};
use crate::store::backup::BackupSummary;
use crate::store::ExemptState;
use crate::store::LineView;
use crate::store::{
    AnnotationView, CommitmentView, Deleted, EvidenceInput, EvidenceView, Highlight, HistoryPoint,
    ItemAnnotations, LineHistory, MeetingFlags, QuestionStatus, QuestionView, Suggestion, Target,
    TextPoint,
};
use crate::store::{
    BudgetLineRow, CellView, DocumentSummary, ItemDetail, ItemSummary, LibraryIndex, Mark,
    MeetingDetail, MeetingSummary, PaperDetail, PaperSummary, ParagraphView, TableView,
};
use crate::store::{ImportReport, ShareCounts};

/// Every type the UI receives, one declaration each.
fn declarations() -> String {
    // Pence and row ids are i64: well inside a JavaScript number.
    let cfg = Config::default().with_large_int("number");
    let decls = [
        DocumentId::decl(&cfg),
        MeetingId::decl(&cfg),
        PaperId::decl(&cfg),
        ItemId::decl(&cfg),
        TableId::decl(&cfg),
        PaperKind::decl(&cfg),
        MeetingSummary::decl(&cfg),
        PaperSummary::decl(&cfg),
        LibraryIndex::decl(&cfg),
        MeetingDetail::decl(&cfg),
        PaperDetail::decl(&cfg),
        ItemSummary::decl(&cfg),
        ItemDetail::decl(&cfg),
        ParagraphView::decl(&cfg),
        Mark::decl(&cfg),
        Span::decl(&cfg),
        Attendance::decl(&cfg),
        AttendanceStatus::decl(&cfg),
        Report::decl(&cfg),
        Figure::decl(&cfg),
        Direction::decl(&cfg),
        ColumnRole::decl(&cfg),
        SignConvention::decl(&cfg),
        CellView::decl(&cfg),
        LineView::decl(&cfg),
        TableView::decl(&cfg),
        BudgetLineRow::decl(&cfg),
        Diagnostic::decl(&cfg),
        Severity::decl(&cfg),
        DocumentSummary::decl(&cfg),
        FileStatus::decl(&cfg),
        FileReport::decl(&cfg),
        ErrorKind::decl(&cfg),
        Progress::decl(&cfg),
        RereadSummary::decl(&cfg),
        Thresholds::decl(&cfg),
        Rule::decl(&cfg),
        flags::Severity::decl(&cfg),
        Evidence::decl(&cfg),
        Dismissal::decl(&cfg),
        HandFlag::decl(&cfg),
        Flag::decl(&cfg),
        MeetingFlags::decl(&cfg),
        Target::decl(&cfg),
        Sureness::decl(&cfg),
        HistoryPoint::decl(&cfg),
        LineHistory::decl(&cfg),
        AnchorState::decl(&cfg),
        AnnotationView::decl(&cfg),
        Highlight::decl(&cfg),
        ItemAnnotations::decl(&cfg),
        TextPoint::decl(&cfg),
        QuestionStatus::decl(&cfg),
        EvidenceInput::decl(&cfg),
        EvidenceView::decl(&cfg),
        QuestionView::decl(&cfg),
        CommitmentView::decl(&cfg),
        Suggestion::decl(&cfg),
        Deleted::decl(&cfg),
        ExemptState::decl(&cfg),
        PackOptions::decl(&cfg),
        ExportFormat::decl(&cfg),
        Sheet::decl(&cfg),
        ExportRequest::decl(&cfg),
        ExportSummary::decl(&cfg),
        BackupSummary::decl(&cfg),
        ShareCounts::decl(&cfg),
        ImportReport::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src/bindings.rs (ts-rs): do not edit.\n\
         // SCRUTINEER_UPDATE_BINDINGS=1 cargo test -p scrutineer --lib bindings\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn typescript_bindings_are_current() {
    let project = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    );
    let path = project.join("ui/src/lib/bindings.ts");
    let want = declarations();
    if std::env::var_os("SCRUTINEER_UPDATE_BINDINGS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).expect("write ui/src/lib/bindings.ts");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/bindings.ts is stale: SCRUTINEER_UPDATE_BINDINGS=1 cargo test -p scrutineer --lib bindings, then npm run check in ui/"
    );
}
