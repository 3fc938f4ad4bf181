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
  };
  /** Rule ids switched off. */
  disabledRules: string[];
}

export const DEFAULT_ANALYSIS_CONFIG: AnalysisConfig = {
  thresholds: { complexity: 10, functionLines: 80, parameters: 4, nestingDepth: 4 },
  disabledRules: [],
};
