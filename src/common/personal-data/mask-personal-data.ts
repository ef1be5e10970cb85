/** An e-mail address: its local part and domain both go. */
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/**
 * A run of digits, optionally with a leading + and single spaces, dashes or parentheses
 * between groups, as card numbers and phone numbers are written. ISO dates (8 digits) and
 * times (colons) fall short of it.
 */
const DIGIT_RUN = /\+?\(?\d(?:\d|[ \-()]{1,3}(?=\d)){5,}/g;

/**
 * `text` without the personal values a log line could carry: e-mail addresses as `***@***`,
 * and card and phone numbers — any run of 9 digits or more, or of 6 or more unbroken — with
 * every digit but the last 4 (or 2, for a short one) starred. The plugin logs through it
 * wherever a line may quote a request or a driver's error (a duplicate key names its value);
 * a host's logger may run every line through it as well.
 */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, '***@***').replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '').length;
    const unbroken = /^\+?\d+$/.test(run);
    if (digits < 9 && !(unbroken && digits >= 6)) return run;
    const starred = digits - (digits >= 12 ? 4 : 2);
    let seen = 0;
    return run.replace(/\d/g, (digit) => (++seen <= starred ? '*' : digit));
  });
}
