import { ValidationError } from "@undercurrent/core";
import type { ScriptQaReport } from "./video-script-schema.js";

/** A script failed a QA check of severity `error` (too long, an untraceable claim, a banned word…). Code `SCRIPT_QA_FAILED`. */
export class ScriptQaError extends ValidationError {
  /** The full QA report. */
  readonly report: ScriptQaReport;

  constructor(report: ScriptQaReport, context = "writeScript") {
    super({
      code: "SCRIPT_QA_FAILED",
      context,
      issues: report.errors.map((check) => ({ path: check.path ?? `script.${check.name}`, message: check.message })),
    });
    this.name = "ScriptQaError";
    this.report = report;
  }
}
