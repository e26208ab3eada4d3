import { redirect } from "next/navigation";
import { getStaff } from "@/lib/auth/session";

export default async function Home() {
  redirect((await getStaff()) ? "/dashboard" : "/sign-in");
}
