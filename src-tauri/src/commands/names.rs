// The commands the UI may call, shared by build.rs (each gets an `allow-*`
// permission that capabilities/default.json grants; a command not listed
// is refused) and by the test that the capability file grants exactly
// these. None takes a path or a URL: files come only from the dialog the
// shell opens and from drops the shell receives.
pub const COMMANDS: &[&str] = &[
    "list_meetings",
    "get_meeting",
    "get_paper",
    "get_item",
    "get_document",
    "get_budget_lines",
    "get_document_pdf",
    "attach_paper",
    "detach_paper",
    "remove_document",
    "undo_remove",
    "reread_library",
    "choose_and_import",
    "get_flags",
    "set_thresholds",
    "dismiss_flag",
    "restore_flag",
    "add_hand_flag",
    "remove_hand_flag",
    "link_lines",
    "get_line_history",
    "get_item_annotations",
    "get_meeting_annotations",
    "annotate",
    "update_annotation",
    "delete_annotation",
    "restore_annotation",
];
