// `npm run check:layers`: the two rules of the server's layout that the type checker cannot see.
//   1. Only repositories talk to the database: no file under server/src/<feature>/ imports the Prisma
//      client unless it is a *.repository.ts (db/ is the client itself; seed/ writes the demo city's
//      rows and is not part of any request).
//   2. The transports decide no access: no access check in realtime/ or in a *.routes.ts file; they parse,
//      hand the caller to a service and answer.
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..', 'server', 'src');
const PRISMA = /from\s+['"][^'"]*\/db\/(client|generated\/[^'"]*)(\.ts)?['"]/;
const ACCESS = /\b(canViewSession|canJoinRoom|mayEditMinutes|mayAmendMinutes|isSessionChair|seesIdentities|inChairCircle|hasPermission|mayIssue|viewable|writesMinutes|readsPart|ensureViewable|requireViewable)\b/;
const EXEMPT = new Set(['db', 'seed']);

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

const problems = [];
for (const feature of fs.readdirSync(root, { withFileTypes: true })) {
  if (!feature.isDirectory() || EXEMPT.has(feature.name)) continue;
  for (const file of files(path.join(root, feature.name))) {
    const rel = path.relative(path.join(root, '..', '..'), file);
    const text = fs.readFileSync(file, 'utf8');
    if (!file.endsWith('.repository.ts') && PRISMA.test(text)) problems.push(`${rel}: imports the Prisma client; only a *.repository.ts may`);
    if ((feature.name === 'realtime' || file.endsWith('.routes.ts')) && ACCESS.test(text.replace(/\/\/.*$/gm, ''))) {
      problems.push(`${rel}: checks access (${ACCESS.exec(text.replace(/\/\/.*$/gm, ''))[0]}); the service it calls must`);
    }
  }
}
if (problems.length > 0) {
  console.error(`check:layers found ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check:layers: only repositories use the database; no access check in a transport');
