"use client";

import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { IntentLink } from "@/components/ui/intent-link";
import { orgNavFor, type OrgNavModel } from "./org-nav";

export interface NavItem {
  label: string;
  href: string;
  /** Shown but not clickable: a section that is not available yet or not for this role. */
  disabledReason?: string;
  /** A count to attend to (e.g. pending requests); shown as a pill when above 0. */
  badge?: { count: number; label: string };
}

export interface NavSection {
  title?: string;
  items: NavItem[];
}

export interface OrgNav {
  name: string;
  items: NavItem[];
}

/** The slug of the org the current URL is inside (/t/<slug>/...), if any. */
function currentOrgSlug(pathname: string): string | null {
  const match = pathname.match(/^\/t\/([^/]+)/);
  return match ? decodeURIComponent(match[1]!) : null;
}

export function SideNav({ sections, orgNav }: { sections: NavSection[]; orgNav?: OrgNavModel }) {
  const pathname = usePathname();
  const slug = currentOrgSlug(pathname);
  const org = slug && orgNav ? orgNavFor(orgNav, slug) : undefined;
  // The org section sits right after Dashboard, above console settings.
  const all = org ? [sections[0]!, { title: org.name, items: org.items }, ...sections.slice(1)] : sections;
  return (
    <nav aria-label="Main" className="flex flex-col gap-6 px-3 py-4">
      {all.map((section, i) => (
        <div key={section.title ?? i}>
          {section.title ? (
            <p className="mb-1 truncate px-3 text-xs font-semibold uppercase tracking-wide text-slate-400">{section.title}</p>
          ) : null}
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const matches = (href: string) => pathname === href || (href !== "/dashboard" && !/^\/t\/[^/]+$/.test(href) && pathname.startsWith(`${href}/`));
              // The most specific item wins (Group rules under /groups/rules, not Groups as well).
              const active = matches(item.href) && !section.items.some((other) => other.href.length > item.href.length && matches(other.href));
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
                  <IntentLink
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center justify-between gap-2 rounded-md px-3 py-1.5 text-sm font-medium",
                      active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    {item.label}
                    {item.badge && item.badge.count > 0 ? (
                      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-800">
                        {item.badge.count}
                        <span className="sr-only"> {item.badge.label}</span>
                      </span>
                    ) : null}
                  </IntentLink>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
