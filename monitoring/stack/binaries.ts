/**
 * Finds the binaries of the monitoring stack: Debian's package names first, then upstream names
 * on PATH. A missing one is reported with the package to install, never skipped.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Tool =
  | 'prometheus'
  | 'promtool'
  | 'alertmanager'
  | 'amtool'
  | 'node_exporter'
  | 'postgres_exporter'
  | 'blackbox_exporter'
  | 'victoria_metrics'
  | 'initdb'
  | 'postgres'
  | 'pg_isready';

interface ToolSpec {
  readonly names: readonly string[];
  readonly debianPackage: string;
  /** Directories searched besides PATH. */
  readonly extraDirs?: () => readonly string[];
}

/** PostgreSQL's server binaries live outside PATH on Debian, per major version. */
function postgresBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => `/usr/lib/postgresql/${version}/bin`);
  } catch {
    return [];
  }
}

const TOOLS: Readonly<Record<Tool, ToolSpec>> = {
  prometheus: { names: ['prometheus'], debianPackage: 'prometheus' },
  promtool: { names: ['promtool'], debianPackage: 'prometheus' },
  alertmanager: {
    names: ['prometheus-alertmanager', 'alertmanager'],
    debianPackage: 'prometheus-alertmanager',
  },
  amtool: { names: ['amtool'], debianPackage: 'prometheus-alertmanager' },
  node_exporter: {
    names: ['prometheus-node-exporter', 'node_exporter'],
    debianPackage: 'prometheus-node-exporter',
  },
  postgres_exporter: {
    names: ['prometheus-postgres-exporter', 'postgres_exporter'],
    debianPackage: 'prometheus-postgres-exporter',
  },
  blackbox_exporter: {
    names: ['prometheus-blackbox-exporter', 'blackbox_exporter'],
    debianPackage: 'prometheus-blackbox-exporter',
  },
  victoria_metrics: {
    names: ['victoria-metrics', 'victoria-metrics-prod'],
    debianPackage: 'victoria-metrics',
  },
  initdb: { names: ['initdb'], debianPackage: 'postgresql', extraDirs: postgresBinDirs },
  postgres: { names: ['postgres'], debianPackage: 'postgresql', extraDirs: postgresBinDirs },
  pg_isready: { names: ['pg_isready'], debianPackage: 'postgresql-client', extraDirs: postgresBinDirs },
};

/** Thrown when a binary of the stack is not installed. */
export class MissingBinaryError extends Error {
  constructor(
    readonly tool: Tool,
    readonly debianPackage: string,
  ) {
    super(
      `${tool} not found (looked for ${TOOLS[tool].names.join(', ')} on PATH). ` +
        `Install the Debian package: apt-get update && apt-get install -y ${debianPackage}`,
    );
    this.name = 'MissingBinaryError';
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `tool`, or `undefined` when it is not installed. */
export function findBinary(tool: Tool, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const spec = TOOLS[tool];
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...(spec.extraDirs?.() ?? [])];
  for (const name of spec.names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return undefined;
}

/** Absolute path of `tool`; throws {@link MissingBinaryError} naming the package to install. */
export function requireBinary(tool: Tool): string {
  const path = findBinary(tool);
  if (path === undefined) throw new MissingBinaryError(tool, TOOLS[tool].debianPackage);
  return path;
}

/** The Debian package that provides `tool`. */
export function debianPackageOf(tool: Tool): string {
  return TOOLS[tool].debianPackage;
}
