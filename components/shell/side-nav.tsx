"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface NavItem {
  label: string;
  href: string;
  /** Shown but not clickable: a section that is not available yet or not for this role. */
  disabledReason?: string;
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

export function SideNav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-6 px-3 py-4">
      {sections.map((section, i) => (
        <div key={section.title ?? i}>
          {section.title ? (
            <p className="mb-1 truncate px-3 text-xs font-semibold uppercase tracking-wide text-slate-400">{section.title}</p>
          ) : null}
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const active = pathname === item.href || (item.href !== "/dashboard" && pathname.startsWith(`${item.href}/`));
              if (item.disabledReason) {
                return (
                  <li key={item.label}>
                    <span
                      aria-disabled="true"
                      title={item.disabledReason}
                      className="flex cursor-not-allowed items-center justify-between rounded-md px-3 py-1.5 text-sm text-slate-400"
                    >
                      {item.label}
                    </span>
                  </li>
                );
              }
              return (
                <li key={item.label}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "block rounded-md px-3 py-1.5 text-sm font-medium",
                      active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
