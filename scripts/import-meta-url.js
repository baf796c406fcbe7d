// Injected into the CommonJS bundles: ESM dependencies (fdir, via tinyglobby) read
// import.meta.url, which CommonJS lacks. esbuild replaces import.meta.url with this.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
