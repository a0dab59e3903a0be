/**
 * Temporary folders for tests, removed when the test process exits (also when a test fails before
 * its own clean-up), so a test run leaves nothing behind in the system's temp folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const made: string[] = [];

/** A new empty folder under the system's temp folder, named `<prefix>XXXXXX`. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/** Removes every folder {@link tempDir} made so far. */
export function removeTempDirs(): void {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

process.on("exit", removeTempDirs);
