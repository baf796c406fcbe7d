// The package.json side of fixes that need a package: the title note and withDependency, which
// the CLI (--add-dependency) and the editor ("… and add p-map to package.json") both apply.
import * as assert from 'node:assert/strict';
import { dependencyNote, withDependency } from '../../../src/rewrite/package-json';

describe('rewrite: package.json dependency', () => {
  it('adds the package to dependencies, sorted, in the file\'s indentation and line ends', () => {
    assert.equal(
      withDependency('{\n    "name": "a",\n    "dependencies": {\n        "zod": "^3"\n    }\n}\n', 'p-map', '^7.1.1'),
      '{\n    "name": "a",\n    "dependencies": {\n        "p-map": "^7.1.1",\n        "zod": "^3"\n    }\n}\n',
    );
    assert.equal(withDependency('{\r\n\t"name": "a"\r\n}\r\n', 'piscina', '^5.3.2'), '{\r\n\t"name": "a",\r\n\t"dependencies": {\r\n\t\t"piscina": "^5.3.2"\r\n\t}\r\n}\r\n');
    assert.equal(withDependency('{"name":"a"}', 'p-map', '^7'), '{\n  "name": "a",\n  "dependencies": {\n    "p-map": "^7"\n  }\n}');
  });

  it('leaves a package.json that lists it as it is, and throws on one that is not JSON', () => {
    const text = '{ "dependencies": { "p-map": "^6" } }';
    assert.equal(withDependency(text, 'p-map', '^7.1.1'), text);
    assert.throws(() => withDependency('{ "name": ', 'p-map', '^7'));
  });

  it('the title note names the package', () => {
    assert.equal(dependencyNote('piscina'), ' (needs piscina, not in package.json)');
  });
});
