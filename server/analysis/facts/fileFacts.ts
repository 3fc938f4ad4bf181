import type { ParsedFile } from "../../workspace";
import { workingOn } from "../../workspace/fileBeacon";
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
    const path = file.file.path;
    facts = {
      get functions() {
        return (functions ??= workingOn(path, () => (file.ts ? functionFacts(file.ts) : file.py ? pythonFunctionFacts(file.py) : [])));
      },
      get suppressions() {
        return (suppressions ??= workingOn(path, () => suppressedLines(file)));
      },
      get secrets() {
        return (secrets ??= workingOn(path, () => findSecrets(file.file.text, file.language !== "other")));
      },
    };
    cache.set(file, facts);
  }
  return facts;
}
