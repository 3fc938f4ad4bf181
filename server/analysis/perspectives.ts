import type { Rule } from "./rule";
import { duplicateCode } from "./rules/codeQuality/duplicateCode";
import { fanInOut } from "./rules/architecture/fanInOut";
import { importCycle } from "./rules/architecture/importCycle";
import { layerViolation } from "./rules/architecture/layerViolation";
import { orphanModule } from "./rules/architecture/orphanModule";
import { knownVulnerability } from "./rules/dependencies/knownVulnerability";
import { lockfileDuplicates } from "./rules/dependencies/lockfileDuplicates";
import { misplacedDependency } from "./rules/dependencies/misplacedDependency";
import { pythonUndeclaredDependency, pythonUnpinnedDependency, pythonUnusedDependency } from "./rules/dependencies/pythonDependencies";
import { undeclaredDependency } from "./rules/dependencies/undeclaredDependency";
import { unpinnedDependency } from "./rules/dependencies/unpinnedDependency";
import { unusedDependency } from "./rules/dependencies/unusedDependency";
import { awaitInLoop } from "./rules/performance/awaitInLoop";
import { lookupInLoop } from "./rules/performance/lookupInLoop";
import { nestedLoop } from "./rules/performance/nestedLoop";
import { rebuiltInLoop } from "./rules/performance/rebuiltInLoop";
import { syncIoInAsync } from "./rules/performance/syncIoInAsync";
import { coverageGaps } from "./rules/testCoverage/coverageGaps";
import { untestedExport } from "./rules/testCoverage/untestedExport";
import { commandInjection } from "./rules/security/commandInjection";
import { dynamicCode } from "./rules/security/dynamicCode";
import { hardcodedSecret } from "./rules/security/hardcodedSecret";
import { insecureRandom } from "./rules/security/insecureRandom";
import { pathTraversal } from "./rules/security/pathTraversal";
import { pythonCommandInjection, pythonDynamicCode, pythonTlsDisabled, pythonUnsafeDeserialization } from "./rules/security/pythonSinks";
import { sqlInjection } from "./rules/security/sqlInjection";
import { tlsDisabled } from "./rules/security/tlsDisabled";
import { unsafeHtml } from "./rules/security/unsafeHtml";
import { weakPasswordHash } from "./rules/security/weakPasswordHash";
import { complexity } from "./rules/codeQuality/complexity";
import { functionLength } from "./rules/codeQuality/functionLength";
import { nestingDepth } from "./rules/codeQuality/nestingDepth";
import { parameterCount } from "./rules/codeQuality/parameterCount";
import { returnWithoutAwait } from "./rules/codeQuality/returnWithoutAwait";
import { todoNotes } from "./rules/codeQuality/todoNotes";
import { parseError } from "./rules/parseError";
import { pythonAwaitInLoop, pythonRebuiltInLoop, pythonStringConcatInLoop } from "./rules/performance/pythonLoops";

export interface PerspectiveRules {
  rules: readonly Rule[];
  /** Checks the issue asks of this perspective that have not landed yet, said in every summary. */
  pending: readonly string[];
}

/** A perspective is a list of rules; a perspective with none yet is null (reported as not implemented). */
export const PERSPECTIVE_RULES: Readonly<Record<string, PerspectiveRules | null>> = {
  "code-quality": {
    rules: [parseError, complexity, functionLength, parameterCount, nestingDepth, todoNotes, returnWithoutAwait, duplicateCode],
    pending: [],
  },
  architecture: {
    rules: [importCycle, layerViolation, fanInOut, orphanModule],
    pending: [],
  },
  performance: {
    rules: [syncIoInAsync, awaitInLoop, nestedLoop, rebuiltInLoop, lookupInLoop, pythonStringConcatInLoop, pythonAwaitInLoop, pythonRebuiltInLoop],
    pending: [],
  },
  security: {
    rules: [
      hardcodedSecret, dynamicCode, commandInjection, sqlInjection, unsafeHtml, pathTraversal, insecureRandom, tlsDisabled, weakPasswordHash,
      pythonDynamicCode, pythonCommandInjection, pythonUnsafeDeserialization, pythonTlsDisabled,
    ],
    pending: [],
  },
  dependencies: {
    rules: [
      undeclaredDependency, unusedDependency, misplacedDependency, unpinnedDependency, lockfileDuplicates,
      pythonUndeclaredDependency, pythonUnusedDependency, pythonUnpinnedDependency, knownVulnerability,
    ],
    pending: [],
  },
  "test-coverage": {
    rules: [coverageGaps, untestedExport],
    pending: [],
  },
};
