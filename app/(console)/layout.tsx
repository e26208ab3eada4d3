import Link from "next/link";
import { Logo } from "@/components/shell/brand";
import { MobileNav } from "@/components/shell/mobile-nav";
import { SideNav } from "@/components/shell/side-nav";
import { StaffMenu } from "@/components/shell/staff-menu";
import { requireStaffPage } from "@/lib/auth/session";
import { shellModel } from "@/lib/shell/model";

// The signed-in shell. It is NOT an authorization boundary (server actions skip layouts): every page
// and action checks on its own; the layout only needs the staff member to draw the frame.
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const staff = await requireStaffPage();
  const model = await shellModel(staff);
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-10 flex h-14 items-center gap-4 border-b border-slate-200 bg-white px-4">
        <MobileNav sections={model.nav} orgNav={model.orgNav} />
        <Link href="/dashboard" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          <Logo size={28} />
          <span className="hidden sm:inline">Okta MSP Console</span>
        </Link>
        <div className="flex-1">{model.orgPicker}</div>
        <StaffMenu name={staff.name} email={staff.email} roleSummary={model.roleSummary} />
      </header>
      <div className="flex flex-1">
        <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white md:block">
          <SideNav sections={model.nav} orgNav={model.orgNav} />
        </aside>
        <main id="main" className="min-w-0 flex-1 px-6 py-6 lg:px-10">
          {children}
        </main>
      </div>
    </div>
  );
}
