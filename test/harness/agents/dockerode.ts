// The dockerode script the tests run through doxy: what it calls (as catalog operations) and its stream-reading steps.
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';

/** What the script does, as catalog operations: a profile for it grants exactly these (plus ping and version). */
export const DOCKERODE_OPERATIONS = [
  'GET /containers/json',
  'GET /containers/{id}/json',
  'GET /containers/{id}/logs',
  'POST /containers/create',
  'POST /containers/{id}/start',
  'POST /containers/{id}/wait',
  'DELETE /containers/{id}',
  'POST /containers/{id}/exec',
  'POST /exec/{id}/start',
  'GET /exec/{id}/json',
];

/** Collects a stream's text until `done(text)` holds; rejects after `timeoutMs` with what came. */
export function readUntil(stream: Readable, done: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`stream: not done within ${timeoutMs} ms; got:\n${text}`)),
      timeoutMs,
    );
    const finish = (): void => {
      clearTimeout(timer);
      resolve(text);
    };
    stream.on('data', (d: Buffer) => {
      text += d.toString();
      if (done(text)) finish();
    });
    stream.on('end', () => {
      if (done(text)) finish();
    });
    stream.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Creates, starts, waits for and removes a container running `cmd`; returns its exit code. */
export async function runOneOff(client: Docker, image: string, name: string, cmd: readonly string[]): Promise<number> {
  const container = await client.createContainer({
    name,
    Image: image,
    Cmd: [...cmd],
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  const waited = (await container.wait()) as { StatusCode: number };
  await container.remove();
  return waited.StatusCode;
}

/** An exec with an attached stream: sends `input` as one line on stdin, returns what `sh` printed and its exit code. */
export async function execWithInput(
  client: Docker,
  container: string,
  input: string,
  until: string,
): Promise<{ output: string; code: number | null }> {
  const exec = await client.getContainer(container).exec({
    Cmd: ['sh', '-c', 'read line; echo "got: $line"; exit 7'],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: true });
  const out = new PassThrough();
  client.modem.demuxStream(stream, out, out);
  const reading = readUntil(out, (t) => t.includes(until));
  stream.write(`${input}\n`);
  const output = await reading;
  stream.end();
  let code: number | null = null;
  for (let i = 0; i < 300 && code === null; i++) {
    const info = await exec.inspect();
    if (!info.Running) code = info.ExitCode;
    else await new Promise((r) => setTimeout(r, 100));
  }
  return { output, code };
}
