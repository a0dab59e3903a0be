// Entry point of the control-plane Pulumi project (`main` in Pulumi.yaml).
import { controlPlaneProgram } from "./program";

export = controlPlaneProgram;
