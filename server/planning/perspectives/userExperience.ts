import { argsFor, expect, inputs, type CaseDraft, type PlanningPerspective } from "./perspective";

/** CLI arguments, exit codes, HTTP statuses and the messages users read. */
export const userExperience: PlanningPerspective = {
  id: "user-experience",
  plan(context) {
    const items = [];
    for (const unit of context.units) {
      const cases: CaseDraft[] = [];
      for (const u of unit.facts.userFacing) {
        const args = inputs(argsFor(unit));
        if (u.kind === "message") cases.push({ title: `${unit.name} tells the user ${u.text.length > 50 ? `${u.text.slice(0, 47)}…` : u.text}`, level: "unit", kind: "user-message", inputs: args, expected: expect("observe", `the output contains ${u.text} in the situation that calls for it, and says what to do next`), rationale: `Line ${u.line}: a message users read; wording changes break scripts and docs.`, line: u.line });
        if (u.kind === "exit-code") cases.push({ title: `${unit.name} exits with code ${u.text}`, level: "e2e", kind: "exit-code", inputs: args, expected: expect("observe", `the process exits with ${u.text}, which scripts and CI read`), rationale: `Line ${u.line}: exit codes are the contract with shells and CI.`, line: u.line });
        if (u.kind === "http-status") cases.push({ title: `${unit.name} answers HTTP ${u.text}`, level: "integration", kind: "http-status", inputs: args, expected: expect("observe", `the response status is ${u.text} with a body that says why`), rationale: `Line ${u.line}: clients branch on the status code.`, line: u.line });
        if (u.kind === "cli-argument") cases.push({ title: `${unit.name} with a missing or invalid argument prints usage`, level: "e2e", kind: "cli-usage", inputs: args, expected: expect("observe", "a one-line reason and the usage, a non-zero exit, no stack trace"), rationale: `Line ${u.line}: ${u.text} parses what the user typed.`, line: u.line });
      }
      if (cases.length) items.push({ unit, cases });
    }
    return { items, summary: `${items.reduce((n, i) => n + i.cases.length, 0)} user-facing behaviour(s) in ${items.length} unit(s).` };
  },
};
