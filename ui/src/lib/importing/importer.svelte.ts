// Importing papers: from the file dialog or dropped on the window, with
// progress and a plain message per file.

import { choosePapers, errorMessage, importFiles, onImportProgress } from "../ipc";
import type { FileReport, Progress } from "../types";

export class Importer {
  busy = $state(false);
  progress = $state<Progress | null>(null);
  reports = $state<FileReport[]>([]);
  dragging = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly afterImport: () => Promise<void>) {}

  async choose(): Promise<void> {
    try {
      const paths = await choosePapers();
      if (paths && paths.length > 0) await this.importPaths(paths);
    } catch (e) {
      this.error = `Could not open the file dialog: ${errorMessage(e)}`;
    }
  }

  async importPaths(paths: string[]): Promise<void> {
    if (this.busy) {
      this.error = "An import is already running; wait for it to finish.";
      return;
    }
    this.busy = true;
    this.error = null;
    this.reports = [];
    this.progress = { done: 0, total: paths.length, current: "" };
    const unlisten = await onImportProgress((p) => (this.progress = p));
    try {
      this.reports = await importFiles(paths);
      await this.afterImport();
    } catch (e) {
      this.error = `The import failed: ${errorMessage(e)}`;
    } finally {
      unlisten();
      this.busy = false;
      this.progress = null;
    }
  }
}
