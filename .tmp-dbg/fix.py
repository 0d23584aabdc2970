p='test/api/log-search.test.ts'
lines=open(p).read().split('\n')
lines[90]=r"""    assert.match(lines[1] ?? '', /^\d+,\d{4}-[^,]+,default,POST,\/v1\.41\/containers\/create,403,deny,false,,doxy: POST \/v1\.41\/containers\/create is denied: no rule allows it \(deny by default\),[\d.]+,\d+,http$/);
  });

  it('CSV quotes commas and quotes, and never starts a cell with a formula', () => {
    const entry: LogEntry = { id: 7, time: '2026-11-28T12:00:00.000Z', method: 'GET', path: '/a,"b"', status: 400, verdict: 'refuse', ruleId: null, reason: '=HYPERLINK("x")', durationMs: 1, bytes: 2, kind: 'http' };
    const [, row] = toCsv([entry]).split('\r\n');
    assert.equal(row, `7,2026-11-28T12:00:00.000Z,,GET,"/a,""b""",400,refuse,false,,"'=HYPERLINK(""x"")",1.000,2,http`);"""
s='\n'.join(lines)
s=s.replace("import type { LogEntry, LogSearchResponse } from '../../shared/protocol.ts';","import { toCsv } from '../../server/admin/routes/log-csv.ts';\nimport type { LogEntry, LogSearchResponse } from '../../shared/protocol.ts';")
open(p,'w').write(s)
