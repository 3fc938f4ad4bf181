import { renderTestFile } from "../../planning";
import type { CodeChange } from "../../protocol";
import { syntaxProblems } from "../codeCheck";
import { mechanicalFixFor } from "../fixes";
import type { StageOutput, TaskContext } from "../taskContext";
import { unifiedDiff } from "../unifiedDiff";
import { chooseApproach } from "./approachEvaluation";

/** Stage 6: ordered steps and the code, each piece checked before it is offered. */
export function implementationPlan(ctx: TaskContext): StageOutput {
  const { candidates, chosen } = chooseApproach(ctx);
  const changes: CodeChange[] = [];
  const notes: string[] = [];
  if (ctx.plan) {
    const rendered = renderTestFile(ctx.plan);
    const exists = ctx.files.some((f) => f.file.path === rendered.path);
    const problems = syntaxProblems(rendered.path, rendered.code);
    if (problems.length) notes.push(`The rendered test file does not parse, so it is not offered: ${problems.slice(0, 3).join("; ")}.`);
    else if (exists) notes.push(`${rendered.path} already exists: the new cases are offered to insert, not as a new file.`);
    if (!problems.length) changes.push({ file: rendered.path, code: rendered.code, diff: exists ? "" : unifiedDiff(rendered.path, null, rendered.code) });
    notes.unshift(
      `1. Create ${rendered.path} (${rendered.framework}): ${rendered.asserted} running assertion(s), ${rendered.skipped} case(s) skipped with what to confirm.`,
      `2. Run it: ${runCommand(ctx.plan.framework, rendered.path)}.`,
      "3. For each skipped case, confirm the expected outcome against the code, write the assertion and unskip it.",
    );
  } else {
    const fix = chosen === 0 ? mechanicalFixFor(ctx) : null;
    if (fix) {
      const problems = syntaxProblems(fix.file, fix.after);
      if (problems.length) notes.push(`The fixed ${fix.file} would not parse, so the fix is not offered: ${problems.slice(0, 3).join("; ")}.`);
      else changes.push({ file: fix.file, code: fix.after, diff: unifiedDiff(fix.file, fix.before, fix.after) });
      notes.unshift(`1. Apply the diff to ${fix.file} (${fix.id}).`, "2. Run the tests listed in the testing strategy.", "3. Re-run the analysis: the finding is gone.");
    } else {
      notes.unshift(
        `1. ${candidates[chosen]!.name}: ${ctx.finding!.suggestion ?? "see the finding"}.`,
        "2. Write the regression test from the testing strategy first, watch it fail.",
        "3. Make the change, run the tests, re-run the analysis.",
      );
    }
  }
  return { summary: changes.length ? `${changes.length} checked code change(s): ${changes.map((c) => c.file).join(", ")}.` : `No code offered: ${notes.find((n) => /not offered|already exists/.test(n)) ?? "this finding needs a change by hand, listed as steps"}.`, notes, codeChanges: changes };
}

function runCommand(framework: string, file: string): string {
  switch (framework) {
    case "node:test":
      return `node --test ${file}`;
    case "mocha":
      return `npx mocha ${file}`;
    case "jest":
      return `npx jest ${file}`;
    case "vitest":
      return `npx vitest run ${file}`;
    case "pytest":
      return `python -m pytest ${file}`;
    default:
      return `python -m unittest ${file.replace(/\.py$/, "").split("/").join(".")}`;
  }
}
