"use client";

import type { ReactNode } from "react";
import { lazyWhileOpen } from "./lazy-open";

/** The result shape of every server action (structurally the same as lib/actions' ActionResult). */
export type ActionResultLike<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: string; fieldErrors?: Record<string, string[] | undefined> };

export type ConfirmDialogProps<T> = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  onConfirm: (ticketId: string | undefined) => Promise<ActionResultLike<T>>;
  onDone?: (data: T) => void;
  /** A refusal or failure, e.g. to show `fieldErrors` on the caller's own fields in `children`. */
  onFailure?: (result: Extract<ActionResultLike<T>, { ok: false }>) => void;
  successMessage?: string | ((data: T) => string);
  /** The org requires a ticket ID for every change: the field is required (the server checks too). */
  ticketRequired?: boolean;
  /** Keeps the confirm button disabled (e.g. until a login is typed to confirm). */
  confirmDisabled?: boolean;
};

/**
 * A confirmation step for a consequential action, with the optional Ticket ID every such action
 * records in the audit log. Radix AlertDialog: role "alertdialog", focus starts on Cancel (the safe
 * choice) and stays inside, the description is announced, the page behind cannot scroll, and an
 * outside click never dismisses it. While `onConfirm` runs, Escape and Cancel are refused, so the
 * outcome is always seen; an error stays in the dialog. On success it closes and `successMessage`
 * (if any) is shown as a toast.
 *
 * Radix (confirm-dialog-radix.tsx) is loaded when a confirmation first opens, not with the page
 * (lazy-open.tsx).
 */
export const ConfirmDialog = lazyWhileOpen<ConfirmDialogProps<unknown>>(() => import("./confirm-dialog-radix").then((m) => m.RadixConfirmDialog)) as (<T>(
  props: ConfirmDialogProps<T>,
) => ReactNode) & { preload: () => void };
