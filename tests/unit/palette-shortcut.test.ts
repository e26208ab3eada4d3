import { describe, expect, it } from "vitest";
import { isPaletteShortcut, isTextEntry } from "@/components/org-picker/shortcut";

const key = (over: Partial<Parameters<typeof isPaletteShortcut>[0]> = {}) => ({
  key: "k",
  ctrlKey: true,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...over,
});

describe("palette shortcut", () => {
  it("is Ctrl+K or Cmd+K, either case of K", () => {
    expect(isPaletteShortcut(key())).toBe(true);
    expect(isPaletteShortcut(key({ ctrlKey: false, metaKey: true }))).toBe(true);
    expect(isPaletteShortcut(key({ key: "K" }))).toBe(true);
  });

  it("is not K alone, nor with Alt or Shift, nor another letter", () => {
    expect(isPaletteShortcut(key({ ctrlKey: false }))).toBe(false);
    expect(isPaletteShortcut(key({ altKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(key({ key: "j" }))).toBe(false);
  });

  it("ignores keystrokes that belong to an IME composition", () => {
    expect(isPaletteShortcut(key({ isComposing: true }))).toBe(false);
    expect(isPaletteShortcut(key({ keyCode: 229 }))).toBe(false);
  });
});

describe("text entry targets keep Ctrl/Cmd+K", () => {
  it("text-like inputs, textareas and contenteditable are text entry", () => {
    for (const type of ["text", "search", "email", "password", "url", "tel", "number", "date"]) {
      expect(isTextEntry({ tagName: "INPUT", type })).toBe(true);
    }
    expect(isTextEntry({ tagName: "input" })).toBe(true); // no type: text
    expect(isTextEntry({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTextEntry({ tagName: "DIV", isContentEditable: true })).toBe(true);
  });

  it("buttons, checkboxes, links and the page itself are not", () => {
    for (const type of ["checkbox", "radio", "button", "submit", "range", "file"]) {
      expect(isTextEntry({ tagName: "INPUT", type })).toBe(false);
    }
    expect(isTextEntry({ tagName: "BUTTON" })).toBe(false);
    expect(isTextEntry({ tagName: "A" })).toBe(false);
    expect(isTextEntry({ tagName: "BODY", isContentEditable: false })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
