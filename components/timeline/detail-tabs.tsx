"use client";
// The user detail page's tabs: "Details" (every existing section) and "Timeline". The chosen tab is kept
// in the URL (?tab=timeline) so a link can open it and Back/reload keep it.

import { useState, type ReactNode } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

export type DetailTab = "details" | "timeline";

/** `children`: the Details tab. Without a timeline (no `audit.read`), the children alone, no tabs. */
export function UserDetailTabs({ defaultTab, timeline, children }: { defaultTab: DetailTab; timeline: ReactNode; children: ReactNode }) {
  const [tab, setTab] = useState<DetailTab>(defaultTab);
  if (!timeline) return <div className="space-y-6">{children}</div>;
  return (
    <Tabs
      value={tab}
      onValueChange={(value) => {
        const next: DetailTab = value === "timeline" ? "timeline" : "details";
        setTab(next);
        const url = new URL(window.location.href);
        if (next === "timeline") url.searchParams.set("tab", "timeline");
        else url.searchParams.delete("tab");
        window.history.replaceState(window.history.state, "", url);
      }}
    >
      <TabsList aria-label="User sections">
        <TabsTrigger value="details">Details</TabsTrigger>
        <TabsTrigger value="timeline">Timeline</TabsTrigger>
      </TabsList>
      {/* Kept mounted while hidden: the sections' own state (an answer shown once, a form) survives a look at the timeline. */}
      <TabsContent value="details" forceMount className="space-y-6 data-[state=inactive]:hidden">
        {children}
      </TabsContent>
      <TabsContent value="timeline">{timeline}</TabsContent>
    </Tabs>
  );
}
