import type { TaskContext } from "../taskContext";
import type { FixMaker, MechanicalFix } from "./mechanicalFix";
import { pythonShellRemoved } from "./pythonShellRemoved";
import { removeUnusedDependency } from "./removeUnusedDependency";
import { returnAwait } from "./returnAwait";
import { shellOptionRemoved } from "./shellOptionRemoved";
import { yamlSafeLoad } from "./yamlSafeLoad";

export type { MechanicalFix } from "./mechanicalFix";

const FIXES: readonly FixMaker[] = [yamlSafeLoad, removeUnusedDependency, shellOptionRemoved, pythonShellRemoved, returnAwait];

/** The mechanical fix for a finding, when one applies safely. */
export function mechanicalFixFor(context: TaskContext): MechanicalFix | null {
  for (const make of FIXES) {
    const fix = make(context);
    if (fix) return fix;
  }
  return null;
}
