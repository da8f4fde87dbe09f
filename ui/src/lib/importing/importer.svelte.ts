// Importing papers: from the file dialog or dropped on the window, with
// progress and a plain message per file.

import { chooseAndImport, errorMessage, onImportFinished, onImportProgress } from "../ipc";
import type { FileReport, MeetingId, Progress } from "../types";

/** The meeting to open after an import: the first one a new paper joined,
 * else the first one a file already in the library belongs to. */
export function meetingToOpen(reports: FileReport[]): MeetingId | null {
  const stored = reports.filter((r) => r.meeting_id !== null);
  const fresh = stored.find((r) => r.status === "imported" || r.status === "imported_with_gaps");
  return (fresh ?? stored[0])?.meeting_id ?? null;
}

export class Importer {
  busy = $state(false);
  progress = $state<Progress | null>(null);
  reports = $state<FileReport[]>([]);
  dragging = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly afterImport: (meeting: MeetingId | null) => Promise<void>) {}

  /** Papers chosen in the system file dialog. */
  choose(): Promise<void> {
    return this.run(() => chooseAndImport());
  }

  /** Papers dropped on the window: the shell imports them and reports
   * through `import-finished`; until then the importer shows it is busy. */
  dropped(): void {
    this.busy = true;
    this.error = null;
    this.reports = [];
  }

  /** Listens for the shell's reports on dropped files; call once. */
  listenForDrops(): Promise<() => void> {
    return Promise.all([
      onImportProgress((p) => {
        if (this.busy) this.progress = p.total > 0 && p.done < p.total ? p : null;
      }),
      onImportFinished(async (reports) => {
        this.reports = reports;
        this.busy = false;
        this.progress = null;
        if (reports.length > 0) await this.afterImport(meetingToOpen(reports));
      }),
    ]).then((stops) => () => stops.forEach((stop) => stop()));
  }

  private async run(importer: () => Promise<FileReport[]>): Promise<void> {
    if (this.busy) {
      this.error = "An import is already running; wait for it to finish.";
      return;
    }
    this.busy = true;
    this.error = null;
    this.reports = [];
    const unlisten = await onImportProgress((p) => (this.progress = p.total > 0 ? p : null));
    try {
      this.reports = await importer();
      if (this.reports.length > 0) await this.afterImport(meetingToOpen(this.reports));
    } catch (e) {
      this.error = `The import failed: ${errorMessage(e)}`;
    } finally {
      unlisten();
      this.busy = false;
      this.progress = null;
    }
  }
}
