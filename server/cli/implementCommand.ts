import { analyseOnce } from "./oneShotAnalysis";
import { oneOf, parse, workspaceArgument } from "./options";
import { UsageError } from "./usageError";

export const IMPLEMENT_USAGE = "autocoder implement DIR (--finding ID | --plan ID) [--format json|patch]";

/** Exit 0 with the six stages and their code; 1 when the task cannot be found or run; 2 on usage. */
export async function implementCommand(args: string[], _out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parse(
    args,
    { finding: { type: "string" }, plan: { type: "string" }, format: { type: "string" } },
    true,
  );
  const root = workspaceArgument(positionals, "implement");
  oneOf(values.format, ["json", "patch"] as const, "json", "--format");
  if ((values.finding === undefined) === (values.plan === undefined)) {
    throw new UsageError("implement needs exactly one of --finding ID or --plan ID");
  }
  if (values.finding !== undefined) {
    const { findings } = await analyseOnce(root);
    if (!findings.some((f) => f.id === values.finding)) {
      process.stderr.write(
        `finding ${values.finding} not found: analysis produced ${findings.length} finding(s) for ${root}` +

          "\n",
      );
      return 1;
    }
  } else {
    process.stderr.write(`plan ${values.plan} not found: test planning is not implemented yet (issue #4), so there are no plans\n`);
    return 1;
  }
  process.stderr.write("the implementation stages are not implemented yet (issue #5)\n");
  return 1;
}
