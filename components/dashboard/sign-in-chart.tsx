"use client";

import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SignInDay } from "@/lib/dashboard/types";

const WEEKDAY = new Intl.DateTimeFormat("en", { weekday: "short", timeZone: "UTC" });
const FULL = new Intl.DateTimeFormat("en", { weekday: "long", day: "numeric", month: "short", timeZone: "UTC" });

/** Failed sign-ins per UTC day over 7 days (recharts; loaded on demand so it is not in the first-load JS). */
export default function SignInChart({ days }: { days: SignInDay[] }) {
  const data = days.map((d) => ({ ...d, label: WEEKDAY.format(new Date(`${d.day}T00:00:00Z`)), full: FULL.format(new Date(`${d.day}T00:00:00Z`)) }));
  return (
    <ResponsiveContainer width="100%" height={72}>
      <BarChart data={data} margin={{ top: 4, right: 0, bottom: 0, left: 0 }}>
        <XAxis dataKey="label" tickLine={false} axisLine={false} interval={0} tick={{ fontSize: 10, fill: "#64748b" }} height={14} />
        <YAxis hide allowDecimals={false} />
        <Tooltip
          cursor={{ fill: "#eef2ff" }}
          formatter={(value) => [String(value), "failed sign-ins"]}
          labelFormatter={(_, payload) => {
            const p = payload?.[0]?.payload as (typeof data)[number] | undefined;
            return p ? `${p.full}${p.complete ? "" : " (at least)"}` : "";
          }}
          contentStyle={{ fontSize: 12, borderRadius: 6 }}
        />
        <Bar dataKey="failed" radius={[3, 3, 0, 0]} isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.day} fill={d.complete ? "#f43f5e" : "#fda4af"} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
