import { strict as assert } from "node:assert";
import { findSecrets } from "../../../server/analysis/facts/secrets";
import { commandInjection } from "../../../server/analysis/rules/security/commandInjection";
import { dynamicCode } from "../../../server/analysis/rules/security/dynamicCode";
import { hardcodedSecret } from "../../../server/analysis/rules/security/hardcodedSecret";
import { insecureRandom } from "../../../server/analysis/rules/security/insecureRandom";
import { pathTraversal } from "../../../server/analysis/rules/security/pathTraversal";
import { sqlInjection } from "../../../server/analysis/rules/security/sqlInjection";
import { tlsDisabled } from "../../../server/analysis/rules/security/tlsDisabled";
import { unsafeHtml } from "../../../server/analysis/rules/security/unsafeHtml";
import { weakPasswordHash } from "../../../server/analysis/rules/security/weakPasswordHash";
import { todoNotes } from "../../../server/analysis/rules/codeQuality/todoNotes";
import { FAKE } from "../../support/fakeSecrets";
import { check } from "../ruleTester";

describe("secrets", () => {
  it("finds each known format and high-entropy values under secret-like names", () => {
    const text = [
      `const aws = "${FAKE.aws}";`,
      `const gh = '${FAKE.github}';`,
      `token = "${FAKE.hf}"`,
      `stripe("${FAKE.stripe}")`,
      `key: "${FAKE.google}",`,
      `slack = "${FAKE.slack}";`,
      `const clientSecret = "${FAKE.entropy}";`,
      `const pem = \`${FAKE.pem}\`;`,
    ].join("\n");
    assert.deepEqual(findSecrets(text, true).map((h) => h.kind), [
      "AWS access key ID", "GitHub token", "Hugging Face token", "Stripe secret key", "Google API key", "Slack token", "high-entropy secret", "private key",
    ]);
  });

  it("leaves placeholders, words, env lookups and low-entropy values alone", () => {
    const text = [
      'const password = "changeme";',
      'const token = process.env.API_TOKEN;',
      'apiKey: "your-api-key-here",',
      'const secretPath = "./config/secrets.json";',
      'const password = "${PASSWORD}";',
      'const tokenType = "Bearer";',
      'const apiKey = "aaaaaaaaaaaaaaaaaaaa";',
    ].join("\n");
    assert.deepEqual(findSecrets(text, true), []);
  });

  it("reads bare values in env files but not in code", () => {
    const env = `API_SECRET=${FAKE.entropy}\nDEBUG=true\n`;
    assert.equal(findSecrets(env, false).length, 1);
    assert.equal(findSecrets(env, true).length, 0);
  });
});

describe("rule: hardcoded-secret", () => {
  it("reports the secret redacted — first 4 characters and the length — and nowhere shows the value", () => {
    const findings = check(hardcodedSecret, `export const config = { awsKey: "${FAKE.aws}" };\n`);
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, "error");
    assert.equal(f.message, "AWS access key ID in the source: AKIA…(20 chars)");
    assert.equal(f.range.start.column, 34, "at the value, after the quote");
    const everything = JSON.stringify(f);
    assert.ok(!everything.includes(FAKE.aws), everything);
    assert.ok(!everything.includes(FAKE.aws.slice(4)), "no part past the first 4 characters");
  });

  it("works in any text file", () => {
    assert.equal(check(hardcodedSecret, `HF_TOKEN=${FAKE.hf}\n`, { file: ".env.production" }).length, 1);
    assert.equal(check(hardcodedSecret, `auth:\n  token: ${FAKE.github}\n`, { file: "deploy.yaml" }).length, 1);
  });

  it("scrubs secrets from any other rule's finding on the same line", () => {
    const findings = check(todoNotes, `const k = "${FAKE.stripe}"; // TODO rotate ${FAKE.stripe}\n`);
    assert.equal(findings.length, 1);
    assert.ok(!JSON.stringify(findings).includes(FAKE.stripe));
    assert.match(findings[0]!.message, /TODO: rotate sk_l…\(32 chars\)/);
  });
});

describe("rule: dynamic-code", () => {
  it("flags eval of data, new Function and string timers; eval of a literal is a warning", () => {
    const code = "eval(input);\neval('1 + 1');\nconst f = new Function('a', body);\nsetTimeout('tick()', 10);\nwindow.eval(x);";
    assert.deepEqual(check(dynamicCode, code).map((f) => [f.range.start.line, f.severity]), [
      [1, "error"], [2, "warning"], [4, "warning"], [5, "error"], [3, "error"],
    ]);
  });
  it("does not flag a method named eval or a function timer", () => {
    assert.deepEqual(check(dynamicCode, "engine.eval(x);\nsetTimeout(() => tick(), 10);\nconst f = new Fn();"), []);
  });
});

describe("rule: command-injection", () => {
  const head = 'import { exec, execFile, spawn as run } from "node:child_process";\nconst cp = require("child_process");\n';
  it("flags exec with a built command and any shell: true", () => {
    const code = head + "exec(`ls ${dir}`);\ncp.execSync('rm -rf ' + target);\nrun('ls', ['-l'], { shell: true });\nexecFile(cmd, args, { shell: true });\nrun('ls', [dir], { shell: true });";
    assert.deepEqual(check(commandInjection, code).map((f) => [f.range.start.line, f.severity]), [
      [3, "error"], [4, "error"], [5, "warning"], [6, "error"], [7, "error"],
    ]);
  });
  it("is silent on literal commands without a shell, and on RegExp#exec", () => {
    const code = head + "exec('git status');\nexecFile('git', ['log', ref]);\nconst m = /x/.exec(text);\nrun('ls', ['-l']);";
    assert.deepEqual(check(commandInjection, code), []);
  });
  it("is silent in files that do not use child_process", () => {
    assert.deepEqual(check(commandInjection, "exec(`ls ${dir}`);"), []);
  });
});

describe("rule: sql-injection", () => {
  it("flags SQL built by substitution or concatenation and passed to a query call", () => {
    const code = "db.query(`SELECT * FROM users WHERE id = ${id}`);\npool.execute('DELETE FROM t WHERE name = ' + name);";
    assert.equal(check(sqlInjection, code).length, 2);
  });
  it("is silent on parameters, tagged templates and non-SQL text", () => {
    const code = "db.query('SELECT * FROM users WHERE id = $1', [id]);\nsql`SELECT * FROM t WHERE id = ${id}`;\nPromise.all([a, b]);\napp.get(`/users/${id}`);";
    assert.deepEqual(check(sqlInjection, code), []);
  });
});

describe("rule: unsafe-html", () => {
  it("flags markup from data", () => {
    const code = "el.innerHTML = `<b>${name}</b>`;\nel.outerHTML = html;\nel.insertAdjacentHTML('beforeend', row);\ndocument.write(msg);\nconst p = { dangerouslySetInnerHTML: { __html: body } };";
    assert.deepEqual(check(unsafeHtml, code).map((f) => f.data!.sink), ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "dangerouslySetInnerHTML"]);
  });
  it("is silent on literals and textContent", () => {
    assert.deepEqual(check(unsafeHtml, "el.innerHTML = '';\nel.textContent = name;\nel.insertAdjacentHTML('beforeend', '<hr>');"), []);
  });
});

describe("rule: path-traversal", () => {
  it("flags fs calls and path joins fed from request data", () => {
    const code = "fs.readFile(req.params.name, cb);\nres.sendFile(path.join(root, req.query.file));\nconst p = path.resolve(dir, request.body.path);";
    assert.deepEqual(check(pathTraversal, code).map((f) => f.data!.call), ["readFile", "sendFile", "join", "resolve"]);
  });
  it("is silent on fixed paths", () => {
    assert.deepEqual(check(pathTraversal, "fs.readFileSync(path.join(__dirname, 'a.txt'));\nurl.resolve(req.url);"), []);
  });
});

describe("rule: insecure-random", () => {
  it("flags Math.random in tokens, not elsewhere", () => {
    const code = "const resetToken = Math.random().toString(36);\nfunction makeSessionId() { return Math.random(); }\nconst jitter = Math.random() * 100;";
    assert.deepEqual(check(insecureRandom, code).map((f) => f.data!.owner), ["resetToken", "makeSessionId"]);
  });
});

describe("rule: tls-verification-disabled", () => {
  it("flags switched-off verification", () => {
    const code = "https.request({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nrequest({ strictSSL: false });";
    assert.equal(check(tlsDisabled, code).length, 3);
  });
  it("is silent when it stays on", () => {
    assert.deepEqual(check(tlsDisabled, "https.request({ rejectUnauthorized: true });"), []);
  });
});

describe("rule: weak-password-hash", () => {
  it("flags md5/sha1 over passwords only", () => {
    const code = "const h = crypto.createHash('md5').update(password).digest('hex');\nconst etag = createHash('sha1').update(body).digest('hex');\nfunction hashPassword(p) { return createHash('sha1').update(p).digest(); }";
    assert.deepEqual(check(weakPasswordHash, code).map((f) => f.range.start.line), [1, 3]);
  });
});
