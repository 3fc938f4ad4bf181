import type { ParsedFile } from "../../workspace";
import { functionFacts, type FunctionFact } from "./functionFacts";
import { pythonFunctionFacts } from "./pythonFunctionFacts";
import { findSecrets, type SecretHit } from "./secrets";
import { suppressedLines } from "./suppressions";

/** Facts several rules share, computed at most once per parsed file version, and only when asked. */
export interface FileFacts {
  readonly functions: FunctionFact[];
  readonly suppressions: Map<number, Set<string>>;
  /** Secrets in the file's text: reported by the security perspective, scrubbed from every finding. */
  readonly secrets: SecretHit[];
}

const cache = new WeakMap<ParsedFile, FileFacts>();

export function factsFor(file: ParsedFile): FileFacts {
  let facts = cache.get(file);
  if (!facts) {
    let functions: FunctionFact[] | undefined;
    let suppressions: Map<number, Set<string>> | undefined;
    let secrets: SecretHit[] | undefined;
    facts = {
      get functions() {
        return (functions ??= file.ts ? functionFacts(file.ts) : file.py ? pythonFunctionFacts(file.py) : []);
      },
      get suppressions() {
        return (suppressions ??= suppressedLines(file));
      },
      get secrets() {
        return (secrets ??= findSecrets(file.file.text, file.language !== "other"));
      },
    };
    cache.set(file, facts);
  }
  return facts;
}
