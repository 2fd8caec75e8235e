// Sends the queued e-mails through SMTP with nodemailer, when SMTP_URL is set (off by default: the hub's
// notification centre is the channel of record). Runs every half minute and whenever something is
// queued; a failed message waits longer after each try (1, 2, 4 … minutes, at most an hour).
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutboxRepository } from './outbox.repository.ts';

const BATCH = 20;
const retryDelayMs = (attempts: number) => Math.min(60 * 60_000, 60_000 * 2 ** Math.min(attempts, 6));

export class MailSender {
  private readonly transport: Transporter;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly outbox: OutboxRepository,
    smtpUrl: string,
    private readonly from: string,
    private readonly log: (m: string) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {
    // Timeouts short enough that an SMTP server that hangs delays the queue, not the hub.
    this.transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  }

  /** Sends what is due now; a call while a run is under way makes it run once more after. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const { sent, failed } = await this.outbox.drain(this.now(), BATCH, async (mail) => {
              try {
                await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
                return { ok: true };
              } catch (e) {
                return { ok: false, error: String(e), retryAt: new Date(this.now().getTime() + retryDelayMs(mail.attempts)) };
              }
            });
            if (sent > 0) this.log(`e-mail: ${sent} message(s) sent`);
            if (failed > 0) this.log(`e-mail: ${failed} message(s) could not be sent; they will be tried again`);
            if (sent + failed < BATCH || failed > 0) break;
          }
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  close(): void {
    this.transport.close();
  }
}
