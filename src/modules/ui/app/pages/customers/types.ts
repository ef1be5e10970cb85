/** The API's customer, as the pages read it (GET /customers/{id}). */
export interface Contact {
  id: string;
  type: ContactType;
  value: string;
  label: string | null;
  primary: boolean;
}

export const CONTACT_TYPES = ['mobile', 'work_phone', 'home_phone', 'fax', 'email', 'messenger', 'social'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];
export const GENDERS = ['female', 'male', 'other'] as const;

export interface Customer {
  id: string;
  kind: 'individual' | 'organisation';
  status: 'active' | 'terminated' | 'erased';
  displayName: string;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  name: string | null;
  businessDomain: string | null;
  contactPerson: string | null;
  organisationId: string | null;
  birthDate: string | null;
  gender: (typeof GENDERS)[number] | null;
  address: string | null;
  notes: string | null;
  preferences: { text: string | null; tags: string[] };
  announcement: string | null;
  tags: string[];
  responsibleEmployeeId: string | null;
  marketingConsent: boolean;
  room: string | null;
  tierId: string | null;
  contacts: Contact[];
  terminatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TierSummary {
  id: string;
  code: string;
  name: string;
}
