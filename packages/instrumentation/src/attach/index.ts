export type { AttachOptions, ModulePatcher } from './attach.js';
export { attachInstrumentations } from './attach.js';
export { registerLoaderHook } from './loader.js';
export type { PatchTarget, TargetKind } from './targets.js';
export { PATCH_TARGETS } from './targets.js';
