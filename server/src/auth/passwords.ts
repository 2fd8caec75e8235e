// Argon2id through @node-rs/argon2 (prebuilt, no install script): the OWASP-recommended password hash.
import { hash, verify } from '@node-rs/argon2';

/** The stored hash of an account whose owner has not set a password yet (or whose password was reset). */
export const NO_PASSWORD = '';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when the account does not exist keeps the response time the same, so a
// stranger cannot tell which user names exist.
let dummyHash: Promise<string> | undefined;
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hash('tiep-dan-hub-no-such-account');
  await verifyPassword(await dummyHash, password);
}
