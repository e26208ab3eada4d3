// The palette's keyboard shortcut, kept pure (no DOM globals) so it is unit-tested directly.

export interface ShortcutKeyEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
  keyCode?: number;
}

/** Ctrl+K or Cmd+K with no other modifier, and not a keystroke of an IME composition. */
export function isPaletteShortcut(e: ShortcutKeyEvent): boolean {
  // keyCode 229: some browsers report composition keystrokes this way without isComposing.
  if (e.isComposing || e.keyCode === 229) return false;
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k";
}

export interface ShortcutTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
}

// Input types that take no typed text: the shortcut is free to act there.
const NON_TEXT_INPUTS = new Set(["button", "checkbox", "color", "file", "hidden", "image", "radio", "range", "reset", "submit"]);

/**
 * True where Ctrl/Cmd+K belongs to the field (text inputs, textareas, contenteditable): there it
 * may mean "delete to end of line" or an editor's own link command, so the palette leaves it alone.
 */
export function isTextEntry(target: ShortcutTarget | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === "TEXTAREA") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((target.type ?? "text").toLowerCase());
  return false;
}
