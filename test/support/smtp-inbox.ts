import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One mail the inbox took, its headers and text decoded. */
export interface Mail {
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*(?==\?)?/g, (_, _charset: string, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' ')),
  );
}

function quotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

function parse(raw: string, to: string[]): Mail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = rest.join('\n\n');
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text = encoding === 'quoted-printable' ? quotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { to, headers, subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n').trim() };
}

/** A real SMTP server on 127.0.0.1, as a restaurant's mail relay would be: it takes every mail and keeps it. */
export class SmtpInbox {
  readonly mails: Mail[] = [];
  port = 0;
  /** Recipients the server turns away once each, as a mail relay does when it is overloaded (451). */
  private readonly refusing = new Set<string>();
  private readonly server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on a loopback port: no certificate to trust in a test.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (!this.refusing.delete(address.address)) return callback();
      callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.mails.push(parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((recipient) => recipient.address)));
        callback();
      });
    },
  });

  async start(): Promise<this> {
    // A sender killed mid-session resets its connection; a relay drops that one and goes on, where an unheard 'error' would fail the test.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** The next mail to `address` is refused with a temporary failure. */
  refuseOnce(address: string): void {
    this.refusing.add(address);
  }

  to(address: string): Mail[] {
    return this.mails.filter((mail) => mail.to.includes(address));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
