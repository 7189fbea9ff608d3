// Preloaded into electronegativity's process: this machine (and a clerk's office) has no
// internet, and the tool's optional online look-ups (translations, Electron release notes)
// crash on a failed request. Every `got` call fails at once instead; the tool then works
// offline with its bundled data.
const Module = require('node:module');
const path = require('node:path');
const fail = () => {
  const p = Promise.reject(new Error('offline'));
  p.catch(() => undefined);
  return p;
};
const stub = Object.assign(fail, { head: fail, get: fail, post: fail, extend: () => stub, stream: fail });
const gotDir = path.dirname(require.resolve('got/package.json', { paths: [require.resolve('@doyensec/electronegativity')] }));
const entry = require.resolve(gotDir);
Module._cache[entry] = { id: entry, filename: entry, loaded: true, exports: Object.assign(stub, { default: stub }) };
