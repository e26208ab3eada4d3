import { expect, it } from "vitest";
import { cn } from "@/components/ui/cn";

it("skips falsy parts and lets a later Tailwind class of the same property win", () => {
  expect(cn("px-4 py-2", false, null, undefined, "px-2")).toBe("py-2 px-2");
  expect(cn("bg-indigo-600 text-white", { "bg-rose-600": true, hidden: false })).toBe("text-white bg-rose-600");
  expect(cn("rounded-lg border shadow-sm", "rounded-none border-0 shadow-none")).toBe("rounded-none border-0 shadow-none");
});
