/**
 * Mocha's global fixtures for `npm test` (named in .mocharc.cjs): they run once, in mocha's main
 * process, before the parallel workers start — so moto is found (or installed) once per run, in a
 * thread while the workers start, and every worker hears the answer through a file its
 * environment names (see ./moto.ts).
 */
import "../../engine/offline/lazyClosure";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { shareMotoWithWorkers } from "./moto";

let tokenDir: string | undefined;
let motoShared: Promise<void> | undefined;

export function mochaGlobalSetup(): void {
    tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-test-run-"));
    // Not awaited: mocha starts the workers meanwhile (they wait for the answer when they need it).
    motoShared = shareMotoWithWorkers(tokenDir);
}

export async function mochaGlobalTeardown(): Promise<void> {
    await motoShared;
    if (tokenDir) fs.rmSync(tokenDir, { recursive: true, force: true });
}
