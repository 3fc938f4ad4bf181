import { renderTestFile, type RenderOptions, type RenderedTestFile } from "../../planning";
import { EXECUTION_NOT_ALLOWED, type CaseObservation, type CodeChange, type GeneratedTestRun, type TestPlan } from "../../protocol";
import { characterizationProblem } from "../characterization/characterizable";
import { syntaxProblems } from "../codeCheck";
import { mechanicalFixFor } from "../fixes";
import { draftFix } from "../model/draftFix";
import type { StageOutput, TaskContext } from "../taskContext";
import { unifiedDiff } from "../unifiedDiff";
import type { TypeError as CheckError } from "../typeCheck";
import type { WorkspaceChecks } from "../workspaceChecks";
import { chooseApproach } from "./approachEvaluation";

/** Stage 6: ordered steps and the code, each piece checked before it is offered. */
export async function implementationPlan(ctx: TaskContext, checks: WorkspaceChecks | null = null): Promise<StageOutput> {
  const { candidates, chosen } = chooseApproach(ctx);
  const changes: CodeChange[] = [];
  const notes: string[] = [];
  let outcome = "";
  let testRun: GeneratedTestRun | null = null;
  if (ctx.plan) {
    const plan = ctx.plan;
    const execute = checks?.allowExecute === true;
    let options: RenderOptions = { observed: execute ? await observe(ctx, plan, checks!, notes) : undefined };
    let rendered = renderTestFile(plan, options);
    const exists = ctx.files.some((f) => f.file.path === rendered.path);
    const problems = syntaxProblems(rendered.path, rendered.code);
    let offer = problems.length === 0;
    if (!offer) notes.push(`The rendered test file does not parse, so it is not offered: ${problems.slice(0, 3).join("; ")}.`);
    if (offer && checks) {
      const typed = checkTypes(plan, rendered, options, checks, notes);
      ({ rendered, options, ok: offer } = typed);
    }
    const notRun = (reason: string): GeneratedTestRun => ({
      runner: rendered.framework,
      file: rendered.path,
      ran: false,
      command: null,
      assertions: rendered.asserted,
      passed: 0,
      failed: 0,
      skipped: rendered.skipped,
      duration_ms: null,
      not_run_reason: reason,
    });
    if (offer && execute && rendered.asserted > 0) {
      const checked = await runOnce(plan, rendered, options, checks!, notes);
      outcome = checked.outcome;
      testRun = checked.testRun;
      if (checked.rendered !== rendered) {
        rendered = checked.rendered;
        // The failing cases are now written out skipped: their text changed, so it is checked again.
        const again = checks!.typeCheck(rendered.path, rendered.code);
        if (again.checked && again.errors.length) {
          notes.push(`With the failing cases skipped, ${rendered.path} no longer type-checks, so it is not offered: ${describeErrors(again.errors)}.`);
          offer = false;
        }
      }
    } else if (offer && execute) {
      outcome = " — no running assertion to run";
      testRun = notRun("no running assertion to run");
    } else if (offer) {
      outcome = ` — not run (${EXECUTION_NOT_ALLOWED}): ${rendered.asserted} assertion(s) from guards in the code`;
      testRun = notRun(EXECUTION_NOT_ALLOWED);
    }
    if (offer && exists) notes.push(`${rendered.path} already exists: the new cases are offered to insert, not as a new file.`);
    if (offer) changes.push({ file: rendered.path, code: rendered.code, diff: exists ? "" : unifiedDiff(rendered.path, null, rendered.code) });
    notes.unshift(
      `1. Create ${rendered.path} (${rendered.framework}): ${rendered.asserted} running assertion(s), ${rendered.skipped} case(s) skipped with the reason.`,
      `2. Run it: ${runCommand(plan.framework, rendered.path)}.`,
      "3. For each skipped case, confirm the expected outcome against the code, write the assertion and unskip it.",
    );
  } else {
    const fix = chosen === 0 ? mechanicalFixFor(ctx) : null;
    if (fix) {
      const problems = syntaxProblems(fix.file, fix.after);
      const typeProblem = problems.length || !checks || !/\.[cm]?[jt]sx?$/.test(fix.file) ? null : newTypeErrors(fix.file, fix.before, fix.after, checks, notes);
      if (problems.length) notes.push(`The fixed ${fix.file} would not parse, so the fix is not offered: ${problems.slice(0, 3).join("; ")}.`);
      else if (typeProblem) notes.push(`The fixed ${fix.file} adds type errors, so the fix is not offered: ${typeProblem}.`);
      else changes.push({ file: fix.file, code: fix.after, diff: unifiedDiff(fix.file, fix.before, fix.after) });
      notes.unshift(`1. Apply the diff to ${fix.file} (${fix.id}).`, "2. Run the tests listed in the testing strategy.", "3. Re-run the analysis: the finding is gone.");
    } else {
      if (checks?.model) {
        const drafted = await modelDraft(ctx, candidates[chosen]!.name, checks, notes);
        if (drafted) {
          changes.push(drafted);
          outcome = ` — drafted by the model (${checks.model.name}) and checked`;
        }
      }
      notes.unshift(
        `1. ${candidates[chosen]!.name}: ${ctx.finding!.suggestion ?? "see the finding"}.`,
        "2. Write the regression test from the testing strategy first, watch it fail.",
        "3. Make the change, run the tests, re-run the analysis.",
      );
    }
  }
  const summary = changes.length
    ? `${changes.length} checked code change(s): ${changes.map((c) => c.file).join(", ")}${outcome}.`
    : `No code offered: ${notes.find((n) => /not offered|already exists|could not be asked|was discarded/.test(n)) ?? "this finding needs a change by hand, listed as steps"}.`;
  return { summary, notes, codeChanges: changes, testRun };
}

/** Characterization: what the unit does on each planned input, or nothing with the reason in the notes. */
async function observe(ctx: TaskContext, plan: TestPlan, checks: WorkspaceChecks, notes: string[]): Promise<ReadonlyMap<string, CaseObservation> | undefined> {
  const problem = characterizationProblem(plan, ctx.unit);
  if (problem) {
    notes.push(`Not characterized: ${problem}.`);
    return undefined;
  }
  const seen = await checks.characterize(plan);
  if (seen.problem) {
    notes.push(`Could not run ${plan.unit.name} to characterize it: ${seen.problem}.`);
    return undefined;
  }
  const all = [...seen.observed.values()];
  const unassertable = all.filter((o): o is Extract<CaseObservation, { outcome: "unassertable" }> => o.outcome === "unassertable");
  const reasons = new Map<string, number>();
  for (const o of unassertable) {
    const key = o.reason.replace(/"[^"]*"/g, "…").replace(/: .*$/, "");
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  notes.push(
    `Ran ${plan.unit.name} on ${all.length} planned input(s), twice, in a child process: ${all.length - unassertable.length} result(s) recorded to assert` +
      (unassertable.length ? `; ${unassertable.length} not asserted (${[...reasons].map(([r, n]) => `${n} × ${r}`).join("; ")})` : "") +
      ".",
  );
  return seen.observed;
}

/**
 * Runs the rendered file once with the workspace's runner. A running case that fails (or never
 * reports) is written out again as skipped with its failure, so nothing that fails today is
 * offered as passing.
 */
async function runOnce(
  plan: TestPlan,
  rendered: RenderedTestFile,
  options: RenderOptions,
  checks: WorkspaceChecks,
  notes: string[],
): Promise<{ rendered: RenderedTestFile; outcome: string; testRun: GeneratedTestRun }> {
  const started = performance.now();
  const run = await checks.runTests(rendered);
  const duration_ms = Math.round(performance.now() - started);
  const base = { runner: rendered.framework, file: rendered.path, assertions: rendered.asserted, skipped: rendered.skipped };
  if (!run.ran) {
    notes.push(`The generated tests were not run: ${run.reason}. Their ${rendered.asserted} assertion(s) are offered unconfirmed.`);
    return { rendered, outcome: ` — not run: ${run.reason}`, testRun: { ...base, ran: false, command: null, passed: 0, failed: 0, duration_ms: null, not_run_reason: run.reason } };
  }
  const failed = new Map<string, string>();
  let passed = 0;
  for (const c of rendered.cases.filter((c) => c.running)) {
    const result = run.results.get(c.name);
    if (result?.passed) passed++;
    else failed.set(c.id, result ? result.message || "failed" : `did not report a result${run.suiteProblem ? ` (${run.suiteProblem})` : ""}`);
  }
  notes.push(`Ran the generated tests once (${run.command}): ${passed} passed, ${failed.size} failed${failed.size ? " and are now skipped with the failure" : ""}, ${rendered.skipped} skipped.`);
  for (const [id, message] of [...failed].slice(0, 5)) notes.push(`Failed: ${rendered.cases.find((c) => c.id === id)!.name} — ${message}`);
  const final = failed.size ? renderTestFile(plan, { ...options, failed }) : rendered;
  return {
    rendered: final,
    outcome: ` — ran once: ${passed} passed, ${failed.size} failed${failed.size ? " (now skipped with the failure)" : ""}`,
    testRun: { ...base, ran: true, command: run.command, passed, failed: failed.size, duration_ms, not_run_reason: null },
  };
}

/** TypeScript errors a case causes on purpose: it passes a value outside the parameter's declared type. */
const WRONG_INPUT_CODES = new Set([2345, 2322, 2353, 2554, 2555, 2556, 2559, 2739, 2740, 2741, 2769, 2531, 2532, 18047, 18048, 18049]);

/**
 * Type-checks a generated test file where the project type-checks it. A case that passes a
 * value outside the declared types on purpose (the guard it tests rejects it) gets
 * `@ts-expect-error` on its calls; any other error keeps the file from being offered.
 */
function checkTypes(plan: TestPlan, rendered: RenderedTestFile, options: RenderOptions, checks: WorkspaceChecks, notes: string[]): { rendered: RenderedTestFile; options: RenderOptions; ok: boolean } {
  if (plan.unit.language === "python") return { rendered, options, ok: true };
  let result = checks.typeCheck(rendered.path, rendered.code);
  if (!result.checked) {
    notes.push(`Not type-checked: ${result.reason}.`);
    return { rendered, options, ok: true };
  }
  const wrong = new Set<string>();
  for (const e of result.errors) {
    const c = WRONG_INPUT_CODES.has(e.code) ? rendered.cases.find((c) => e.line >= c.lines[0] && e.line <= c.lines[1]) : undefined;
    if (c) wrong.add(c.id);
  }
  if (wrong.size) {
    options = { ...options, wrongTypes: wrong };
    rendered = renderTestFile(plan, options);
    result = checks.typeCheck(rendered.path, rendered.code);
  }
  if (result.checked && result.errors.length) {
    notes.push(`Type-checked with ${result.config}: ${result.errors.length} error(s), so the test file is not offered: ${describeErrors(result.errors)}.`);
    return { rendered, options, ok: false };
  }
  notes.push(`Type-checked with ${result.checked ? result.config : "the project's tsconfig"}: no errors${wrong.size ? `; ${wrong.size} case(s) pass values outside the declared types on purpose and carry @ts-expect-error` : ""}.`);
  return { rendered, options, ok: true };
}

/**
 * The optional model's draft for a finding with no mechanical fix: kept only when it passes
 * every check deterministic code passes (one file, a fix-sized change, the finding gone on
 * re-analysis, parses, no new type errors); otherwise discarded with a note. A failed call
 * leaves the deterministic result (steps, no code), said in the notes.
 */
async function modelDraft(ctx: TaskContext, approach: string, checks: WorkspaceChecks, notes: string[]): Promise<CodeChange | null> {
  const model = checks.model!;
  let drafted;
  try {
    drafted = await draftFix(ctx, model, approach);
  } catch (err) {
    notes.push(`The model (${model.name}) could not be asked — ${(err as Error).message}; the deterministic result stands: steps, no code.`);
    return null;
  }
  if ("problem" in drafted) {
    notes.push(`The model's code (${model.name}) was discarded: ${drafted.problem}.`);
    return null;
  }
  const file = ctx.file.file.path;
  const problems = syntaxProblems(file, drafted.after);
  if (problems.length) {
    notes.push(`The model's code (${model.name}) was discarded: it does not parse — ${problems.slice(0, 3).join("; ")}.`);
    return null;
  }
  const typeProblem = /\.[cm]?[jt]sx?$/.test(file) ? newTypeErrors(file, ctx.file.file.text, drafted.after, checks, notes) : null;
  if (typeProblem) {
    notes.push(`The model's code (${model.name}) was discarded: it adds type errors — ${typeProblem}.`);
    return null;
  }
  notes.push(`The model (${model.name}) drafted the change: it parses, adds no type errors, and re-analysis no longer finds ${ctx.finding!.rule} there. Review it as you would a colleague's.`);
  return { file, code: drafted.after, diff: unifiedDiff(file, ctx.file.file.text, drafted.after) };
}

/** The type errors the fixed text has that the original did not, or null (with a note when the project does not type-check the file). */
function newTypeErrors(file: string, before: string, after: string, checks: WorkspaceChecks, notes: string[]): string | null {
  const fixed = checks.typeCheck(file, after);
  if (!fixed.checked) {
    notes.push(`Not type-checked: ${fixed.reason}.`);
    return null;
  }
  const original = checks.typeCheck(file, before);
  const had = new Map<string, number>();
  for (const e of original.checked ? original.errors : []) had.set(`${e.code} ${e.message}`, (had.get(`${e.code} ${e.message}`) ?? 0) + 1);
  const added = fixed.errors.filter((e) => {
    const key = `${e.code} ${e.message}`;
    const n = had.get(key) ?? 0;
    if (n > 0) had.set(key, n - 1);
    return n === 0;
  });
  if (added.length) return describeErrors(added);
  notes.push(`Type-checked with ${fixed.config}: the fix adds no type errors.`);
  return null;
}

function describeErrors(errors: readonly CheckError[]): string {
  return errors.slice(0, 3).map((e) => `line ${e.line}: TS${e.code} ${e.message}`).join("; ") + (errors.length > 3 ? `; and ${errors.length - 3} more` : "");
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
