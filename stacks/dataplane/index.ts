// Entry point of the data-plane Pulumi project (`main` in Pulumi.yaml).
import { dataPlaneProgram } from "./program";

export = dataPlaneProgram;
