// A real S3-compatible server for the tests, built and started by the project the way LiveKit is:
// Versity Gateway (Apache-2.0; MinIO is AGPL), built once with `go install` into .cache, serving S3 from a
// folder on a loopback port. The test command builds it before entering the network namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { goInstall, goToolchain, onPath } from '../../server/src/lifecycle/go-install.ts';
import { stopChild } from './child-process.ts';

export const VERSITYGW_VERSION = 'v1.8.0';

export const cachedVersityPath = (rootDir: string): string => path.join(rootDir, '.cache', 'versitygw', VERSITYGW_VERSION, 'versitygw');

export async function ensureVersityBinary(rootDir: string, log: (m: string) => void): Promise<string> {
  const found = onPath('versitygw') ?? (fs.existsSync(cachedVersityPath(rootDir)) ? cachedVersityPath(rootDir) : null);
  if (found) return found;
  const go = goToolchain();
  if (!go) throw new Error('The tests need an S3-compatible server: install the Go toolchain (the test command then builds Versity Gateway once) or put versitygw on PATH.');
  return goInstall(go, { module: `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`, builtName: 'versitygw', target: cachedVersityPath(rootDir), what: `Versity Gateway ${VERSITYGW_VERSION}`, minutes: '1-2' }, log);
}

export interface RunningS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

export async function startVersity(rootDir: string, port: number, dir: string): Promise<RunningS3> {
  const binary = await ensureVersityBinary(rootDir, () => {});
  const folder = path.join(dir, `s3-${port}`);
  fs.mkdirSync(folder, { recursive: true });
  const keys = { accessKeyId: `tiepdan${randomBytes(4).toString('hex')}`, secretAccessKey: randomBytes(24).toString('base64url') };
  const logFile = path.join(dir, `versitygw-${port}.log`);
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(binary, ['--access', keys.accessKeyId, '--secret', keys.secretAccessKey, '--port', `127.0.0.1:${port}`, 'posix', folder], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const deadline = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`versitygw exited with ${child.exitCode}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`versitygw did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...keys,
    stop: () => stopChild(child),
  };
}
