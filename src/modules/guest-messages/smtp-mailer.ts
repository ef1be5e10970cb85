import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { REGULARS_CONFIG } from '../../common/config/regulars.constants.js';
import type { RegularsConfig } from '../../common/config/regulars-options.js';
import type { GuestMessage } from '../../common/guest-messages.js';
import { optionalPackage } from '../../common/optional-package.js';

/** The header a mail carries its fact's event id in, beside the Message-ID made from it. */
const EVENT_ID_MAIL_HEADER = 'X-Regulars-Event-Id';

/**
 * E-mail over the host's SMTP server with nodemailer (an optional peer: only a host that
 * chose the smtp channel installs it). The Message-ID is made from the fact's event id, so
 * the same fact is the same mail to a receiver that deduplicates, should a crash between
 * the sending and its record send it twice.
 */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private transport: Promise<Transporter> | null = null;

  constructor(@Inject(REGULARS_CONFIG) private readonly config: RegularsConfig) {}

  async send(message: GuestMessage): Promise<void> {
    const smtp = this.config.messages?.smtp;
    if (!smtp || !message.to.email) throw new Error('no SMTP server or no e-mail address');
    const transport = await (this.transport ??= this.open());
    const domain = /@([^>\s]+)/.exec(smtp.from)?.[1] ?? 'regulars.invalid';
    await transport.sendMail({
      from: smtp.from,
      to: message.to.email,
      subject: message.subject,
      text: message.text,
      messageId: `<${message.id}.${encodeURIComponent(message.tenantId)}@${domain}>`,
      headers: { [EVENT_ID_MAIL_HEADER]: message.eventId, 'Content-Language': message.language },
    });
  }

  private async open(): Promise<Transporter> {
    const smtp = this.config.messages!.smtp!;
    const opening = (async () => {
      const nodemailer = await optionalPackage<typeof import('nodemailer')>('nodemailer', 'messages.smtp');
      const timeout = this.config.webhooks.timeoutSeconds * 1000;
      return (nodemailer.default ?? nodemailer).createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        ...(smtp.auth ? { auth: smtp.auth } : {}),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
    })();
    // A failed opening is tried again by the next message.
    opening.catch(() => {
      if (this.transport === opening) this.transport = null;
    });
    return opening;
  }

  async onApplicationShutdown(): Promise<void> {
    const transport = await this.transport?.catch(() => null);
    this.transport = null;
    transport?.close();
  }
}
