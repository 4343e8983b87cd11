import { availableParallelism, cpus, totalmem } from 'node:os';

/** Where the numbers were taken: absolute times only mean something next to this. */
export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  totalMemoryGiB: number;
  node: string;
  v8: string;
  platform: string;
  arch: string;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
  };
}
