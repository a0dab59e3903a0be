/**
 * Mocha's global fixtures for `npm test` (named in .mocharc.cjs): they run once, in mocha's main
 * process, before the parallel workers start — so moto is found (or installed) once per run and
 * every worker hears the answer through its environment (see ./moto.ts).
 */
import "../../engine/offline/lazyClosure";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { shareMotoWithWorkers } from "./moto";

let tokenDir: string | undefined;

export function mochaGlobalSetup(): void {
    tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-test-run-"));
    shareMotoWithWorkers(tokenDir);
}

export function mochaGlobalTeardown(): void {
    if (tokenDir) fs.rmSync(tokenDir, { recursive: true, force: true });
}
