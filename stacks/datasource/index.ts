// Entry point of the data-source Pulumi project (`main` in Pulumi.yaml beside this file).
import { dataSourceProgram } from "./program";

export = dataSourceProgram;
