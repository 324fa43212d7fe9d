import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMAND_NAMES, commands } from './redis-commands.js';

test('every command has its Lua file, and every file is a command; each says its keys', () => {
  const files = commands();
  assert.deepEqual([...files.keys()].sort(), [...COMMAND_NAMES].sort());
  for (const [name, { numberOfKeys, lua }] of files) {
    assert.match(lua, /^--\[\[/, `${name}: starts with its header`);
    for (let key = 1; key <= numberOfKeys; key += 1)
      assert.match(lua, new RegExp(`KEYS\\[${key}\\]`), `${name}: the header names KEYS[${key}]`);
    assert.doesNotMatch(lua, new RegExp(`KEYS\\[${numberOfKeys + 1}\\]`), `${name}: no more keys`);
  }
});
