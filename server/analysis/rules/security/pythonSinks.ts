import { isPythonLiteral, pythonCalls, type PythonCall } from "../../facts/pythonCalls";
import type { FileRule, RuleReport } from "../../rule";

/** `renameCall`: the fix is to call this instead, with the same arguments; the rule turns it into an edit of the callee. */
type Check = (call: PythonCall) => (Omit<RuleReport, "anchor" | "start" | "end" | "evidence" | "fix"> & { renameCall?: string }) | null;

/** One rule per sink family, sharing the TS/JS rule ids so one config switch covers both languages. */
function pythonRule(id: string, description: string, check: Check): FileRule {
  return {
    id,
    perspective: "security",
    description,
    languages: ["python"],
    check({ file }) {
      const seen = new Map<string, number>();
      const out: RuleReport[] = [];
      for (const call of pythonCalls(file)) {
        const result = check(call);
        if (!result) continue;
        const { renameCall, ...fields } = result;
        const text = file.file.text;
        const n = (seen.get(call.callee) ?? 0) + 1;
        seen.set(call.callee, n);
        const shown = call.text.replace(/\s+/g, " ");
        // The edit replaces the whole call, so a client can tell the call is still the one analysed
        // (not `yaml.load(f, Loader=…)` since); only where the source spells the callee as the rule names it.
        const callText = text.slice(call.start, call.end);
        const fix =
          renameCall && callText.startsWith(call.callee)
            ? { edits: [{ range: { start: file.position(call.start), end: file.position(call.end) }, oldText: callText, newText: renameCall + callText.slice(call.callee.length) }] }
            : undefined;
        out.push({
          anchor: n === 1 ? call.callee : `${call.callee}#${n}`,
          start: call.start,
          end: call.end,
          evidence: shown.length > 160 ? `${shown.slice(0, 159)}…` : shown,
          ...fields,
          ...(fix ? { fix } : {}),
        });
      }
      return out;
    },
  };
}

export const pythonDynamicCode = pythonRule("dynamic-code", "eval and exec in Python.", (call) =>
  /^(eval|exec|builtins\.(eval|exec))$/.test(call.callee)
    ? {
        severity: isPythonLiteral(call.args[0]) ? "warning" : "error",
        message: isPythonLiteral(call.args[0])
          ? `${call.callee} runs a string as Python code.`
          : `${call.callee} runs a computed string as Python code: whoever controls that string controls the program.`,
        suggestion: "Parse data with json.loads or ast.literal_eval; dispatch behaviour through a dict of functions.",
        data: { sink: call.callee },
      }
    : null,
);

export const pythonCommandInjection = pythonRule("command-injection", "subprocess with shell=True, and os.system/os.popen with data.", (call) => {
  const shell = call.keywords.get("shell");
  if (/^subprocess\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/.test(call.callee) && shell?.text === "True") {
    const literal = isPythonLiteral(call.args[0]);
    return {
      severity: literal ? "warning" : "error",
      message: `${call.callee} with shell=True hands the command line to a shell${literal ? "" : ", and the command is built from data"}.`,
      suggestion: "Pass a list of arguments without shell=True: subprocess.run(['ls', path]).",
      data: { call: call.callee, shell: true },
    };
  }
  if (/^os\.(system|popen)$/.test(call.callee) && !isPythonLiteral(call.args[0])) {
    return {
      severity: "error",
      message: `${call.callee} runs a command built from data through a shell.`,
      suggestion: "Use subprocess.run with a list of arguments and no shell.",
      data: { call: call.callee, shell: true },
    };
  }
  return null;
});

export const pythonUnsafeDeserialization = pythonRule("unsafe-deserialization", "pickle.loads/load, and yaml.load without a safe loader.", (call) => {
  if (/^(pickle|cPickle|dill|shelve)\.(loads?|Unpickler)$/.test(call.callee)) {
    return {
      severity: "error",
      message: `${call.callee} runs code embedded in the data it reads: unpickling untrusted bytes is remote code execution.`,
      suggestion: "Exchange data as JSON (or another format without code); only unpickle what this program wrote itself.",
      data: { call: call.callee },
    };
  }
  if (/^yaml\.(load|load_all)$/.test(call.callee)) {
    const loader = call.keywords.get("Loader")?.text ?? call.args[1]?.text ?? "";
    if (/Safe|BaseLoader/.test(loader)) return null;
    return {
      severity: "error",
      message: `${call.callee} without a safe loader can build arbitrary Python objects from the document.`,
      suggestion: "Use yaml.safe_load (or Loader=yaml.SafeLoader).",
      data: { call: call.callee },
      // With the stream alone, safe_load is the same call without object construction; an explicit Loader is the author's choice.
      ...(call.args.length === 1 && call.keywords.size === 0 ? { renameCall: call.callee === "yaml.load" ? "yaml.safe_load" : "yaml.safe_load_all" } : {}),
    };
  }
  return null;
});

export const pythonTlsDisabled = pythonRule("tls-verification-disabled", "verify=False on HTTP calls.", (call) =>
  call.keywords.get("verify")?.text === "False"
    ? {
        severity: "error",
        message: `${call.callee} is called with verify=False: TLS certificates are not checked, so a man in the middle can read and alter the traffic.`,
        suggestion: "Keep verification on; for a private CA pass its bundle: verify='/path/to/ca.pem'.",
        data: { setting: "verify=False" },
      }
    : null,
);
