import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names (skipping falsy ones) and lets a later Tailwind class win over an earlier one of
 * the same property, so `cn("px-4", className)` with `className="px-2"` yields `px-2`, not both.
 */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}
