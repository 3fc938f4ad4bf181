import type { WorkspaceConfig } from "../protocol";

export interface LayerRule {
  from: string[];
  disallow: string[];
  allow: string[];
  reason: string | null;
}

/** Thresholds and switches of the analysis rules. Defaults follow the tools users know. */
export interface AnalysisConfig {
  thresholds: {
    /** ESLint's `complexity` counting; McCabe's classic 10. Twice the limit is an error. */
    complexity: number;
    /** Lines of one function, blank lines and comments included (ESLint's max-lines-per-function counts so). */
    functionLines: number;
    parameters: number;
    /** Nested control statements, as ESLint's max-depth counts them. */
    nestingDepth: number;
    /** A copied block must be at least this many tokens and lines to count (jscpd's defaults). */
    duplicateTokens: number;
    duplicateLines: number;
    /** Modules importing one module (its dependents), and modules one module imports. */
    fanIn: number;
    fanOut: number;
    /** Percent of executable lines a source file's tests should run (from a coverage report). */
    lineCoverage: number;
  };
  layers: LayerRule[];
  /** Rule ids switched off. */
  disabledRules: string[];
}

export const DEFAULT_ANALYSIS_CONFIG: AnalysisConfig = {
  thresholds: { complexity: 10, functionLines: 80, parameters: 4, nestingDepth: 4, duplicateTokens: 50, duplicateLines: 5, fanIn: 20, fanOut: 20, lineCoverage: 50 },
  layers: [],
  disabledRules: [],
};

/** Pure: the analysis settings a workspace's config file asks for, over the defaults. Throws on an unknown rule id. */
export function analysisConfigFrom(config: WorkspaceConfig, knownRules: readonly string[]): AnalysisConfig {
  const unknown = Object.keys(config.rules ?? {}).filter((id) => !knownRules.includes(id));
  if (unknown.length) {
    throw new Error(`.autocoder/config.json: rules.${unknown[0]}: unknown rule; known rules are ${[...knownRules].sort().join(", ")}`);
  }
  return {
    thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, ...config.thresholds },
    layers: (config.layers ?? []).map((l) => ({ from: l.from, disallow: l.disallow, allow: l.allow ?? [], reason: l.reason ?? null })),
    disabledRules: Object.entries(config.rules ?? {})
      .filter(([, state]) => state === "off")
      .map(([id]) => id)
      .sort(),
  };
}
