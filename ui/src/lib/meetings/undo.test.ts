import { describe, expect, it } from "vitest";
import { UndoHistory, undoKey } from "./undo.svelte";

function counter() {
  const log: string[] = [];
  const step = (label: string, key?: string) => ({
    label,
    key,
    undo: async () => void log.push(`undo ${label}`),
    redo: async () => void log.push(`redo ${label}`),
  });
  return { log, step };
}

describe("UndoHistory", () => {
  it("undoes and redoes in order, and a new change clears redo", async () => {
    const h = new UndoHistory();
    const { log, step } = counter();
    h.record(step("a"));
    h.record(step("b"));
    expect(await h.undo()).toBe("b");
    expect(await h.undo()).toBe("a");
    expect(await h.undo()).toBeNull();
    expect(await h.redo()).toBe("a");
    expect(h.redoLabel).toBe("b");
    h.record(step("c"));
    expect(h.redoLabel).toBeNull();
    expect(log).toEqual(["undo b", "undo a", "redo a"]);
  });

  it("merges a burst of typing into one step whose undo goes back before it", async () => {
    let t = 0;
    const h = new UndoHistory(() => t);
    const log: string[] = [];
    const typed = (text: string, before: string) => ({
      label: "edit the question",
      key: "q1",
      undo: async () => void log.push(`set ${before}`),
      redo: async () => void log.push(`set ${text}`),
    });
    h.record(typed("W", ""));
    t = 500;
    h.record(typed("Wh", "W"));
    t = 1000;
    h.record(typed("Why", "Wh"));
    t = 10_000;
    h.record(typed("Why?", "Why"));
    await h.undo();
    await h.undo();
    expect(log).toEqual(["set Why", "set "]);
    await h.redo();
    expect(log.at(-1)).toBe("set Why");
  });

  it("keeps a step whose undo failed, so it can be tried again", async () => {
    const h = new UndoHistory();
    let fail = true;
    h.record({ label: "x", undo: async () => { if (fail) throw new Error("busy"); }, redo: async () => {} });
    await expect(h.undo()).rejects.toThrow("busy");
    expect(h.undoLabel).toBe("x");
    fail = false;
    expect(await h.undo()).toBe("x");
  });
});

describe("UndoHistory.forget", () => {
  it("drops a kind of step a later one made impossible, keeping the rest in order", async () => {
    const h = new UndoHistory();
    const { log, step } = counter();
    h.record(step("note"));
    h.record({ ...step("remove A"), tag: "remove-paper" });
    h.forget("remove-paper");
    h.record({ ...step("remove B"), tag: "remove-paper" });
    expect(await h.undo()).toBe("remove B");
    expect(await h.undo()).toBe("note");
    expect(log).toEqual(["undo remove B", "undo note"]);
  });
});

describe("undoKey", () => {
  const press = (init: KeyboardEventInit, target: HTMLElement = document.body) => {
    const e = new KeyboardEvent("keydown", init);
    Object.defineProperty(e, "target", { value: target });
    return undoKey(e);
  };
  it("reads Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y and Cmd+Z", () => {
    expect(press({ key: "z", ctrlKey: true })).toBe("undo");
    expect(press({ key: "Z", ctrlKey: true, shiftKey: true })).toBe("redo");
    expect(press({ key: "y", ctrlKey: true })).toBe("redo");
    expect(press({ key: "z", metaKey: true })).toBe("undo");
    expect(press({ key: "z" })).toBeNull();
  });
  it("leaves text fields their own undo", () => {
    expect(press({ key: "z", ctrlKey: true }, document.createElement("textarea"))).toBeNull();
    expect(press({ key: "z", ctrlKey: true }, document.createElement("input"))).toBeNull();
  });
});
