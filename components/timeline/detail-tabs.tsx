"use client";
// The user detail page's tabs: "Details" (every existing section), "Timeline" and "Policies". The chosen
// tab is kept in the URL (?tab=timeline, ?tab=policies) so a link can open it and Back/reload keep it.

import { useState, type ReactNode } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { detailTabOf, type DetailTab } from "./detail-tab-names";

/**
 * `children`: the Details tab. `timeline` (needs `audit.read`) and `policies` (needs `groups.read`) are
 * the other tabs when given; with neither, the children alone, no tabs. The Policies tab mounts only
 * when opened, so its reads run only then.
 */
export function UserDetailTabs({ defaultTab, timeline, policies, children }: { defaultTab: DetailTab; timeline: ReactNode; policies: ReactNode; children: ReactNode }) {
  const available: DetailTab[] = ["details", ...(timeline ? (["timeline"] as const) : []), ...(policies ? (["policies"] as const) : [])];
  const [tab, setTab] = useState<DetailTab>(available.includes(defaultTab) ? defaultTab : "details");
  if (available.length === 1) return <div className="space-y-6">{children}</div>;
  return (
    <Tabs
      value={tab}
      onValueChange={(value) => {
        const next = detailTabOf(value);
        setTab(next);
        const url = new URL(window.location.href);
        if (next === "details") url.searchParams.delete("tab");
        else url.searchParams.set("tab", next);
        window.history.replaceState(window.history.state, "", url);
      }}
    >
      <TabsList aria-label="User sections">
        <TabsTrigger value="details">Details</TabsTrigger>
        {timeline ? <TabsTrigger value="timeline">Timeline</TabsTrigger> : null}
        {policies ? <TabsTrigger value="policies">Policies</TabsTrigger> : null}
      </TabsList>
      {/* Kept mounted while hidden: the sections' own state (an answer shown once, a form) survives a look at another tab. */}
      <TabsContent value="details" forceMount className="space-y-6 data-[state=inactive]:hidden">
        {children}
      </TabsContent>
      {timeline ? <TabsContent value="timeline">{timeline}</TabsContent> : null}
      {policies ? <TabsContent value="policies">{policies}</TabsContent> : null}
    </Tabs>
  );
}
