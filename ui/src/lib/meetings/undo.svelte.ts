// Undo and redo of the member's changes while the app is open. Every
// change is saved at once (no save button); a step knows how to put the
// library back and how to do the change again, through the same commands.
// Deleting is also undoable after a restart, from the Deleted list.

export interface Step {
  /** What the step did, as the buttons say it: "delete the note". */
  label: string;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  /** Steps with the same key made close together are one step (typing). */
  key?: string;
  /** A kind of step that a later one of the kind makes impossible to undo
   * (only the last removed paper is kept). */
  tag?: string;
}

/** Typing pauses longer than this start a new step. */
const MERGE_MS = 2000;
/** Steps kept; the oldest go first. */
const LIMIT = 200;

interface Kept extends Step {
  at: number;
}

export class UndoHistory {
  private done = $state<Kept[]>([]);
  private undone = $state<Kept[]>([]);
  /** A step is being undone or redone: further presses wait for it. */
  busy = $state(false);

  constructor(private now: () => number = () => Date.now()) {}

  record(step: Step): void {
    const at = this.now();
    const last = this.done[this.done.length - 1];
    if (step.key !== undefined && last?.key === step.key && at - last.at < MERGE_MS) {
      // One burst of typing: undo goes back to before it began.
      this.done = [...this.done.slice(0, -1), { ...step, undo: last.undo, at }];
    } else {
      this.done = [...this.done, { ...step, at }].slice(-LIMIT);
    }
    this.undone = [];
  }

  get undoLabel(): string | null {
    return this.done[this.done.length - 1]?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.undone[this.undone.length - 1]?.label ?? null;
  }

  /** Undoes the last step; returns its label, or null when there is none. */
  async undo(): Promise<string | null> {
    return this.move("undo");
  }

  async redo(): Promise<string | null> {
    return this.move("redo");
  }

  private async move(way: "undo" | "redo"): Promise<string | null> {
    if (this.busy) return null;
    const from = way === "undo" ? this.done : this.undone;
    const step = from[from.length - 1];
    if (!step) return null;
    this.busy = true;
    try {
      await step[way]();
      // Only once it worked does the step change sides: a failed undo can
      // be tried again.
      if (way === "undo") {
        this.done = this.done.slice(0, -1);
        this.undone = [...this.undone, { ...step, key: undefined }];
      } else {
        this.undone = this.undone.slice(0, -1);
        this.done = [...this.done, { ...step, key: undefined }];
      }
      return step.label;
    } finally {
      this.busy = false;
    }
  }

  /** Forgets the steps of a kind, done or undone. */
  forget(tag: string): void {
    this.done = this.done.filter((s) => s.tag !== tag);
    this.undone = this.undone.filter((s) => s.tag !== tag);
  }

  /** Forgets every step (the library they refer to changed under them). */
  clear(): void {
    this.done = [];
    this.undone = [];
  }
}

/** A key press that means undo or redo outside a text field (where the
 * field's own undo applies). */
export function undoKey(event: KeyboardEvent): "undo" | "redo" | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const target = event.target as HTMLElement | null;
  if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return null;
  const key = event.key.toLowerCase();
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y" && !event.shiftKey) return "redo";
  return null;
}
