// readJson: exactly the grammar Go's scanner accepts, with duplicate keys and positions kept.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, JsonSyntaxError, readJson, type JsonNode } from '../../shared/policy/json-text.ts';

function stringValue(text: string): string {
  const node = readJson(text);
  assert.equal(node.kind, 'string');
  return node.kind === 'string' ? node.value : '';
}

describe('readJson', () => {
  const accepted = [
    '{}',
    '[]',
    ' \t\r\n{ "a" : [ 1 , -0 , 1.5e-3 , 2E+10 , true , false , null ] } \n',
    '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"',
    '0',
    '-1.0',
  ];
  for (const text of accepted)
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.doesNotThrow(() => readJson(text));
    });

  const refused: [string, string][] = [
    ['', 'unexpected end of input'],
    ['{"a":1,}', 'expected a string key'],
    ['[1,]', 'unexpected character'],
    ['{"a" 1}', 'expected ":"'],
    ['01', 'content after the JSON value'],
    ['1.', 'content after the JSON value'],
    ['.5', 'unexpected character'],
    ['+1', 'unexpected character'],
    ['NaN', 'unexpected character'],
    ["{'a':1}", 'expected a string key'],
    ['"a\u0001"', 'control character 0x01'],
    ['"\\\'"', 'bad escape'],
    ['"\\x41"', 'bad escape'],
    ['"\\u12"', 'bad \\u escape'],
    ['"abc', 'unterminated string'],
    ['{"a":1} {"b":2}', 'content after the JSON value'],
    ['\ufeff{}', 'unexpected character'],
    ['{"a":1}/* c */', 'content after the JSON value'],
    ['TRUE', 'unexpected character'],
  ];
  for (const [text, reason] of refused)
    it(`refuses ${JSON.stringify(text)} (${reason})`, () => {
      assert.throws(
        () => readJson(text),
        (e: unknown) => e instanceof JsonSyntaxError && e.message.includes(reason),
      );
    });

  it('keeps every duplicate key, in order', () => {
    const node = readJson('{"a":1,"A":2,"a":3}');
    assert.equal(node.kind, 'object');
    if (node.kind !== 'object') return;
    assert.deepEqual(
      node.members.map((m) => [m.key, m.value.kind === 'number' ? m.value.text : '']),
      [
        ['a', '1'],
        ['A', '2'],
        ['a', '3'],
      ],
    );
  });

  it('records where each value starts and ends', () => {
    const text = '{"x": [1, {"y": "z"}]}';
    const node = readJson(text);
    if (node.kind !== 'object') return assert.fail('not an object');
    const x = node.members[0]?.value as JsonNode;
    assert.equal(text.slice(x.start, x.end), '[1, {"y": "z"}]');
  });

  it('turns surrogate escapes into what Go makes of them: pairs joined, anything else U+FFFD', () => {
    assert.equal(stringValue('"\\ud83d\\ude00"'), '\u{1f600}');
    assert.equal(stringValue('"\\ud800x"'), '\ufffdx');
    assert.equal(stringValue('"\\udc00\\udc00"'), '\ufffd\ufffd');
    // The escape after a lone high surrogate is read on its own, as Go does.
    assert.equal(stringValue('"\\ud800\\u0041"'), '\ufffdA');
    assert.equal(stringValue('"\\ud800\\ud83d\\ude00"'), '\ufffd\u{1f600}');
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, and takes that deep`, () => {
    assert.doesNotThrow(() => readJson('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)));
    assert.throws(() => readJson('['.repeat(MAX_JSON_DEPTH + 2) + ']'.repeat(MAX_JSON_DEPTH + 2)), /nested deeper/);
  });

  it('reads what JSON.parse reads, for text without duplicates', () => {
    const samples = ['{"a":[1,2,{"b":null}],"c":"d\\u0000e","f":true}', '[[],{},"",0]'];
    const plain = (n: JsonNode): unknown =>
      n.kind === 'object'
        ? Object.fromEntries(n.members.map((m) => [m.key, plain(m.value)]))
        : n.kind === 'array'
          ? n.items.map(plain)
          : n.kind === 'number'
            ? Number(n.text)
            : n.kind === 'null'
              ? null
              : n.value;
    for (const s of samples) assert.deepEqual(plain(readJson(s)), JSON.parse(s));
  });
});
