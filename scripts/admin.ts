// `npm run admin -- create-admin <user name> [--name "Full name"] [--office "Office name"] [--office-code CODE]`
// Creates the first administrator of an empty hub without a browser, on the hub's database (DATABASE_URL,
// or the embedded PostgreSQL of a running `npm start`). The password is read from the terminal without
// echo (twice), or from the first line of standard input when it is not a terminal; it never appears in
// a command line, an environment variable or the output. Refused once the hub has any account.
import readline from 'node:readline';
import { SetupRequest, vi } from '../protocol/index.ts';
import { loadConfig } from '../server/src/config/config.ts';
import { createDb } from '../server/src/db/client.ts';
import { embeddedUrl } from '../server/src/db/embedded-postgres.ts';
import { AppError } from '../server/src/errors/app-error.ts';
import { SetupRepository } from '../server/src/setup/setup.repository.ts';
import { SetupService } from '../server/src/setup/setup.service.ts';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

async function readLineHidden(prompt: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let prompted = false;
  out._writeToOutput = (s: string) => {
    if (!prompted) {
      prompted = true;
      out.output.write(s);
    }
  };
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += String(chunk);
    return input.split(/\r?\n/)[0] ?? '';
  }
  const first = await readLineHidden('Mật khẩu / Password: ');
  const again = await readLineHidden('Nhập lại / Again: ');
  if (first !== again) throw new Error('Hai lần nhập mật khẩu không khớp. / The two passwords differ.');
  return first;
}

const [command, username, ...rest] = process.argv.slice(2);
if (command !== 'create-admin' || !username) {
  console.error('usage: npm run admin -- create-admin <user name> [--name "Full name"] [--office "Office name"] [--office-code CODE]');
  process.exit(2);
}
const config = loadConfig();
const db = createDb(config.DATABASE_URL ?? embeddedUrl(config.EMBEDDED_PG_PORT));
try {
  const parsed = SetupRequest.omit({ token: true }).safeParse({
    username,
    fullName: option(rest, '--name', 'Quản trị viên'),
    officeName: option(rest, '--office', config.ISSUER_NAME),
    officeCode: option(rest, '--office-code', 'HOST'),
    password: await readPassword(),
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  await new SetupService(new SetupRepository(db)).createFromCommandLine(parsed.data);
  console.log(`Đã tạo quản trị viên “${parsed.data.username}” tại ${parsed.data.officeName} (${parsed.data.officeCode}). Hãy đăng nhập.`);
  console.log(`Created the administrator “${parsed.data.username}”. Sign in.`);
} catch (err) {
  const message = err instanceof AppError ? err.message : err instanceof Error && /ECONNREFUSED|connect/i.test(err.message) ? vi('setup.noDatabase') : String(err instanceof Error ? err.message : err);
  console.error(message);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
