// Importing papers: from the file dialog or dropped on the window, with
// progress and a plain message per file.

import { chooseAndImport, errorMessage, importFiles, onImportProgress } from "../ipc";
import type { FileReport, Progress } from "../types";

export class Importer {
  busy = $state(false);
  progress = $state<Progress | null>(null);
  reports = $state<FileReport[]>([]);
  dragging = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly afterImport: () => Promise<void>) {}

  /** Papers chosen in the system file dialog. */
  choose(): Promise<void> {
    return this.run(() => chooseAndImport());
  }

  /** Papers dropped on the window. */
  importPaths(paths: string[]): Promise<void> {
    return this.run(() => importFiles(paths));
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
      if (this.reports.length > 0) await this.afterImport();
    } catch (e) {
      this.error = `The import failed: ${errorMessage(e)}`;
    } finally {
      unlisten();
      this.busy = false;
      this.progress = null;
    }
  }
}
