import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Contact kinds a customer can have; phones are stored in E.164. */
export const CONTACT_TYPES = ['mobile', 'work_phone', 'home_phone', 'fax', 'email', 'messenger', 'social'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const PHONE_CONTACT_TYPES: readonly ContactType[] = ['mobile', 'work_phone', 'home_phone', 'fax'];

export function isPhoneType(type: ContactType): boolean {
  return PHONE_CONTACT_TYPES.includes(type);
}

/**
 * A phone number in E.164, read the way staff type it: "+7 912 345-67-89" and
 * "89123456789" are the same number for a tenant in RU. Null when it is not a number.
 */
export function normalisePhone(value: string, defaultCountry: string | null): string | null {
  const phone = parsePhoneNumberFromString(value, (defaultCountry ?? undefined) as CountryCode | undefined);
  return phone?.isValid() ? phone.number : null;
}

export function normaliseEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return isEmail(email) ? email : null;
}

export type NormalisedContact = { value: string } | { problem: string };

export function normaliseContact(type: ContactType, value: string, defaultCountry: string | null): NormalisedContact {
  if (isPhoneType(type)) {
    const phone = normalisePhone(value, defaultCountry);
    if (phone) return { value: phone };
    return {
      problem: defaultCountry
        ? `is not a valid phone number (read as a ${defaultCountry} number unless it starts with +)`
        : 'is not a valid phone number; give it with its country code, e.g. +46 70 123 45 67',
    };
  }
  if (type === 'email') {
    const email = normaliseEmail(value);
    return email ? { value: email } : { problem: 'is not a valid e-mail address' };
  }
  const trimmed = value.trim();
  return trimmed ? { value: trimmed } : { problem: 'must not be empty' };
}

/**
 * How names are compared and searched: case, accents and spacing do not matter
 * ("Nguyễn Văn Đức" is found by "nguyen van duc", "Ёлкин" by "елкин").
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
