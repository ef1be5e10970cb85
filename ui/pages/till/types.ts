import { valuesOf, type Schema } from '../../schema.js';

/** The identify answer (POST /terminal/identify): what the waiter sees when a guest is recognised. */
export type CustomerCard = Schema<'CustomerCardDto'>;
export type Balance = Schema<'CardBalanceDto'>;
export type LimitLeft = Schema<'LimitLeftDto'>;

export type IdentifierType = Schema<'PresentedIdentifierDto'>['type'];
export const IDENTIFIER_TYPES = valuesOf<IdentifierType>({ barcode_card: true, magnetic_card: true, smart_card: true, electronic_key: true, qr_code: true, app: true, phone: true });

/** A guest the search matched, among several (the 409 of identify names them beside its code). */
export interface Candidate {
  id: string;
  displayName: string;
  kind: 'individual' | 'organisation';
  room: string | null;
}
