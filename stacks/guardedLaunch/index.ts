// Entry point of the example launcher project (`main` in Pulumi.yaml).
import { launcherProgram } from "./program";

export = launcherProgram;
