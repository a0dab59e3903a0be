/** Runs the `dataplane` command in this process and collects what it prints. */
import { main } from "../../cli/main";

export async function inProcess(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const status = await main(args, (l) => out.push(l), (l) => err.push(l));
    return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}
