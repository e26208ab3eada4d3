"use client";
import { Card, CardBody, CardHeader } from "./card";

// Placeholders of streamed sections. In their own module: a page that shows one must not import the
// module of the sections themselves (its client components would join that page's first load).
// A client module although nothing here is interactive: a page's RSC payload then names a placeholder
// and its title instead of carrying its whole element tree (a page has up to six, mostly never shown).

export function SectionSkeleton({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div className="space-y-3" aria-busy="true" aria-label={`Loading ${label}`}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-3">
          <div className="h-3.5 w-1/3 animate-pulse rounded bg-slate-200" />
          <div className="h-3.5 flex-1 animate-pulse rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}

export function CardSkeleton({ title, rows }: { title: string; rows?: number }) {
  return (
    <Card>
      <CardHeader title={title} />
      <CardBody>
        <SectionSkeleton label={title.toLowerCase()} rows={rows} />
      </CardBody>
    </Card>
  );
}
