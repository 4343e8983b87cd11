// The ESM loader hook entry (`module.register('./hook.js', …)`); see attach/hook.ts.
export { load } from './attach/hook.js';
