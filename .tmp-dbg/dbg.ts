import { startAdminDoxy } from '/work/main/test/harness/admin.ts';
const a = await startAdminDoxy({});
try {
  const t0 = Date.now();
  const r = await a.call('/metrics');
  console.log('scrape ms', Date.now() - t0, r.status);
  console.log(r.text.split('\n').filter((l) => l.startsWith('doxy_requests') || l.includes('cpu_user') || l.startsWith('# TYPE doxy_process_cpu')).join('\n'));
  for (let i = 0; i < 2; i++) { const p = await a.proxy('POST', '/v1.41/containers/create'); console.log('proxy', p.status, p.text); }
  const p = await a.proxy('GET', '/_ping'); console.log('ping', p.status, p.text);
  const r2 = await a.call('/metrics');
  console.log(r2.text.split('\n').filter((l) => l.startsWith('doxy_requests') || l.startsWith('doxy_decision_duration_seconds_count')).join('\n'));
} catch (e) { console.log('ERR', e); }
console.log(a.doxy.output());
await a.stop();
