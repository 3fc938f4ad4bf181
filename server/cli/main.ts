import { VERSION } from "../app";
import { ANALYZE_USAGE, analyzeCommand } from "./analyzeCommand";
import { DASHBOARD_USAGE, dashboardCommand } from "./dashboardCommand";
import { DEPLOY_DASHBOARD_USAGE, deployDashboardCommand } from "./deployDashboardCommand";
import { DEPLOY_SPACE_USAGE, deploySpaceCommand } from "./deploySpaceCommand";
import { IMPLEMENT_USAGE, implementCommand } from "./implementCommand";
import { PLAN_USAGE, planCommand } from "./planCommand";
import { SERVE_USAGE, serveCommand } from "./serveCommand";
import { EXIT, UsageError } from "./usageError";

const HELP = `Autocoder ${VERSION}: continuous code review beside your codebase.

Usage:
  ${SERVE_USAGE}
  ${ANALYZE_USAGE}
  ${PLAN_USAGE}
  ${IMPLEMENT_USAGE}
  ${DEPLOY_SPACE_USAGE}
  ${DEPLOY_DASHBOARD_USAGE}
  ${DASHBOARD_USAGE}
  autocoder --version | --help
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  analyze: (args) => analyzeCommand(args),
  plan: (args) => planCommand(args),
  implement: (args) => implementCommand(args),
  "deploy-space": (args) => deploySpaceCommand(args),
  "deploy-dashboard": (args) => deployDashboardCommand(args),
  dashboard: (args) => dashboardCommand(args),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`autocoder: unknown command "${command}"; try: ${Object.keys(COMMANDS).join(", ")} (or --help)\n`);
    return EXIT.usage;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`autocoder ${command}: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`autocoder ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: Error) => {
      process.stderr.write(`autocoder: ${err.stack ?? err.message}\n`);
      process.exitCode = 1;
    },
  );
}
