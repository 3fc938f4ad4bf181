import * as path from "node:path";
import type { OsvQuery, ParsedFile } from "../../workspace";

export interface PythonRequirement {
  /** The distribution name as written. */
  name: string;
  /** Normalised as pip compares names: lower case, runs of - _ . as one -. */
  key: string;
  spec: string;
  dev: boolean;
  file: ParsedFile;
  offset: number;
}

export interface PythonManifestSet {
  /** Folder the manifests sit in: they govern the Python files below it. */
  dir: string;
  requirements: PythonRequirement[];
}

export function normaliseDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

// Import names that differ from the distribution that provides them.
const PROVIDED_BY: Record<string, string> = {
  yaml: "pyyaml", PIL: "pillow", cv2: "opencv-python", sklearn: "scikit-learn", bs4: "beautifulsoup4",
  dateutil: "python-dateutil", dotenv: "python-dotenv", jwt: "pyjwt", Crypto: "pycryptodome", magic: "python-magic",
  OpenSSL: "pyopenssl", serial: "pyserial", usb: "pyusb", attr: "attrs", google: "google-api-python-client",
  gi: "pygobject", docx: "python-docx", pptx: "python-pptx", zmq: "pyzmq", MySQLdb: "mysqlclient", psycopg2: "psycopg2-binary",
  websocket: "websocket-client", slugify: "python-slugify", multipart: "python-multipart", skimage: "scikit-image",
};

/** The distribution keys an import name may be declared under. */
export function distributionsFor(importName: string): string[] {
  const keys = [normaliseDistribution(importName)];
  const alias = PROVIDED_BY[importName];
  if (alias) keys.push(normaliseDistribution(alias));
  if (importName === "psycopg2") keys.push("psycopg2");
  return keys;
}

const REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#]*)/;

/** Pure: requirements*.txt and pyproject.toml files, grouped by folder. */
export function pythonManifests(files: readonly ParsedFile[]): PythonManifestSet[] {
  const byDir = new Map<string, PythonManifestSet>();
  const setFor = (file: ParsedFile) => {
    const dir = path.posix.dirname(file.file.path);
    return byDir.get(dir) ?? byDir.set(dir, { dir, requirements: [] }).get(dir)!;
  };
  for (const file of files) {
    const base = path.posix.basename(file.file.path);
    if (/^requirements.*\.(txt|in)$/.test(base)) {
      const dev = /dev|test|lint|doc|ci/i.test(base);
      let offset = 0;
      const set = setFor(file);
      for (const line of file.file.text.split("\n")) {
        const clean = line.replace(/#.*/, "");
        const m = /^\s*(-|--|git\+|https?:)/.test(clean) ? null : REQUIREMENT.exec(clean);
        if (m && m[1]) set.requirements.push({ name: m[1], key: normaliseDistribution(m[1]), spec: m[3]!.trim(), dev, file, offset: offset + line.indexOf(m[1]) });
        offset += line.length + 1;
      }
    } else if (base === "pyproject.toml") {
      setFor(file).requirements.push(...pyprojectRequirements(file));
    }
  }
  return [...byDir.values()];
}

function pyprojectRequirements(file: ParsedFile): PythonRequirement[] {
  const text = file.file.text;
  const out: PythonRequirement[] = [];
  let section = "";
  let inArray: { dev: boolean } | null = null;
  let offset = 0;
  for (const line of text.split("\n")) {
    const trimmed = line.replace(/#.*/, "").trim();
    const header = /^\[+([^\]]+)\]+$/.exec(trimmed);
    if (header) {
      section = header[1]!.trim();
      inArray = null;
    } else if (inArray || /^(dependencies|[\w-]+)\s*=\s*\[/.test(trimmed)) {
      // PEP 621: dependencies = [...] in [project]; groups in [project.optional-dependencies].
      const opening = /^([\w-]+)\s*=\s*\[/.exec(trimmed);
      if (opening) {
        const wanted = (section === "project" && opening[1] === "dependencies") || section === "project.optional-dependencies";
        inArray = wanted ? { dev: section !== "project" && /dev|test|lint|doc/i.test(opening[1]!) } : null;
      }
      if (inArray) {
        for (const q of trimmed.matchAll(/["']([^"']+)["']/g)) {
          const m = REQUIREMENT.exec(q[1]!);
          if (m?.[1]) out.push({ name: m[1], key: normaliseDistribution(m[1]), spec: m[3]!.trim(), dev: inArray.dev, file, offset: offset + line.indexOf(q[1]!) });
        }
        // A "]" outside the quoted requirements closes the array.
        if (trimmed.replace(/["'][^"']*["']/g, "").replace(/^[\w-]+\s*=\s*\[/, "").includes("]")) inArray = null;
      }
    } else if (/^tool\.poetry\.(dev-)?(group\.[\w-]+\.)?dependencies$/.test(section)) {
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*(.+)$/.exec(trimmed);
      if (m && m[1]!.toLowerCase() !== "python") {
        const spec = /^["']([^"']*)["']/.exec(m[2]!)?.[1] ?? /version\s*=\s*["']([^"']*)["']/.exec(m[2]!)?.[1] ?? "";
        out.push({ name: m[1]!, key: normaliseDistribution(m[1]!), spec, dev: /dev|test/.test(section), file, offset: offset + line.indexOf(m[1]!) });
      }
    }
    offset += line.length + 1;
  }
  return out;
}

/** Pure: one exact version from a requirement spec (`==1.2.3`, `===1.2.3`), or null. */
export function pinnedVersion(spec: string): string | null {
  const m = /^===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$/.exec(spec.trim());
  return m ? m[1]! : null;
}

/** Pure: what to ask an advisory database, per manifest file: the pinned packages and the rest by name. */
export function pythonAuditQueries(files: readonly ParsedFile[]): OsvQuery[] {
  const byManifest = new Map<string, OsvQuery>();
  for (const set of pythonManifests(files)) {
    for (const r of set.requirements) {
      const manifest = r.file.file.path;
      const query = byManifest.get(manifest) ?? byManifest.set(manifest, { dir: set.dir, manifest, packages: [], unpinned: [] }).get(manifest)!;
      const version = pinnedVersion(r.spec);
      if (version) query.packages.push({ name: r.name, version });
      else query.unpinned.push(r.name);
    }
  }
  return [...byManifest.values()];
}
