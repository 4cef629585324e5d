// Where the CLI's compile cache lives (host/compileCache.ts): the folder a user or CI chooses, `off`,
// else the platform's cache folder, always in a subfolder per Stepthrough and Node version (V8's
// code of one version is no use to another). Writing and reading the cache is tested on the built
// CLI in test/packaging/startup.test.ts.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { compileCacheFolder } from './compileCache';

const leaf = `compile-1.2.3-node${process.versions.node}`;

void describe('compileCacheFolder', () => {
  void it('uses STEPTHROUGH_COMPILE_CACHE when set', () => {
    assert.equal(
      compileCacheFolder({ STEPTHROUGH_COMPILE_CACHE: '/ci/cache' }, '1.2.3'),
      join('/ci/cache', leaf),
    );
  });
  void it('is off for "off" and "0"', () => {
    assert.equal(compileCacheFolder({ STEPTHROUGH_COMPILE_CACHE: 'off' }, '1.2.3'), undefined);
    assert.equal(compileCacheFolder({ STEPTHROUGH_COMPILE_CACHE: '0' }, '1.2.3'), undefined);
  });
  void it('follows XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(
      compileCacheFolder({ XDG_CACHE_HOME: '/x' }, '1.2.3', 'linux'),
      join('/x', 'stepthrough', leaf),
    );
    assert.equal(compileCacheFolder({}, '1.2.3', 'linux'), join(homedir(), '.cache', 'stepthrough', leaf));
  });
  void it('uses LOCALAPPDATA on Windows', () => {
    assert.equal(
      compileCacheFolder({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, '1.2.3', 'win32'),
      join('C:\\Users\\a\\AppData\\Local', 'stepthrough', leaf),
    );
  });
  void it("keeps one version out of another version's folder", () => {
    assert.notEqual(compileCacheFolder({}, '1.2.3'), compileCacheFolder({}, '1.2.4'));
  });
});
