// goDecode / goEncode: Go's encoding/json rules, each checked here as the 20.10 daemon showed them (see
// notes in docs: a probe of Debian's docker.io 20.10.24 answered every case the same way).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_WRAPPER, CREATE_REQUEST, HOST_CONFIG } from '../../shared/policy/docker-types.ts';
import { foldKey } from '../../shared/policy/go-fold.ts';
import { goDecode, promotedFields } from '../../shared/policy/go-decode.ts';
import { goEncode } from '../../shared/policy/go-encode.ts';
import {
  array,
  bool,
  embed,
  int,
  map,
  opaque,
  ptr,
  slice,
  string,
  strings,
  strslice,
  struct,
  uint16,
  type GoValue,
  type Schema,
} from '../../shared/policy/go-schema.ts';
import { readJson } from '../../shared/policy/json-text.ts';

function decode(schema: Schema, text: string): { value: GoValue | undefined; unknown: readonly string[] } {
  const r = goDecode(readJson(text), schema, text);
  if (!r.ok) assert.fail(`unexpected error: ${r.message}`);
  return { value: r.value, unknown: r.unknown };
}

/** The decoded value as the JSON doxy forwards, parsed back (one key each, canonical names: JSON.parse is faithful). */
function seen(schema: Schema, text: string): unknown {
  return JSON.parse(goEncode(schema, decode(schema, text).value));
}

function error(schema: Schema, text: string): { path: string; message: string } {
  const r = goDecode(readJson(text), schema, text);
  if (r.ok) return assert.fail(`expected an error, got ${goEncode(schema, r.value)}`);
  return r;
}

const INNER = struct({ A: bool, B: int, List: strings });
const OUTER = struct({
  Flag: bool,
  Count: int,
  Name: string,
  Inner: ptr(INNER),
  Items: slice(struct({ X: string, Y: string })),
  Strs: strings,
  Map: map(string),
  StructMap: map(INNER),
  Cmd: strslice,
  Pair: array(int, 2),
  Small: uint16,
  OptBool: ptr(bool),
  Raw: opaque,
});

describe('foldKey (Go: unicode.SimpleFold orbits of ASCII letters)', () => {
  it('folds ASCII case, U+017F long s to S and U+212A Kelvin sign to K, and nothing else', () => {
    assert.equal(foldKey('privileged'), foldKey('Privileged'));
    assert.equal(foldKey('PRIVILEGED'), foldKey('Privileged'));
    assert.equal(foldKey('Bind\u017f'), foldKey('Binds'));
    assert.equal(foldKey('Lin\u212as'), foldKey('Links'));
    assert.notEqual(foldKey('Pr\u0131vileged'), foldKey('Privileged')); // dotless i is not in i's orbit
    assert.notEqual(foldKey('Priv_ileged'), foldKey('Privileged'));
  });
});

describe('goDecode: keys', () => {
  it('matches keys case-insensitively, and folds long s and the Kelvin sign', () => {
    assert.deepEqual(seen(OUTER, '{"flag":true,"COUNT":3,"nAmE":"x"}'), { Flag: true, Count: 3, Name: 'x' });
    assert.deepEqual(seen(HOST_CONFIG, '{"Bind\u017f":["/a:/b"],"Lin\u212as":["c:d"]}'), {
      Binds: ['/a:/b'],
      Links: ['c:d'],
    });
  });

  it('prefers the exact spelling over a folded one when two fields fold alike', () => {
    const twins = struct({ AB: string, ab: string });
    assert.deepEqual(seen(twins, '{"ab":"exact"}'), { ab: 'exact' });
    assert.deepEqual(seen(twins, '{"Ab":"folded"}'), { AB: 'folded' }); // the first field in declaration order
  });

  it('reports unknown keys with their path and skips their values', () => {
    const r = decode(OUTER, '{"Bogus":{"x":[1]},"Inner":{"Nope":1,"A":true}}');
    assert.deepEqual(r.unknown, ['Bogus', 'Inner.Nope']);
    assert.deepEqual(JSON.parse(goEncode(OUTER, r.value)), { Inner: { A: true } });
  });

  it('promotes embedded struct fields; a shallower name hides a deeper one; same-depth twins cancel', () => {
    const deep = struct({ Shared: string, Only: string });
    const other = struct({ Shared: string });
    const s = struct(embed('D', deep), embed('O', other), { Top: string });
    assert.deepEqual(
      promotedFields(s).map((f) => f.name),
      ['Only', 'Top'],
    );
    const hidden = struct({ Only: int }, embed('D', deep));
    assert.deepEqual(seen(hidden, '{"Only":5}'), { Only: 5 });
  });

  it('the create wrapper loses no field to a name clash between Config and the promoted HostConfig', () => {
    const names = promotedFields(CONFIG_WRAPPER).map((f) => f.name);
    for (const f of [...promotedFields(HOST_CONFIG), ...promotedFields(CREATE_REQUEST)])
      assert.ok(names.includes(f.name), f.name);
  });
});

describe('goDecode: repeated keys', () => {
  it('decodes a second object into the first (struct merge), through a pointer too', () => {
    assert.deepEqual(seen(OUTER, '{"Inner":{"A":true},"Inner":{"B":1}}'), { Inner: { A: true, B: 1 } });
  });

  it('merges maps key by key, and replaces (never merges) a map element', () => {
    assert.deepEqual(seen(OUTER, '{"Map":{"a":"1","b":"2"},"Map":{"b":"3"}}'), { Map: { a: '1', b: '3' } });
    assert.deepEqual(seen(OUTER, '{"StructMap":{"k":{"A":true}},"StructMap":{"k":{"B":2}}}'), {
      StructMap: { k: { B: 2 } },
    });
  });

  it('the last scalar wins', () => {
    assert.deepEqual(seen(OUTER, '{"Flag":true,"flag":false,"Name":"a","NAME":"b"}'), { Flag: false, Name: 'b' });
  });

  it('decodes slice elements in place: a shorter array cuts the length, a struct element merges', () => {
    assert.deepEqual(seen(OUTER, '{"Strs":["a","b"],"Strs":["c"]}'), { Strs: ['c'] });
    assert.deepEqual(seen(OUTER, '{"Items":[{"X":"1"}],"Items":[{"Y":"2"}]}'), { Items: [{ X: '1', Y: '2' }] });
  });

  it('a null element of a longer array uncovers what a shorter one left past the length (the daemon does)', () => {
    assert.deepEqual(seen(OUTER, '{"Strs":["a","/:/host"],"Strs":["a"],"Strs":["a",null]}'), {
      Strs: ['a', '/:/host'],
    });
    assert.deepEqual(seen(OUTER, '{"Items":[{"X":"1"},{"X":"2"}],"Items":[{}],"Items":[{},{"Y":"3"}]}'), {
      Items: [{ X: '1' }, { X: '2', Y: '3' }],
    });
  });

  it('an empty array or null forgets the elements for good', () => {
    assert.deepEqual(seen(OUTER, '{"Strs":["a","b"],"Strs":[],"Strs":[null,null]}'), { Strs: ['', ''] });
    assert.deepEqual(seen(OUTER, '{"Strs":["a","b"],"Strs":null,"Strs":[null,null]}'), { Strs: ['', ''] });
  });

  it('a StrSlice is replaced whole (its UnmarshalJSON makes a new slice)', () => {
    assert.deepEqual(seen(OUTER, '{"Cmd":["a","b"],"Cmd":[null]}'), { Cmd: [''] });
    assert.deepEqual(seen(OUTER, '{"Cmd":"one"}'), { Cmd: ['one'] });
  });

  it('refuses an opaque part given twice (the daemon would merge text doxy forwards as is)', () => {
    const e = error(OUTER, '{"Raw":{"a":1},"raw":{"b":2}}');
    assert.equal(e.path, 'Raw');
    assert.match(e.message, /given twice/);
  });
});

describe('goDecode: null', () => {
  it('sets pointers, slices and maps to nil', () => {
    assert.deepEqual(
      seen(OUTER, '{"Inner":{"A":true},"Inner":null,"Strs":["a"],"Strs":null,"Map":{"a":"b"},"Map":null}'),
      {
        Inner: null,
        Strs: null,
        Map: null,
      },
    );
    assert.deepEqual(seen(OUTER, '{"OptBool":true,"OptBool":null}'), { OptBool: null });
  });

  it('leaves a bool, number, string, struct or fixed array as it was', () => {
    assert.deepEqual(
      seen(OUTER, '{"Flag":true,"Flag":null,"Count":2,"Count":null,"Name":"n","Name":null,"Pair":[1,2],"Pair":null}'),
      {
        Flag: true,
        Count: 2,
        Name: 'n',
        Pair: [1, 2],
      },
    );
    assert.deepEqual(seen(OUTER, '{"Flag":null}'), {});
  });

  it('a null map value is the zero value, present', () => {
    assert.deepEqual(seen(OUTER, '{"Map":{"a":null}}'), { Map: { a: '' } });
  });
});

describe('goDecode: types', () => {
  const mismatches: [string, string, string][] = [
    ['{"Flag":"true"}', 'Flag', 'a string where the daemon reads a boolean'],
    ['{"Flag":1}', 'Flag', 'a number'],
    ['{"Count":"1"}', 'Count', 'a string'],
    ['{"Count":1.0}', 'Count', '1.0, not an integer'],
    ['{"Count":1e3}', 'Count', '1e3'],
    ['{"Count":9223372036854775808}', 'Count', 'out of range'],
    ['{"Small":-0}', 'Small', 'not an unsigned integer'],
    ['{"Small":65536}', 'Small', 'out of range'],
    ['{"Name":1}', 'Name', 'a number'],
    ['{"Strs":"a"}', 'Strs', 'a string where the daemon reads an array'],
    ['{"Strs":[1]}', 'Strs[0]', 'a number'],
    ['{"Inner":[]}', 'Inner', 'an array where the daemon reads an object'],
    ['{"Map":{"a":1}}', 'Map["a"]', 'a number'],
    ['{"Cmd":{"a":1}}', 'Cmd', 'a string or an array of strings'],
    ['{"Cmd":[1]}', 'Cmd[0]', 'a number'],
    ['[]', '', 'the body is an array'],
  ];
  for (const [text, path, message] of mismatches)
    it(`refuses ${text} at ${JSON.stringify(path)}`, () => {
      const e = error(OUTER, text);
      assert.equal(e.path, path);
      assert.ok(e.message.includes(message), e.message);
    });

  it('takes the full int64 range exactly, and -0', () => {
    assert.deepEqual(
      goEncode(OUTER, decode(OUTER, '{"Count":-9223372036854775808}').value),
      '{"Count":-9223372036854775808}',
    );
    assert.deepEqual(seen(OUTER, '{"Count":-0}'), { Count: 0 });
  });

  it('a fixed array ignores extra elements (unchecked, as Go skips them) and zeroes missing ones', () => {
    assert.deepEqual(seen(OUTER, '{"Pair":[1,2,"x"]}'), { Pair: [1, 2] });
    assert.deepEqual(seen(OUTER, '{"Pair":[1,2],"Pair":[3]}'), { Pair: [3, 0] });
  });

  it('keeps an opaque part as the client wrote it', () => {
    assert.equal(goEncode(OUTER, decode(OUTER, '{"Raw": {"b" :1, "b":2}}').value), '{"Raw":{"b" :1, "b":2}}');
  });
});

describe('goEncode', () => {
  const samples = [
    '{"Flag":true,"Inner":{"A":true,"List":["x",null]},"Items":[{"X":"\\u2028"}],"Map":{"z":"1","a":"2"}}',
    '{"Cmd":"sh","Pair":[1],"OptBool":false,"StructMap":{"k":null},"Raw":[1,2]}',
    '{"Strs":["a","b"],"Strs":["c"],"Strs":["c",null],"Inner":null}',
  ];
  for (const text of samples)
    it(`round-trips ${text}`, () => {
      const once = goEncode(OUTER, decode(OUTER, text).value);
      assert.equal(goEncode(OUTER, decode(OUTER, once).value), once);
      // One key each, canonical names, map keys sorted: JSON.parse reads it as Go does.
      assert.equal(JSON.stringify(JSON.parse(once)), once);
    });

  it('writes struct fields in declaration order and map keys sorted', () => {
    assert.equal(
      goEncode(OUTER, decode(OUTER, '{"Map":{"b":"1","a":"2"},"Name":"n","Flag":false}').value),
      '{"Flag":false,"Name":"n","Map":{"a":"2","b":"1"}}',
    );
  });
});
