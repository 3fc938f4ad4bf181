import { isPythonLiteral, pythonCalls, type PythonCall } from "../../facts/pythonCalls";
import type { FileRule, RuleReport } from "../../rule";

type Check = (call: PythonCall) => Omit<RuleReport, "anchor" | "start" | "end" | "evidence"> | null;

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
        const fields = check(call);
        if (!fields) continue;
        const n = (seen.get(call.callee) ?? 0) + 1;
        seen.set(call.callee, n);
        const text = call.text.replace(/\s+/g, " ");
        out.push({
          anchor: n === 1 ? call.callee : `${call.callee}#${n}`,
          start: call.start,
          end: call.end,
          evidence: text.length > 160 ? `${text.slice(0, 159)}…` : text,
          ...fields,
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
