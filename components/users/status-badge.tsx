"use client";

import { cn } from "@/components/ui/cn";
import { Hint } from "@/components/ui/tooltip";
import { isUserStatus, STATUS_INFO, type StatusTone } from "@/lib/users/lifecycle";

const TONES: Record<StatusTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  success: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  info: "bg-sky-50 text-sky-700 ring-sky-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  danger: "bg-rose-50 text-rose-700 ring-rose-200",
};
const DOTS: Record<StatusTone, string> = {
  neutral: "bg-slate-400",
  success: "bg-emerald-500",
  info: "bg-sky-500",
  warning: "bg-amber-500",
  danger: "bg-rose-500",
};

/**
 * A user's Okta status as the Admin Console labels it, with what it means on hover or keyboard focus
 * (Hint: a Radix Tooltip loaded on the first hover or focus; the meaning is also the trigger's
 * accessible description).
 */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const info = isUserStatus(status) ? STATUS_INFO[status] : { label: status, meaning: "A status this console does not know yet.", tone: "neutral" as const };
  return (
    <Hint content={info.meaning}>
      <button
        type="button"
        className={cn(
          "inline-flex cursor-help items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
          TONES[info.tone],
          className,
        )}
      >
        <span aria-hidden className={cn("h-1.5 w-1.5 rounded-full", DOTS[info.tone])} />
        {info.label}
      </button>
    </Hint>
  );
}
