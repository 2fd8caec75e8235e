// A real SMTP server on loopback (the `smtp-server` package) that keeps every message it receives, parsed:
// the office's mail server, for tests that prove the hub's e-mail arrives, never a mock transport.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export class Mailbox {
  readonly received: ParsedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  /** Listens on `port` (0: any free one) without TLS or authentication, as a relay inside the office would. */
  async listen(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, done) => {
        void simpleParser(stream).then((mail) => {
          this.received.push(mail);
          done();
        }, done);
      },
    });
    const server = this.server;
    this.port = await new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)));
    return this.port;
  }

  /** Stops listening (the hub's next try finds the server down). */
  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** The address a message went to. */
  static to(mail: ParsedMail): string {
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    return to?.text ?? '';
  }
}
