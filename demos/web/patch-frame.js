// The page's copy of lib/serve/text-appends.ts `applyPatchFrame` (a page without a build step
// cannot import the TypeScript one). It imports nothing, so the page passes immer's applyPatches
// in, and spec/demos/web-patch-frame.spec.ts checks it against the library's on the same frames.

/**
 * The result after a `patch` frame: its immer patches, then its text appends (what a text still
 * arriving grew by: `{ path, text }`).
 */
export function applyPatchFrame(state, frame, applyPatches) {
  let next = frame.patches.length > 0 ? applyPatches(state, frame.patches) : state;
  for (const { path, text } of frame.appends ?? []) {
    const before = path.reduce((v, key) => v?.[key], next);
    if (typeof before !== 'string')
      throw new TypeError(`A text append at ${JSON.stringify(path)} found ${typeof before}, not a string`);
    next = path.length === 0 ? before + text : applyPatches(next, [{ op: 'replace', path, value: before + text }]);
  }
  return next;
}
