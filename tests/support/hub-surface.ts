// What the hub serves, read from its sources: every HTTP route (app.ts and the routers it mounts), every
// event a client may send (the protocol's ClientToServerEvents) and every event a server socket listens to.
// A table of tests compares its rows with these, so a new route or event without a row fails.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

function sourceFiles(dir: string, suffix: string): string[] {
  return (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith(suffix) && !f.includes('generated'))
    .map((f) => path.join(ROOT, dir, f));
}

/** "METHOD /path" of every route: app.ts's own, and each router's under the prefix app.ts mounts it at. */
export function routesInSource(): string[] {
  const app = read(path.join(ROOT, 'server/src/http/app.ts'));
  const mounts = new Map([...app.matchAll(/app\.use\(\s*'([^']+)',\s*(\w+Routes)\(/g)].map((m) => [m[2]!, m[1]!]));
  // A path is a string, or a regular expression literal (the web client's pages).
  const routes = [...app.matchAll(/app\.(get|post|put|patch|delete)\(\s*(?:'([^']*)'|(\/.*?\/)\s*,)/g)].map((m) => `${m[1]!.toUpperCase()} ${m[2] ?? m[3]}`);
  for (const file of sourceFiles('server/src', '.routes.ts')) {
    const text = read(file);
    const factory = /export function (\w+Routes)\(/.exec(text)?.[1] ?? '';
    const prefix = mounts.get(factory);
    if (prefix === undefined) throw new Error(`${path.relative(ROOT, file)}: ${factory || 'its router'} is not mounted in app.ts`);
    for (const m of text.matchAll(/router\.(get|post|put|patch|delete)\(\s*'([^']*)'/g)) routes.push(`${m[1]!.toUpperCase()} ${prefix}${m[2] === '/' ? '' : m[2]}`);
  }
  return [...new Set(routes)].sort();
}

/** The keys of the protocol's ClientToServerEvents, wherever in protocol/ it is declared. */
export function clientEventsInProtocol(): string[] {
  for (const file of sourceFiles('protocol', '.ts')) {
    const body = /export interface ClientToServerEvents \{([\s\S]*?)\n\}/.exec(read(file))?.[1];
    if (body) return [...body.matchAll(/^\s*'([\w:-]+)':/gm)].map((m) => m[1]!).sort();
  }
  throw new Error('ClientToServerEvents is not declared in protocol/');
}

/** Every event a server socket listens to (socket.io's own "disconnect" aside). */
export function eventsTheServerHandles(): string[] {
  const names = sourceFiles('server/src', '.ts').flatMap((f) => [...read(f).matchAll(/socket\.on\(\s*'([\w:-]+)'/g)].map((m) => m[1]!));
  return [...new Set(names)].filter((n) => n !== 'disconnect').sort();
}
